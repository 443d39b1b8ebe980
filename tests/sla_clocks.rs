//! SLA clock rules, derived from a ticket's history with a fixed `now`. Pure: no database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDateTime, Utc};
use tend::domain::calendar::Calendar;
use tend::domain::sla::{
    Clock, ExplainKind, History, SlaRule, SlaState, Target, compute_clocks, default_rules, explain,
};
use tend::domain::ticket::Status;

fn t(s: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .unwrap()
        .and_utc()
}

/// Mon-Fri 09:00-17:00 UTC. 2026-11-16 is a Monday.
fn office() -> Calendar {
    Calendar::from_spec("office", "UTC", &["mon-fri 09:00-17:00".into()], &[], &[]).unwrap()
}

fn rule(response: &str, resolve: &str, update: Option<&str>) -> SlaRule {
    let mut r = default_rules("office")[1].clone();
    r.response = response.parse().unwrap();
    r.resolve = resolve.parse().unwrap();
    r.update = update.map(|u| u.parse().unwrap());
    r.calendar = "office".into();
    r
}

struct Case {
    opened: &'static str,
    statuses: Vec<(&'static str, Status, Option<&'static str>)>,
    replies: Vec<(&'static str, &'static str)>,
}

impl Case {
    fn clocks(&self, r: &SlaRule, cal: &Calendar, now: &str) -> Vec<Clock> {
        let statuses: Vec<(DateTime<Utc>, Status, Option<String>)> =
            std::iter::once((t(self.opened), Status::New, None))
                .chain(
                    self.statuses
                        .iter()
                        .map(|(at, s, why)| (t(at), *s, why.map(str::to_string))),
                )
                .collect();
        let replies: Vec<(DateTime<Utc>, String)> = self
            .replies
            .iter()
            .map(|(at, who)| (t(at), who.to_string()))
            .collect();
        let h = History {
            opened_at: t(self.opened),
            requester: Some("req"),
            statuses: &statuses,
            replies: &replies,
        };
        compute_clocks(r, cal, &h, t(now)).unwrap()
    }
}

fn get(clocks: &[Clock], target: Target) -> &Clock {
    clocks.iter().find(|c| c.target == target).unwrap()
}

#[test]
fn response_stops_at_the_first_public_reply_by_someone_else() {
    let case = Case {
        opened: "2026-11-16 10:00:00",
        statuses: vec![],
        replies: vec![
            ("2026-11-16 10:20:00", "req"),
            ("2026-11-16 10:45:00", "alice"),
        ],
    };
    let c = case.clocks(&rule("1h", "8h", None), &office(), "2026-11-16 12:00:00");
    let r = get(&c, Target::Response);
    assert_eq!(r.state, SlaState::Met);
    assert_eq!(r.stopped_at, Some(t("2026-11-16 10:45:00")));
    assert_eq!(r.elapsed_secs, 45 * 60);
    assert_eq!(r.due_at, Some(t("2026-11-16 11:00:00")));
    assert_eq!(r.stopped_by.as_deref(), Some("first reply by alice"));
    // The requester's own reply did not count; a late first reply is a breach, kept for good.
    let late = Case {
        replies: vec![("2026-11-16 11:00:01", "bob")],
        ..case
    };
    let c = late.clocks(&rule("1h", "8h", None), &office(), "2026-11-17 12:00:00");
    assert_eq!(get(&c, Target::Response).state, SlaState::Breached);
}

