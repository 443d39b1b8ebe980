//! The audit trail: the OS account a user namespace cannot fake, the OS account on replies, notes
//! and articles, names that cannot pass for something else, and `db check` noticing a history
//! that contradicts its ticket (as a group member with sqlite3 could leave it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::Command;

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs `tend ARGS` under `wrapper` (unshare, setpriv ...), without TEND_USER.
fn wrapped(d: &Desk, wrapper: &[&str], args: &[&str]) -> std::process::Output {
    Command::new(wrapper[0])
        .args(&wrapper[1..])
        .arg(common::tend_bin())
        .args(args)
        .env("TEND_DB", &d.db)
        .env_remove("TEND_USER")
        .output()
        .unwrap()
}

fn works(cmd: &[&str]) -> bool {
    Command::new(cmd[0])
        .args(&cmd[1..])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn last_history_os_user(d: &Desk, id: &str) -> String {
    let show = d.json(&["ticket", "show", id]);
    let h = show["history"].as_array().unwrap();
    h.last().unwrap()["os_user"].as_str().unwrap().to_string()
}

#[test]
fn a_user_namespace_cannot_make_another_user_the_os_account() {
    if !is_root() || !works(&["unshare", "--user", "--map-user=4243", "true"]) {
        eprintln!("skipped: needs root and unshare --user --map-user");
        return;
    }
    let d = Desk::new();
    let out = wrapped(
        &d,
        &["unshare", "--user", "--map-user=4243"],
        &["ticket", "new", "--title", "from a namespace"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let who = last_history_os_user(&d, "1");
    // Inside, the process is uid 4243; really it is root.
    assert!(!who.contains("4243"), "the namespace's uid recorded: {who}");
    assert!(
        who.contains("unverified") && who.contains("uid 0"),
        "a namespace's account is marked as unverified: {who}"
    );
    // From the initial namespace the account is plain.
    let out = wrapped(&d, &["env"], &["ticket", "note", "1", "--body", "plain"]);
    assert!(out.status.success());
    let show = d.json(&["ticket", "show", "1"]);
    assert_eq!(show["conversation"][0]["os_user"], "root");
}

#[test]
fn unshare_r_does_not_record_root() {
    let uid = "4244";
    if !is_root()
        || !works(&[
            "setpriv",
            "--reuid",
            uid,
            "--regid",
            uid,
            "--clear-groups",
            "unshare",
            "-r",
            "true",
        ])
    {
        eprintln!("skipped: needs root, setpriv and unprivileged user namespaces");
        return;
    }
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let d = Desk {
        db: base.path().join("desk.db"),
        dir: base,
    };
    let setpriv = [
        "setpriv",
        "--reuid",
        uid,
        "--regid",
        uid,
        "--clear-groups",
        "unshare",
        "-r",
    ];
    let out = wrapped(&d, &setpriv, &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = wrapped(&d, &setpriv, &["ticket", "new", "--title", "root, honest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let who = last_history_os_user(&d, "1");
    assert!(!who.starts_with("root"), "root recorded: {who}");
    assert!(
        who.contains(&format!("uid {uid} outside")) && who.contains("unverified"),
        "{who}"
    );
}

/// Exit code and stderr of `tend ARGS`.
fn fails(d: &Desk, args: &[&str]) -> (Option<i32>, String) {
    let out = d.tend().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn names_are_short_and_plain() {
    let d = Desk::new();
    let long = "a".repeat(33);
    for bad in [
        "pat (os user pat)",
        long.as_str(),
        "x\u{1b}[31m",
        "a;b",
        "me",
        "None",
        "unknown",
    ] {
        let (code, err) = fails(&d, &["ticket", "new", "--title", "t", "--as", bad]);
        assert_eq!(code, Some(2), "--as {bad:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("name"), "{err}");
        let out = d
            .tend()
            .env("TEND_USER", bad)
            .args(["ticket", "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "TEND_USER={bad:?}");
    }
    let ok32 = "b".repeat(32);
    for good in [
        "Jürgen",
        "j.meyer@example.org",
        "ops_2-night",
        ok32.as_str(),
    ] {
        d.ok(&["ticket", "new", "--title", "t", "--as", good]);
    }
    // An assignee is an agent's name: the same rule.
    let (code, err) = fails(
        &d,
        &["ticket", "new", "--title", "t", "--assignee", "bob (admin)"],
    );
    assert_eq!(code, Some(2), "{err}");
    let (code, err) = fails(&d, &["ticket", "update", "1", "--assignee", &long]);
    assert_eq!(code, Some(2), "{err}");
    d.ok(&["ticket", "update", "1", "--assignee", "me"]);
    // A requester may be an e-mail address with a display name, but not a novel.
    d.ok(&[
        "ticket",
        "update",
        "1",
        "--requester",
        "Pat Smith <pat@example.org>",
    ]);
    let (code, err) = fails(
        &d,
        &["ticket", "update", "1", "--requester", &"r".repeat(300)],
    );
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn replies_notes_and_articles_record_the_os_account() {
    let d = Desk::new();
    d.new_ticket("printer");
    d.ok(&["ticket", "reply", "1", "--body", "on it", "--as", "mallory"]);
    d.ok(&["ticket", "note", "1", "--body", "internal"]);
    let show = d.json(&["ticket", "show", "1"]);
    let os = show["history"][0]["os_user"].as_str().unwrap().to_string();
    assert!(!os.is_empty() && os != "mallory");
    for e in show["conversation"].as_array().unwrap() {
        assert_eq!(e["os_user"], os.as_str(), "{e}");
    }
    let text = d.ok(&["ticket", "show", "1"]);
    assert!(
        text.contains(&format!("reply by mallory (os user {os})")),
        "{text}"
    );
    // Articles: the creator's and every editor's OS account, in `kb show`.
    d.ok(&["kb", "new", "--title", "Printers", "--body", "Turn it off"]);
    d.ok(&[
        "kb",
        "edit",
        "1",
        "--body",
        "Turn it off and on",
        "--as",
        "bob",
    ]);
    let kb = d.json(&["kb", "show", "1"]);
    assert_eq!(kb["os_user"], os.as_str());
    let h = kb["history"].as_array().unwrap();
    assert_eq!(h.len(), 2, "{kb}");
    assert_eq!(
        (h[0]["actor"].as_str(), h[0]["what"].as_str()),
        (Some("alice"), Some("created"))
    );
    assert_eq!(
        (h[1]["actor"].as_str(), h[1]["what"].as_str()),
        (Some("bob"), Some("body"))
    );
    assert_eq!(h[1]["os_user"], os.as_str());
    let text = d.ok(&["kb", "show", "1"]);
    assert!(
        text.contains(&format!("bob (os user {os})  body")),
        "{text}"
    );
    // Rows from before tend recorded it say so.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute("UPDATE entries SET os_user = NULL WHERE id = 1", [])
        .unwrap();
    drop(conn);
    let text = d.ok(&["ticket", "show", "1"]);
    assert!(
        text.contains("reply by mallory (os user unknown)"),
        "{text}"
    );
    assert!(d.json(&["ticket", "show", "1"])["conversation"][0]["os_user"].is_null());
}

/// `db check` on a desk a group member edited with sqlite3: the failing check's name and text.
fn check_after(sql: &str) -> Vec<(String, String)> {
    let d = Desk::new();
    d.new_ticket("first");
    d.new_ticket("second");
    d.ok(&[
        "ticket",
        "update",
        "2",
        "--status",
        "open",
        "--assignee",
        "bob",
    ]);
    d.ok(&["ticket", "update", "2", "--priority", "4"]);
    d.ok(&["ticket", "reply", "2", "--body", "looking"]);
    d.ok(&["db", "check"]);
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let out = d.tend().args(["db", "check", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the check fails after: {sql}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ok"] == false)
        .map(|i| {
            (
                i["check"].as_str().unwrap().to_string(),
                i["result"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn db_check_notices_history_that_contradicts_the_ticket() {
    let cases = [
        // Closing a ticket by hand, without a history row.
        (
            "UPDATE tickets SET status = 'closed', closed_at = updated_at WHERE id = 2",
            "history agrees",
        ),
        // Reassigning it quietly.
        (
            "UPDATE tickets SET assignee = 'mallory' WHERE id = 2",
            "history agrees",
        ),
        // A priority set by hand (the history has it), raised quietly.
        (
            "UPDATE tickets SET priority = 1 WHERE id = 2",
            "history agrees",
        ),
        // Backdating a change to before the ticket existed, or into the future.
        (
            "UPDATE history SET at = 0 WHERE ticket_id = 2 AND field = 'assignee'",
            "history times",
        ),
        (
            "UPDATE entries SET created_at = 7000000000 WHERE ticket_id = 2",
            "history times",
        ),
        // Rolling the version back under a recorded change.
        ("UPDATE tickets SET version = 2 WHERE id = 2", "versions"),
        // Wiping who did it.
        (
            "UPDATE history SET os_user = '' WHERE ticket_id = 2 AND field = 'assignee'",
            "authors",
        ),
        (
            "UPDATE entries SET author = ' ' WHERE ticket_id = 2",
            "authors",
        ),
    ];
    for (sql, check) in cases {
        let bad = check_after(sql);
        assert!(
            bad.iter()
                .any(|(c, r)| c == check && r.contains("(first #2)")),
            "{sql}: expected {check} to fail, got {bad:?}"
        );
    }
}
