//! The default key bindings and what each command is called (palette, help, hints, and the
//! names `keys.toml` uses). The table is data; `keymap.rs` builds the effective keymap from it
//! and the user's file.

use super::keymap::{Command, Context};

use Command as C;
use Context::{Dialog as D, Global as G, Kb as K, Queue as Q, Ticket as T};

/// The default keys: (context, keys in `Key::parse` notation, command, shown in the hints).
/// Order is the order of the help screen and the hints.
pub const DEFAULTS: &[(Context, &str, Command, bool)] = &[
    (Q, "<Enter>", C::Open, true),
    (G, "/", C::Filter, true),
    (T, "r", C::Reply, true),
    (T, "i", C::Note, false),
    (T, "a", C::Assign, true),
    (T, "A", C::AssignMe, false),
    (T, "s", C::Status, true),
    (T, "p", C::ImpactUrgency, false),
    (T, "e", C::EditFields, false),
    (T, "l", C::Link, false),
    (T, "n", C::NewTicket, false),
    (Q, "<Space>", C::Select, false),
    (Q, "] <Right>", C::NextView, false),
    (Q, "[ <Left>", C::PrevView, false),
    (Q, "S", C::SaveView, false),
    (K, "<Enter>", C::Open, true),
    (K, "n", C::KbNew, true),
    (K, "e", C::KbEdit, true),
    (K, "L", C::KbLink, true),
    (G, "j <Down>", C::Down, false),
    (G, "k <Up>", C::Up, false),
    (G, "g <Home>", C::Top, false),
    (G, "G <End>", C::Bottom, false),
    (G, "<C-d> <PageDown>", C::PageDown, false),
    (G, "<C-u> <PageUp>", C::PageUp, false),
    (G, "<Tab>", C::NextPane, false),
    (G, "<S-Tab>", C::PrevPane, false),
    (G, "1", C::GoQueue, false),
    (G, "2", C::GoDetail, false),
    (G, "3", C::GoSla, false),
    (G, "4", C::GoKb, false),
    (G, "<Enter>", C::Open, false),
    (G, "<Esc>", C::Back, false),
    (G, "y", C::Copy, false),
    (G, "u", C::Undo, false),
    (G, "R", C::Refresh, false),
    (G, ":", C::Palette, true),
    (G, "?", C::Help, true),
    (G, "q <C-c>", C::Quit, true),
    (G, "<C-z>", C::Suspend, false),
    (D, "y", C::Yes, false),
    (D, "n", C::No, false),
    (D, "r", C::Reapply, false),
    (D, "d", C::Drop, false),
    (D, "<Tab>", C::Complete, false),
    (D, "<C-n>", C::Down, false),
    (D, "<C-p>", C::Up, false),
];

