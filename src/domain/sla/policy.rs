//! SLA rules: the targets a ticket of a given priority (optionally kind and service) must meet,
//! measured in one calendar. A policy is a named set of rules; the most specific matching rule
//! wins.

use serde::{Deserialize, Serialize};

use crate::domain::Invalid;
use crate::domain::calendar::BusinessDuration;
use crate::domain::ticket::{Kind, Status};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaRule {
    pub policy: String,
    pub priority: u8,
    /// Only tickets of this kind (any when `None`).
    pub kind: Option<Kind>,
    /// Only tickets of this service (any when `None`).
    pub service: Option<String>,
    pub response: BusinessDuration,
    pub resolve: BusinessDuration,
    pub update: Option<BusinessDuration>,
    /// A calendar name, or `24x7` for wall-clock time.
    pub calendar: String,
    /// Fraction of the budget after which a running clock is at risk.
    pub warn: f64,
    /// Statuses in which the clocks stand still.
    pub pause_on: Vec<Status>,
}

impl SlaRule {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !(1..=5).contains(&self.priority) {
            return Err(Invalid::value(format!(
                "bad priority {}: expected 1 to 5",
                self.priority
            )));
        }
        if !(self.warn > 0.0 && self.warn < 1.0) {
            return Err(Invalid::value(format!(
                "bad warning fraction {}: expected a number between 0 and 1, such as 0.75",
                self.warn
            )));
        }
        for (what, d) in [
            ("response", Some(self.response)),
            ("resolve", Some(self.resolve)),
            ("update", self.update),
        ] {
            if let Some(d) = d
                && (d.is_zero() || matches!(d, BusinessDuration::Seconds(n) if n < 0))
            {
                return Err(Invalid::value(format!(
                    "the {what} target must be longer than zero"
                )));
            }
        }
        if let Some(s) = self.pause_on.iter().find(|s| !s.is_open()) {
            return Err(Invalid::value(format!(
                "clocks cannot pause on {s}: only new, open or pending (resolved already stops them)"
            )));
        }
        crate::domain::ticket::short_field("policy name", &self.policy)?;
        Ok(())
    }

    /// Whether the two rules apply to exactly the same tickets (priority, kind, service).
    pub fn same_scope(&self, other: &SlaRule) -> bool {
        self.priority == other.priority
            && self.kind == other.kind
            && match (&self.service, &other.service) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            }
    }

    /// How specific the rule is: kind and service (3), service (2), kind (1), neither (0).
    pub fn specificity(&self) -> u8 {
        u8::from(self.kind.is_some()) + 2 * u8::from(self.service.is_some())
    }

    /// The tickets the rule is for, in words: `priority 1, any kind, service email`.
    pub fn scope(&self) -> String {
        format!(
            "priority {}, {}, {}",
            self.priority,
            self.kind
                .map(|k| format!("kind {k}"))
                .unwrap_or_else(|| "any kind".into()),
            self.service
                .as_deref()
                .map(|s| format!("service {s}"))
                .unwrap_or_else(|| "any service".into())
        )
    }

    /// How closely the rule fits a ticket; `None` when it does not apply.
    fn fit(&self, priority: u8, kind: Kind, service: Option<&str>) -> Option<u8> {
        if self.priority != priority {
            return None;
        }
        let kind_score = match self.kind {
            None => 0,
            Some(k) if k == kind => 1,
            Some(_) => return None,
        };
        let service_score = match (&self.service, service) {
            (None, _) => 0,
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => 2,
            (Some(_), _) => return None,
        };
        Some(kind_score + service_score)
    }
}

/// The rules of other policies with exactly the scope of `rule`: saving `rule` beside them
/// would make a tie that only the policies' names break.
pub fn rivals<'a>(rules: &'a [SlaRule], rule: &SlaRule) -> Vec<&'a SlaRule> {
    rules
        .iter()
        .filter(|r| r.policy != rule.policy && r.same_scope(rule))
        .collect()
}

/// For a rule that never applies because another policy holds the same scope and wins the tie
/// (ties are refused when rules are saved, but a desk may hold them from before), the winner.
pub fn tie_winner<'a>(rules: &'a [SlaRule], rule: &SlaRule) -> Option<&'a SlaRule> {
    let winner = rules
        .iter()
        .filter(|r| r.same_scope(rule))
        .min_by(|a, b| a.policy.cmp(&b.policy))?;
    (winner.policy != rule.policy).then_some(winner)
}

