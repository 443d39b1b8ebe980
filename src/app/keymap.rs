//! The one keymap table. Key handling, the `?` help screen, the status-bar hints and the `:`
//! command palette are all generated from a `Keymap` (the defaults in `keymap_defaults.rs`,
//! changed by the user's `keys.toml`) and `Command::info`; nothing else in the app matches on
//! keys (text fields take typed characters, which is not a command).

pub use super::keymap_defaults::{BINDABLE, DEFAULTS, PALETTE_ONLY};
use super::keys::Key;
use super::model::Pane;
use crate::domain::text::one_line;

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
    /// Save the current filter as a named view.
    SaveView,
    DeleteView,
    MoveViewLeft,
    MoveViewRight,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    pub const ALL: [Context; 5] = [
        Context::Global,
        Context::Queue,
        Context::Ticket,
        Context::Kb,
        Context::Dialog,
    ];

    /// The context's table name in `keys.toml`.
    pub fn id(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Queue => "queue",
            Context::Ticket => "ticket",
            Context::Kb => "kb",
            Context::Dialog => "dialog",
        }
    }

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

/// One line of the table: keys for a command in a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub command: Command,
    /// Shown in the status bar's hints.
    pub hint: bool,
}

/// The effective key table: the defaults, changed by the user's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: DEFAULTS
                .iter()
                .map(|(context, keys, command, hint)| Binding {
                    context: *context,
                    keys: Key::seq(keys),
                    command: *command,
                    hint: *hint,
                })
                .collect(),
        }
    }
}

use Command as C;

impl Keymap {
    /// Every binding, in help-screen order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Binds `command` in `context` to exactly `keys` (none: unbound there), in place of the
    /// default keys it had in that context.
    pub fn bind(&mut self, context: Context, command: Command, keys: Vec<Key>) {
        match self
            .bindings
            .iter_mut()
            .find(|b| b.context == context && b.command == command)
        {
            Some(b) => b.keys = keys,
            None => self.bindings.push(Binding {
                context,
                keys,
                command,
                hint: false,
            }),
        }
    }

    /// A key bound to two commands in one context: (context, key, first, second).
    pub fn clash(&self) -> Option<(Context, Key, Command, Command)> {
        for ctx in Context::ALL {
            let mut seen: Vec<(Key, Command)> = Vec::new();
            for b in self.bindings.iter().filter(|b| b.context == ctx) {
                for k in &b.keys {
                    if let Some((_, first)) = seen.iter().find(|(s, _)| s == k) {
                        return Some((ctx, *k, *first, b.command));
                    }
                    seen.push((*k, b.command));
                }
            }
        }
        None
    }

