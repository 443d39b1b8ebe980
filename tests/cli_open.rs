//! What `--db` may point at: only a regular file that is a tend database (or nothing, for
//! `init`). Anything else gets one clear line, and read commands never create or initialise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

/// Runs `tend --db DB ARGS` with a time limit (a FIFO used to hang forever) and returns
/// (exit code, stderr).
fn refused(db: &Path, args: &[&str]) -> (i32, String) {
    let out = common::tend_at(db)
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !out.status.success(),
        "{args:?} on {} succeeded",
        db.display()
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap_or(-1), err)
}

#[test]
fn a_fifo_is_refused_without_waiting() {
    let d = Desk::uninitialised();
    let fifo = d.dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let (code, err) = refused(&fifo, &["ticket", "list"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("FIFO") && err.contains("not a regular file"),
        "{err}"
    );
    let (_, err) = refused(&fifo, &["init"]);
    assert!(err.contains("FIFO"), "{err}");
}

#[test]
fn dev_null_is_refused_and_nothing_is_created_beside_it() {
    let _ = std::fs::remove_file("/dev/null-journal");
    for args in [
        &["ticket", "list"][..],
        &["init"],
        &["ticket", "new", "--title", "x"],
    ] {
        let (code, err) = refused(Path::new("/dev/null"), args);
        assert_eq!(code, 1);
        assert!(err.contains("character device"), "{err}");
    }
    for suffix in ["-journal", "-wal", "-shm"] {
        assert!(
            !Path::new(&format!("/dev/null{suffix}")).exists(),
            "/dev/null{suffix} was created"
        );
    }
}

#[test]
fn a_directory_is_refused() {
    let d = Desk::uninitialised();
    let (_, err) = refused(d.dir.path(), &["ticket", "list"]);
    assert!(err.contains("it is a directory"), "{err}");
}

#[test]
fn an_empty_file_is_not_turned_into_a_desk_by_a_read_command() {
    let d = Desk::uninitialised();
    std::fs::write(&d.db, b"").unwrap();
    let link = d.dir.path().join("link.db");
    std::os::unix::fs::symlink(&d.db, &link).unwrap();
    for db in [&d.db, &link] {
        for args in [
            &["ticket", "list"][..],
            &["ticket", "new", "--title", "x"],
            &["db", "check"],
            &["kb", "list"],
        ] {
            let (code, err) = refused(db, args);
            assert_eq!(code, 1);
            assert!(err.contains("is empty") && err.contains("init"), "{err}");
        }
    }
    assert_eq!(std::fs::metadata(&d.db).unwrap().len(), 0, "still empty");
    let names: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no -wal, -shm or -journal files: {names:?}");
    // `init` is the one command that may make it a desk.
    d.ok(&["init"]);
    d.ok(&["ticket", "list"]);
}

#[test]
fn a_truncated_desk_is_damaged_not_new() {
    let d = Desk::new();
    d.new_ticket("precious");
    for len in [50u64, 100, 4096] {
        let copy = d.dir.path().join(format!("cut-{len}.db"));
        std::fs::copy(&d.db, &copy).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&copy)
            .unwrap()
            .set_len(len)
            .unwrap();
        let (code, err) = refused(&copy, &["ticket", "list"]);
        assert_eq!(code, 1);
        assert!(err.contains("damaged") || err.contains("not a"), "{err}");
        assert_eq!(std::fs::metadata(&copy).unwrap().len(), len, "untouched");
    }
}

#[test]
fn a_sqlite_file_without_tables_is_refused_by_read_commands() {
    let d = Desk::uninitialised();
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.pragma_update(None, "user_version", 0).unwrap();
    conn.execute_batch("VACUUM").unwrap();
    drop(conn);
    let len = std::fs::metadata(&d.db).unwrap().len();
    let (_, err) = refused(&d.db, &["ticket", "list"]);
    assert!(err.contains("no tables") || err.contains("empty"), "{err}");
    assert_eq!(std::fs::metadata(&d.db).unwrap().len(), len);
}