/// Rules in the order they are tried: priority, then most specific first, then by policy (the
/// first of equals wins a tie). The first rule in this order that fits a ticket applies to it.
pub fn precedence_order(rules: &mut [SlaRule]) {
    rules.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then_with(|| b.specificity().cmp(&a.specificity()))
            .then_with(|| a.kind.map(|k| k.as_str()).cmp(&b.kind.map(|k| k.as_str())))
            .then_with(|| a.service.cmp(&b.service))
            .then_with(|| a.policy.cmp(&b.policy))
    });
}

/// The most specific rule for a ticket: service and kind beat service, which beats kind, which
/// beats neither. Among equals (which `rivals` keeps from being saved), the policy that sorts
/// first by name.
pub fn pick_rule<'a>(
    rules: &'a [SlaRule],
    priority: u8,
    kind: Kind,
    service: Option<&str>,
) -> Option<&'a SlaRule> {
    rules
        .iter()
        .filter_map(|r| r.fit(priority, kind, service).map(|score| (score, r)))
        .max_by(|(sa, a), (sb, b)| sa.cmp(sb).then_with(|| b.policy.cmp(&a.policy)))
        .map(|(_, r)| r)
}

/// What a new desk starts with: critical incidents around the clock, the rest in business hours.
pub fn default_rules(business_calendar: &str) -> Vec<SlaRule> {
    let rule =
        |priority: u8, response: &str, resolve: &str, update: Option<&str>, calendar: &str| {
            SlaRule {
                policy: "default".into(),
                priority,
                kind: None,
                service: None,
                response: response.parse().unwrap_or(BusinessDuration::Seconds(3600)),
                resolve: resolve
                    .parse()
                    .unwrap_or(BusinessDuration::Seconds(8 * 3600)),
                update: update.and_then(|u| u.parse().ok()),
                calendar: calendar.into(),
                warn: 0.75,
                pause_on: vec![Status::Pending],
            }
        };
    vec![
        rule(1, "15m", "4h", Some("1h"), "24x7"),
        rule(2, "1h", "8h", Some("4h"), business_calendar),
        rule(3, "4h", "3d", None, business_calendar),
        rule(4, "1d", "5d", None, business_calendar),
        rule(5, "2d", "20d", None, business_calendar),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_rule_wins() {
        let mut rules = default_rules("business");
        let mut vpn = rules[1].clone();
        vpn.policy = "vpn".into();
        vpn.service = Some("vpn".into());
        let mut inc = rules[1].clone();
        inc.policy = "incidents".into();
        inc.kind = Some(Kind::Incident);
        let mut both = rules[1].clone();
        both.policy = "vpn-incidents".into();
        both.kind = Some(Kind::Incident);
        both.service = Some("vpn".into());
        rules.extend([vpn, inc, both]);
        let name = |k, s| pick_rule(&rules, 2, k, s).map(|r| r.policy.as_str());
        assert_eq!(name(Kind::Incident, Some("VPN")), Some("vpn-incidents"));
        assert_eq!(name(Kind::Request, Some("vpn")), Some("vpn"));
        assert_eq!(name(Kind::Incident, Some("email")), Some("incidents"));
        assert_eq!(name(Kind::Request, None), Some("default"));
        assert!(pick_rule(&rules, 9, Kind::Request, None).is_none());
    }

    #[test]
    fn equal_scopes_are_rivals_and_the_tie_winner_is_named() {
        let rules = default_rules("business");
        let mut p1 = rules[0].clone();
        p1.policy = "p1".into();
        assert_eq!(rivals(&rules, &p1).len(), 1);
        assert_eq!(
            rivals(&rules, &rules[0]).len(),
            0,
            "its own policy is no rival"
        );
        let mut both = rules.clone();
        both.push(p1.clone());
        assert_eq!(
            tie_winner(&both, &p1).map(|r| r.policy.as_str()),
            Some("default")
        );
        assert!(tie_winner(&both, &rules[0]).is_none());
        // A different service (any case) is another scope; the same one is not.
        p1.service = Some("Email".into());
        assert!(rivals(&rules, &p1).is_empty());
        let mut mail = p1.clone();
        mail.policy = "mail".into();
        mail.service = Some("email".into());
        assert_eq!(rivals(&[mail], &p1).len(), 1);
        assert_eq!(p1.scope(), "priority 1, any kind, service Email");
    }

    #[test]
    fn defaults_are_valid_and_cover_every_priority() {
        let rules = default_rules("business");
        for p in 1..=5 {
            let r = pick_rule(&rules, p, Kind::Incident, None).unwrap();
            r.validate().unwrap();
        }
        let mut bad = rules[0].clone();
        bad.warn = 1.5;
        assert!(bad.validate().is_err());
        bad.warn = 0.5;
        bad.pause_on = vec![Status::Resolved];
        assert!(bad.validate().is_err());
    }
}
