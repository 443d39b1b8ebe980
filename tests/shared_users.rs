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

/// `as_user(...)` run to the end; it must succeed.
fn run_as(uid: u32, db: &Path, script: &str) -> std::process::Output {
    let out = as_user(uid, db, script).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The names of the files in `dir` owned by `uid`.
fn owned_by(dir: &Path, uid: u32) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.metadata().unwrap().uid() == uid)
        .map(|e| e.file_name())
        .collect()
}

/// A sticky world-writable directory (like /tmp) inside a world-traversable place.
fn sticky_dir(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let base = open_base();
    let dir = base.path().join(name);
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o1777)).unwrap();
    (base, dir)
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
    run_as(4001, &db, "\"$TEND\" ticket list");
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

/// Regression: SQLite creates -wal/-shm with the umask applied and widens them a moment later;
/// another member opening them in between got a read-only -shm and "the database is
/// read-only". Four users x 100 writes, all must succeed (the issue saw 3 of 60 fail; before
/// the fix this test saw 1-5 of 400 fail).
#[test]
fn two_users_writing_at_once_never_see_read_only() {
    if !can_switch_users() {
        return;
    }
    let base = open_base();
    let db = base.path().join("desk/desk.db");
    common::tend_at(&db)
        .args(["init", "--shared", "--group", &GROUP.to_string()])
        .assert()
        .success();
    // Each write is its own process, so the -wal/-shm files come and go all the time.
    let script = "umask 022; fails=0; for i in $(seq 1 100); do \
                  \"$TEND\" ticket new --title \"from $(id -u) #$i\" >/dev/null || fails=$((fails+1)); \
                  done; echo \"fails=$fails\"";
    let children: Vec<_> = (4001..=4004).map(|u| as_user(u, &db, script)).collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let (stdout, err) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(stdout.trim(), "fails=0", "{err}");
        assert!(!err.contains("read-only"), "{err}");
    }
    let all = common::tend_at(&db)
        .args(["ticket", "list", "--limit", "0", "--json"])
        .output()
        .unwrap();
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 400);
}