#[test]
fn a_symlink_loop_says_so() {
    let d = Desk::uninitialised();
    let (a, b) = (d.dir.path().join("a.db"), d.dir.path().join("b.db"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    for args in [&["ticket", "list"][..], &["init"]] {
        let (_, err) = refused(&a, args);
        assert!(err.contains("symlink loop"), "{err}");
        assert!(!err.contains("no database"), "{err}");
    }
}

#[test]
fn a_dangling_symlink_is_not_missing_silently() {
    let d = Desk::uninitialised();
    let link = d.dir.path().join("link.db");
    std::os::unix::fs::symlink(d.dir.path().join("gone.db"), &link).unwrap();
    let (_, err) = refused(&link, &["ticket", "list"]);
    assert!(err.contains("does not exist"), "{err}");
}

fn set_user_version(db: &Path, v: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "user_version", v).unwrap();
}

#[test]
fn a_negative_schema_version_is_refused() {
    let d = Desk::new();
    d.new_ticket("before");
    set_user_version(&d.db, -1);
    for args in [
        &["ticket", "list"][..],
        &["ticket", "new", "--title", "x"],
        &["init"],
    ] {
        let (code, err) = refused(&d.db, args);
        assert_eq!(code, 1);
        assert!(err.contains("schema version -1"), "{err}");
    }
    // Nothing was written.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_lowered_or_zeroed_schema_version_is_one_line_not_migration_sql() {
    for v in [0, 1, 2, tend::store::LATEST_SCHEMA - 1] {
        let d = Desk::new();
        set_user_version(&d.db, v);
        for args in [&["ticket", "list"][..], &["init"]] {
            let (code, err) = refused(&d.db, args);
            assert_eq!(code, 1);
            assert!(err.len() < 300, "short: {err}");
            assert!(err.contains(&format!("schema version {v}")), "{err}");
            assert!(!err.contains("CREATE"), "{err}");
        }
        // `db check` says the same in its report (a BAD line), with exit 1.
        let out = d.tend().args(["db", "check"]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stdout.contains(&format!("BAD schema tables            {}", d.db.display())),
            "{stdout}"
        );
        assert!(stdout.contains(&format!("schema version {v}")), "{stdout}");
    }
}

/// (mode, group) of a path.
fn mode_and_group(p: &Path) -> (u32, u32) {
    let m = std::fs::metadata(p).unwrap();
    (m.mode() & 0o7777, m.gid())
}

/// A group to share with that is not the current one (root's group 0 otherwise).
fn other_gid() -> String {
    "4243".into()
}

#[test]
fn init_shared_does_not_widen_a_home_directory() {
    let d = Desk::uninitialised();
    let home = d.dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(home.join(".bashrc"), b"# mine\n").unwrap();
    let before = mode_and_group(&home);
    let db = home.join("desk.db");
    let (code, err) = refused(&db, &["init", "--shared", "--group", &other_gid()]);
    assert_eq!(code, 2);
    assert!(err.contains("already holds other files"), "{err}");
    assert!(err.contains("directory of its own"), "{err}");
    assert_eq!(mode_and_group(&home), before, "mode and group unchanged");
    assert!(!db.exists(), "no desk made");
}

#[test]
fn init_shared_does_not_touch_a_sticky_world_writable_directory() {
    let d = Desk::uninitialised();
    let tmp = d.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let before = mode_and_group(&tmp);
    let db = tmp.join("desk.db");
    let (code, err) = refused(&db, &["init", "--shared", "--group", &other_gid()]);
    assert_eq!(code, 2);
    assert!(err.contains("world-writable"), "{err}");
    assert!(!err.contains("chmod"), "no advice to widen /tmp: {err}");
    assert_eq!(mode_and_group(&tmp), before);
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "nothing made");
}

