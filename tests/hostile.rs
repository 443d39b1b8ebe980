//! Hostile and malformed input, generated: nothing panics, hangs, or reaches SQL or the terminal
//! in a form the code did not build.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use tend::domain::calendar::{BusinessDuration, Calendar};
use tend::store::search::match_expression;

/// Strings heavy in the characters that break parsers: quotes, FTS5 operators, controls.
fn nasty() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\"".to_string()),
            Just("*".to_string()),
            Just("^".to_string()),
            Just(":".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("NEAR".to_string()),
            Just(" OR ".to_string()),
            Just(" AND ".to_string()),
            Just(" NOT ".to_string()),
            Just("-".to_string()),
            Just("+".to_string()),
            Just("\u{1b}[2J".to_string()),
            Just("\0".to_string()),
            Just("ß".to_string()),
            Just("漢".to_string()),
            "[a-z0-9]{1,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever a user types into a search box, SQLite's FTS5 accepts the expression we build.
    #[test]
    fn search_text_never_breaks_fts5(text in nasty()) {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE VIRTUAL TABLE f USING fts5 (a, b, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
                            INSERT INTO f (rowid, a, b) VALUES (1, 'printer on fire', 'NEAR the OR AND');").unwrap();
        if let Some(expr) = match_expression(&text) {
            let r: rusqlite::Result<i64> = conn.query_row("SELECT count(*) FROM f WHERE f MATCH ?1", [&expr], |r| r.get(0));
            prop_assert!(r.is_ok(), "{text:?} -> {expr:?}: {r:?}");
        }
    }

    /// Calendar specs and durations: an error or a valid calendar, never a panic.
    #[test]
    fn calendar_specs_never_panic(tz in nasty(), hours in nasty(), holiday in nasty(), special in nasty(), d in nasty()) {
        let _ = Calendar::from_spec("x", &tz, &[hours], &[holiday], &[special]);
        let _ = d.parse::<BusinessDuration>();
        let _ = Calendar::from_spec("x", "Europe/Berlin", &[format!("mon-fri {d}")], &[], &[]);
    }

    /// Filter values from the command line.
    #[test]
    fn filter_values_never_panic(s in nasty()) {
        let _ = tend::domain::filter::parse_priorities(&s);
        let _ = tend::domain::filter::parse_statuses(&s);
        let _ = tend::domain::filter::parse_kinds(&s);
        let _ = tend::domain::time::parse_instant(&s);
        let _ = tend::domain::ticket::normalize_tags(std::slice::from_ref(&s));
        let _ = s.parse::<tend::domain::link::LinkRequest>();
    }
}

/// A real export, mangled: import either works or says why in one line, all or nothing.
#[test]
fn mangled_imports_are_refused_whole() {
    let d = common::Desk::uninitialised();
    d.tend().args(["init", "--demo"]).assert().success();
    let export = d.ok(&["export"]);
    let bytes = export.as_bytes();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(48));
    runner
        .run(
            &(0..bytes.len(), any::<u8>(), 0usize..3),
            |(at, byte, how)| {
                let mut doc = bytes.to_vec();
                match how {
                    0 => doc[at] = byte,       // flip a byte
                    1 => doc.truncate(at),     // cut the file short
                    _ => doc.insert(at, byte), // insert a stray byte
                }
                let target = common::Desk::uninitialised();
                let out = target
                    .tend()
                    .args(["import", "-"])
                    .write_stdin(doc)
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                prop_assert!(!err.contains("panicked"), "{err}");
                if !out.status.success() {
                    prop_assert_eq!(err.trim_end().lines().count(), 1, "{}", err);
                    let n = target
                        .tend()
                        .args(["ticket", "list", "--status", "all", "--json"])
                        .output()
                        .unwrap();
                    if n.status.success() {
                        let v: serde_json::Value = serde_json::from_slice(&n.stdout).unwrap();
                        prop_assert!(
                            v.as_array().unwrap().is_empty(),
                            "a failed import left tickets behind"
                        );
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

/// Every text command keeps escape sequences and controls from the database off the terminal.
#[test]
fn no_command_prints_raw_control_characters() {
    let d = common::Desk::new();
    let evil = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}6n\u{202e}\u{200b}";
    let id = d.ok(&[
        "ticket",
        "new",
        "--title",
        &format!("title{evil}"),
        "--requester",
        &format!("req{evil}"),
        "--group",
        &format!("grp{evil}"),
        "--service",
        &format!("svc{evil}"),
        "--tag",
        "tag\u{200b}x",
        "--body",
        &format!("body{evil}\nline"),
    ]);
    let id = id.trim();
    d.ok(&["ticket", "reply", id, "--body", &format!("reply{evil}")]);
    d.ok(&[
        "ticket",
        "update",
        id,
        "--status",
        "pending",
        "--reason",
        &format!("why{evil}"),
    ]);
    d.tend()
        .args(["ticket", "note", id, "--body", "x"])
        .env("TEND_USER", format!("agent{evil}"))
        .assert()
        .code(2);
    let kb = d.ok(&[
        "kb",
        "new",
        "--title",
        &format!("kb{evil}"),
        "--body",
        &format!("# md{evil}"),
        "--state",
        "published",
    ]);
    let kb = kb.trim();
    for args in [
        vec!["ticket", "list"],
        vec!["ticket", "list", "--status", "all", "--sla", "paused"],
        vec!["ticket", "show", id],
        vec!["kb", "list"],
        vec!["kb", "show", kb],
        vec!["kb", "search", "md"],
        vec!["sla", "status"],
        vec!["sla", "explain", id],
        vec!["db", "check"],
    ] {
        let out = d.ok(&args);
        let bad: Vec<char> = out
            .chars()
            .filter(|c| {
                (c.is_control() && *c != '\n')
                    || ('\u{80}'..='\u{9f}').contains(c)
                    || "\u{202e}\u{200b}".contains(*c)
            })
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
    }
}
