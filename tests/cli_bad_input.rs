//! Bad input gets one clear line on stderr and the documented exit code, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

/// Runs tend and checks: exit code, exactly one line on stderr containing `needle`, no panic.
fn refuses(d: &Desk, args: &[&str], stdin: Option<Vec<u8>>, code: i32, needle: &str) {
    let mut cmd = d.tend();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "tend {args:?}: {err}");
    assert!(
        err.contains(needle),
        "tend {args:?}: expected '{needle}' in: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Every error is one line, clap's usage errors included.
    assert_eq!(err.trim_end().lines().count(), 1, "tend {args:?}: {err}");
    assert!(err.starts_with("tend: "), "tend {args:?}: {err}");
}

#[test]
fn usage_errors_are_one_line_and_help_still_works() {
    let d = Desk::new();
    refuses(
        &d,
        &["ticket", "list", "--bogus"],
        None,
        2,
        "unexpected argument '--bogus' found (see `tend ticket list --help`)",
    );
    refuses(
        &d,
        &["ticket", "new"],
        None,
        2,
        "required arguments were not provided: --title <TITLE>",
    );
    refuses(
        &d,
        &["ticket", "lst"],
        None,
        2,
        "a similar subcommand exists: 'list'",
    );
    refuses(&d, &["ticket"], None, 2, "new, list, show");
    refuses(
        &d,
        &["ticket", "list", "--limit", "x"],
        None,
        2,
        "invalid value 'x'",
    );
    refuses(
        &d,
        &["--db", "x.db", "ticket", "new", "--title"],
        None,
        2,
        "tend ticket new --help",
    );
    for args in [
        vec!["--help"],
        vec!["ticket", "list", "--help"],
        vec!["--version"],
    ] {
        let out = d.tend().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stdout.len() > 5, "{args:?}");
    }
}

