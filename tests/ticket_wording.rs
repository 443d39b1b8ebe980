//! One ticket says the same things in the same words in `tend ticket show` and in the app's
//! detail pane: labels, the priority line, links, the conversation's heading, history lines.
//! (Each lays them out its own way: widths, columns, how dates are written.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

/// Whether some line has `label`, then blanks, then `value`.
fn labelled(text: &str, label: &str, value: &str) -> bool {
    text.lines().any(|l| {
        l.match_indices(label).any(|(i, _)| {
            let rest = &l[i + label.len()..];
            rest.starts_with(' ') && rest.trim_start().starts_with(value)
        })
    })
}

#[test]
fn ticket_show_and_the_detail_pane_word_a_ticket_alike() {
    let (_dir, path) = tui_support::desk();
    let out = assert_cmd::Command::cargo_bin("tend")
        .unwrap()
        .args(["--db", path.to_str().unwrap(), "ticket", "show", "1"])
        .env("TEND_USER", "alice")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli = String::from_utf8(out.stdout).unwrap();

    let mut h = tui_support::app(&path, "alice", (120, 40));
    h.press("] ] ]");
    h.press("G");
    while h.model.queue.current().map(|r| r.id) != Some(1) {
        h.press("k");
    }
    h.press("<Enter>");
    let data = h.model.detail.data.as_ref().expect("the detail loaded");
    // The whole pane, wide enough that nothing is cut or folded.
    let pane: String =
        tend::app::long_text::detail_doc(data, tui_support::now(), 200, &h.model.keymap)
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");

    for text in [&cli, &pane] {
        for phrase in [
            "#1 VPN drops every 10 minutes for the Hamburg office",
            "P1 critical · impact high · urgency high",
            "Conversation (1 reply, 1 internal note)",
            "caused by #4",
            "carol  status: - → new",
            "alice  assignee: - → alice",
            "KB-1",
        ] {
            assert!(text.contains(phrase), "{phrase:?} missing from:\n{text}");
        }
        for (label, value) in [
            ("Requester", "j.meyer"),
            ("Assignee", "alice"),
            ("Group", "network"),
            ("Service", "-"),
            ("Tags", "vpn"),
            ("Version", "2"),
        ] {
            assert!(
                labelled(text, label, value),
                "{label} {value} missing from:\n{text}"
            );
        }
        for heading in ["SLA", "Description", "Links", "Articles", "History"] {
            assert!(
                text.lines().any(|l| l == heading),
                "no {heading} heading in:\n{text}"
            );
        }
    }
}
