//! The terminal guard: raw mode and the alternate screen while the app runs, restored on every
//! way out (return, error, panic), and handed over to `$EDITOR` and back. Mouse reporting is
//! never turned on.

pub mod backend;

use crossterm::{cursor, execute, terminal};
use ratatui::Frame;
use std::io::{self, Stdout};
use std::sync::Once;

use backend::LeanBackend;

pub struct Terminal {
    inner: ratatui::Terminal<LeanBackend<Stdout>>,
}

impl Terminal {
    /// Takes over the screen. The terminal is restored when this is dropped, or on a panic.
    /// The mouse is reported only when `mouse` is set.
    pub fn enter(mouse: bool) -> io::Result<Terminal> {
        install_panic_hook();
        MOUSE.store(mouse, std::sync::atomic::Ordering::SeqCst);
        activate()?;
        match blank() {
            Ok(inner) => Ok(Terminal { inner }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        terminal::size()
    }

    pub fn draw(&mut self, render: impl FnOnce(&mut Frame<'_>)) -> io::Result<()> {
        self.inner.draw(render).map(|_| ())
    }

    /// Gives the terminal back (for the editor).
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        Ok(())
    }

    /// Takes the terminal again and redraws everything on the next draw.
    pub fn resume(&mut self) -> io::Result<()> {
        activate()?;
        self.inner = blank()?;
        Ok(())
    }

    /// Writes bytes the screen model does not know about (OSC 52).
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.backend_mut().write_raw(bytes)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        restore();
    }
}

/// A cleared screen and a ratatui terminal that knows it is blank, so its first frame draws
/// everything. (ratatui's own `clear` first asks the terminal where its cursor is: a round trip
/// over SSH before the first frame, and a two-second failure on terminals that never answer,
/// such as `script` or a serial console.)
fn blank() -> io::Result<ratatui::Terminal<LeanBackend<Stdout>>> {
    execute!(
        io::stdout(),
        terminal::Clear(terminal::ClearType::All),
        cursor::MoveTo(0, 0)
    )?;
    ratatui::Terminal::new(LeanBackend::on_blank_screen(io::stdout()))
}

/// Whether this run reports the mouse (off unless asked for).
static MOUSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn activate() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    let mut result = execute!(out, terminal::EnterAlternateScreen, cursor::Hide);
    if result.is_ok() && MOUSE.load(std::sync::atomic::Ordering::SeqCst) {
        result = execute!(out, crossterm::event::EnableMouseCapture);
    }
    if let Err(e) = result {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() {
    if MOUSE.load(std::sync::atomic::Ordering::SeqCst) {
        let _ = execute!(io::stdout(), crossterm::event::DisableMouseCapture);
    }
    let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

/// On a panic: restore the terminal first, so the message is readable and the shell usable.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
