//! Colours and attributes. Only the 16 ANSI colours are used, and never as the only signal:
//! every state also has a symbol or a word. With NO_COLOR set, only attributes remain
//! (bold, reverse, dim, underline). Which colour each role gets can be changed in
//! `theme.toml` (see `crate::config`).

use ratatui::style::{Color, Modifier, Style};

use crate::app::long_text::Ink;
use crate::app::model::Tone;
use crate::app::sla::SlaState;

/// What a colour is used for; each can be set by name in `theme.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Dim,
    Picked,
    BarBackground,
    BarText,
    Key,
    Error,
    Success,
    Priority1,
    Priority2,
    SlaBreached,
    SlaAtRisk,
    SlaMet,
    Heading,
    Reply,
    Note,
    Good,
    Warn,
}

impl Role {
    pub const ALL: [Role; 17] = [
        Role::Dim,
        Role::Picked,
        Role::BarBackground,
        Role::BarText,
        Role::Key,
        Role::Error,
        Role::Success,
        Role::Priority1,
        Role::Priority2,
        Role::SlaBreached,
        Role::SlaAtRisk,
        Role::SlaMet,
        Role::Heading,
        Role::Reply,
        Role::Note,
        Role::Good,
        Role::Warn,
    ];

    /// (name in theme.toml, default colour, what it colours).
    pub fn info(self) -> (&'static str, Color, &'static str) {
        match self {
            Role::Dim => (
                "dim",
                Color::DarkGray,
                "secondary text, labels, inactive views",
            ),
            Role::Picked => ("picked", Color::Cyan, "rows picked with Space"),
            Role::BarBackground => ("bar-background", Color::Blue, "the status bar"),
            Role::BarText => ("bar-text", Color::White, "text on the status bar"),
            Role::Key => ("key", Color::Cyan, "keys in hints and the palette"),
            Role::Error => ("error", Color::Red, "errors"),
            Role::Success => ("success", Color::Green, "messages about a saved change"),
            Role::Priority1 => ("priority-1", Color::Red, "priority 1 tickets"),
            Role::Priority2 => ("priority-2", Color::Yellow, "priority 2 tickets"),
            Role::SlaBreached => ("sla-breached", Color::Red, "breached SLA clocks"),
            Role::SlaAtRisk => (
                "sla-at-risk",
                Color::Yellow,
                "SLA clocks past their warning",
            ),
            Role::SlaMet => ("sla-met", Color::Green, "met SLA clocks"),
            Role::Heading => ("heading", Color::Cyan, "headings"),
            Role::Reply => ("reply", Color::Green, "public replies"),
            Role::Note => ("note", Color::Yellow, "internal notes"),
            Role::Good => ("good", Color::Green, "good news in the detail"),
            Role::Warn => ("warn", Color::Yellow, "warnings in the detail"),
        }
    }

    pub fn id(self) -> &'static str {
        self.info().0
    }
}

/// The 16 ANSI colours by the names `theme.toml` takes.
pub const COLOR_NAMES: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("white", Color::Gray),
    ("bright-black", Color::DarkGray),
    ("bright-red", Color::LightRed),
    ("bright-green", Color::LightGreen),
    ("bright-yellow", Color::LightYellow),
    ("bright-blue", Color::LightBlue),
    ("bright-magenta", Color::LightMagenta),
    ("bright-cyan", Color::LightCyan),
    ("bright-white", Color::White),
];

pub fn color_name(c: Color) -> &'static str {
    COLOR_NAMES
        .iter()
        .find(|(_, x)| *x == c)
        .map_or("default", |(n, _)| *n)
}

/// The colour of each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors([Color; Role::ALL.len()]);

impl Default for Colors {
    fn default() -> Colors {
        Colors(Role::ALL.map(|r| r.info().1))
    }
}

impl Colors {
    pub fn get(&self, role: Role) -> Color {
        self.0[role as usize]
    }

    pub fn set(&mut self, role: Role, c: Color) {
        self.0[role as usize] = c;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub colors: Colors,
}

impl Theme {
    /// Colour unless NO_COLOR is set to anything non-empty (no-color.org), in `colors`.
    pub fn from_env(colors: Colors) -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            colors,
        }
    }

    /// The default colours (`color: false`: attributes only).
    pub fn new(color: bool) -> Theme {
        Theme {
            color,
            colors: Colors::default(),
        }
    }

    fn fg(&self, r: Role) -> Style {
        if self.color {
            Style::new().fg(self.colors.get(r))
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn dim(&self) -> Style {
        if self.color {
            self.fg(Role::Dim)
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
        self.fg(Role::Picked).add_modifier(Modifier::BOLD)
    }

    /// The focused tab or view.
    pub fn active_tab(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn bar(&self) -> Style {
        if self.color {
            Style::new()
                .bg(self.colors.get(Role::BarBackground))
                .fg(self.colors.get(Role::BarText))
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Role::Key).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Role::Error).add_modifier(Modifier::BOLD)
    }

    pub fn tone(&self, t: Tone) -> Style {
        match t {
            Tone::Info => self.plain(),
            Tone::Success => self.fg(Role::Success),
            Tone::Error => self.error(),
        }
    }

    pub fn priority(&self, p: u8) -> Style {
        match p {
            1 => self.fg(Role::Priority1).add_modifier(Modifier::BOLD),
            2 => self.fg(Role::Priority2).add_modifier(Modifier::BOLD),
            3 => self.plain(),
            _ => self.dim(),
        }
    }

    pub fn sla(&self, s: SlaState) -> Style {
        match s {
            SlaState::Breached => self.fg(Role::SlaBreached).add_modifier(Modifier::BOLD),
            SlaState::AtRisk => self.fg(Role::SlaAtRisk).add_modifier(Modifier::BOLD),
            SlaState::Running => self.plain(),
            SlaState::Paused => self.dim(),
            SlaState::Met => self.fg(Role::SlaMet),
        }
    }

    pub fn ink(&self, ink: Ink) -> Style {
        match ink {
            Ink::Plain => self.plain(),
            Ink::Dim => self.dim(),
            Ink::Title => self.bold(),
            Ink::Heading => self
                .fg(Role::Heading)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Ink::Label => self.dim(),
            Ink::Reply => self.fg(Role::Reply).add_modifier(Modifier::BOLD),
            Ink::Note => self.fg(Role::Note),
            Ink::Good => self.fg(Role::Good),
            Ink::Warn => self.fg(Role::Warn).add_modifier(Modifier::BOLD),
            Ink::Bad => self.error(),
        }
    }
}