impl Command {
    /// (name for the palette, one line of help).
    pub fn info(self) -> (&'static str, &'static str) {
        match self {
            C::Up => ("up", "Move up"),
            C::Down => ("down", "Move down"),
            C::Top => ("top", "Go to the top"),
            C::Bottom => ("bottom", "Go to the bottom"),
            C::PageDown => ("page down", "One page down"),
            C::PageUp => ("page up", "One page up"),
            C::NextPane => ("next pane", "Next pane"),
            C::PrevPane => ("previous pane", "Previous pane"),
            C::GoQueue => ("queue", "Go to the queue"),
            C::GoDetail => ("detail", "Go to the ticket detail"),
            C::GoSla => ("sla timers", "Go to the SLA timers"),
            C::GoKb => ("knowledge base", "Go to the knowledge base"),
            C::Open => ("open", "Open the ticket or article"),
            C::Back => ("back", "Back, close, unselect, or leave a typed filter"),
            C::Filter => (
                "filter",
                "Filter the view (query language) or search the KB",
            ),
            C::Palette => (
                "command palette",
                "Run any command by name, or go to a ticket by number",
            ),
            C::Help => ("help", "Keys, views and the query language"),
            C::Quit => ("quit", "Quit"),
            C::Suspend => ("suspend", "Back to the shell (fg returns)"),
            C::Refresh => ("refresh", "Reload everything from the database"),
            C::Copy => ("copy", "Copy id and title to the clipboard (OSC 52)"),
            C::Undo => ("undo", "Undo your last change to ticket fields"),
            C::NextView => ("next view", "Next saved view"),
            C::PrevView => ("previous view", "Previous saved view"),
            // The palette names each saved view itself (`keymap::view_entry`).
            C::View(_) => ("view", "Switch to a saved view"),
            C::SaveView => (
                "save view",
                "Save the current filter as a named view (yours or the team's)",
            ),
            C::DeleteView => (
                "delete view",
                "Delete the current view (a team view for everyone)",
            ),
            C::MoveViewLeft => ("move view left", "Move the current view one place left"),
            C::MoveViewRight => ("move view right", "Move the current view one place right"),
            C::Select => ("select", "Select for a bulk assign or status change"),
            C::NewTicket => ("new ticket", "Open a new ticket (in $EDITOR)"),
            C::Reply => ("reply", "Public reply to the requester (in $EDITOR)"),
            C::Note => ("internal note", "Internal note, agents only (in $EDITOR)"),
            C::Assign => ("assign", "Assign to someone"),
            C::AssignMe => ("assign to me", "Assign to yourself"),
            C::Status => ("status", "Change the status"),
            C::ImpactUrgency => (
                "impact/urgency",
                "Set impact and urgency (priority follows)",
            ),
            C::EditFields => (
                "edit fields",
                "Edit title, fields and description (in $EDITOR)",
            ),
            C::Link => ("link", "Link to another ticket"),
            C::KbNew => ("new article", "Write a new article (in $EDITOR)"),
            C::KbEdit => ("edit article", "Edit the article (in $EDITOR)"),
            C::KbLink => ("link article", "Link the article to the current ticket"),
            C::Yes => ("yes", "Yes, go ahead"),
            C::No => ("no", "No (Esc too)"),
            C::Reapply => ("save mine", "Conflict: save yours over theirs"),
            C::Drop => ("keep theirs", "Conflict: drop yours and reload (Esc too)"),
            C::Complete => ("complete", "Complete the name in a prompt"),
        }
    }

    /// Short label for the status-bar hints.
    pub fn hint_label(self) -> &'static str {
        match self {
            C::Open => "open",
            C::Filter => "filter",
            C::Reply => "reply",
            C::Assign => "assign",
            C::Status => "status",
            C::KbNew => "new",
            C::KbEdit => "edit",
            C::KbLink => "link",
            C::Palette => "commands",
            C::Help => "help",
            C::Quit => "quit",
            other => other.info().0,
        }
    }

    /// The command's name in `keys.toml`: the palette name in kebab case (`next-view`).
    pub fn id(self) -> String {
        self.info()
            .0
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    }
}

/// Commands the palette offers that no key is bound to by default.
pub const PALETTE_ONLY: &[Command] = &[C::DeleteView, C::MoveViewLeft, C::MoveViewRight];

/// Every command a key can be bound to (not `View(n)`: those are the user's views).
pub const BINDABLE: &[Command] = &[
    C::Up,
    C::Down,
    C::Top,
    C::Bottom,
    C::PageDown,
    C::PageUp,
    C::NextPane,
    C::PrevPane,
    C::GoQueue,
    C::GoDetail,
    C::GoSla,
    C::GoKb,
    C::Open,
    C::Back,
    C::Filter,
    C::Palette,
    C::Help,
    C::Quit,
    C::Suspend,
    C::Refresh,
    C::Copy,
    C::Undo,
    C::NextView,
    C::PrevView,
    C::SaveView,
    C::DeleteView,
    C::MoveViewLeft,
    C::MoveViewRight,
    C::Select,
    C::NewTicket,
    C::Reply,
    C::Note,
    C::Assign,
    C::AssignMe,
    C::Status,
    C::ImpactUrgency,
    C::EditFields,
    C::Link,
    C::KbNew,
    C::KbEdit,
    C::KbLink,
    C::Yes,
    C::No,
    C::Reapply,
    C::Drop,
    C::Complete,
];
