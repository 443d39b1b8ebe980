//! `tend sla ...`: the clocks of open tickets, why a clock stands where it does, and the
//! policies behind them.

use anyhow::Result;
use std::process::ExitCode;

use super::args::{PolicyCommand, SlaCommand};
use super::calendar::{in_zone, invalid};
use super::input::parse_id;
use super::output::{Column, count, print_json, print_table, say};
use crate::domain::Invalid;
use crate::domain::calendar::BusinessDuration;
use crate::domain::sla::{
    Clock, ExplainKind, SlaRule, SlaState, TimeBasis, pick_rule, precedence_order, tie_winner,
    wall_precise,
};
use crate::domain::text::one_line;
use crate::domain::ticket::{Status, parse_priority};
use crate::store::Store;

pub fn sla(store: &mut Store, cmd: SlaCommand) -> Result<ExitCode> {
    match cmd {
        SlaCommand::Policy(p) => policy(store, *p)?,
        SlaCommand::Status { limit, format } => {
            let limit = if limit == 0 { usize::MAX - 1 } else { limit };
            let mut queue = store.sla_queue(limit + 1)?;
            super::output::cut_to(&mut queue, limit);
            queue.sort_by_key(|(t, clocks)| {
                (urgent(clocks).map(|c| (rank(c.state), c.due_at)), t.id)
            });
            if format.json {
                #[derive(serde::Serialize)]
                struct Row<'a> {
                    id: i64,
                    title: &'a str,
                    priority: u8,
                    status: Status,
                    assignee: Option<&'a str>,
                    clocks: &'a [Clock],
                }
                let rows: Vec<Row<'_>> = queue
                    .iter()
                    .map(|(t, c)| Row {
                        id: t.id,
                        title: &t.title,
                        priority: t.priority,
                        status: t.status,
                        assignee: t.assignee.as_deref(),
                        clocks: c,
                    })
                    .collect();
                print_json(&rows)?;
            } else {
                let rows: Vec<Vec<String>> = queue
                    .iter()
                    .map(|(t, clocks)| {
                        let c = urgent(clocks);
                        vec![
                            t.id.to_string(),
                            t.priority.to_string(),
                            c.map(|c| format!("{} {}", c.state.symbol(), c.state))
                                .unwrap_or_default(),
                            c.map(|c| c.target.to_string()).unwrap_or_default(),
                            c.map(remaining).unwrap_or_default(),
                            c.and_then(|c| c.due_at)
                                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                                .unwrap_or_else(|| "-".into()),
                            t.assignee.clone().unwrap_or_else(|| "-".into()),
                            t.title.clone(),
                        ]
                    })
                    .collect();
                print_table(
                    &[
                        Column::fixed("ID"),
                        Column::fixed("P"),
                        Column::fixed("STATE"),
                        Column::fixed("TARGET"),
                        Column::fixed("LEFT"),
                        Column::fixed("DUE (UTC)"),
                        Column::fixed("ASSIGNEE"),
                        Column::flex("TITLE"),
                    ],
                    &rows,
                );
            }
        }
        SlaCommand::Explain { id, format } => {
            let id = parse_id("ticket", &id)?;
            let explained = store.sla_explain(id)?;
            if format.json {
                #[derive(serde::Serialize)]
                struct Item<'a> {
                    #[serde(flatten)]
                    clock: &'a Clock,
                    timeline: &'a [crate::domain::sla::ExplainSegment],
                }
                let items: Vec<Item<'_>> = explained
                    .iter()
                    .map(|(c, t)| Item {
                        clock: c,
                        timeline: t,
                    })
                    .collect();
                print_json(&items)?;
            } else if explained.is_empty() {
                say!("#{id}: no SLA rule applies (see `tend sla policy list`)");
            } else {
                print_explain(store, id, &explained)?;
            }
        }
        SlaCommand::Recompute => {
            let start = std::time::Instant::now();
            let n = store.recompute_sla()?;
            say!(
                "recomputed the clocks of {} in {:.2} s",
                count(n as i64, "ticket"),
                start.elapsed().as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The clock to show first: breached, then at risk, running, paused; soonest due first.
pub fn urgent(clocks: &[Clock]) -> Option<&Clock> {
    clocks
        .iter()
        .filter(|c| c.stopped_at.is_none())
        .min_by_key(|c| (rank(c.state), c.due_at))
        .or_else(|| clocks.iter().find(|c| c.state == SlaState::Breached))
}

fn rank(s: SlaState) -> u8 {
    match s {
        SlaState::Breached => 0,
        SlaState::AtRisk => 1,
        SlaState::Running => 2,
        SlaState::Paused => 3,
        SlaState::Met => 4,
    }
}

/// Time left (or over), as people read it: working hours on a business calendar (`27h biz`),
/// days of 24 hours on `24x7` (`1d3h`).
pub fn remaining(c: &Clock) -> String {
    let basis = TimeBasis::of_calendar(&c.calendar);
    if c.remaining_secs < 0 {
        format!("{} over", basis.short(-c.remaining_secs))
    } else {
        basis.short(c.remaining_secs)
    }
}

/// `27h biz left` or `5m biz over`.
pub fn remaining_phrase(c: &Clock) -> String {
    if c.remaining_secs < 0 {
        remaining(c)
    } else {
        format!("{} left", remaining(c))
    }
}

/// A clock's budget in words: `5 business days (40h 00m 00s business for this ticket)`,
/// `8h of business time`, `4h of wall-clock time`.
fn budget_text(c: &Clock) -> String {
    let basis = TimeBasis::of_calendar(&c.calendar);
    match (c.budget, basis) {
        (BusinessDuration::Days(n), TimeBasis::Business) => format!(
            "{} ({} for this ticket)",
            count(i64::from(n), "business day"),
            basis.precise(c.budget_secs)
        ),
        (d, basis) => format!("{d} of {}", basis.label()),
    }
}

fn print_explain(
    store: &Store,
    id: i64,
    explained: &[(Clock, Vec<crate::domain::sla::ExplainSegment>)],
) -> Result<()> {
    let t = store.ticket(id)?;
    say!(
        "#{id} {} (priority {}, {})",
        one_line(&t.title),
        t.priority,
        t.kind
    );
    // The rule the clocks came from, by the same choice the store makes.
    let rules = store.sla_rules()?;
    let scope = pick_rule(&rules, t.priority, t.kind, t.service.as_deref())
        .map(|r| format!(" for {}", one_line(&r.scope())))
        .unwrap_or_default();
    for (clock, segments) in explained {
        let cal = store.calendar(&clock.calendar)?;
        let basis = TimeBasis::of_calendar(&clock.calendar);
        say!("");
        let outcome = match (&clock.stopped_at, &clock.stopped_by) {
            (Some(at), Some(by)) => format!(", stopped {} ({})", in_zone(&cal, *at), one_line(by)),
            _ => String::new(),
        };
        say!(
            "{} {}: {}, {}{outcome}",
            clock.state.symbol(),
            clock.target,
            clock.state,
            match clock.due_at {
                Some(d) => format!("due {}", in_zone(&cal, d)),
                None => "due when work resumes".into(),
            }
        );
        say!(
            "  rule: policy {}{scope}, budget {} on calendar {} ({}), warn at {}",
            one_line(&clock.policy),
            budget_text(clock),
            one_line(&clock.calendar),
            cal.zone,
            clock
                .warn_at
                .map(|w| in_zone(&cal, w))
                .unwrap_or_else(|| "-".into())
        );
        let (mut counted, mut paused, mut closed) = (0i64, 0i64, 0i64);
        for s in segments {
            let what = match &s.kind {
                ExplainKind::Counting => {
                    counted += s.seconds;
                    "counting (working hours)".to_string()
                }
                ExplainKind::Paused { status, reason } => {
                    paused += s.seconds;
                    match (status, reason) {
                        (s, _) if !s.is_open() => {
                            format!("stopped: {status} until reopened")
                        }
                        (_, Some(r)) => format!("paused: {status} ({})", one_line(r)),
                        (_, None) => format!("paused: {status}"),
                    }
                }
                ExplainKind::OutsideHours => {
                    closed += s.seconds;
                    "outside working hours".into()
                }
                ExplainKind::Holiday { date } => {
                    closed += s.seconds;
                    format!("holiday {date}")
                }
                ExplainKind::Special { date } => {
                    closed += s.seconds;
                    format!("special hours on {date}")
                }
                ExplainKind::Summary {
                    counting_secs,
                    paused_secs,
                    closed_secs,
                } => {
                    counted += counting_secs;
                    paused += paused_secs;
                    closed += closed_secs;
                    say!(
                        "  {} -> {}  ...  {} not listed: {} counting, {} paused, {} closed",
                        s.start
                            .with_timezone(&cal.zone)
                            .format("%a %Y-%m-%d %H:%M:%S"),
                        s.end
                            .with_timezone(&cal.zone)
                            .format("%a %Y-%m-%d %H:%M:%S"),
                        wall_precise(s.seconds),
                        basis.precise(*counting_secs),
                        basis.precise(*paused_secs),
                        wall_precise(*closed_secs)
                    );
                    continue;
                }
                ExplainKind::DstGap {
                    wall_start,
                    wall_end,
                } => {
                    format!(
                        "clocks jumped forward: {} to {} did not exist",
                        wall_start.format("%H:%M"),
                        wall_end.format("%H:%M")
                    )
                }
            };
            say!(
                "  {} -> {}  {:>14}  {what}",
                s.start
                    .with_timezone(&cal.zone)
                    .format("%a %Y-%m-%d %H:%M:%S"),
                s.end.with_timezone(&cal.zone).format("%a %H:%M:%S"),
                wall_precise(s.seconds)
            );
        }
        say!(
            "  total: {} counted of {} ({}), {} paused, {} closed (wall-clock)",
            basis.precise(counted),
            basis.precise(clock.budget_secs),
            if clock.remaining_secs >= 0 {
                format!("{} left", basis.precise(clock.remaining_secs))
            } else {
                format!("{} over", basis.precise(-clock.remaining_secs))
            },
            basis.precise(paused),
            wall_precise(closed)
        );
    }
    Ok(())
}

fn policy(store: &mut Store, cmd: PolicyCommand) -> Result<()> {
    match cmd {
        PolicyCommand::Set {
            name,
            priority,
            response,
            resolve,
            update,
            calendar,
            kind,
            service,
            warn,
            pause_on,
            take_over,
        } => {
            let pause_on = if pause_on.trim().eq_ignore_ascii_case("none") {
                Vec::new()
            } else {
                crate::domain::filter::parse_statuses(&pause_on)?
            };
            let rule = SlaRule {
                policy: name,
                priority: parse_priority(&priority)?,
                kind: kind.as_deref().map(str::parse).transpose()?,
                service: service
                    .map(|s| s.trim().to_lowercase())
                    .filter(|s| !s.is_empty()),
                response: response.parse().map_err(invalid)?,
                resolve: resolve.parse().map_err(invalid)?,
                update: update
                    .as_deref()
                    .map(str::parse)
                    .transpose()
                    .map_err(invalid)?,
                calendar,
                warn,
                pause_on,
            };
            let n = store.save_sla_rule(&rule, take_over)?;
            say!(
                "policy {} priority {} saved; clocks of {} recomputed",
                one_line(&rule.policy),
                rule.priority,
                count(n as i64, "ticket")
            );
        }
        PolicyCommand::List { format } => {
            let all = store.sla_rules()?;
            print_rules(&all, |_| true, format.json)?;
        }
        PolicyCommand::Show { name, format } => {
            let all = store.sla_rules()?;
            if !all.iter().any(|r| r.policy == name) {
                return Err(Invalid::value(format!(
                    "no policy named '{}'; see `tend sla policy list`",
                    one_line(&name)
                ))
                .into());
            }
            print_rules(&all, |r| r.policy == name, format.json)?;
        }
    }
    Ok(())
}

/// The rules `shown` picks from `all`, in the order they are tried (the first that fits a
/// ticket applies), each saying whether it applies at all: a rule whose scope another policy
/// also holds loses the tie (`policy set` refuses to make one; a desk may hold them from
/// before).
fn print_rules(all: &[SlaRule], shown: impl Fn(&SlaRule) -> bool, json: bool) -> Result<()> {
    let mut rules: Vec<SlaRule> = all.iter().filter(|r| shown(r)).cloned().collect();
    precedence_order(&mut rules);
    let lost_to = |r: &SlaRule| tie_winner(all, r).map(|w| w.policy.clone());
    if json {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            rule: &'a SlaRule,
            applies: bool,
            /// The policy that wins the tie when this rule does not apply.
            tie_won_by: Option<String>,
        }
        let rows: Vec<Row<'_>> = rules
            .iter()
            .map(|r| {
                let lost = lost_to(r);
                Row {
                    rule: r,
                    applies: lost.is_none(),
                    tie_won_by: lost,
                }
            })
            .collect();
        return print_json(&rows);
    }
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|r| {
            vec![
                r.priority.to_string(),
                r.kind
                    .map(|k| k.to_string())
                    .unwrap_or_else(|| "any".into()),
                r.service.clone().unwrap_or_else(|| "any".into()),
                r.policy.clone(),
                r.response.to_string(),
                r.resolve.to_string(),
                r.update
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| "-".into()),
                r.calendar.clone(),
                format!("{:.2}", r.warn),
                if r.pause_on.is_empty() {
                    "-".into()
                } else {
                    r.pause_on
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                },
                match lost_to(r) {
                    None => "yes".into(),
                    Some(_) => "no, tie (below)".into(),
                },
            ]
        })
        .collect();
    print_table(
        &[
            Column::fixed("P"),
            Column::fixed("KIND"),
            Column::fixed("SERVICE"),
            Column::fixed("POLICY"),
            Column::fixed("RESPONSE"),
            Column::fixed("RESOLVE"),
            Column::fixed("UPDATE"),
            Column::fixed("CALENDAR"),
            Column::fixed("WARN"),
            Column::fixed("PAUSE ON"),
            Column::flex("APPLIES"),
        ],
        &rows,
    );
    if !rules.is_empty() {
        say!(
            "A ticket gets the first rule above that fits its priority, kind and service. \
             Nd is N business days of the rule's calendar (on 24x7, N times 24 hours)."
        );
    }
    for r in &rules {
        if let Some(w) = lost_to(r) {
            say!(
                "The rule of '{}' for {} never applies: '{}' has one for the same tickets and wins the tie; \
                 `tend sla policy set {} --priority {} ... --take-over` makes it apply instead.",
                one_line(&r.policy),
                one_line(&r.scope()),
                one_line(&w),
                one_line(&r.policy),
                r.priority
            );
        }
    }
    Ok(())
}
