//! How a ticket's detail is worded, for both places that show it: `tend ticket show` and the
//! app's detail pane. The labels, how an absent value, a pending reason, a priority set by hand,
//! a link, an entry and a history line read are said here once; each screen only lays them out
//! (its own widths, dates and columns). Every string from the database goes through
//! `text::one_line` here.

use super::conversation::{Entry, EntryKind};
use super::history::{Change, Presence};
use super::link::Link;
use super::text::{fit, one_line};
use super::ticket::{Ticket, priority_name};

/// What an empty field shows.
pub const ABSENT: &str = "-";

/// The field labels, in the order both screens list them (the optional text fields between
/// priority and tags carry their labels in `domain::ticket::fields`).
pub const KIND: &str = "Kind";
pub const STATUS: &str = "Status";
pub const PRIORITY: &str = "Priority";
pub const TAGS: &str = "Tags";
pub const OPENED: &str = "Opened";
pub const UPDATED: &str = "Updated";
pub const RESOLVED: &str = "Resolved";
pub const CLOSED: &str = "Closed";
pub const VERSION: &str = "Version";

/// Section headings.
pub const SLA: &str = "SLA";
pub const DESCRIPTION: &str = "Description";
pub const LINKS: &str = "Links";
pub const ARTICLES: &str = "Articles";
pub const HISTORY: &str = "History";

/// An empty description.
pub const NO_DESCRIPTION: &str = "(none)";

/// The title line: `#12 Printer jams`.
pub fn title(t: &Ticket) -> String {
    format!("#{} {}", t.id, one_line(&t.title))
}

/// An optional field's value, or `-`.
pub fn optional(v: &Option<String>) -> String {
    v.as_deref()
        .map(|v| one_line(v).into_owned())
        .unwrap_or_else(|| ABSENT.into())
}

/// The tags, comma-separated, or `-`.
pub fn tags(t: &Ticket) -> String {
    if t.tags.is_empty() {
        ABSENT.into()
    } else {
        one_line(&t.tags.join(", ")).into_owned()
    }
}

/// The status, with the reason a pending ticket waits: `pending (waiting on customer)`.
pub fn status(t: &Ticket) -> String {
    match &t.pending_reason {
        Some(r) => format!("{} ({})", t.status, one_line(r)),
        None => t.status.to_string(),
    }
}

/// The priority, marked when set by hand, with what it was derived from:
/// `P1 critical (by hand) · impact high · urgency high`.
pub fn priority(t: &Ticket) -> String {
    format!(
        "P{} {}{} · impact {} · urgency {}",
        t.priority,
        priority_name(t.priority),
        if t.priority_override {
            " (by hand)"
        } else {
            ""
        },
        t.impact,
        t.urgency
    )
}

/// Someone else editing the ticket now: `alice is editing this (reply) since 10:05` (each
/// screen words the time its own way).
pub fn editing(e: &Presence, since: &str) -> String {
    format!(
        "{} is editing this ({}) since {since}",
        one_line(&e.agent),
        one_line(&e.activity)
    )
}

/// A link as seen from ticket `id`: `caused by #4`, `causes #7`.
pub fn link(l: &Link, id: i64) -> String {
    if l.from_id == id {
        format!("{} #{}", l.kind.forward_label(), l.to_id)
    } else {
        format!("{} #{}", l.kind.backward_label(), l.from_id)
    }
}

/// An article linked to the ticket: `KB-3`.
pub fn article(id: i64) -> String {
    format!("KB-{id}")
}

/// What an entry of the conversation is called.
pub fn entry_label(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Reply => "reply",
        EntryKind::Note => "internal note",
    }
}

/// The conversation's heading, with its count of each: `Conversation (2 replies, 1 internal
/// note)`.
pub fn conversation_heading(entries: &[Entry]) -> String {
    let notes = entries.iter().filter(|e| e.kind == EntryKind::Note).count();
    let replies = entries.len() - notes;
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "Conversation ({}, {})",
        n(replies, "reply", "replies"),
        n(notes, "internal note", "internal notes")
    )
}

/// Who made a change: the name it is credited to, and the OS account when that differs:
/// `mallory (os user alice)`.
/// A requester's or a rule's change says so: `auto-close (rule; os user tend)`.
pub fn changed_by(h: &Change) -> String {
    crate::domain::names::who_as(h.actor_kind, &h.actor, Some(&h.os_user))
}

/// `changed_by` for a narrow column (the app's history): the OS account in brackets without
/// the words, `mallory (alice)`, `auto-close (rule; tend)`, so what changed keeps its room.
pub fn changed_by_short(h: &Change) -> String {
    let actor = one_line(&h.actor);
    let os = one_line(&h.os_user);
    match (h.actor_kind.is_agent(), os == actor) {
        (true, true) => actor.into_owned(),
        (true, false) => format!("{actor} ({os})"),
        (false, _) => format!("{actor} ({}; {os})", h.actor_kind),
    }
}

/// Who wrote a reply or note, saying so when it was not an agent: `j@example.org (requester)`.
pub fn author(e: &Entry) -> String {
    crate::domain::actor::credit(e.actor_kind, &one_line(&e.author))
}

/// What a change did, each value cut to `room` columns: `status: new → open`.
pub fn change(h: &Change, room: usize) -> String {
    let v = |x: &Option<String>| {
        x.as_deref()
            .map(|x| fit(&one_line(x), room))
            .unwrap_or_else(|| ABSENT.into())
    };
    format!("{}: {} → {}", one_line(&h.field), v(&h.old), v(&h.new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor::ActorKind;

    fn change(actor: &str, os: &str, kind: ActorKind) -> Change {
        Change {
            id: 1,
            at: chrono::DateTime::default(),
            actor: actor.into(),
            actor_kind: kind,
            os_user: os.into(),
            field: "status".into(),
            old: None,
            new: Some("new".into()),
        }
    }

    /// The app's narrow history column keeps the OS account without the words (the CLI says
    /// them), so what changed is not cut off at 120 columns.
    #[test]
    fn who_changed_it_long_and_short() {
        let same = change("alice", "alice", ActorKind::Agent);
        assert_eq!(
            (changed_by(&same), changed_by_short(&same)),
            ("alice".into(), "alice".into())
        );
        let other = change("mallory", "alice", ActorKind::Agent);
        assert_eq!(changed_by(&other), "mallory (os user alice)");
        assert_eq!(changed_by_short(&other), "mallory (alice)");
        let rule = change("auto-close", "tend", ActorKind::Rule);
        assert_eq!(changed_by(&rule), "auto-close (rule; os user tend)");
        assert_eq!(changed_by_short(&rule), "auto-close (rule; tend)");
        let hostile = change("a\u{1b}[31m", "b\nc", ActorKind::Agent);
        assert!(!changed_by_short(&hostile).contains(['\u{1b}', '\n']));
    }
}
