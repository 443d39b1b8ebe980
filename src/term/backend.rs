//! A ratatui backend that writes few bytes per frame, for slow links (SSH from a phone, a
//! serial console, a terminal multiplexer over a VPN).
//!
//! ratatui diffs each frame against the last and hands the backend only the cells that
//! changed. How those cells reach the terminal is the backend's business, and the stock
//! crossterm one spends most of its bytes on the way rather than on the text: an absolute
//! jump (`ESC[row;colH`) before every run of changed cells, however short the gap; a
//! 256-colour form (`ESC[38;5;8;49m`) for each of the 16 ANSI colours and a second sequence for
//! attributes; and four resets after every frame. This one:
//! - remembers what is on the screen, and re-prints a short gap of unchanged cells when that
//!   is cheaper than jumping over it (only cells already in the current colours, so no
//!   colour change is ever added);
//! - jumps within a row by column only (`ESC[colG`), and to column 1 without naming it;
//! - writes each change of colours and attributes as one sequence, in the shorter of the
//!   incremental form and the reset-then-set form, with the 16 colours' own short codes;
//! - resets the attributes once after a frame, and only when they are not plain already;
//! - sends each frame to the terminal in one write.
//!
//! What it assumes is what ratatui's own buffers assume: the screen holds what was drawn, a
//! cell of display width 1 moves the cursor one column, and a clear leaves blank cells.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

pub struct LeanBackend<W: Write> {
    out: W,
    /// Bytes of the frame being written; sent in one write by `flush`.
    buf: Vec<u8>,
    screen: Shadow,
}

impl<W: Write> LeanBackend<W> {
    /// A backend for a screen whose contents are not known (nothing is re-printed from memory
    /// until drawn).
    pub fn new(out: W) -> LeanBackend<W> {
        LeanBackend {
            out,
            buf: Vec::with_capacity(16 * 1024),
            screen: Shadow::unknown(),
        }
    }

    /// A backend for a screen that has just been cleared.
    pub fn on_blank_screen(out: W) -> LeanBackend<W> {
        let mut b = LeanBackend::new(out);
        b.screen = Shadow::blank();
        b
    }

