//! `tend db backup` and `tend db restore` given paths that are not plain files: FIFOs, devices,
//! symbolic links, missing files and directories. Each is one clear line and the right exit
//! code; nothing hangs and nothing is written through a link.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desk, tend_at};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// A guard against hanging for ever, not a timing assertion.
const HANG: Duration = Duration::from_secs(120);

/// Runs `tend ARGS` against `d`, expecting `code` and one line on stderr containing `says`.
fn refused(d: &Desk, args: &[&str], code: i32, says: &str) {
    let out = d.tend().args(args).timeout(HANG).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn restore_from_a_fifo_is_refused_at_once() {
    let d = Desk::new();
    d.new_ticket("live");
    let fifo = d.dir.path().join("b.db");
    if !mkfifo(&fifo) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    refused(&d, &["db", "restore", fifo.to_str().unwrap()], 2, "FIFO");
    // Through a link to it too.
    let link = d.dir.path().join("link.db");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    refused(&d, &["db", "restore", link.to_str().unwrap()], 2, "FIFO");
    assert_eq!(common::all_titles(&d.db), vec!["live".to_string()]);
}

#[test]
fn backup_to_a_fifo_or_a_device_is_refused() {
    let d = Desk::new();
    let fifo = d.dir.path().join("out.db");
    if mkfifo(&fifo) {
        refused(
            &d,
            &["db", "backup", "--force", fifo.to_str().unwrap()],
            2,
            "FIFO",
        );
        refused(&d, &["db", "backup", fifo.to_str().unwrap()], 2, "FIFO");
    } else {
        eprintln!("skipped the FIFO: mkfifo is not available");
    }
    refused(
        &d,
        &["db", "backup", "--force", "/dev/null"],
        2,
        "character device",
    );
}

#[test]
fn backup_through_a_symlink_is_refused_and_the_desk_behind_it_untouched() {
    let d = Desk::new();
    d.new_ticket("mine");
    let other = d.dir.path().join("other.db");
    tend_at(&other).arg("init").assert().success();
    tend_at(&other)
        .args(["ticket", "new", "--title", "theirs"])
        .assert()
        .success();
    let link = d.dir.path().join("link.db");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    refused(
        &d,
        &["db", "backup", "--force", link.to_str().unwrap()],
        2,
        &format!("symbolic link to {}", other.display()),
    );
    assert_eq!(common::all_titles(&other), vec!["theirs".to_string()]);
    for suffix in ["-journal", "-wal", "-shm"] {
        for base in [&other, &link] {
            let p = format!("{}{suffix}", base.display());
            assert!(!Path::new(&p).exists(), "{p} left behind");
        }
    }
}

#[test]
fn missing_backups_and_directories_are_not_found() {
    let d = Desk::new();
    let missing = d.dir.path().join("nonexist.db");
    refused(
        &d,
        &["db", "restore", missing.to_str().unwrap()],
        4,
        &format!("no backup at {}", missing.display()),
    );
    let nodir = d.dir.path().join("nonexistdir");
    let dest = nodir.join("x.db");
    refused(
        &d,
        &["db", "backup", dest.to_str().unwrap()],
        4,
        &format!("no directory {}", nodir.display()),
    );
    // A dangling link names where it points.
    let dangling = d.dir.path().join("dangling.db");
    std::os::unix::fs::symlink(&missing, &dangling).unwrap();
    refused(
        &d,
        &["db", "restore", dangling.to_str().unwrap()],
        4,
        "which does not exist",
    );
}

#[test]
fn an_existing_destination_is_said_once() {
    let d = Desk::new();
    let dest = d.dir.path().join("there.db");
    std::fs::write(&dest, b"x").unwrap();
    let out = d
        .tend()
        .args(["db", "backup", dest.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("exists").count(), 1, "{err}");
}

#[test]
fn restore_counts_in_words() {
    let d = Desk::new();
    d.new_ticket("one");
    let backup = d.dir.path().join("b.db");
    d.ok(&["db", "backup", backup.to_str().unwrap()]);
    let out = d.ok(&["db", "restore", backup.to_str().unwrap()]);
    assert!(out.contains(": 1 ticket, 0 articles;"), "{out}");
}

/// Issue 11: each refused backup destination is one line naming the path and what to do.
#[test]
fn refused_backup_destinations_say_what_to_do() {
    let d = Desk::new();
    let nodir = d.dir.path().join("nonexistdir");
    let dest = nodir.join("x.db");
    refused(
        &d,
        &["db", "backup", dest.to_str().unwrap()],
        4,
        &format!("create it first (`mkdir -p {}`)", nodir.display()),
    );
    let file = d.dir.path().join("old.db");
    std::fs::write(&file, "x").unwrap();
    refused(
        &d,
        &["db", "backup", file.to_str().unwrap()],
        2,
        &format!(
            "{} already exists (use --force to replace it)",
            file.display()
        ),
    );
    // A directory: --force is not offered (it cannot help); a file in it is.
    let folder = d.dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    for args in [
        vec!["db", "backup", folder.to_str().unwrap()],
        vec!["db", "backup", "--force", folder.to_str().unwrap()],
    ] {
        refused(
            &d,
            &args,
            2,
            &format!(
                "name a new file in it, such as `tend db backup {}/",
                folder.display()
            ),
        );
        let out = d.tend().args(&args).output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("--force"));
    }
    let suggested = folder.join("desk-backup.db");
    d.ok(&["db", "backup", suggested.to_str().unwrap()]);
}