#[test]
fn business_hours_pauses_and_the_exact_due_second() {
    // Opened Monday 09:00, pending 10:00-14:00: 8h of business time is due Tuesday 13:00.
    let case = Case {
        opened: "2026-11-16 09:00:00",
        statuses: vec![
            (
                "2026-11-16 10:00:00",
                Status::Pending,
                Some("waiting for vendor"),
            ),
            ("2026-11-16 14:00:00", Status::Open, None),
        ],
        replies: vec![],
    };
    let cal = office();
    let c = case.clocks(&rule("1h", "8h", None), &cal, "2026-11-17 10:00:00");
    let res = get(&c, Target::Resolution);
    assert_eq!(res.due_at, Some(t("2026-11-17 13:00:00")));
    assert_eq!(
        res.elapsed_secs,
        5 * 3600,
        "1h Monday morning, 3h Monday afternoon, 1h Tuesday"
    );
    assert_eq!(res.remaining_secs, 3 * 3600);
    assert_eq!(res.state, SlaState::Running);
    assert_eq!(
        res.warn_at,
        Some(t("2026-11-17 11:00:00")),
        "75% of 8h = 6h"
    );
    // The response budget (1h) ran out exactly as the pause began: due then, breached since.
    assert_eq!(get(&c, Target::Response).state, SlaState::Breached);
    assert_eq!(
        get(&c, Target::Response).due_at,
        Some(t("2026-11-16 10:00:00"))
    );

    // At the due second the clock is breached; one second before it is at risk.
    let c = case.clocks(&rule("1h", "8h", None), &cal, "2026-11-17 12:59:59");
    assert_eq!(get(&c, Target::Resolution).state, SlaState::AtRisk);
    let c = case.clocks(&rule("1h", "8h", None), &cal, "2026-11-17 13:00:00");
    assert_eq!(get(&c, Target::Resolution).state, SlaState::Breached);

    // Explain accounts for every second and names the pause reason.
    let segs = explain(&cal, res, t("2026-11-17 10:00:00"));
    let counted: i64 = segs
        .iter()
        .filter(|s| s.kind == ExplainKind::Counting)
        .map(|s| s.seconds)
        .sum();
    assert_eq!(counted, res.elapsed_secs);
    assert_eq!(segs.iter().map(|s| s.seconds).sum::<i64>(), 25 * 3600);
    assert!(segs.iter().any(|s| s.kind
        == ExplainKind::Paused {
            status: Status::Pending,
            reason: Some("waiting for vendor".into())
        }
        && s.seconds == 4 * 3600));
}

#[test]
fn changing_the_rule_recomputes_with_the_paused_time_kept() {
    let case = Case {
        opened: "2026-11-16 09:00:00",
        statuses: vec![
            ("2026-11-16 10:00:00", Status::Pending, Some("customer")),
            ("2026-11-16 14:00:00", Status::Open, None),
        ],
        replies: vec![],
    };
    let cal = office();
    // Priority raised: the same history under a 4h target, the 4 paused hours still excluded.
    let c = case.clocks(&rule("30m", "4h", None), &cal, "2026-11-16 15:00:00");
    assert_eq!(
        get(&c, Target::Resolution).due_at,
        Some(t("2026-11-16 17:00:00"))
    );
    // Deterministic: the same inputs give the same clocks.
    assert_eq!(
        c,
        case.clocks(&rule("30m", "4h", None), &cal, "2026-11-16 15:00:00")
    );
}

#[test]
fn paused_now_has_no_due_time_and_resolved_time_is_not_counted_after_reopen() {
    let paused = Case {
        opened: "2026-11-16 09:00:00",
        statuses: vec![("2026-11-16 11:00:00", Status::Pending, Some("customer"))],
        replies: vec![("2026-11-16 09:30:00", "alice")],
    };
    let c = paused.clocks(&rule("1h", "8h", None), &office(), "2026-11-18 12:00:00");
    let res = get(&c, Target::Resolution);
    assert_eq!(res.state, SlaState::Paused);
    assert_eq!(res.due_at, None);
    assert_eq!(res.remaining_secs, 6 * 3600);

    let reopened = Case {
        opened: "2026-11-16 09:00:00",
        statuses: vec![
            ("2026-11-16 11:00:00", Status::Resolved, None),
            ("2026-11-17 09:00:00", Status::Open, None),
        ],
        replies: vec![("2026-11-16 09:30:00", "alice")],
    };
    let c = reopened.clocks(&rule("1h", "8h", None), &office(), "2026-11-17 10:00:00");
    let res = get(&c, Target::Resolution);
    assert_eq!(
        res.elapsed_secs,
        3 * 3600,
        "2h before resolving, 1h after reopening"
    );
    assert_eq!(res.state, SlaState::Running);
    assert_eq!(res.due_at, Some(t("2026-11-17 15:00:00")));
    assert!(res.pauses.iter().any(|p| p.status == Status::Resolved));

    let resolved = Case {
        statuses: vec![("2026-11-16 11:00:00", Status::Resolved, None)],
        ..reopened
    };
    let c = resolved.clocks(&rule("1h", "8h", None), &office(), "2026-11-20 10:00:00");
    let res = get(&c, Target::Resolution);
    assert_eq!(
        (res.state, res.stopped_at),
        (SlaState::Met, Some(t("2026-11-16 11:00:00")))
    );
}

