//! `tend db backup` and `tend db restore` on desks other processes are using: nothing is ever
//! mixed, a backup never lands on a database in use or on its own source, copies keep the
//! source's permissions, and killed copies are cleaned up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desk, tend_at, tend_bin};
use predicates::prelude::*;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A writer looping `tend ticket new` until `stop` exists, then 5 more times. It prints
/// "started" after its first ticket, and one line per failed command on stderr.
fn writer(db: &Path, n: usize, stop: &Path) -> Child {
    let script = format!(
        "i=0; after=0; while [ $after -lt 5 ]; do i=$((i+1)); \
           \"$TEND\" ticket new --title \"w{n} $i\" >/dev/null; \
           [ $i -eq 1 ] && echo started; \
           [ -e '{}' ] && after=$((after+1)); done",
        stop.display()
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("TEND", tend_bin())
        .env("TEND_DB", db)
        .env("TEND_USER", format!("w{n}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Three writers, started (each has written once).
fn three_writers(db: &Path, stop: &Path) -> Vec<Child> {
    let mut children: Vec<Child> = (0..3).map(|n| writer(db, n, stop)).collect();
    for c in &mut children {
        let mut line = String::new();
        BufReader::new(c.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "started");
    }
    children
}

/// Waits for the writers; every failure they met is one clear line (never a panic).
fn finish(children: Vec<Child>) -> usize {
    let mut failures = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        for line in err.lines() {
            assert!(
                line.starts_with("tend: ") && !line.contains("panicked"),
                "{err}"
            );
            failures += 1;
        }
    }
    failures
}

#[test]
fn restore_while_three_writers_loop_gives_a_whole_desk() {
    let d = Desk::new();
    d.new_ticket("before the backup");
    let backup = d.dir.path().join("backup.db");
    // The backup: a desk of its own with one ticket the live desk does not have.
    tend_at(&backup).arg("init").assert().success();
    tend_at(&backup)
        .args(["ticket", "new", "--title", "only in the backup"])
        .assert()
        .success();
    let stop = d.dir.path().join("stop");
    let writers = three_writers(&d.db, &stop);
    let out = d.ok(&["db", "restore", backup.to_str().unwrap()]);
    std::fs::write(&stop, "").unwrap();
    let failures = finish(writers);
    eprintln!("writers failed {failures} commands during the restore");
    assert!(out.contains("restored"), "{out}");
    assert!(
        common::checks_clean(&d.db),
        "the desk is whole after the restore"
    );
    let now = common::all_titles(&d.db);
    assert!(now.contains(&"only in the backup".to_string()), "{now:?}");
    assert!(!now.contains(&"before the backup".to_string()), "{now:?}");
    // The writers carried on on the restored desk.
    assert!(now.iter().any(|t| t.starts_with("w0 ")), "{now:?}");
    // The state before the restore was kept beside the desk, and said where.
    let kept = out
        .lines()
        .find_map(|l| l.strip_prefix("kept the state before the restore in "))
        .unwrap();
    assert!(common::checks_clean(Path::new(kept)));
    assert!(common::all_titles(Path::new(kept)).contains(&"before the backup".to_string()));
}

#[test]
fn restore_refuses_what_is_not_a_good_tend_backup() {
    let d = Desk::new();
    d.new_ticket("live");
    let dir = d.dir.path();
    let text = dir.join("notes.txt");
    std::fs::write(&text, "not a database at all, just some words, long enough").unwrap();
    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.join("newer.db");
    tend_at(&newer).arg("init").assert().success();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let damaged = dir.join("damaged.db");
    tend_at(&damaged).arg("init").assert().success();
    for i in 0..30 {
        tend_at(&damaged)
            .args([
                "ticket",
                "new",
                "--title",
                &format!("ticket {i} {}", "x".repeat(300)),
            ])
            .assert()
            .success();
    }
    let mut bytes = std::fs::read(&damaged).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len - 8192..len - 4096] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    for (file, says) in [
        (&text, "not a tend database"),
        (&other, "not a tend database"),
        (&newer, "newer tend"),
        (&damaged, "damaged"),
        (&dir.join("missing.db"), "no backup at"),
        (&d.db, "the database itself"),
    ] {
        let out = d
            .tend()
            .args(["db", "restore", file.to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{file:?} was restored");
        assert!(err.contains(says), "{file:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(common::all_titles(&d.db), vec!["live".to_string()]);
    assert!(common::checks_clean(&d.db));
}

#[test]
fn restore_of_an_older_schema_migrates_a_copy_not_the_backup() {
    let d = Desk::new();
    let old = d.dir.path().join("old.db");
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    for v in 1..=2 {
        conn.execute_batch(tend::store::migration_sql(v).unwrap())
            .unwrap();
        conn.pragma_update(None, "user_version", v).unwrap();
    }
    conn.pragma_update(None, "application_id", 0x7465_6e64)
        .unwrap();
    drop(conn);
    let before = std::fs::read(&old).unwrap();
    let out = d.ok(&["db", "restore", old.to_str().unwrap()]);
    assert!(out.contains("the backup had schema 2"), "{out}");
    assert!(common::checks_clean(&d.db));
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "the backup is only read"
    );
}

#[test]
fn backup_over_a_desk_in_use_is_refused_and_harms_nothing() {
    let live = Desk::new();
    live.new_ticket("live work");
    let source = Desk::new();
    // An agent has the live desk open (as the app would).
    let (agent, _) = tend::store::Store::open(tend::store::OpenOptions {
        path: live.db.clone(),
        create: false,
        actor: tend::store::Actor::current(Some("agent")),
    })
    .unwrap();
    source
        .tend()
        .args(["db", "backup", "--force", live.db.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("in use").and(predicate::str::contains("db restore")));
    assert!(common::checks_clean(&live.db));
    assert_eq!(common::all_titles(&live.db), vec!["live work".to_string()]);
    assert_eq!(
        agent.file_state(),
        tend::store::FileState::Same,
        "the file was not replaced"
    );
}

#[test]
fn backup_over_a_desk_three_writers_loop_on_never_damages_it() {
    // Between two commands nobody may have the file open: then the backup goes in through
    // SQLite under its exclusive lock; otherwise it is refused. Either way the desk is whole.
    let live = Desk::new();
    let source = Desk::new();
    source.new_ticket("from the source");
    let stop = live.dir.path().join("stop");
    let writers = three_writers(&live.db, &stop);
    let mut outcomes = (0, 0);
    for _ in 0..5 {
        let out = source
            .tend()
            .args(["db", "backup", "--force", live.db.to_str().unwrap()])
            .output()
            .unwrap();
        match out.status.code() {
            Some(0) => outcomes.0 += 1,
            Some(1) => {
                assert!(String::from_utf8_lossy(&out.stderr).contains("in use"));
                outcomes.1 += 1
            }
            other => panic!("{other:?}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    std::fs::write(&stop, "").unwrap();
    finish(writers);
    eprintln!("backups written {}, refused {}", outcomes.0, outcomes.1);
    assert!(common::checks_clean(&live.db), "the desk is whole");
}

#[test]
fn backup_onto_the_database_itself_is_refused() {
    let d = Desk::new();
    d.new_ticket("precious");
    let link = d.dir.path().join("link.db");
    std::os::unix::fs::symlink(&d.db, &link).unwrap();
    let hard = d.dir.path().join("hard.db");
    std::fs::hard_link(&d.db, &hard).unwrap();
    for dest in [&d.db, &link, &hard] {
        d.tend()
            .args(["db", "backup", "--force", dest.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("the database itself"));
    }
    assert!(common::checks_clean(&d.db));
    assert_eq!(common::all_titles(&d.db), vec!["precious".to_string()]);
}

#[test]
fn backup_beside_a_stale_wal_is_refused() {
    let d = Desk::new();
    let dest = d.dir.path().join("copy.db");
    std::fs::write(d.dir.path().join("copy.db-wal"), b"left over").unwrap();
    d.tend()
        .args(["db", "backup", dest.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("copy.db-wal"));
    assert!(!dest.exists());
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn a_backup_keeps_the_mode_and_group_of_a_shared_desk() {
    if !is_root() {
        eprintln!("skipped: giving a file to another group needs root");
        return;
    }
    const GROUP: u32 = 4243;
    let d = Desk::new();
    d.new_ticket("shared");
    std::os::unix::fs::chown(&d.db, None, Some(GROUP)).unwrap();
    std::fs::set_permissions(&d.db, std::fs::Permissions::from_mode(0o660)).unwrap();
    let dest = d.dir.path().join("copy.db");
    let out = d.ok(&["db", "backup", dest.to_str().unwrap()]);
    assert!(out.contains("mode 0660, group 4243"), "{out}");
    let m = std::fs::metadata(&dest).unwrap();
    assert_eq!((m.mode() & 0o777, m.gid()), (0o660, GROUP));
    // Replacing an existing (unused) copy gives it the same.
    std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).unwrap();
    d.ok(&["db", "backup", "--force", dest.to_str().unwrap()]);
    let m = std::fs::metadata(&dest).unwrap();
    assert_eq!((m.mode() & 0o777, m.gid()), (0o660, GROUP));
    assert!(common::checks_clean(&dest));
}

#[test]
fn replacing_an_unused_backup_leaves_nothing_beside_it() {
    let d = Desk::new();
    d.new_ticket("first");
    let dest = d.dir.path().join("copy.db");
    d.ok(&["db", "backup", dest.to_str().unwrap()]);
    d.new_ticket("second");
    d.ok(&["db", "backup", "--force", dest.to_str().unwrap()]);
    assert_eq!(common::all_titles(&dest).len(), 2);
    for suffix in ["-journal", "-wal", "-shm"] {
        let p = d.dir.path().join(format!("copy.db{suffix}"));
        assert!(!p.exists(), "{} left behind", p.display());
    }
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut c = Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

#[test]
fn partial_copies_are_private_and_cleaned_up() {
    let d = Desk::new();
    tend_at(&d.db)
        .args(["demo", "generate", "--tickets", "3000", "--articles", "5"])
        .assert()
        .success();
    let dir = tempfile::tempdir().unwrap();
    // A copy left by a backup that was killed: removed by the next backup to that directory.
    let stale = dir.path().join(format!(".old.db.partial-{}", dead_pid()));
    std::fs::write(&stale, b"a whole copy of someone's desk").unwrap();
    let alive = dir
        .path()
        .join(format!(".other.db.partial-{}", std::process::id()));
    std::fs::write(&alive, b"a backup still running").unwrap();
    // Under umask 000 SQLite would create the partial readable (and writable) by everyone.
    let dest = dir.path().join("copy.db");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$TEND\" db backup \"$1\"")
        .arg("sh")
        .arg(&dest)
        .env("TEND", tend_bin())
        .env("TEND_DB", &d.db)
        .spawn()
        .unwrap();
    // Watch the partial appear (no sleeping: as fast as the directory can be read).
    let mut seen = None;
    while seen.is_none() && child.try_wait().unwrap().is_none() {
        for e in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".copy.db.partial-")
                && let Ok(m) = e.metadata()
            {
                seen = Some((name, m.mode() & 0o777));
            }
        }
    }
    assert!(child.wait().unwrap().success());
    match seen {
        Some((name, mode)) => assert_eq!(mode & 0o077, 0, "{name} was created {mode:o}"),
        None => eprintln!("the backup finished before its partial copy could be looked at"),
    }
    assert!(!stale.exists(), "the stale partial copy was removed");
    assert!(
        alive.exists(),
        "a running process's partial copy is left alone"
    );
    assert!(common::checks_clean(&dest));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".copy.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_backup_stopped_with_sigterm_leaves_no_partial_copy() {
    let d = Desk::new();
    tend_at(&d.db)
        .args(["demo", "generate", "--tickets", "3000", "--articles", "5"])
        .assert()
        .success();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.db");
    let mut child = Command::new(tend_bin())
        .args(["db", "backup", dest.to_str().unwrap()])
        .env("TEND_DB", &d.db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let partial = dir.path().join(format!(".copy.db.partial-{}", child.id()));
    while !partial.exists() && child.try_wait().unwrap().is_none() {}
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    if status.success() {
        eprintln!("the backup finished before the signal arrived");
        assert!(common::checks_clean(&dest));
    } else {
        assert!(!dest.exists());
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
