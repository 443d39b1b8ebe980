//! Emoji and other text whose width terminals and ratatui could count differently (a skin-tone
//! modifier, a variation selector, a keycap, tag characters) must take the same cells on the
//! emulated terminal as in ratatui's frame, before and after it scrolls away; otherwise stray
//! cells survive redraws.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tend::domain::ticket::{Level, NewTicket};
use tend::term::backend::LeanBackend;
use tend::ui::theme::Theme;

const TRICKY: &[&str] = &[
    "👍🏽 thumbs",
    "❤️ heart",
    "1️⃣ keycap",
    "🇩🇪 flag",
    "e\u{301} accent",
    "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} tags",
    "👩🏿‍💻 coder",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦 family",
    "می\u{200c}خواهم persian",
    "☝🏻 up",
    "नमस्ते hindi",
    "ที่นี่ thai",
    "한국어 ᄒᆞᆫ jamo",
];

/// Every row of the emulated screen shows what the frame has there, at the same columns: the
/// frame's row text (a wide cluster's covered cells skipped) equals the screen's. (Clusters
/// the terminal keeps in two cells, such as a Devanagari conjunct, still compare equal as
/// text; a stale cell or a shifted column does not.)
fn check(screen: &vt100::Screen, frame: &Buffer, when: &str) {
    let Rect { width, height, .. } = frame.area;
    let rows: Vec<String> = screen.rows(0, width).collect();
    for y in 0..height {
        let mut want = String::new();
        let mut x = 0;
        while x < width {
            let sym = frame[(x, y)].symbol();
            want.push_str(sym);
            x += (unicode_width::UnicodeWidthStr::width(sym) as u16).max(1);
        }
        let got = &rows[usize::from(y)];
        assert_eq!(
            got.trim_end(),
            want.trim_end(),
            "{when}: row {y}\nscreen:\n{}",
            screen.contents()
        );
    }
}

#[test]
fn tricky_widths_leave_no_stray_cells() {
    let (_d, path) = tui_support::desk();
    let id = {
        let (mut s, _) = tui_support::open(&path, "alice");
        let mut n = NewTicket::new(format!("Wide {}", TRICKY.join(" ")));
        n.impact = Level::High;
        n.urgency = Level::High;
        n.assignee = Some("alice".into());
        n.description = TRICKY.join("\n");
        s.create_ticket(n).unwrap().id
    };
    let (w, h) = (100u16, 30u16);
    let mut app = tui_support::app(&path, "alice", (w, h));
    let mut term = Terminal::with_options(
        LeanBackend::on_blank_screen(Vec::<u8>::new()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    let mut vt = vt100::Parser::new(
        std::num::NonZeroU16::new(h).unwrap(),
        std::num::NonZeroU16::new(w).unwrap(),
        0,
    );
    let theme = Theme::new(true);
    let mut seen = 0;
    let mut draw = |app: &tend::runtime::harness::Harness, when: &str| {
        let frame = term
            .draw(|f| tend::ui::draw(f, &app.model, &theme))
            .unwrap()
            .buffer
            .clone();
        let bytes = term.backend().writer();
        vt.process(&bytes[seen..]);
        seen = bytes.len();
        check(vt.screen(), &frame, when);
    };
    draw(&app, "the queue");
    app.press(":");
    app.type_text(&format!("#{id}"));
    app.press("<Enter>");
    assert_eq!(app.model.detail.id, Some(id));
    draw(&app, "the wide ticket open");
    // Another ticket in the same cells: nothing of the wide text may stay behind.
    app.press(":");
    app.type_text("#1");
    app.press("<Enter>");
    draw(&app, "another ticket");
    app.press(":");
    app.type_text(&format!("#{id}"));
    app.press("<Enter>");
    draw(&app, "back again");
    app.press("1");
    draw(&app, "the queue again");
}
