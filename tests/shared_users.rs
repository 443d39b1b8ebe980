//! Two different Unix users of one group writing to one shared database at the same time.
//! Needs root (to switch uids with `setpriv`); skipped with a message otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

const GROUP: u32 = 4242;

fn can_switch_users() -> bool {
    let root = std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    let setpriv = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(root && setpriv) {
        eprintln!("skipped: switching Unix users needs root and setpriv");
    }
    root && setpriv
}

/// `tend ARGS` as uid `uid` with supplementary group GROUP.
fn as_user(uid: u32, db: &Path, script: &str) -> std::process::Child {
    Command::new("setpriv")
        .args([
            "--reuid",
            &uid.to_string(),
            "--regid",
            &uid.to_string(),
            "--groups",
            &GROUP.to_string(),
            "sh",
            "-c",
            script,
        ])
        .env("TEND", common::tend_bin())
        .env("TEND_DB", db)
        .env_remove("TEND_USER")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A world-traversable place (tempdirs are private to root).
fn open_base() -> tempfile::TempDir {
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    base
}

#[test]
fn two_users_of_one_group_share_a_desk() {
    if !can_switch_users() {
        return;
    }
    let base = open_base();
    let db = base.path().join("desk/desk.db");
    common::tend_at(&db)
        .args(["init", "--shared", "--group", &GROUP.to_string()])
        .assert()
        .success();
    let dir = std::fs::metadata(base.path().join("desk")).unwrap();
    assert_eq!(dir.gid(), GROUP);
    assert_eq!(
        dir.mode() & 0o2070,
        0o2070,
        "setgid and group rwx: {:o}",
        dir.mode()
    );
    let file = std::fs::metadata(&db).unwrap();
    assert_eq!((file.gid(), file.mode() & 0o777), (GROUP, 0o660));

    let script = "for i in $(seq 1 15); do \"$TEND\" ticket new --title \"from $(id -u) #$i\" >/dev/null || exit 1; \
                  \"$TEND\" ticket note 1 --body \"$(id -u) was here $i\" >/dev/null 2>&1 || true; done";
    let first = common::tend_at(&db)
        .args(["ticket", "new", "--title", "first"])
        .output()
        .unwrap();
    assert!(first.status.success());
    let children = vec![as_user(4001, &db, script), as_user(4002, &db, script)];
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("locked") && !err.contains("read-only"),
            "{err}"
        );
    }
    let all = common::tend_at(&db)
        .args(["ticket", "list", "--limit", "0", "--json"])
        .output()
        .unwrap();
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 31);
    // The audit trail names the real OS accounts, whatever --as said.
    let show = common::tend_at(&db)
        .args(["ticket", "show", "2", "--json"])
        .output()
        .unwrap();
    let show: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let who = show["history"][0]["os_user"].as_str().unwrap().to_string();
    assert!(
        who == "uid4001" || who == "uid4002" || who.len() > 1,
        "{who}"
    );
    common::tend_at(&db)
        .args(["db", "check"])
        .assert()
        .success();
}

#[test]
fn without_shared_another_user_is_refused_clearly() {
    if !can_switch_users() {
        return;
    }
    let base = open_base();
    let db = base.path().join("desk.db");
    common::tend_at(&db).arg("init").assert().success();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = as_user(4001, &db, "\"$TEND\" ticket new --title nope")
        .wait_with_output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(
        err.trim_end().lines().count(),
        2,
        "one warning and one error line: {err}"
    );
    // Reading still works.
    let out = as_user(4001, &db, "\"$TEND\" ticket list")
        .wait_with_output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn as_flag_cannot_hide_the_os_user() {
    let d = common::Desk::new();
    d.ok(&[
        "ticket",
        "new",
        "--title",
        "who did this",
        "--as",
        "mallory",
    ]);
    let h = &d.json(&["ticket", "show", "1"])["history"][0];
    assert_eq!(h["actor"], "mallory");
    assert_ne!(h["os_user"], "mallory");
    assert!(!h["os_user"].as_str().unwrap().is_empty());
}
