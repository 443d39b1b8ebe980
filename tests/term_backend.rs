//! The app's terminal backend (`term::backend::LeanBackend`), checked the way a terminal sees
//! it: frames drawn through ratatui into bytes, the bytes fed to a VT100 emulator (the `vt100`
//! crate), and every cell of the emulated screen compared with the frame: text, wide
//! characters, colours and attributes. Frames change a little at a time, as the app's do, so
//! the diffs have the short gaps and style changes the backend is clever about. It must also
//! never write more than ratatui's stock crossterm backend for the same frames.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::{TerminalOptions, Viewport};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tend::term::backend::LeanBackend;

const TEXTS: &[&str] = &[
    "a",
    "b",
    "x",
    " ",
    "  ",
    "open",
    "opened",
    "P1",
    "Ⅱ paused",
    "● 1d8h",
    "✖ -4h",
    "中",
    "コロ",
    "aé",
    "│",
    "1d",
    "printer",
    "painter",
];

const COLORS: &[Color] = &[
    Color::Reset,
    Color::Red,
    Color::Yellow,
    Color::DarkGray,
    Color::White,
    Color::Indexed(200),
    Color::Rgb(1, 2, 3),
];

const MODIFIERS: &[Modifier] = &[
    Modifier::empty(),
    Modifier::BOLD,
    Modifier::DIM,
    Modifier::REVERSED,
    Modifier::UNDERLINED,
    Modifier::ITALIC,
    Modifier::BOLD.union(Modifier::REVERSED),
    Modifier::DIM.union(Modifier::UNDERLINED),
];

/// One edit: text at (x, y) in a style.
#[derive(Debug, Clone)]
struct Edit {
    x: u16,
    y: u16,
    text: &'static str,
    fg: usize,
    bg: usize,
    modifier: usize,
}

fn edit(w: u16, h: u16) -> impl Strategy<Value = Edit> {
    (
        0..w,
        0..h,
        0..TEXTS.len(),
        0..COLORS.len(),
        0..3usize,
        0..MODIFIERS.len(),
    )
        .prop_map(|(x, y, t, fg, bg, modifier)| Edit {
            x,
            y,
            text: TEXTS[t],
            fg,
            bg,
            modifier,
        })
}

fn apply(buf: &mut Buffer, e: &Edit) {
    let style = Style::new()
        .fg(COLORS[e.fg])
        .bg([Color::Reset, Color::Blue, Color::Indexed(17)][e.bg])
        // Exactly these attributes, not merged with the cell's (the emulator keeps bold and dim
        // apart, as some terminals do).
        .remove_modifier(Modifier::all() - MODIFIERS[e.modifier])
        .add_modifier(MODIFIERS[e.modifier]);
    let room = buf.area.width.saturating_sub(e.x);
    buf.set_stringn(e.x, e.y, e.text, usize::from(room), style);
}

