//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod agent;
pub mod schema8;
pub mod tools;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary directory with a database path in it.
pub struct Desk {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Desk {
    /// A new, initialised database.
    pub fn new() -> Desk {
        let d = Desk::uninitialised();
        d.tend().arg("init").assert().success();
        d
    }

    pub fn uninitialised() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        Desk { dir, db }
    }

    /// `tend` against this desk, as agent `alice`.
    pub fn tend(&self) -> Command {
        tend_at(&self.db)
    }

    /// Runs `tend ARGS` and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.tend().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "tend {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `tend ARGS --json` and parses the output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all: Vec<&str> = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Opens a ticket and returns its id.
    pub fn new_ticket(&self, title: &str) -> i64 {
        self.ok(&["ticket", "new", "--title", title])
            .trim()
            .parse()
            .unwrap()
    }
}

pub fn tend_at(db: &Path) -> Command {
    let mut c = Command::cargo_bin("tend").unwrap();
    c.env("TEND_DB", db)
        .env("TEND_USER", "alice")
        .env("COLUMNS", "100");
    c
}

/// The path of the built `tend` binary, for tests that spawn several at once.
pub fn tend_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("tend")
}

/// Every ticket's title in the desk at `db`, newest first (`ticket list --status all`).
pub fn all_titles(db: &Path) -> Vec<String> {
    let out = tend_at(db)
        .args([
            "ticket", "list", "--status", "all", "--limit", "0", "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

/// Whether `tend db check` passes every item on the desk at `db`.
pub fn checks_clean(db: &Path) -> bool {
    let out = tend_at(db)
        .args(["db", "check", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    out.status.success()
        && report["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["ok"] == true)
}
