//! Actors other than agents: a requester writing by mail and an automated rule act through the
//! store (the mail and rules practices will call it so); history, the conversation and the
//! change log say which sort of actor it was, and still record the OS account.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use tend::domain::actor::ActorKind;
use tend::domain::conversation::EntryKind;
use tend::domain::ticket::{Status, TicketPatch};
use tend::store::{Actor, OpenOptions, Store};

fn store(d: &Desk, actor: Actor) -> Store {
    Store::open(OpenOptions {
        path: d.db.clone(),
        create: false,
        actor,
    })
    .unwrap()
    .0
}

#[test]
fn rules_and_requesters_are_named_as_such() {
    let d = Desk::new();
    let id = d.new_ticket("Mail server down");
    let mut rule = store(&d, Actor::rule("auto-close", "tend-runner"));
    let patch = TicketPatch {
        status: Some(Status::Resolved),
        ..TicketPatch::default()
    };
    rule.update_ticket(id, &patch, None).unwrap();
    let mut mail = store(&d, Actor::requester("j.meyer@example.org", "tend-mail"));
    mail.add_entry(id, EntryKind::Reply, "Thanks, it works again")
        .unwrap();

    let detail = rule.ticket_detail(id).unwrap();
    let by_rule = detail
        .history
        .iter()
        .find(|h| h.field == "status" && h.old.is_some());
    assert_eq!(by_rule.unwrap().actor_kind, ActorKind::Rule);
    assert_eq!(detail.conversation[0].actor_kind, ActorKind::Requester);
    let events = rule.changes_since(0, 100).unwrap();
    let kinds: Vec<ActorKind> = events.iter().map(|e| e.actor_kind).collect();
    assert_eq!(
        kinds,
        [ActorKind::Agent, ActorKind::Rule, ActorKind::Requester],
        "{events:?}"
    );

    let show = d.ok(&["ticket", "show", &id.to_string()]);
    assert!(
        show.contains("auto-close (rule; os user tend-runner)"),
        "{show}"
    );
    assert!(
        show.contains("j.meyer@example.org (requester; os user tend-mail)"),
        "{show}"
    );
    // An agent's line reads as it always has.
    assert!(!show.contains("alice (agent"), "{show}");

    // The export keeps the kind (only for actors that are not agents) and imports it back.
    let doc: serde_json::Value = serde_json::from_str(&d.ok(&["export"])).unwrap();
    let t = &doc["tickets"][0];
    assert_eq!(t["conversation"][0]["actor_kind"], "requester");
    assert!(t["history"][0].get("actor_kind").is_none());
    let copy = Desk::uninitialised();
    copy.tend()
        .args(["import", "-"])
        .write_stdin(doc.to_string())
        .assert()
        .success();
    let show = copy.ok(&["ticket", "show", &id.to_string()]);
    assert!(
        show.contains("auto-close (rule; os user tend-runner)"),
        "{show}"
    );
}
