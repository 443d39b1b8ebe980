//! `tend view ...`, `tend config ...`, `tend completions` and `tend man` as scripts use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use std::process::Command as Std;

fn fails(d: &Desk, args: &[&str], code: i32) -> String {
    let out = d.tend().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(code), "tend {args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn views_are_saved_listed_moved_hidden_and_deleted() {
    let d = Desk::new();
    let names = |d: &Desk| -> Vec<String> {
        d.json(&["view", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&d),
        [
            "My open",
            "Unassigned",
            "Breaching soon",
            "All open",
            "Recently resolved"
        ]
    );
    assert_eq!(
        d.ok(&[
            "view",
            "save",
            "Mine",
            "--query",
            "status:active assignee:me"
        ])
        .trim(),
        "saved view 'Mine' (personal, position 6)"
    );
    d.ok(&["view", "save", "Net", "-q", "group:network", "--team"]);
    let said = d.ok(&["view", "move", "Mine", "--to", "1"]);
    assert!(
        said.starts_with("moved view 'Mine' to position 1 of"),
        "{said}"
    );
    d.ok(&[
        "view",
        "save",
        "mine",
        "-q",
        "status:active assignee:me sort:due",
        "--replace",
    ]);
    assert_eq!(
        d.json(&["view", "list"])[0]["query"],
        "status:active assignee:me sort:due",
        "--replace changes the query and keeps the place"
    );
    assert_eq!(names(&d)[0], "Mine");
    let list = d.json(&["view", "list"]);
    assert_eq!(list[0]["scope"], "me");
    assert_eq!(list[0]["position"], 1);
    // Personal views are alice's; team views everyone's; hiding is per agent.
    let bob = |args: &[&str]| {
        let out = d
            .tend()
            .env("TEND_USER", "bob")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let theirs = bob(&["view", "list"]);
    assert!(
        !theirs.contains("Mine") && theirs.contains("Net"),
        "{theirs}"
    );
    let said = d.ok(&["view", "hide", "All open"]);
    assert!(said.starts_with("hid team view 'All open'"), "{said}");
    assert!(!names(&d).contains(&"All open".to_string()));
    assert!(bob(&["view", "list"]).contains("All open"));
    let said = d.ok(&["view", "unhide"]);
    assert_eq!(said.trim(), "1 hidden view shown again");
    assert!(names(&d).contains(&"All open".to_string()));
    let said = d.ok(&["view", "delete", "net"]);
    assert!(said.starts_with("deleted view"), "{said}");
    assert!(!bob(&["view", "list"]).contains("Net"));
}

#[test]
fn bad_views_get_one_line_and_an_exit_code() {
    let d = Desk::new();
    let e = fails(&d, &["view", "save", "X", "--query", "status:bogus"], 2);
    assert!(e.contains("does not parse") && e.contains("bogus"), "{e}");
    let e = fails(
        &d,
        &["view", "save", "a\u{1b}[2Jb", "-q", "status:active"],
        2,
    );
    assert!(!e.contains('\u{1b}'), "{e}");
    assert!(e.contains("printable"), "{e}");
    fails(&d, &["view", "save", "", "-q", "status:active"], 2);
    let e = fails(
        &d,
        &["view", "save", "all OPEN", "-q", "status:active", "--team"],
        2,
    );
    assert!(e.contains("already has a view called"), "{e}");
    let e = fails(&d, &["view", "delete", "nope"], 4);
    assert!(e.contains("no saved view 'nope'"), "{e}");
    fails(&d, &["view", "move", "All open", "--to", "0"], 2);
}

#[test]
fn completions_are_scripts_a_shell_accepts_and_man_is_roff() {
    let d = Desk::uninitialised();
    let bash = d.ok(&["completions", "bash"]);
    let mut check = Std::new("bash")
        .args(["-n"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    check
        .stdin
        .take()
        .unwrap()
        .write_all(bash.as_bytes())
        .unwrap();
    assert!(check.wait().unwrap().success(), "bash -n refused it");
    assert!(bash.contains("ticket") && bash.contains("view"));
    for shell in ["zsh", "fish"] {
        let out = d.ok(&["completions", shell]);
        // zsh and fish are not installed here: only the content is checked.
        assert!(
            out.contains("ticket") && out.contains("completions"),
            "{shell}"
        );
    }
    let man = d.ok(&["man"]);
    assert!(man.lines().take(10).any(|l| l.starts_with(".TH")), "{man}");
    fails(&d, &["completions", "tcsh"], 2);
}

#[test]
fn a_bad_config_file_is_one_line_naming_file_line_and_problem() {
    let d = Desk::new();
    let cfg = d.dir.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    let check = |file: &str, text: &str, want: &str, line: usize| {
        let _ = std::fs::remove_file(cfg.join("keys.toml"));
        let _ = std::fs::remove_file(cfg.join("theme.toml"));
        std::fs::write(cfg.join(file), text).unwrap();
        let out = d
            .tend()
            .env("TEND_CONFIG_DIR", &cfg)
            .args(["config", "check"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&format!("{file}:{line}: ")), "{err}");
        assert!(err.contains(want), "{err}");
    };
    check(
        "keys.toml",
        "[queue]\n\nfly = \"f\"\n",
        "unknown command 'fly'",
        3,
    );
    check(
        "keys.toml",
        "[queue]\nnext-view = \"<Hyper-w>\"\n",
        "unknown key '<Hyper-w>'",
        2,
    );
    check(
        "keys.toml",
        "[ticket]\nreply = \"x\"\nassign = \"x\"\n",
        "'x' is bound twice in [ticket]",
        3,
    );
    check("keys.toml", "[panel]\n", "unknown context 'panel'", 1);
    check(
        "theme.toml",
        "key = \"yellow\"\nerror = \"pink\"\n",
        "unknown colour 'pink'",
        2,
    );
    check("keys.toml", "[queue\n", "not valid TOML", 1);
    // The app refuses to start on it too (stdin and stdout are not a terminal here, so the
    // check is `config check`'s; the TUI path calls the same loader before the terminal).
    // What `config keys` prints is a file that reads back.
    let _ = std::fs::remove_file(cfg.join("keys.toml"));
    let _ = std::fs::remove_file(cfg.join("theme.toml"));
    let keys = d.ok(&["config", "keys"]);
    assert!(keys.contains("next-view = \"] <Right>\""), "{keys}");
    std::fs::write(cfg.join("keys.toml"), &keys).unwrap();
    let theme = d.ok(&["config", "theme"]);
    std::fs::write(cfg.join("theme.toml"), &theme).unwrap();
    d.tend()
        .env("TEND_CONFIG_DIR", &cfg)
        .args(["config", "check"])
        .assert()
        .success();
    // XDG_CONFIG_HOME is honoured when TEND_CONFIG_DIR is not set.
    let out = d
        .tend()
        .env_remove("TEND_CONFIG_DIR")
        .env("XDG_CONFIG_HOME", d.dir.path())
        .args(["config", "path"])
        .output()
        .unwrap();
    let dir = String::from_utf8(out.stdout).unwrap();
    assert_eq!(dir.trim(), d.dir.path().join("tend").display().to_string());
}

#[test]
fn a_schema_6_desk_gets_the_default_views_and_keeps_its_change_log() {
    let d = Desk::uninitialised();
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    for v in 1..=6 {
        conn.execute_batch(tend::store::migration_sql(v).unwrap())
            .unwrap();
        conn.pragma_update(None, "user_version", v).unwrap();
    }
    conn.pragma_update(None, "application_id", 0x7465_6e64)
        .unwrap();
    // A log whose newest rows were removed: the sequence stays past them after the rebuild.
    conn.execute_batch(
        "INSERT INTO change_log (seq, at, actor, entity, entity_id, what)
             VALUES (40, 0, 'bob', 'settings', NULL, 'kept');
         INSERT INTO change_log (seq, at, actor, entity, entity_id, what)
             VALUES (41, 0, 'bob', 'settings', NULL, 'removed');
         DELETE FROM change_log WHERE seq = 41;",
    )
    .unwrap();
    drop(conn);
    assert_eq!(d.json(&["view", "list"]).as_array().unwrap().len(), 5);
    d.ok(&["view", "save", "Mine", "-q", "status:active"]);
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let log: Vec<(i64, String, String)> = conn
        .prepare("SELECT seq, entity, what FROM change_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(log[0], (40, "settings".into(), "kept".into()));
    assert_eq!(log[1].0, 42, "numbers never go back: {log:?}");
    assert_eq!(log[1].1, "view");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, tend::store::LATEST_SCHEMA);
}