#[test]
fn errors_say_their_cause_once() {
    let d = Desk::new();
    let existing = d.dir.path().join("there.db");
    std::fs::write(&existing, b"x").unwrap();
    let out = d
        .tend()
        .args(["db", "backup", existing.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("already exists").count(), 1, "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn ticket_ids_are_numbers_or_hash_numbers_only() {
    let d = Desk::new();
    d.new_ticket("one");
    assert!(d.ok(&["ticket", "show", "#1"]).starts_with("#1 one"));
    assert!(d.ok(&["ticket", "show", " 1 "]).starts_with("#1 one"));
    for bad in ["KB-1", "kb-1", "+1", "##1", "1.0", "0", "#", "１"] {
        refuses(&d, &["ticket", "show", bad], None, 2, "bad ticket id");
        refuses(&d, &["sla", "explain", bad], None, 2, "bad ticket id");
        refuses(
            &d,
            &["ticket", "reply", bad, "--body", "x"],
            None,
            2,
            "bad ticket id",
        );
        refuses(
            &d,
            &["ticket", "link", "1", "--to", bad, "--kind", "relates"],
            None,
            2,
            "bad ticket id",
        );
    }
}

#[test]
fn a_reply_to_a_closed_ticket_is_bad_input() {
    let d = Desk::new();
    let id = d.new_ticket("done").to_string();
    d.ok(&["ticket", "update", &id, "--status", "resolved"]);
    d.ok(&["ticket", "update", &id, "--status", "closed"]);
    refuses(
        &d,
        &["ticket", "reply", &id, "--body", "hello?"],
        None,
        2,
        "replies go on an open ticket",
    );
    d.ok(&["ticket", "note", &id, "--body", "a note is fine"]);
}

#[test]
fn unknown_ids_are_not_found() {
    let d = Desk::new();
    refuses(&d, &["ticket", "show", "42"], None, 4, "no ticket #42");
    refuses(
        &d,
        &["ticket", "update", "42", "--status", "open"],
        None,
        4,
        "no ticket #42",
    );
    refuses(
        &d,
        &["ticket", "reply", "42", "--body", "hi"],
        None,
        4,
        "no ticket #42",
    );
    refuses(&d, &["kb", "show", "KB-9"], None, 4, "no article #9");
    refuses(
        &d,
        &["ticket", "show", "abc"],
        None,
        2,
        "bad ticket id 'abc'",
    );
}

#[test]
fn bad_values_are_usage_errors() {
    let d = Desk::new();
    d.new_ticket("exists");
    refuses(
        &d,
        &["ticket", "new", "--title", "x", "--kind", "bug"],
        None,
        2,
        "unknown kind 'bug': expected one of incident, request, problem, change",
    );
    refuses(
        &d,
        &["ticket", "new", "--title", "x", "--impact", "huge"],
        None,
        2,
        "unknown level 'huge'",
    );
    refuses(
        &d,
        &["ticket", "new", "--title", "   "],
        None,
        2,
        "the title is empty",
    );
    refuses(
        &d,
        &["ticket", "new", "--title", "x", "--opened-at", "yesterday"],
        None,
        2,
        "bad time 'yesterday'",
    );
    refuses(
        &d,
        &[
            "ticket",
            "new",
            "--title",
            "x",
            "--opened-at",
            "2199-01-01T00:00:00Z",
        ],
        None,
        2,
        "in the future",
    );
    refuses(
        &d,
        &["ticket", "new", "--title", &"t".repeat(5000)],
        None,
        2,
        "the limit is 500",
    );
    refuses(
        &d,
        &["ticket", "update", "1", "--status", "done"],
        None,
        2,
        "unknown status 'done'",
    );
    refuses(
        &d,
        &["ticket", "update", "1", "--priority", "9"],
        None,
        2,
        "bad priority '9'",
    );
    refuses(&d, &["ticket", "update", "1"], None, 2, "nothing to change");
    refuses(
        &d,
        &["ticket", "update", "1", "--reason", "x"],
        None,
        2,
        "--reason goes with --status pending",
    );
    refuses(
        &d,
        &["ticket", "list", "--priority", "<1"],
        None,
        2,
        "bad priority selection",
    );
    refuses(
        &d,
        &["ticket", "list", "--sort", "random"],
        None,
        2,
        "unknown sort 'random'",
    );
    refuses(
        &d,
        &["ticket", "list", "--search", "***"],
        None,
        2,
        "no words to look for",
    );
    refuses(
        &d,
        &["ticket", "link", "1", "--to", "1", "--kind", "blocks"],
        None,
        2,
        "unknown link kind 'blocks'",
    );
    refuses(
        &d,
        &["ticket", "reply", "1", "--body", "  "],
        None,
        2,
        "the reply is empty",
    );
    refuses(&d, &["ticket", "new"], None, 2, "--title");
    refuses(
        &d,
        &["ticket", "frobnicate"],
        None,
        2,
        "unrecognized subcommand",
    );
}

#[test]
fn huge_and_broken_stdin_is_refused_whole() {
    let d = Desk::new();
    d.new_ticket("exists");
    let huge = vec![b'a'; 10 * 1024 * 1024];
    refuses(
        &d,
        &["ticket", "reply", "1", "--body", "-"],
        Some(huge),
        2,
        "larger than the limit",
    );
    refuses(
        &d,
        &["ticket", "note", "1", "--body", "-"],
        Some(vec![b'o', b'k', 0xff, 0xfe]),
        2,
        "not valid UTF-8",
    );
    refuses(
        &d,
        &["ticket", "new", "--title", "x", "--body", "-"],
        Some(b"nul\0byte".to_vec()),
        2,
        "NUL byte",
    );
    let s = d.json(&["ticket", "show", "1"]);
    assert!(
        s["conversation"].as_array().unwrap().is_empty(),
        "nothing half-written"
    );
    assert_eq!(
        d.json(&["ticket", "list", "--status", "all"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn files_that_are_not_usable_desks() {
    let d = Desk::uninitialised();
    refuses(&d, &["ticket", "list"], None, 4, "no database at");
    refuses(
        &d,
        &["import", "/nonexistent/desk.json"],
        None,
        4,
        "no file /nonexistent/desk.json to import",
    );
    std::fs::write(
        &d.db,
        b"this is a text file, not a database at all, with enough bytes to look like one......",
    )
    .unwrap();
    refuses(&d, &["ticket", "list"], None, 1, "is not a tend database");

    let other = Desk::uninitialised();
    let conn = rusqlite::Connection::open(&other.db).unwrap();
    conn.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY);")
        .unwrap();
    drop(conn);
    refuses(&other, &["ticket", "list"], None, 1, "some other program");

    let newer = Desk::new();
    let conn = rusqlite::Connection::open(&newer.db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    refuses(
        &newer,
        &["ticket", "list"],
        None,
        1,
        "written by a newer tend (schema 99",
    );
    refuses(&newer, &["init"], None, 1, "upgrade tend");
}

#[test]
fn a_read_only_file_reads_but_refuses_writes() {
    let d = Desk::new();
    d.new_ticket("readable");
    let mut perms = std::fs::metadata(&d.db).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o444);
    std::fs::set_permissions(&d.db, perms).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&d.db).is_ok() {
        eprintln!("running as root: file permissions do not bind, skipping");
        return;
    }
    let out = d.tend().args(["ticket", "list"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    refuses(&d, &["ticket", "new", "--title", "x"], None, 1, "read-only");
}

#[test]
fn the_terminal_never_sees_escape_sequences_from_the_database() {
    let d = Desk::new();
    let hostile = "evil\x1b[2J\x1b]52;c;cHduZWQ=\x07title\u{202e}txt.exe\u{9b}1m";
    let id = d.ok(&[
        "ticket",
        "new",
        "--title",
        hostile,
        "--requester",
        "\x1b[31mred",
        "--body",
        "body\x1b[Hhome",
    ]);
    let id = id.trim();
    d.ok(&[
        "ticket",
        "note",
        id,
        "--body",
        "note \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    ]);
    for args in [
        vec!["ticket", "list"],
        vec!["ticket", "show", id],
        vec!["kb", "list"],
    ] {
        let out = d.ok(&args);
        assert!(
            !out.contains('\x1b') && !out.contains('\u{9b}') && !out.contains('\u{202e}'),
            "{args:?}: {out:?}"
        );
        assert!(!out.contains('\x07'), "{args:?}");
    }
    // CSV is sanitized into a pipe too: the file is likely `cat`ed to a terminal later.
    let csv = d.ok(&["ticket", "list", "--csv"]);
    assert!(!csv.contains('\x1b') && !csv.contains('\x07'), "{csv:?}");
    // JSON keeps the data exact, escaped as JSON escapes it.
    let raw = d.ok(&["ticket", "show", id, "--json"]);
    assert!(!raw.contains('\x1b'));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&raw).unwrap()["title"],
        hostile
    );
}

#[test]
fn times_and_dates_outside_1970_to_2199_are_refused() {
    let d = Desk::new();
    for at in [
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        refuses(
            &d,
            &["ticket", "new", "--title", "x", "--opened-at", at],
            None,
            2,
            "out of range",
        );
        refuses(
            &d,
            &["calendar", "add", "24x7", "--from", at, "--duration", "1h"],
            None,
            2,
            "out of range",
        );
    }
    refuses(
        &d,
        &[
            "calendar",
            "between",
            "24x7",
            "--from",
            "0001-01-01T00:00:00Z",
            "--to",
            "2026-01-01T00:00:00Z",
        ],
        None,
        2,
        "out of range",
    );
    for (flag, value) in [
        ("--holiday", "0001-12-25"),
        ("--holiday", "2200-01-01"),
        ("--special", "1969-12-24 09:00-12:00"),
    ] {
        refuses(
            &d,
            &[
                "calendar",
                "set",
                "old",
                "--tz",
                "UTC",
                "--hours",
                "mon-fri 09:00-17:00",
                flag,
                value,
            ],
            None,
            2,
            "out of range",
        );
    }
    refuses(
        &d,
        &["ticket", "list", "--query", "opened:>=0001-01-01"],
        None,
        2,
        "out of range",
    );
    // The edges are accepted; nothing was stored by the refusals.
    d.ok(&[
        "ticket",
        "new",
        "--title",
        "old",
        "--opened-at",
        "1970-01-01T00:00:00Z",
    ]);
    d.ok(&[
        "calendar",
        "set",
        "edge",
        "--tz",
        "UTC",
        "--hours",
        "mon 09:00-17:00",
        "--holiday",
        "2199-12-31",
    ]);
    assert_eq!(
        d.json(&["ticket", "list", "--status", "all"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn queries_and_lists_take_at_most_64_terms() {
    let d = Desk::new();
    let query = vec!["-tag:x"; 65].join(" ");
    refuses(
        &d,
        &["ticket", "list", "--query", &query],
        None,
        2,
        "a query takes at most 64 terms; this one has 65",
    );
    let words = vec!["w"; 65].join(" ");
    refuses(
        &d,
        &["ticket", "list", "--search", &words],
        None,
        2,
        "at most 64 tags and search words",
    );
    d.ok(&["ticket", "list", "--query", &vec!["-tag:x"; 64].join(" ")]);
}