#[test]
fn resolving_without_a_reply_stops_the_response_clock_and_the_update_clock_follows_replies() {
    let case = Case {
        opened: "2026-11-16 09:00:00",
        statuses: vec![("2026-11-16 09:20:00", Status::Cancelled, None)],
        replies: vec![],
    };
    let c = case.clocks(
        &rule("1h", "8h", Some("2h")),
        &office(),
        "2026-11-16 16:00:00",
    );
    let resp = get(&c, Target::Response);
    assert_eq!(resp.state, SlaState::Met);
    assert_eq!(
        resp.stopped_by.as_deref(),
        Some("cancelled before any reply")
    );

    let talk = Case {
        opened: "2026-11-16 09:00:00",
        statuses: vec![("2026-11-16 09:05:00", Status::Open, None)],
        replies: vec![
            ("2026-11-16 09:30:00", "alice"),
            ("2026-11-16 13:00:00", "alice"),
            ("2026-11-16 14:00:00", "req"),
        ],
    };
    let c = talk.clocks(
        &rule("1h", "8h", Some("2h")),
        &office(),
        "2026-11-16 14:30:00",
    );
    let upd = get(&c, Target::Update);
    assert_eq!(upd.start, t("2026-11-16 13:00:00"));
    assert_eq!(upd.due_at, Some(t("2026-11-16 15:00:00")));
    assert_eq!(upd.state, SlaState::AtRisk);
}

#[test]
fn wall_time_calendar_counts_nights_and_weekends() {
    let case = Case {
        opened: "2026-11-20 16:00:00",
        statuses: vec![],
        replies: vec![],
    };
    let mut r = rule("15m", "4h", None);
    r.calendar = "24x7".into();
    let c = case.clocks(&r, &Calendar::always(), "2026-11-20 17:00:00");
    assert_eq!(
        get(&c, Target::Resolution).due_at,
        Some(t("2026-11-20 20:00:00"))
    );
    assert_eq!(get(&c, Target::Response).state, SlaState::Breached);
}

/// A clock running for most of a year, with a month-long pause in the middle: explain lists
/// its first and last week and sums up the rest, and every second is still accounted for.
#[test]
fn a_long_clock_is_explained_with_a_summary_that_adds_up() {
    let case = Case {
        opened: "2026-01-05 10:00:00",
        statuses: vec![
            ("2026-03-02 12:00:00", Status::Pending, Some("vendor")),
            ("2026-04-06 09:30:00", Status::Open, None),
        ],
        replies: vec![],
    };
    let cal = office();
    let now = "2026-11-17 15:00:00";
    let c = case.clocks(&rule("1h", "8h", None), &cal, now);
    let res = get(&c, Target::Resolution);
    let segs = explain(&cal, res, t(now));
    assert!(segs.len() < 60, "{} segments", segs.len());
    let (mut counted, mut paused, mut closed, mut summaries) = (0, 0, 0, 0);
    for s in &segs {
        match &s.kind {
            ExplainKind::Counting => counted += s.seconds,
            ExplainKind::Paused { .. } => paused += s.seconds,
            ExplainKind::Summary {
                counting_secs,
                paused_secs,
                closed_secs,
            } => {
                summaries += 1;
                assert_eq!(counting_secs + paused_secs + closed_secs, s.seconds);
                counted += counting_secs;
                paused += paused_secs;
                closed += closed_secs;
            }
            _ => closed += s.seconds,
        }
    }
    assert_eq!(summaries, 1);
    for pair in segs.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
    let wall = (t(now) - t("2026-01-05 10:00:00")).num_seconds();
    assert_eq!(counted + paused + closed, wall);
    assert_eq!(counted, res.elapsed_secs);
    let pause = (t("2026-04-06 09:30:00") - t("2026-03-02 12:00:00")).num_seconds();
    assert_eq!(paused, pause);
}
