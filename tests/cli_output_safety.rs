//! What leaves tend for files, pipes and the clipboard is safe: CSV carries no escape sequence
//! and no spreadsheet formula, JSON (every --json and `tend export`) escapes C1 controls, bidi
//! and invisible characters as \uXXXX and still round-trips, and `y` copies plain text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tui_support;

use common::Desk;

const EVIL: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}6n\u{85}\u{202e}\u{2066}\u{200b}\u{7f}";

/// Characters that must never appear raw in output: controls other than newline, C1, bidi,
/// zero-width.
fn raw_unsafe(out: &str) -> Vec<char> {
    out.chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || ('\u{80}'..='\u{9f}').contains(c)
                || ('\u{202a}'..='\u{202e}').contains(c)
                || ('\u{2066}'..='\u{2069}').contains(c)
                || "\u{200b}\u{200e}\u{200f}\u{061c}\u{feff}".contains(*c)
        })
        .collect()
}

fn hostile_desk() -> (Desk, String) {
    let d = Desk::new();
    let id = d.ok(&[
        "ticket",
        "new",
        "--title",
        &format!("=HYPERLINK(\"http://x\"){EVIL}"),
        "--requester",
        "@SUM(1+1)",
        "--group=-2+3",
        "--service",
        "+cmd",
        "--body",
        &format!("body{EVIL}\nline"),
    ]);
    let id = id.trim().to_string();
    d.ok(&["ticket", "reply", &id, "--body", &format!("reply{EVIL}")]);
    (d, id)
}

#[test]
fn csv_to_a_pipe_is_sanitised_and_formulas_are_neutralised() {
    let (d, _) = hostile_desk();
    let out = d.ok(&["ticket", "list", "--csv"]);
    assert!(raw_unsafe(&out).is_empty(), "{:?}", raw_unsafe(&out));
    let row = out.lines().nth(1).unwrap();
    assert!(
        row.contains("\"'=HYPERLINK(\"\"http://x\"\")␛]52;c;"),
        "{row}"
    );
    for cell in ["\"'@SUM(1+1)\"", "\"'-2+3\"", "\"'+cmd\""] {
        assert!(row.contains(cell), "{cell} not in {row}");
    }
    // No cell a spreadsheet would evaluate: none starts with = + - @ once quotes are removed.
    for cell in row.split(',') {
        let c = cell.trim_start_matches('"');
        assert!(!c.starts_with(['=', '+', '-', '@']), "{cell} in {row}");
    }
}

#[test]
fn json_escapes_c1_and_bidi_and_still_decodes_to_the_same_text() {
    let (d, id) = hostile_desk();
    for args in [
        vec!["ticket", "show", id.as_str(), "--json"],
        vec!["ticket", "list", "--json"],
        vec!["sla", "explain", id.as_str(), "--json"],
    ] {
        let out = d.ok(&args);
        assert!(
            raw_unsafe(&out).is_empty(),
            "{args:?} printed {:?}",
            raw_unsafe(&out)
        );
    }
    let out = d.ok(&["ticket", "show", &id, "--json"]);
    assert!(out.contains("\\u009b") && out.contains("\\u202e"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["title"].as_str().unwrap(),
        format!("=HYPERLINK(\"http://x\"){EVIL}")
    );
}

#[test]
fn export_escapes_and_round_trips_exactly() {
    let (d, _) = hostile_desk();
    let first = d.ok(&["export"]);
    assert!(raw_unsafe(&first).is_empty(), "{:?}", raw_unsafe(&first));
    let file = d.dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let other = d.dir.path().join("other.db");
    common::tend_at(&other)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success();
    let again = common::tend_at(&other).arg("export").output().unwrap();
    let again = String::from_utf8(again.stdout).unwrap();
    let body = |s: &str| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        // The importing desk records the import itself; the rest must be what was exported.
        for t in v["tickets"].as_array_mut().unwrap() {
            t["history"]
                .as_array_mut()
                .unwrap()
                .retain(|h| h["field"] != "imported");
        }
        v
    };
    assert_eq!(body(&first), body(&again));
    let v = body(&again);
    let title = v["tickets"][0]["title"].as_str().unwrap();
    assert!(title.ends_with(EVIL), "{title:?}");
}

#[test]
fn copy_puts_plain_text_on_the_clipboard() {
    let (_d, path) = tui_support::desk();
    let mut h = tui_support::app(&path, "alice", (120, 40));
    // Ticket 8's title carries an OSC 52 and a clear-screen sequence.
    h.press(":");
    h.type_text("#8");
    h.press("<Enter> y");
    let copied = h.clipboard.last().cloned().unwrap_or_default();
    assert_eq!(copied, "#8 Title with  an escape  inside");
}