#[test]
fn init_shared_makes_its_own_directory_and_may_run_again() {
    let d = Desk::uninitialised();
    let db = d.dir.path().join("new/desk/desk.db");
    let ok = common::tend_at(&db)
        .args(["init", "--shared", "--group", &other_gid()])
        .output()
        .unwrap();
    if !ok.status.success() {
        // Not root: we may not give a directory to a group we are not in.
        eprintln!(
            "skipped: cannot chgrp to {}: {}",
            other_gid(),
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(
            !d.dir.path().join("new").exists(),
            "a failed init leaves nothing"
        );
        return;
    }
    let (mode, gid) = mode_and_group(db.parent().unwrap());
    assert_eq!((mode & 0o2070, gid.to_string()), (0o2070, other_gid()));
    // The parent it also made is left as the umask made it.
    assert_eq!(mode_and_group(&d.dir.path().join("new")).0 & 0o2000, 0);
    common::tend_at(&db)
        .args(["init", "--shared", "--group", &other_gid()])
        .assert()
        .success();
}

#[test]
fn a_failed_init_leaves_nothing_behind() {
    let d = Desk::uninitialised();
    // A file where a directory should be: init fails after making `a/b`.
    let db = d.dir.path().join("a/b/desk.db");
    std::fs::create_dir_all(d.dir.path().join("a/b")).unwrap();
    std::fs::remove_dir(d.dir.path().join("a/b")).unwrap();
    std::fs::remove_dir(d.dir.path().join("a")).unwrap();
    let out = common::tend_at(&db)
        .args(["init", "--shared", "--group", "no-such-group-here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.dir.path().join("a").exists(), "no directory left");
    // A demo fill that fails (the file already has tickets) keeps the existing desk.
    let desk = Desk::new();
    desk.new_ticket("keep me");
    desk.tend().args(["init", "--demo"]).assert().code(2);
    assert_eq!(desk.json(&["ticket", "list"]).as_array().unwrap().len(), 1);
}

/// `tend` with HOME set to `home` and no TEND_DB or XDG_DATA_HOME (the default desk lives there).
fn tend_with_home(home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("tend").unwrap();
    c.env("HOME", home)
        .env("TEND_USER", "alice")
        .env_remove("TEND_DB")
        .env_remove("XDG_DATA_HOME");
    c
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Issue 10: `init --shared` turned an empty home directory (0700) into `drwxrws---` for the
/// group. A home is never changed, even empty, and the refusal suggests a place outside it.
#[test]
fn init_shared_never_changes_an_empty_home_directory() {
    let d = Desk::uninitialised();
    let home = d.dir.path().join("dave");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let before = mode_and_group(&home);
    let db = home.join("desk.db");
    let out = tend_with_home(&home)
        .args([
            "--db",
            db.to_str().unwrap(),
            "init",
            "--shared",
            "--group",
            &other_gid(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("home directory"), "{err}");
    assert!(err.contains("/srv/helpdesk"), "{err}");
    assert!(
        !err.contains("chmod g+"),
        "no advice to widen a home: {err}"
    );
    assert_eq!(mode_and_group(&home), before, "mode and group unchanged");
    assert!(!db.exists(), "no desk made");
}

/// Issue 10: `--db /root/desk.db init --shared` suggested `chgrp helpdesk /root && chmod ...`.
#[test]
fn init_shared_never_suggests_widening_a_home_in_passwd() {
    let root_home = Path::new("/root");
    if !is_root() || std::fs::read_dir(root_home).map_or(true, |mut e| e.next().is_none()) {
        eprintln!("skipped: needs root and a non-empty /root");
        return;
    }
    let before = mode_and_group(root_home);
    let (code, err) = refused(
        &root_home.join("tend-test-never-made.db"),
        &["init", "--shared", "--group", &other_gid()],
    );
    assert_eq!(code, 2);
    assert!(!err.contains("chgrp") && !err.contains("chmod"), "{err}");
    assert!(err.contains("home directory"), "{err}");
    assert_eq!(mode_and_group(root_home), before);
    assert!(!root_home.join("tend-test-never-made.db").exists());
}

/// Issue 10: directories `init --shared` makes on the way to the desk's own (`~/.local`,
/// `~/.local/share`) keep the user's group and no setgid bit, even under a setgid directory.
#[test]
fn init_shared_leaves_the_parents_it_makes_plain() {
    if !is_root() {
        eprintln!("skipped: giving a directory to another group needs root");
        return;
    }
    let d = Desk::uninitialised();
    let home = d.dir.path().join("erin");
    std::fs::create_dir(&home).unwrap();
    // As an earlier tend left it: setgid and group-owned by the desk's group.
    std::os::unix::fs::chown(&home, None, Some(other_gid().parse().unwrap())).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let out = tend_with_home(&home)
        .args(["init", "--shared", "--group", &other_gid()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let my_gid = std::fs::metadata("/proc/self").unwrap().gid();
    for sub in [".local", ".local/share"] {
        let (mode, gid) = mode_and_group(&home.join(sub));
        assert_eq!(
            (mode & 0o2000, gid),
            (0, my_gid),
            "{sub}: {mode:o} group {gid}"
        );
    }
    let (mode, gid) = mode_and_group(&home.join(".local/share/tend"));
    assert_eq!((mode & 0o2070, gid.to_string()), (0o2070, other_gid()));
}

/// A desk of `tickets` tickets, for damaging.
fn big_desk(tickets: &str) -> Desk {
    let d = Desk::uninitialised();
    d.ok(&["demo", "generate", "--tickets", tickets]);
    d
}

/// Issue 10: `db check` on a damaged file said "the database file is damaged; run `tend db
/// check`". It now reports what it can in BAD lines (exit 1), and other commands name the file.
#[test]
fn db_check_says_what_is_wrong_with_a_damaged_file() {
    let d = big_desk("300");
    let cut = d.dir.path().join("trunc.db");
    let bytes = std::fs::read(&d.db).unwrap();
    assert!(bytes.len() > 100_000);
    std::fs::write(&cut, &bytes[..100_000]).unwrap();
    // 300 bytes overwritten at the start of the tickets table's root page.
    let root: i64 = rusqlite::Connection::open(&d.db)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'tickets'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let smashed = d.dir.path().join("smashed.db");
    let mut b = bytes.clone();
    let at = (root as usize - 1) * 4096;
    b[at..at + 300].fill(0x58);
    std::fs::write(&smashed, &b).unwrap();
    for (file, says) in [(&cut, "cut short"), (&smashed, "BAD")] {
        let out = common::tend_at(file)
            .args(["db", "check"])
            .output()
            .unwrap();
        let (stdout, err) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(1), "{stdout} {err}");
        assert!(stdout.contains(says), "{}: {stdout} {err}", file.display());
        assert!(!err.contains("run `tend db check`"), "not circular: {err}");
        assert!(!stdout.contains("run `tend"), "not circular: {stdout}");
        let (code, err) = refused(file, &["ticket", "list"]);
        assert_eq!(code, 1);
        let name = file.display().to_string();
        assert!(err.contains(&format!("tend --db {name} db check")), "{err}");
        assert!(err.contains("tend db restore"), "{err}");
    }
    assert_eq!(std::fs::read(&cut).unwrap().len(), 100_000, "untouched");
    let names: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.to_string_lossy().starts_with("trunc.db-")),
        "nothing made beside it: {names:?}"
    );
}
