//! A small, fixed desk for the TUI tests: a dozen tickets of every kind and status, a
//! conversation with a reply and an internal note (and a hostile escape sequence), links,
//! articles, and a clock that stands still at 2026-11-21 12:00 UTC.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tend::domain::conversation::EntryKind;
use tend::domain::kb::{ArticleState, NewArticle};
use tend::domain::link::{LinkKind, LinkRequest};
use tend::domain::ticket::{Kind, Level, NewTicket, Status, TicketPatch};
use tend::runtime::harness::Harness;
use tend::store::{Actor, OpenOptions, Store};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

/// A store on `path` acting as `who`, its clock at `now()` (movable through the handle).
pub fn open(path: &Path, who: &str) -> (Store, Arc<AtomicI64>) {
    let (mut s, _) = Store::open(OpenOptions {
        path: path.to_path_buf(),
        create: true,
        actor: Actor::agent(who, who),
    })
    .unwrap();
    let t = Arc::new(AtomicI64::new(now().timestamp()));
    let c = Arc::clone(&t);
    s.set_clock(Box::new(move || {
        Utc.timestamp_opt(c.load(Ordering::Relaxed), 0).unwrap()
    }));
    (s, t)
}

struct Spec {
    title: &'static str,
    kind: Kind,
    impact: Level,
    urgency: Level,
    assignee: Option<&'static str>,
    group: Option<&'static str>,
    tags: &'static [&'static str],
    status: Status,
    hours_ago: i64,
}

const TICKETS: &[Spec] = &[
    Spec {
        title: "VPN drops every 10 minutes for the Hamburg office",
        kind: Kind::Incident,
        impact: Level::High,
        urgency: Level::High,
        assignee: Some("alice"),
        group: Some("network"),
        tags: &["vpn"],
        status: Status::Open,
        hours_ago: 50,
    },
    Spec {
        title: "Printer on floor 2 jams on every duplex job",
        kind: Kind::Incident,
        impact: Level::Low,
        urgency: Level::Medium,
        assignee: None,
        group: Some("workplace"),
        tags: &["printer"],
        status: Status::New,
        hours_ago: 30,
    },
    Spec {
        title: "New laptop for Jana Weber (starts Monday)",
        kind: Kind::Request,
        impact: Level::Low,
        urgency: Level::High,
        assignee: Some("bob"),
        group: Some("workplace"),
        tags: &[],
        status: Status::Open,
        hours_ago: 72,
    },
    Spec {
        title: "Recurring VPN disconnects: find the cause",
        kind: Kind::Problem,
        impact: Level::High,
        urgency: Level::Medium,
        assignee: Some("alice"),
        group: Some("network"),
        tags: &["vpn"],
        status: Status::Open,
        hours_ago: 45,
    },
    Spec {
        title: "Email delivery delayed by two hours",
        kind: Kind::Incident,
        impact: Level::Medium,
        urgency: Level::High,
        assignee: Some("bob"),
        group: Some("messaging"),
        tags: &["email"],
        status: Status::Pending,
        hours_ago: 20,
    },
    Spec {
        title: "Firewall change: allow SFTP from the customs broker",
        kind: Kind::Change,
        impact: Level::Medium,
        urgency: Level::Low,
        assignee: None,
        group: Some("network"),
        tags: &[],
        status: Status::New,
        hours_ago: 10,
    },
    Spec {
        title: "Password reset after holiday",
        kind: Kind::Request,
        impact: Level::Low,
        urgency: Level::Low,
        assignee: Some("alice"),
        group: None,
        tags: &[],
        status: Status::Resolved,
        hours_ago: 8,
    },
    Spec {
        title: "Title with \u{1b}]52;c;aGk=\u{7} an escape \u{1b}[2J inside",
        kind: Kind::Incident,
        impact: Level::Medium,
        urgency: Level::Medium,
        assignee: None,
        group: None,
        tags: &[],
        status: Status::New,
        hours_ago: 6,
    },
    Spec {
        title: "Wi-Fi slow in meeting room Elbe",
        kind: Kind::Incident,
        impact: Level::Medium,
        urgency: Level::Medium,
        assignee: Some("alice"),
        group: Some("network"),
        tags: &["wifi"],
        status: Status::Open,
        hours_ago: 4,
    },
    Spec {
        title: "CRM licence for the new sales rep",
        kind: Kind::Request,
        impact: Level::Low,
        urgency: Level::Medium,
        assignee: None,
        group: None,
        tags: &[],
        status: Status::New,
        hours_ago: 3,
    },
    Spec {
        title: "Old ticket that was cancelled",
        kind: Kind::Request,
        impact: Level::Low,
        urgency: Level::Low,
        assignee: Some("bob"),
        group: None,
        tags: &[],
        status: Status::Cancelled,
        hours_ago: 200,
    },
    Spec {
        title: "Monitor flickers on the reception desk",
        kind: Kind::Incident,
        impact: Level::Low,
        urgency: Level::Low,
        assignee: Some("alice"),
        group: Some("workplace"),
        tags: &[],
        status: Status::Open,
        hours_ago: 1,
    },
];

