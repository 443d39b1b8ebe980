//! The one keymap table. Key handling, the `?` help screen, the status-bar hints and the `:`
//! command palette are all generated from `BINDINGS` and `Command::info`; nothing else in the
//! app matches on keys (text fields take typed characters, which is not a command).

use super::keys::Key;
use super::model::Pane;

/// Everything a key (or the palette) can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Up,
    Down,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PrevPane,
    GoQueue,
    GoDetail,
    GoSla,
    GoKb,
    Open,
    Back,
    Filter,
    Palette,
    Help,
    Quit,
    /// Ctrl-z: back to the shell; `fg` returns.
    Suspend,
    Refresh,
    Copy,
    Undo,
    NextView,
    PrevView,
    /// Switch to saved view N (palette only).
    View(u8),
    Select,
    NewTicket,
    Reply,
    Note,
    Assign,
    AssignMe,
    Status,
    ImpactUrgency,
    EditFields,
    Link,
    KbNew,
    KbEdit,
    KbLink,
    /// In a question: yes / no.
    Yes,
    No,
    /// On the conflict screen: save yours over theirs / keep theirs.
    Reapply,
    Drop,
    /// In a prompt: complete the word.
    Complete,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere.
    Global,
    /// The queue list.
    Queue,
    /// Wherever a ticket is current: queue, detail, SLA timers.
    Ticket,
    /// The knowledge base.
    Kb,
    /// Boxes and prompts over the panes (menus, questions, the palette, the conflict screen);
    /// typed text and a menu's item letters come first.
    Dialog,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Queue => "Queue",
            Context::Ticket => "On the current ticket (queue, detail, SLA)",
            Context::Kb => "Knowledge base",
            Context::Dialog => "In menus, questions and prompts",
        }
    }
}

pub struct Binding {
    pub context: Context,
    /// Keys in `Key::parse` notation, space-separated.
    pub keys: &'static str,
    pub command: Command,
    /// Shown in the status bar's hints.
    pub hint: bool,
}

const fn b(context: Context, keys: &'static str, command: Command, hint: bool) -> Binding {
    Binding {
        context,
        keys,
        command,
        hint,
    }
}

use Command as C;
use Context::{Dialog as D, Global as G, Kb as K, Queue as Q, Ticket as T};

/// The default keys. Order is the order of the help screen and the hints.
pub const BINDINGS: &[Binding] = &[
    b(Q, "<Enter>", C::Open, true),
    b(G, "/", C::Filter, true),
    b(T, "r", C::Reply, true),
    b(T, "i", C::Note, false),
    b(T, "a", C::Assign, true),
    b(T, "A", C::AssignMe, false),
    b(T, "s", C::Status, true),
    b(T, "p", C::ImpactUrgency, false),
    b(T, "e", C::EditFields, false),
    b(T, "l", C::Link, false),
    b(T, "n", C::NewTicket, false),
    b(Q, "<Space>", C::Select, false),
    b(Q, "] <Right>", C::NextView, false),
    b(Q, "[ <Left>", C::PrevView, false),
    b(K, "<Enter>", C::Open, true),
    b(K, "n", C::KbNew, true),
    b(K, "e", C::KbEdit, true),
    b(K, "L", C::KbLink, true),
    b(G, "j <Down>", C::Down, false),
    b(G, "k <Up>", C::Up, false),
    b(G, "g <Home>", C::Top, false),
    b(G, "G <End>", C::Bottom, false),
    b(G, "<C-d> <PageDown>", C::PageDown, false),
    b(G, "<C-u> <PageUp>", C::PageUp, false),
    b(G, "<Tab>", C::NextPane, false),
    b(G, "<S-Tab>", C::PrevPane, false),
    b(G, "1", C::GoQueue, false),
    b(G, "2", C::GoDetail, false),
    b(G, "3", C::GoSla, false),
    b(G, "4", C::GoKb, false),
    b(G, "<Enter>", C::Open, false),
    b(G, "<Esc>", C::Back, false),
    b(G, "y", C::Copy, false),
    b(G, "u", C::Undo, false),
    b(G, "R", C::Refresh, false),
    b(G, ":", C::Palette, true),
    b(G, "?", C::Help, true),
    b(G, "q <C-c>", C::Quit, true),
    b(G, "<C-z>", C::Suspend, false),
    b(D, "y", C::Yes, false),
    b(D, "n", C::No, false),
    b(D, "r", C::Reapply, false),
    b(D, "d", C::Drop, false),
    b(D, "<Tab>", C::Complete, false),
    b(D, "<C-n>", C::Down, false),
    b(D, "<C-p>", C::Up, false),
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
            C::View(i) => match i {
                0 => ("view: my open", "Open tickets assigned to you"),
                1 => ("view: unassigned", "Open tickets nobody has taken"),
                2 => ("view: breaching soon", "Open tickets, most urgent first"),
                3 => ("view: all open", "Every open ticket, newest first"),
                _ => (
                    "view: recently resolved",
                    "Resolved and closed, latest first",
                ),
            },
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
}

