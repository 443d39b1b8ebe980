//! Every pane rendered at 120x40 and 80x24 (and the too-small screen) from a fixed desk at a
//! fixed time, compared with the snapshots in tests/snapshots/.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tend::app::Msg;
use tend::runtime::harness::Harness;
use tend::ui::theme::Theme;

fn at(size: (u16, u16)) -> (tempfile::TempDir, Harness) {
    let (dir, path) = tui_support::desk();
    let h = tui_support::app(&path, "alice", size);
    (dir, h)
}

fn shot(name: &str, h: &Harness) {
    insta::assert_snapshot!(name, h.screen());
}

#[test]
fn queue() {
    for size in [(120, 40), (80, 24)] {
        let (_d, mut h) = at(size);
        // "All open", cursor on the third row, one ticket picked for a bulk action.
        h.press("] ] ] j <Space>");
        shot(&format!("queue_{}x{}", size.0, size.1), &h);
    }
}

#[test]
fn queue_with_a_bad_query() {
    let (_d, mut h) = at((80, 24));
    h.press("/");
    h.type_text("status:open colour:red");
    shot("queue_bad_query_80x24", &h);
}

#[test]
fn queue_refined_with_slash() {
    let (_d, mut h) = at((80, 24));
    // Typing: the line names the view it refines, the bottom line the whole query.
    h.press("/");
    h.type_text("vpn dr");
    shot("queue_refining_80x24", &h);
    // Kept: the view's terms dim, then the refinement's; the tab says it is filtered.
    h.press("<Enter>");
    shot("queue_refined_80x24", &h);
}

#[test]
fn detail() {
    for size in [(120, 40), (80, 24)] {
        let (_d, mut h) = at(size);
        // Ticket #1 has the conversation, a link and an article.
        h.press("] ] ]");
        h.press("G");
        while h.model.queue.current().map(|r| r.id) != Some(1) {
            h.press("k");
        }
        h.press("<Enter>");
        shot(&format!("detail_{}x{}", size.0, size.1), &h);
        h.press("<C-d>");
        shot(&format!("detail_scrolled_{}x{}", size.0, size.1), &h);
    }
}

#[test]
fn sla_timers() {
    for size in [(120, 40), (80, 24)] {
        let (_d, mut h) = at(size);
        h.press("3");
        shot(&format!("sla_{}x{}", size.0, size.1), &h);
    }
}

#[test]
fn knowledge_base() {
    for size in [(120, 40), (80, 24)] {
        let (_d, mut h) = at(size);
        h.press("4");
        shot(&format!("kb_{}x{}", size.0, size.1), &h);
        h.press("/");
        h.type_text("vpn");
        h.press("<Enter> <Enter>");
        shot(&format!("kb_reader_{}x{}", size.0, size.1), &h);
    }
}

#[test]
fn help_and_palette() {
    let (_d, mut h) = at((80, 24));
    h.press("?");
    shot("help_80x24", &h);
    h.press("<Esc> :");
    h.type_text("assi");
    shot("palette_80x24", &h);
}

#[test]
fn too_small() {
    let (_d, mut h) = at((120, 40));
    h.send(Msg::Resize(60, 20));
    shot("too_small_60x20", &h);
    assert!(h.screen().contains("terminal too small"));
}

#[test]
fn no_color_means_no_colour() {
    let (_d, mut h) = at((120, 40));
    h.press("] ] ] <Enter>");
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| tend::ui::draw(f, &h.model, &Theme::new(false)))
        .unwrap();
    for cell in term.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
    }
    // And with colour, only the 16 ANSI colours.
    term.draw(|f| tend::ui::draw(f, &h.model, &Theme::new(true)))
        .unwrap();
    for cell in term.backend().buffer().content() {
        for c in [cell.fg, cell.bg] {
            assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
        }
    }
}

/// What the screens will show once the SLA engine feeds `runtime::sla_feed` (here the view
/// types are filled by hand): symbols as well as colours, and a clock only while one runs.
#[test]
fn sla_data_when_there_is_some() {
    use chrono::Duration;
    use tend::app::sla::{SlaBadge, SlaState, SlaTimer, TimeBasis};
    let (_d, mut h) = at((120, 40));
    let now = h.model.now;
    // Priority 1 counts wall-clock time (24x7, days of 24 hours); the rest business time.
    let badge = |target: &str, state, left: Option<i64>, basis| SlaBadge {
        target: target.into(),
        due_at: left.map(|l| now + Duration::seconds(l)),
        state,
        remaining_secs: left,
        as_of: now,
        basis,
        warn_at: None,
        working: None,
    };
    let (wall, biz) = (TimeBasis::Wall, TimeBasis::Business);
    let timers = [
        (
            1,
            "VPN drops every 10 minutes",
            1,
            badge("resolution", SlaState::Breached, Some(-4200), wall),
        ),
        (
            4,
            "Recurring VPN disconnects",
            2,
            badge("response", SlaState::AtRisk, Some(900), biz),
        ),
        (
            9,
            "Wi-Fi slow in meeting room Elbe",
            3,
            badge("resolution", SlaState::Running, Some(3 * 3600 + 300), biz),
        ),
        (
            5,
            "Email delivery delayed",
            2,
            badge("resolution", SlaState::Paused, Some(7200), biz),
        ),
    ];
    let pane_timers: Vec<SlaTimer> = timers
        .iter()
        .map(|(id, title, p, b)| SlaTimer {
            ticket_id: *id,
            title: (*title).into(),
            priority: *p,
            badge: b.clone(),
        })
        .collect();
    for row in h.model.queue.rows.iter_mut() {
        row.sla = timers.iter().find(|t| t.0 == row.id).map(|t| t.3.clone());
    }
    assert!(h.model.needs_tick(), "running clocks on screen tick");
    shot("queue_with_sla_120x40", &h);
    // (The feed is still empty, so fill the pane after it loaded.)
    h.press("3");
    h.model.sla.timers = pane_timers;
    h.model.sla.loaded = true;
    assert!(h.model.needs_tick());
    shot("sla_with_timers_120x40", &h);
    // A minute later the running clocks have counted down.
    h.send(Msg::Tick(now + Duration::seconds(60)));
    let screen = h.screen();
    assert!(
        screen.contains("14m biz") && screen.contains("1h11m over"),
        "{screen}"
    );
    // Nothing counting on screen: no ticks.
    h.press("4");
    assert!(!h.model.needs_tick());
}

#[test]
fn conflict_and_menus() {
    use tend::domain::ticket::TicketPatch;
    let (dir, path) = tui_support::desk();
    let mut h = tui_support::app(&path, "alice", (80, 24));
    h.press("s");
    shot("status_menu_80x24", &h);
    h.press("<Esc>");
    let (mut bob, _) = tui_support::open(&path, "bob");
    bob.update_ticket(
        1,
        &TicketPatch {
            assignee: Some(Some("bob".into())),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    h.press("A");
    shot("conflict_80x24", &h);
    drop(dir);
}