/// Writes the desk into a new database at `path`.
pub fn build(path: &Path) {
    let (mut s, clock) = open(path, "alice");
    // The default calendar takes the machine's zone; pin it so screens are the same everywhere.
    let business = tend::domain::calendar::Calendar::from_spec(
        "business",
        "UTC",
        &["mon-fri 09:00-17:00".to_string()],
        &[],
        &[],
    )
    .unwrap();
    s.save_calendar(&business).unwrap();
    let at = |h: i64| (now() - Duration::hours(h)).timestamp();
    s.set_actor(Actor::agent("carol", "carol"));
    for (i, a) in [
        (
            "Connecting to the VPN",
            "Install the client, then sign in.\n\n# If it drops\nCheck the Wi-Fi first.",
            &["vpn"][..],
            ArticleState::Published,
        ),
        (
            "VPN troubleshooting for agents",
            "Look at the concentrator logs.\nRestart the tunnel.",
            &["vpn"][..],
            ArticleState::Internal,
        ),
        (
            "Clearing a printer jam",
            "Open tray 2 and pull gently.",
            &["printer"][..],
            ArticleState::Published,
        ),
        (
            "Draft: mobile email setup",
            "To be written.",
            &[][..],
            ArticleState::Draft,
        ),
    ]
    .iter()
    .enumerate()
    {
        clock.store(at(500 - i as i64 * 10), Ordering::Relaxed);
        s.create_article(NewArticle {
            title: a.0.into(),
            body: a.1.into(),
            tags: a.2.iter().map(|t| t.to_string()).collect(),
            state: a.3,
        })
        .unwrap();
    }
    for spec in TICKETS {
        clock.store(at(spec.hours_ago), Ordering::Relaxed);
        s.set_actor(Actor::agent("carol", "carol"));
        let mut n = NewTicket::new(spec.title);
        n.kind = spec.kind;
        n.impact = spec.impact;
        n.urgency = spec.urgency;
        n.requester = Some("j.meyer".into());
        n.group = spec.group.map(Into::into);
        n.tags = spec.tags.iter().map(|t| t.to_string()).collect();
        n.description = format!("Reported by phone.\n{}", spec.title);
        let id = s.create_ticket(n).unwrap().id;
        clock.store(at(spec.hours_ago) + 600, Ordering::Relaxed);
        if let Some(a) = spec.assignee {
            s.set_actor(Actor::agent(a, a));
            let status = match spec.status {
                Status::New => None,
                Status::Pending | Status::Resolved | Status::Cancelled => Some(Status::Open),
                other => Some(other),
            };
            s.update_ticket(
                id,
                &TicketPatch {
                    assignee: Some(Some(a.into())),
                    status,
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        }
        clock.store(at(spec.hours_ago) + 1200, Ordering::Relaxed);
        match spec.status {
            Status::Pending => {
                s.update_ticket(
                    id,
                    &TicketPatch {
                        status: Some(Status::Pending),
                        pending_reason: Some("vendor".into()),
                        ..Default::default()
                    },
                    None,
                )
                .unwrap();
            }
            Status::Resolved | Status::Cancelled => {
                s.update_ticket(
                    id,
                    &TicketPatch {
                        status: Some(spec.status),
                        ..Default::default()
                    },
                    None,
                )
                .unwrap();
            }
            _ => {}
        }
    }
    // A conversation on #1: a reply, then an internal note.
    clock.store(at(49), Ordering::Relaxed);
    s.set_actor(Actor::agent("alice", "alice"));
    s.add_entry(
        1,
        EntryKind::Reply,
        "Hi, could you send us the VPN client log?\nThanks, Alice",
    )
    .unwrap();
    clock.store(at(48), Ordering::Relaxed);
    s.add_entry(
        1,
        EntryKind::Note,
        "Same concentrator as #4. Probably the MTU change.",
    )
    .unwrap();
    s.link_tickets(1, 4, LinkRequest::Forward(LinkKind::CausedBy))
        .unwrap();
    s.link_article(1, 1).unwrap();
    clock.store(now().timestamp(), Ordering::Relaxed);
}

/// A fresh desk in a temporary directory.
pub fn desk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    build(&path);
    (dir, path)
}

/// The app on `path` as `who`, on a screen of `size`.
pub fn app(path: &Path, who: &str, size: (u16, u16)) -> Harness {
    let (store, _) = open(path, who);
    Harness::new(store, size).unwrap()
}

/// A shell script usable as $VISUAL: it runs `body` with the file as "$1".
pub fn editor_script(dir: &Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p.display().to_string()
}
