//! Colours and attributes. Only the 16 ANSI colours are used, and never as the only signal:
//! every state also has a symbol or a word. With NO_COLOR set, only attributes remain
//! (bold, reverse, dim, underline).

use ratatui::style::{Color, Modifier, Style};

use crate::app::doc::Ink;
use crate::app::model::Tone;
use crate::app::sla::SlaState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The row under the cursor.
    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Rows picked with Space.
    pub fn picked(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The focused tab or view.
    pub fn active_tab(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn bar(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn tone(&self, t: Tone) -> Style {
        match t {
            Tone::Info => self.plain(),
            Tone::Success => self.fg(Color::Green),
            Tone::Error => self.error(),
        }
    }

    pub fn priority(&self, p: u8) -> Style {
        match p {
            1 => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            2 => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            3 => self.plain(),
            _ => self.dim(),
        }
    }

    pub fn sla(&self, s: SlaState) -> Style {
        match s {
            SlaState::Breached => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            SlaState::AtRisk => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            SlaState::Running => self.plain(),
            SlaState::Paused => self.dim(),
            SlaState::Met => self.fg(Color::Green),
        }
    }

    pub fn ink(&self, ink: Ink) -> Style {
        match ink {
            Ink::Plain => self.plain(),
            Ink::Dim => self.dim(),
            Ink::Title => self.bold(),
            Ink::Heading => self
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Ink::Label => self.dim(),
            Ink::Reply => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Ink::Note => self.fg(Color::Yellow),
            Ink::Good => self.fg(Color::Green),
            Ink::Warn => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Ink::Bad => self.error(),
        }
    }
}