    fn find_in(&self, contexts: &[Context], key: Key) -> Option<Command> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .filter(|b| b.context == *ctx)
                .find(|b| b.keys.contains(&key))
                .map(|b| b.command)
        })
    }

    /// What `key` means while a dialog is open (Enter picks, Esc cancels, arrows move).
    pub fn lookup_dialog(&self, key: Key) -> Option<Command> {
        self.find_in(&[Context::Dialog, Context::Global], key)
    }

    /// What `key` means in `pane`, if anything.
    pub fn lookup(&self, pane: Pane, key: Key) -> Option<Command> {
        self.find_in(contexts(pane), key)
    }

    /// The first key bound to `command` in `pane` (or anywhere), for hints and the palette.
    pub fn key_for(&self, pane: Pane, command: Command) -> Option<Key> {
        let bound = |b: &&Binding| b.command == command && !b.keys.is_empty();
        contexts(pane)
            .iter()
            .find_map(|ctx| {
                self.bindings
                    .iter()
                    .filter(bound)
                    .find(|b| b.context == *ctx)
            })
            .or_else(|| self.bindings.iter().find(bound))
            .and_then(|b| b.keys.first().copied())
    }

    /// How a message names the key for `command` in `pane`: the key bound to it (`q`), or with
    /// none bound, the palette line that runs it (`:quit`). Messages ask this instead of
    /// spelling a key, so a key rebound in keys.toml is named as it is.
    pub fn name_key(&self, pane: Pane, command: Command) -> String {
        match self.key_for(pane, command) {
            Some(k) => k.to_string(),
            None => format!(":{}", command.info().0),
        }
    }

    /// As `name_key`, for a key pressed while a dialog (menu, question, prompt, palette, the
    /// conflict screen) is open: the dialog's own keys first, then the global ones.
    pub fn name_dialog_key(&self, command: Command) -> String {
        [Context::Dialog, Context::Global]
            .iter()
            .find_map(|ctx| {
                self.bindings
                    .iter()
                    .find(|b| b.context == *ctx && b.command == command && !b.keys.is_empty())
            })
            .and_then(|b| b.keys.first())
            .map_or_else(|| self.name_key(Pane::Queue, command), |k| k.to_string())
    }

    /// (key, label) hints for the status bar in `pane`, most specific first, each command once.
    pub fn hints(&self, pane: Pane) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        let mut seen: Vec<Command> = Vec::new();
        for ctx in contexts(pane) {
            for bind in self.bindings.iter().filter(|b| b.context == *ctx && b.hint) {
                if seen.contains(&bind.command) {
                    continue;
                }
                seen.push(bind.command);
                if let Some(k) = bind.keys.first() {
                    out.push((k.to_string(), bind.command.hint_label()));
                }
            }
        }
        out
    }

    /// Every command for the palette: (command, key in this pane if any), then one entry per
    /// saved view (`views` of them). Commands that only make sense as keys (moving) are left out.
    pub fn palette_commands(&self, pane: Pane, views: usize) -> Vec<(Command, Option<Key>)> {
        let mut out: Vec<(Command, Option<Key>)> = Vec::new();
        let commands = self
            .bindings
            .iter()
            .map(|b| b.command)
            .chain(PALETTE_ONLY.iter().copied());
        for command in commands {
            if matches!(
                command,
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
            ) || out.iter().any(|(c, _)| *c == command)
            {
                continue;
            }
            out.push((command, self.key_for(pane, command)));
        }
        for i in 0..views.min(usize::from(u8::MAX)) {
            out.push((C::View(i as u8), None));
        }
        out
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

/// A palette entry's (name, help): saved views by their own name and query.
pub fn entry(command: Command, views: &[crate::domain::view::SavedView]) -> (String, String) {
    match command {
        C::View(i) => match views.get(usize::from(i)) {
            Some(v) => (
                format!("view: {}", one_line(&v.name).to_lowercase()),
                format!("{} view: {}", v.scope.as_str(), one_line(&v.query)),
            ),
            None => ("view".into(), String::new()),
        },
        other => {
            let (name, help) = other.info();
            (name.to_string(), help.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_no_context_binds_a_key_twice() {
        for (_, keys, _, _) in DEFAULTS {
            assert_eq!(
                Key::seq(keys).len(),
                keys.split_whitespace().count(),
                "{keys}"
            );
        }
        assert_eq!(Keymap::default().clash(), None);
    }

    #[test]
    fn every_command_has_a_distinct_file_name() {
        let mut ids: Vec<String> = BINDABLE.iter().map(|c| c.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), BINDABLE.len());
        for (_, _, c, _) in DEFAULTS {
            assert!(BINDABLE.contains(c), "{c:?} is not bindable");
        }
    }

    #[test]
    fn messages_name_the_bound_key_or_the_palette_line() {
        let mut km = Keymap::default();
        assert_eq!(km.name_key(Pane::Queue, C::Undo), "u");
        assert_eq!(km.name_dialog_key(C::Yes), "y");
        assert_eq!(km.name_dialog_key(C::Back), "Esc");
        km.bind(Context::Global, C::Undo, vec![Key::ctrl('z')]);
        km.bind(Context::Dialog, C::Yes, vec![Key::char('j')]);
        assert_eq!(km.name_key(Pane::Detail, C::Undo), "C-z");
        assert_eq!(km.name_dialog_key(C::Yes), "j");
        // Unbound everywhere: the palette runs it by name.
        km.bind(Context::Global, C::Undo, Vec::new());
        assert_eq!(km.name_key(Pane::Queue, C::Undo), ":undo");
    }

    #[test]
    fn pane_specific_keys_win() {
        let km = Keymap::default();
        assert_eq!(km.lookup(Pane::Queue, Key::char('n')), Some(C::NewTicket));
        assert_eq!(km.lookup(Pane::Kb, Key::char('n')), Some(C::KbNew));
        assert_eq!(km.lookup(Pane::Kb, Key::char('r')), None);
        assert_eq!(km.lookup(Pane::Detail, Key::ctrl('c')), Some(C::Quit));
        assert_eq!(km.key_for(Pane::Kb, C::Reply), Some(Key::char('r')));
        assert!(
            km.hints(Pane::Queue)
                .iter()
                .any(|(k, l)| k == "r" && *l == "reply")
        );
    }

    #[test]
    fn a_rebinding_replaces_the_default_keys_in_its_context() {
        let mut km = Keymap::default();
        km.bind(Context::Queue, C::NextView, vec![Key::char('w')]);
        assert_eq!(km.lookup(Pane::Queue, Key::char('w')), Some(C::NextView));
        assert_eq!(km.lookup(Pane::Queue, Key::char(']')), None);
        km.bind(Context::Ticket, C::Reply, vec![Key::char('a')]);
        assert!(matches!(km.clash(), Some((Context::Ticket, _, _, _))));
    }
}