fn vt_color(c: Color) -> vt100::Color {
    let named = |i| vt100::Color::Idx(i);
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(i) => named(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// The emulated screen shows exactly `frame`.
fn same_screen(screen: &vt100::Screen, frame: &Buffer) -> Result<(), String> {
    let Rect { width, height, .. } = frame.area;
    let mut skip = 0;
    for y in 0..height {
        for x in 0..width {
            let want = &frame[(x, y)];
            let got = screen
                .cell(y, x)
                .ok_or_else(|| format!("no cell at {x},{y}"))?;
            if skip > 0 {
                skip -= 1;
                if !got.is_wide_continuation() {
                    return Err(format!("{x},{y}: should be covered by a wide character"));
                }
                continue;
            }
            let text = if got.has_contents() {
                got.contents()
            } else {
                " "
            };
            let at = format!("{x},{y}");
            if text != want.symbol() {
                return Err(format!(
                    "{at}: {text:?} on screen, {:?} drawn",
                    want.symbol()
                ));
            }
            if got.is_wide() {
                skip = 1;
            }
            let m = want.modifier;
            let checks = [
                ("fg", got.fgcolor() == vt_color(want.fg)),
                ("bg", got.bgcolor() == vt_color(want.bg)),
                ("bold", got.bold() == m.contains(Modifier::BOLD)),
                ("dim", got.dim() == m.contains(Modifier::DIM)),
                ("italic", got.italic() == m.contains(Modifier::ITALIC)),
                (
                    "underline",
                    got.underline() == m.contains(Modifier::UNDERLINED),
                ),
                ("reverse", got.inverse() == m.contains(Modifier::REVERSED)),
            ];
            if let Some((what, _)) = checks.iter().find(|(_, ok)| !ok) {
                return Err(format!("{at} {text:?}: {what} differs ({want:?})"));
            }
        }
    }
    Ok(())
}

/// Counts and keeps what the stock backend writes.
#[derive(Clone)]
struct Tee(Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Tee {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::Relaxed);
        if let Ok(mut kept) = self.1.lock() {
            kept.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Two emulated screens show the same thing, cell by cell.
fn same_as(lean: &vt100::Screen, stock: &vt100::Screen, w: u16, h: u16) -> Result<(), String> {
    for y in 0..h {
        for x in 0..w {
            let (a, b) = (lean.cell(y, x), stock.cell(y, x));
            let key = |c: Option<&vt100::Cell>| {
                c.map(|c| {
                    (
                        // A never-written cell and a written space look the same.
                        if c.has_contents() { c.contents() } else { " " }.to_string(),
                        c.is_wide(),
                        c.is_wide_continuation(),
                        c.fgcolor(),
                        c.bgcolor(),
                        (c.bold(), c.dim(), c.italic(), c.underline(), c.inverse()),
                    )
                })
            };
            if key(a) != key(b) {
                return Err(format!(
                    "{x},{y}: {:?} here, {:?} from crossterm",
                    key(a),
                    key(b)
                ));
            }
        }
    }
    Ok(())
}

fn terminal<B: ratatui::backend::Backend>(backend: B, w: u16, h: u16) -> Terminal<B> {
    let viewport = Viewport::Fixed(Rect::new(0, 0, w, h));
    Terminal::with_options(backend, TerminalOptions { viewport })
        .unwrap_or_else(|_| panic!("a terminal"))
}

fn show<B: ratatui::backend::Backend>(t: &mut Terminal<B>, frame: &Buffer) {
    let drawn = t.draw(|f| {
        f.buffer_mut().clone_from(frame);
    });
    assert!(drawn.is_ok(), "draw failed");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_screen_shows_every_frame_exactly_and_costs_no_more_than_crossterm(
        (w, h, frames) in (4u16..24, 1u16..5).prop_flat_map(|(w, h)| {
            (Just(w), Just(h), prop::collection::vec(prop::collection::vec(edit(w, h), 1..25), 1..8))
        })
    ) {
        let mut lean = terminal(LeanBackend::on_blank_screen(Vec::<u8>::new()), w, h);
        let stock_bytes = Arc::new(AtomicUsize::new(0));
        let stock_out = Tee(stock_bytes.clone(), Arc::new(std::sync::Mutex::new(Vec::new())));
        let mut stock = terminal(CrosstermBackend::new(stock_out.clone()), w, h);
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        let mut vt = vt100::Parser::new(size(h), size(w), 0);
        let mut stock_vt = vt100::Parser::new(size(h), size(w), 0);
        let mut stock_all = Vec::new();
        let wide = frames.iter().flatten().any(|e| e.text.chars().any(|c| c == '中' || c == 'コ'));
        let mut frame = Buffer::empty(Rect::new(0, 0, w, h));
        let (mut lean_seen, mut stock_seen) = (0, 0);
        for edits in &frames {
            for e in edits {
                apply(&mut frame, e);
            }
            show(&mut lean, &frame);
            show(&mut stock, &frame);
            let bytes = lean.backend().writer();
            vt.process(&bytes[lean_seen..]);
            let lean_len = bytes.len() - lean_seen;
            let stock_len = stock_bytes.load(Ordering::Relaxed) - stock_seen;
            lean_seen = bytes.len();
            stock_seen += stock_len;
            if let Ok(mut out) = stock_out.1.lock() {
                stock_vt.process(&out);
                stock_all.append(&mut out);
            }
            // What ratatui's stock backend would have shown (the same, wide characters half
            // overwritten included), and where there are none, exactly the frame.
            let check = same_as(vt.screen(), stock_vt.screen(), w, h)
                .and_then(|()| if wide { Ok(()) } else { same_screen(vt.screen(), &frame) });
            if let Err(e) = check {
                prop_assert!(
                    false,
                    "{e}\nbytes: {:?}\ncrossterm: {:?}",
                    String::from_utf8_lossy(&bytes[..]),
                    String::from_utf8_lossy(&stock_all)
                );
            }
            prop_assert!(lean_len <= stock_len, "{lean_len} bytes, crossterm wrote {stock_len}");
            // Every frame leaves the terminal's attributes plain (the shell gets them back so).
            prop_assert_eq!(vt.screen().attributes_formatted(), "\x1b[m");
        }
    }
}

/// The byte stream for a small change, spelled out: one column jump, a gap of unchanged
/// cells re-printed rather than jumped over, colours in their short forms, one reset.
#[test]
fn a_small_change_is_a_few_bytes() {
    let mut t = terminal(LeanBackend::on_blank_screen(Vec::<u8>::new()), 30, 2);
    let mut frame = Buffer::empty(Rect::new(0, 0, 30, 2));
    frame.set_string(0, 0, "P2 printer jammed", Style::new());
    frame.set_string(0, 1, "x", Style::new().fg(Color::DarkGray));
    show(&mut t, &frame);
    let first = t.backend().writer().len();
    frame.set_string(3, 0, "painted", Style::new());
    frame.set_string(
        0,
        1,
        "y",
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    );
    show(&mut t, &frame);
    let second = String::from_utf8_lossy(&t.backend().writer()[first..]).into_owned();
    // "printer" -> "painted": columns 5 and 10 change. "inte" between them is re-printed (4
    // bytes) rather than jumped over (`ESC[10G`, 5 bytes).
    assert_eq!(second, "\x1b[1;5Hainted\x1b[2H\x1b[1;31my\x1b[0m\x1b[?25l");
}
