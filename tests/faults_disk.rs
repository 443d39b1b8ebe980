//! A full disk, damaged files, and a database deleted or replaced under a running process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A small tmpfs, unmounted when dropped. `None` where mounting is not allowed.
struct SmallDisk {
    _dir: tempfile::TempDir,
    mnt: PathBuf,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let root = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let dir = tempfile::tempdir().ok()?;
        let mnt = dir.path().join("mnt");
        std::fs::create_dir(&mnt).ok()?;
        let ok = root
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(&mnt)
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: mounting a small filesystem needs root");
            return None;
        }
        Some(SmallDisk { _dir: dir, mnt })
    }

    fn resize(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.mnt)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mnt).status();
    }
}

#[test]
fn a_full_disk_is_one_clear_error_and_the_database_stays_consistent() {
    let Some(disk) = SmallDisk::mount("1m") else {
        return;
    };
    let db = disk.mnt.join("desk.db");
    common::tend_at(&db).arg("init").assert().success();
    let body = "x".repeat(60_000);
    let mut saved = 0;
    let mut failure = None;
    for i in 0..100 {
        let out = common::tend_at(&db)
            .args([
                "ticket",
                "new",
                "--title",
                &format!("t{i}"),
                "--body",
                &body,
            ])
            .output()
            .unwrap();
        if out.status.success() {
            saved += 1;
        } else {
            failure = Some((
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).to_string(),
            ));
            break;
        }
    }
    let (code, err) = failure.expect("the disk filled up");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("disk is full") && err.contains("nothing was saved"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(saved > 3);

    // Everything acknowledged is there; nothing half-written.
    let list = common::tend_at(&db)
        .args(["ticket", "list", "--limit", "0", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), saved);
    // With room again, work goes on and the file checks clean.
    disk.resize("8m");
    common::tend_at(&db)
        .args(["ticket", "new", "--title", "after"])
        .assert()
        .success();
    common::tend_at(&db)
        .args(["db", "check"])
        .assert()
        .success();
}

fn damage(db: &Path, at: u64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn truncated_and_corrupted_files_are_reported_not_trusted() {
    let d = Desk::uninitialised();
    d.tend().args(["init", "--demo"]).assert().success();
    let len = std::fs::metadata(&d.db).unwrap().len();

    // Corrupted pages in the middle: db check says so (exit 1), nothing panics.
    let copy = d.dir.path().join("corrupt.db");
    std::fs::copy(&d.db, &copy).unwrap();
    damage(&copy, len / 2, &vec![0xA5; 8192]);
    let out = common::tend_at(&copy)
        .args(["db", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("BAD") || text.contains("damaged"), "{text}");
    assert!(!text.contains("panicked"));
    for args in [
        vec!["ticket", "list", "--status", "all", "--limit", "0"],
        vec!["kb", "list"],
        vec!["export"],
    ] {
        let out = common::tend_at(&copy).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        if !out.status.success() {
            assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        }
    }

    // Truncated to half: refused or reported, never a panic.
    let cut = d.dir.path().join("cut.db");
    std::fs::copy(&d.db, &cut).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&cut)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let out = common::tend_at(&cut)
        .args(["ticket", "list", "--status", "all", "--limit", "0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let out = common::tend_at(&cut)
        .args(["db", "check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A damaged header: not a tend database.
    let head = d.dir.path().join("head.db");
    std::fs::copy(&d.db, &head).unwrap();
    damage(&head, 0, b"NOT SQLITE AT ALL");
    common::tend_at(&head)
        .args(["ticket", "list"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a tend database"));
}

#[test]
fn a_running_process_notices_its_file_deleted_or_replaced() {
    use tend::store::{Actor, FileState, OpenOptions, Store};
    let d = Desk::new();
    let open = || {
        Store::open(OpenOptions {
            path: d.db.clone(),
            create: false,
            actor: Actor::current(Some("t")),
        })
        .unwrap()
        .0
    };
    let store = open();
    assert_eq!(store.file_state(), FileState::Same);
    let backup = d.dir.path().join("backup.db");
    store.backup(&backup, false).unwrap();
    std::fs::rename(&backup, &d.db).unwrap();
    assert_eq!(store.file_state(), FileState::Replaced);
    std::fs::remove_file(&d.db).unwrap();
    assert_eq!(store.file_state(), FileState::Deleted);
}