/// The contexts active in a pane, most specific first.
pub fn contexts(pane: Pane) -> &'static [Context] {
    match pane {
        Pane::Queue => &[Context::Queue, Context::Ticket, Context::Global],
        Pane::Detail | Pane::Sla => &[Context::Ticket, Context::Global],
        Pane::Kb => &[Context::Kb, Context::Global],
    }
}

/// The keys of a binding, parsed.
pub fn keys_of(binding: &Binding) -> Vec<Key> {
    Key::seq(binding.keys)
}

/// What `key` means while a dialog is open (Enter picks, Esc cancels, arrows move).
pub fn lookup_dialog(key: Key) -> Option<Command> {
    [Context::Dialog, Context::Global].iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .filter(|b| b.context == *ctx)
            .find(|b| keys_of(b).contains(&key))
            .map(|b| b.command)
    })
}

/// What `key` means in `pane`, if anything.
pub fn lookup(pane: Pane, key: Key) -> Option<Command> {
    contexts(pane).iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .filter(|b| b.context == *ctx)
            .find(|b| keys_of(b).contains(&key))
            .map(|b| b.command)
    })
}

/// The first key bound to `command` in `pane` (or anywhere), for hints and the palette.
pub fn key_for(pane: Pane, command: Command) -> Option<Key> {
    let in_pane = contexts(pane)
        .iter()
        .find_map(|ctx| {
            BINDINGS
                .iter()
                .find(|b| b.context == *ctx && b.command == command)
        })
        .or_else(|| BINDINGS.iter().find(|b| b.command == command));
    in_pane.and_then(|b| keys_of(b).first().copied())
}

/// (key, label) hints for the status bar in `pane`, most specific first, each command once.
pub fn hints(pane: Pane) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut seen: Vec<Command> = Vec::new();
    for ctx in contexts(pane) {
        for bind in BINDINGS.iter().filter(|b| b.context == *ctx && b.hint) {
            if seen.contains(&bind.command) {
                continue;
            }
            seen.push(bind.command);
            if let Some(k) = keys_of(bind).first() {
                out.push((k.to_string(), bind.command.hint_label()));
            }
        }
    }
    out
}

/// Every command for the palette: (command, key in this pane if any). Commands that only make
/// sense as keys (moving) are left out.
pub fn palette_commands(pane: Pane) -> Vec<(Command, Option<Key>)> {
    let mut out: Vec<(Command, Option<Key>)> = Vec::new();
    for bind in BINDINGS {
        if matches!(
            bind.command,
            C::Up
                | C::Down
                | C::PageDown
                | C::PageUp
                | C::Back
                | C::Palette
                | C::NextPane
                | C::PrevPane
                | C::Yes
                | C::No
                | C::Reapply
                | C::Drop
                | C::Complete
        ) || out.iter().any(|(c, _)| *c == bind.command)
        {
            continue;
        }
        out.push((bind.command, key_for(pane, bind.command)));
    }
    for i in 0..super::views::VIEWS.len() {
        out.push((C::View(i as u8), None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses_and_no_context_binds_a_key_twice() {
        for ctx in [
            Context::Global,
            Context::Queue,
            Context::Ticket,
            Context::Kb,
            Context::Dialog,
        ] {
            let mut seen: Vec<Key> = Vec::new();
            for bind in BINDINGS.iter().filter(|b| b.context == ctx) {
                let keys = keys_of(bind);
                assert_eq!(
                    keys.len(),
                    bind.keys.split_whitespace().count(),
                    "{}",
                    bind.keys
                );
                for k in keys {
                    assert!(!seen.contains(&k), "{k} bound twice in {ctx:?}");
                    seen.push(k);
                }
            }
        }
    }

    #[test]
    fn pane_specific_keys_win() {
        assert_eq!(lookup(Pane::Queue, Key::char('n')), Some(C::NewTicket));
        assert_eq!(lookup(Pane::Kb, Key::char('n')), Some(C::KbNew));
        assert_eq!(lookup(Pane::Kb, Key::char('r')), None);
        assert_eq!(lookup(Pane::Detail, Key::ctrl('c')), Some(C::Quit));
        assert_eq!(key_for(Pane::Kb, C::Reply), Some(Key::char('r')));
        assert!(
            hints(Pane::Queue)
                .iter()
                .any(|(k, l)| k == "r" && *l == "reply")
        );
    }
}