/// Regression: in a sticky world-writable directory, a reader who may not write left -wal/-shm
/// files owned by them, which the owner could neither write nor delete.
#[test]
fn a_reader_who_cannot_write_does_not_lock_the_owner_out() {
    if !can_switch_users() {
        return;
    }
    let (_base, tmp) = sticky_dir("tmp");
    let db = tmp.join("desk.db");
    // The owner is uid 4001 (root ignores permissions, so it cannot show the lock-out).
    run_as(
        4001,
        &db,
        "\"$TEND\" init && \"$TEND\" ticket new --title one",
    );
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Reader 4002 (not in the file's group, no write permission) lists a few times.
    for _ in 0..3 {
        let out = run_as(4002, &db, "\"$TEND\" ticket list");
        assert!(String::from_utf8_lossy(&out.stdout).contains("one"));
    }
    let leftovers = owned_by(&tmp, 4002);
    assert!(leftovers.is_empty(), "reader left {leftovers:?}");
    // The owner still writes.
    run_as(4001, &db, "\"$TEND\" ticket new --title two");
}

/// A reader while the owner is writing (the -wal exists): reads live, still leaves nothing.
#[test]
fn a_reader_beside_a_busy_writer_leaves_nothing() {
    if !can_switch_users() {
        return;
    }
    let (_base, tmp) = sticky_dir("tmp");
    let db = tmp.join("desk.db");
    run_as(4001, &db, "\"$TEND\" init");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let writer = as_user(
        4001,
        &db,
        "for i in $(seq 1 40); do \"$TEND\" ticket new --title w$i >/dev/null || exit 1; done",
    );
    let reader = as_user(
        4002,
        &db,
        "for i in $(seq 1 40); do \"$TEND\" ticket list --limit 1 >/dev/null 2>&1 || true; done",
    );
    let w = writer.wait_with_output().unwrap();
    reader.wait_with_output().unwrap();
    assert!(w.status.success(), "{}", String::from_utf8_lossy(&w.stderr));
    let leftovers = owned_by(&tmp, 4002);
    assert!(leftovers.is_empty(), "reader left {leftovers:?}");
    run_as(4001, &db, "\"$TEND\" ticket new --title after");
}

/// Regression: `init --shared --group root` by a user not in root's group failed after making
/// the directory, and left it behind.
#[test]
fn a_failed_shared_init_leaves_no_directory() {
    if !can_switch_users() {
        return;
    }
    let base = open_base();
    let home = base.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(4001), Some(4001)).unwrap();
    let db = home.join("desk/sub/desk.db");
    let out = Command::new("setpriv")
        .args(["--reuid", "4001", "--regid", "4001", "--clear-groups"])
        .arg(common::tend_bin())
        .args(["--db"])
        .arg(&db)
        .args(["init", "--shared", "--group", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        std::fs::read_dir(&home).unwrap().next().is_none(),
        "left behind: {:?}",
        std::fs::read_dir(&home).unwrap().collect::<Vec<_>>()
    );
}

/// The cause of the read-only writes above, made deterministic: when a group member's tend
/// creates the -wal and -shm files, they must be group-writable from the first instant (SQLite
/// creates them with the umask applied and widens them only afterwards). Traced with strace.
#[test]
fn wal_and_shm_are_created_group_writable() {
    if !can_switch_users() {
        return;
    }
    if !common::tools::have("strace", "-V", "apt-get install -y strace") {
        return;
    }
    let base = open_base();
    let db = base.path().join("desk/desk.db");
    common::tend_at(&db)
        .args(["init", "--shared", "--group", &GROUP.to_string()])
        .assert()
        .success();
    assert!(!base.path().join("desk/desk.db-shm").exists());
    let trace = base.path().join("trace");
    let out = Command::new("strace")
        .args(["-f", "-e", "trace=umask,openat", "-o"])
        .arg(&trace)
        .args([
            "setpriv",
            "--reuid",
            "4001",
            "--regid",
            "4001",
            "--groups",
            "4242",
            "sh",
            "-c",
            "umask 022; \"$TEND\" ticket new --title traced",
        ])
        .env("TEND", common::tend_bin())
        .env("TEND_DB", &db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = std::fs::read_to_string(&trace).unwrap();
    let mut umask = 0o022;
    let mut created = 0;
    for line in trace.lines() {
        let octal_after = |s: &str| {
            u32::from_str_radix(
                s.trim_start_matches('0')
                    .trim_matches(|c: char| !c.is_ascii_digit()),
                8,
            )
            .unwrap_or(0)
        };
        if let Some(rest) = line.split("umask(").nth(1) {
            umask = octal_after(rest.split(')').next().unwrap());
        } else if line.contains("O_CREAT")
            && (line.contains("desk.db-shm\"") || line.contains("desk.db-wal\""))
            && !line.contains("= -1")
        {
            let mode = octal_after(line.rsplit(", ").next().unwrap().split(')').next().unwrap());
            assert_eq!(
                mode & !umask & 0o060,
                0o060,
                "created without group rw (mode {mode:o}, umask {umask:o}): {line}"
            );
            created += 1;
        }
    }
    assert!(created >= 2, "saw the -wal and -shm created:\n{trace}");
}

/// A -wal file that would set ticket #1's assignee to PWNED in a copy of `db`, crafted the way
/// an attacker with read access would (a copy, WAL mode, no checkpoint), and saved in `out`.
fn crafted_wal(db: &Path, out: &Path) {
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("d.db");
    std::fs::copy(db, &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute("UPDATE tickets SET assignee = 'PWNED' WHERE id = 1", [])
        .unwrap();
    std::fs::copy(work.path().join("d.db-wal"), out).unwrap();
    std::fs::set_permissions(out, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(conn);
}

/// Issue 10: another account planted a -wal beside a desk in a sticky world-writable
/// directory, and the owner's next `ticket list` showed its change. Now refused, in one line
/// naming the file and its owner, whether others may write the planted file or not.
#[test]
fn a_wal_planted_by_another_account_is_refused() {
    if !can_switch_users() {
        return;
    }
    let (base, st) = sticky_dir("st");
    let db = st.join("d.db");
    let (alice, carol) = (4001, 4003);
    run_as(
        alice,
        &db,
        "\"$TEND\" init && \"$TEND\" ticket new --title mine",
    );
    assert_eq!(std::fs::metadata(&db).unwrap().mode() & 0o777, 0o644);
    let wal = base.path().join("wal.copy");
    crafted_wal(&db, &wal);
    for mode in ["666", "644"] {
        let plant = format!(
            "cp {} {}-wal && chmod {mode} {}-wal",
            wal.display(),
            db.display(),
            db.display()
        );
        run_as(carol, &db, &plant);
        let out = as_user(alice, &db, "\"$TEND\" ticket list --json")
            .wait_with_output()
            .unwrap();
        let (stdout, err) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            !stdout.contains("PWNED"),
            "mode {mode}: the planted change shows: {stdout}"
        );
        assert_eq!(out.status.code(), Some(1), "mode {mode}: {stdout} {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains("d.db-wal") && err.contains("planted"), "{err}");
        assert!(
            err.contains("uid4003") || err.contains("4003"),
            "names its owner: {err}"
        );
        std::fs::remove_file(format!("{}-wal", db.display())).unwrap();
        let _ = std::fs::remove_file(format!("{}-shm", db.display()));
    }
    // With the planted file gone, the desk is as alice left it.
    let out = run_as(alice, &db, "\"$TEND\" ticket list --json");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("PWNED"));
}