    /// Writes bytes the screen model does not know about (an OSC 52 copy, say) and flushes.
    /// They must not change what the screen shows.
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(bytes);
        Backend::flush(self)
    }

    pub fn writer(&self) -> &W {
        &self.out
    }

    fn jump(&mut self, x: u16, y: u16) {
        if x == 0 {
            let _ = write!(self.buf, "\x1b[{}H", u32::from(y) + 1);
        } else {
            let _ = write!(self.buf, "\x1b[{};{}H", u32::from(y) + 1, u32::from(x) + 1);
        }
    }

    /// Re-prints the unchanged cells `from..to` of row `y` if they are all known, one column
    /// wide, in exactly the colours `pen` writes, and cost fewer bytes than a column jump.
    fn fill_gap(&mut self, from: u16, to: u16, y: u16, pen: &Pen) -> bool {
        let jump = 3 + digits(u32::from(to) + 1);
        let mut bytes = 0;
        for x in from..to {
            match self.screen.get(x, y) {
                Some(c)
                    if c.diff_option == CellDiffOption::None
                        && Pen::of(c) == *pen
                        && c.symbol().width() == 1 =>
                {
                    bytes += c.symbol().len();
                    if bytes >= jump {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        for x in from..to {
            if let Some(c) = self.screen.get(x, y) {
                self.buf.extend_from_slice(c.symbol().as_bytes());
            }
        }
        true
    }
}

fn digits(mut n: u32) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Columns a cell takes on the screen.
fn width(c: &Cell) -> u16 {
    match c.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get(),
        _ => u16::try_from(c.symbol().width()).unwrap_or(u16::MAX),
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The attributes in force (plain at the start of every frame: each frame ends plain),
        // and where the next character will land, when that is known.
        let mut pen = Pen::default();
        let mut at: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            match at {
                Some((ax, ay)) if ay == y && ax == x => {}
                Some((ax, ay)) if ay == y && ax < x => {
                    if !self.fill_gap(ax, x, y, &pen) {
                        let _ = write!(self.buf, "\x1b[{}G", u32::from(x) + 1);
                    }
                }
                _ => self.jump(x, y),
            }
            let next = Pen::of(cell);
            if next != pen {
                next.write_change_from(&pen, &mut self.buf);
                pen = next;
            }
            self.buf.extend_from_slice(cell.symbol().as_bytes());
            let w = width(cell);
            self.screen.printed(x, y, w, cell);
            // After a wide or empty symbol the terminal's cursor is not reliably at x + 1.
            at = (w == 1).then(|| (x.saturating_add(1), y));
        }
        if pen != Pen::default() {
            self.buf.extend_from_slice(b"\x1b[0m");
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        for _ in 0..n {
            self.buf.push(b'\n');
        }
        self.screen = Shadow::unknown();
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b"\x1b[?25l");
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b"\x1b[?25h");
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Backend::flush(self)?;
        let (x, y) = crossterm::cursor::position()?;
        Ok(Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.jump(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.buf.extend_from_slice(seq);
        // Where the cursor is for the partial clears is not tracked: forget the screen.
        self.screen = match clear_type {
            ClearType::All => Shadow::blank(),
            _ => Shadow::unknown(),
        };
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = crossterm::terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            let result = self.out.write_all(&self.buf);
            self.buf.clear();
            result?;
        }
        self.out.flush()
    }
}

/// What the screen shows, as far as this backend knows: `None` for a cell it cannot vouch
/// for. Cells past the rows and columns held are blank or unknown as `rest_blank` says.
struct Shadow {
    rows: Vec<Vec<Option<Cell>>>,
    rest_blank: bool,
}

const BLANK: Cell = Cell::EMPTY;

impl Shadow {
    fn unknown() -> Shadow {
        Shadow {
            rows: Vec::new(),
            rest_blank: false,
        }
    }

    fn blank() -> Shadow {
        Shadow {
            rows: Vec::new(),
            rest_blank: true,
        }
    }

    fn get(&self, x: u16, y: u16) -> Option<&Cell> {
        match self.rows.get(usize::from(y)).map(|r| r.get(usize::from(x))) {
            Some(Some(known)) => known.as_ref(),
            _ => self.rest_blank.then_some(&BLANK),
        }
    }

    fn set(&mut self, x: u16, y: u16, cell: Option<Cell>) {
        let fill = self.rest_blank.then_some(BLANK);
        let (x, y) = (usize::from(x), usize::from(y));
        if self.rows.len() <= y {
            self.rows.resize(y + 1, Vec::new());
        }
        let row = &mut self.rows[y];
        if row.len() <= x {
            row.resize(x + 1, fill);
        }
        row[x] = cell;
    }

    /// `cell`, `width` columns wide, was printed at (x, y).
    fn printed(&mut self, x: u16, y: u16, columns: u16, cell: &Cell) {
        // A wide character to the left that this overwrote half of is gone on most terminals.
        if x > 0 && self.get(x - 1, y).is_some_and(|c| width(c) > 1) {
            self.set(x - 1, y, None);
        }
        self.set(x, y, Some(cell.clone()));
        // The columns a wide character covers show nothing this backend could re-print.
        for i in 1..columns {
            self.set(x.saturating_add(i), y, None);
        }
    }
}

/// The colours and attributes a cell is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

/// Attributes in SGR order with their codes; intensity (bold, dim) and blink share an "off".
const ATTRS: &[(Modifier, u8, u8)] = &[
    (Modifier::BOLD, 1, 22),
    (Modifier::DIM, 2, 22),
    (Modifier::ITALIC, 3, 23),
    (Modifier::UNDERLINED, 4, 24),
    (Modifier::SLOW_BLINK, 5, 25),
    (Modifier::RAPID_BLINK, 6, 25),
    (Modifier::REVERSED, 7, 27),
    (Modifier::HIDDEN, 8, 28),
    (Modifier::CROSSED_OUT, 9, 29),
];

impl Pen {
    fn of(c: &Cell) -> Pen {
        Pen {
            fg: c.fg,
            bg: c.bg,
            underline: c.underline_color,
            modifier: c.modifier,
        }
    }

    /// One SGR sequence that turns `from` into `self`: the incremental form or the
    /// reset-then-set form, whichever is shorter.
    fn write_change_from(&self, from: &Pen, out: &mut Vec<u8>) {
        let mut step = Params::default();
        let removed = from.modifier - self.modifier;
        let mut added = self.modifier - from.modifier;
        let mut offs: Vec<u8> = Vec::new();
        for &(m, _, off) in ATTRS {
            if removed.contains(m) && !offs.contains(&off) {
                offs.push(off);
                // The shared "off" also ends the other attribute of the pair: set it again.
                added |= self.modifier
                    & match off {
                        22 => Modifier::BOLD | Modifier::DIM,
                        25 => Modifier::SLOW_BLINK | Modifier::RAPID_BLINK,
                        _ => Modifier::empty(),
                    };
            }
        }
        for off in offs {
            step.num(u32::from(off));
        }
        step.attrs(added);
        if self.fg != from.fg {
            step.color(self.fg, Layer::Fg);
        }
        if self.bg != from.bg {
            step.color(self.bg, Layer::Bg);
        }
        if self.underline != from.underline {
            step.color(self.underline, Layer::Underline);
        }

        let mut reset = Params::default();
        reset.num(0);
        reset.attrs(self.modifier);
        for (c, layer) in [
            (self.fg, Layer::Fg),
            (self.bg, Layer::Bg),
            (self.underline, Layer::Underline),
        ] {
            if c != Color::Reset {
                reset.color(c, layer);
            }
        }

        let best = if reset.0.len() < step.0.len() {
            reset
        } else {
            step
        };
        if !best.0.is_empty() {
            out.extend_from_slice(b"\x1b[");
            out.extend_from_slice(&best.0);
            out.push(b'm');
        }
    }
}

#[derive(Clone, Copy)]
enum Layer {
    Fg,
    Bg,
    Underline,
}

/// SGR parameters, `;`-separated.
#[derive(Default)]
struct Params(Vec<u8>);

impl Params {
    fn num(&mut self, n: u32) {
        if !self.0.is_empty() {
            self.0.push(b';');
        }
        let _ = write!(self.0, "{n}");
    }

    fn attrs(&mut self, m: Modifier) {
        for &(bit, on, _) in ATTRS {
            if m.contains(bit) {
                self.num(u32::from(on));
            }
        }
    }

    fn color(&mut self, c: Color, layer: Layer) {
        let (base, extended, reset) = match layer {
            Layer::Fg => (30, 38, 39),
            Layer::Bg => (40, 48, 49),
            Layer::Underline => (0, 58, 59),
        };
        let named: u32 = match c {
            Color::Reset => return self.num(reset),
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
            Color::Indexed(i) => return self.indexed(extended, i.into()),
            Color::Rgb(r, g, b) => {
                for n in [extended, 2, r.into(), g.into(), b.into()] {
                    self.num(n);
                }
                return;
            }
        };
        match layer {
            // The 16 colours' own codes: 30-37 and 90-97 (40-47 and 100-107 for the background).
            Layer::Fg | Layer::Bg if named < 8 => self.num(base + named),
            Layer::Fg | Layer::Bg => self.num(base + 60 + named - 8),
            Layer::Underline => self.indexed(extended, named),
        }
    }

    fn indexed(&mut self, extended: u32, i: u32) {
        self.num(extended);
        self.num(5);
        self.num(i);
    }
}
