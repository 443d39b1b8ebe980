//! Issue 11, what a new user trips over on the command line: ids printed as the lists print
//! them, counts in the singular, a default link kind, and the short command to make a desk.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

#[test]
fn kb_new_prints_the_article_as_kb_list_names_it() {
    let d = Desk::new();
    let out = d.ok(&["kb", "new", "--title", "VPN", "--body", "Open the client."]);
    assert_eq!(out.trim(), "KB-1");
    assert!(d.ok(&["kb", "list"]).contains("KB-1"));
    // `--json` keeps the id a number.
    let j = d.json(&["kb", "new", "--title", "Mail", "--body", "Check the MX."]);
    assert_eq!(j["id"], 2);
}

#[test]
fn one_open_ticket_is_singular() {
    let d = Desk::new();
    d.new_ticket("Printer jams");
    // No subcommand and stdout not a terminal: the open queue as text.
    let out = d.ok(&[]);
    assert!(out.contains("tend: 1 open ticket in"), "{out}");
    d.new_ticket("VPN drops");
    assert!(d.ok(&[]).contains("tend: 2 open tickets in"));
    let out = d.ok(&[
        "sla",
        "policy",
        "set",
        "default",
        "--priority",
        "3",
        "--response",
        "4h",
        "--resolve",
        "3d",
    ]);
    assert!(out.contains("clocks of 2 tickets recomputed"), "{out}");
    d.ok(&["ticket", "update", "1", "--status", "resolved"]);
    d.ok(&["ticket", "update", "1", "--status", "closed"]);
    let out = d.ok(&["sla", "recompute"]);
    assert!(out.contains("the clocks of 1 ticket in"), "{out}");
}

#[test]
fn ticket_link_relates_by_default() {
    let d = Desk::new();
    let a = d.new_ticket("VPN drops").to_string();
    let b = d.new_ticket("VPN slow").to_string();
    d.ok(&["ticket", "link", &a, "--to", &b]);
    let links = d.json(&["ticket", "show", &a])["links"].clone();
    assert_eq!(links[0]["kind"], "relates", "{links}");
}

#[test]
fn no_desk_at_the_default_path_suggests_plain_tend_init() {
    let home = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("tend")
        .unwrap()
        .env("HOME", home.path())
        .env("TEND_USER", "alice")
        .env_remove("TEND_DB")
        .env_remove("XDG_DATA_HOME")
        .args(["ticket", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("create it with `tend init`"), "{err}");
    assert!(
        !err.contains("--db"),
        "no long command for the default path: {err}"
    );
    // With --db the command names the path, as it must.
    let d = Desk::uninitialised();
    let out = d.tend().args(["ticket", "list"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--db"), "{err}");
}
