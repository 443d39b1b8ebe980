//! The state of the TUI. Rendering only reads it; only `update` changes it.

use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

use super::line_edit::LineEdit;
use super::msg::{ArticleEntry, DetailData, Job};
use super::sla::{SlaBadge, SlaTimer};
use crate::domain::filter::{Cursor, Sort, TicketFilter};
use crate::domain::query::QueryError;
use crate::domain::ticket::{Kind, Level, Status, Ticket};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Detail,
    Sla,
    Kb,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Queue, Pane::Detail, Pane::Sla, Pane::Kb];
    pub fn title(self) -> &'static str {
        match self {
            Pane::Queue => "Queue",
            Pane::Detail => "Detail",
            Pane::Sla => "SLA",
            Pane::Kb => "KB",
        }
    }
}

/// One queue row: what the list shows, and where the list continues after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub priority: u8,
    pub kind: Kind,
    pub status: Status,
    pub title: String,
    pub assignee: Option<String>,
    pub group: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    pub cursor: Cursor,
    pub sla: Option<SlaBadge>,
}

impl Row {
    pub fn from_ticket(t: &Ticket, cursor: Cursor, sla: Option<SlaBadge>) -> Row {
        Row {
            id: t.id,
            priority: t.priority,
            kind: t.kind,
            status: t.status,
            title: t.title.clone(),
            assignee: t.assignee.clone(),
            group: t.group.clone(),
            opened_at: t.opened_at,
            updated_at: t.updated_at,
            version: t.version,
            cursor,
            sla,
        }
    }
}

/// The queue: a window of the current view's list, paged from the store.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    /// The saved view shown (`None` only before the first one is applied).
    pub view: Option<usize>,
    /// What was typed after `/` to refine the view, as in force (empty: the plain view).
    pub refinement: String,
    /// The whole query in force: the view's terms, then the refinement's
    /// (`domain::query::refine`).
    pub query: String,
    /// Where the refinement's terms start in `query`.
    pub typed_at: usize,
    pub filter: TicketFilter,
    pub sort: Sort,
    /// The `/` line while it is open.
    pub input: Option<LineEdit>,
    /// While the `/` line is open: the whole query it makes, shown on the bottom line.
    pub line_query: String,
    /// The `/` line does not parse: where and why. The list shows nothing meanwhile.
    pub input_error: Option<QueryError>,
    pub rows: Vec<Row>,
    pub cursor: usize,
    /// First row on screen.
    pub offset: usize,
    /// More rows before `rows[0]` / after the last row.
    pub has_before: bool,
    pub has_after: bool,
    /// Index of `rows[0]` in the whole list, when known.
    pub first_index: Option<u64>,
    pub total: Option<i64>,
    /// Bumped whenever `rows` is replaced; page results for an older window are dropped.
    pub window: u64,
    /// Bumped whenever the filter changes; counts for an older filter are dropped.
    pub generation: u64,
    pub loading_before: bool,
    pub loading_after: bool,
    pub loading: bool,
    /// Rows a move still has to go once the next page arrives (a page down at the edge of
    /// what is loaded): positive down, negative up.
    pub pending_move: isize,
    pub error: Option<String>,
    pub selected: BTreeSet<i64>,
}

impl Queue {
    pub fn current(&self) -> Option<&Row> {
        self.rows.get(self.cursor)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// The current ticket: the queue's cursor while the queue has the keyboard, or the one
    /// opened (from the SLA pane, the palette, a new ticket). The detail pane shows it.
    pub id: Option<i64>,
    pub data: Option<Box<DetailData>>,
    pub scroll: usize,
    pub loading: bool,
    /// The ticket of the last detail load asked for.
    pub requested: Option<i64>,
    pub error: Option<String>,
    /// The pane the detail was opened from: Esc goes back there.
    pub came_from: Option<Pane>,
    /// A ticket asked for by number (`:` 42): shown once the store says it exists.
    pub goto: Option<i64>,
}

/// Why an article is in the KB list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleWhy {
    Match,
    Linked,
    Suggested,
    Recent,
}

#[derive(Debug, Clone, Default)]
pub struct Kb {
    pub search: LineEdit,
    /// The search line has the keyboard.
    pub typing: bool,
    pub entries: Vec<ArticleEntry>,
    pub cursor: usize,
    pub offset: usize,
    /// The reader has the keyboard (narrow screens show only the reader).
    pub reading: bool,
    pub reader_scroll: usize,
    pub generation: u64,
    pub loading: bool,
    pub error: Option<String>,
    /// The ticket the linked and suggested articles are for.
    pub for_ticket: Option<(i64, String)>,
    pub loaded_for: Option<(String, Option<i64>)>,
    /// An article to put the cursor on when the list next arrives (one just written).
    pub select: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct SlaPane {
    pub timers: Vec<SlaTimer>,
    pub loaded: bool,
    pub cursor: usize,
    pub offset: usize,
}

/// A ticket an action applies to, with the version the agent saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    /// `None` when not known (a selected ticket scrolled out of the loaded window): saved
    /// without the version check.
    pub version: Option<i64>,
}

/// What an inline prompt's answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    Assign(Vec<Target>),
    PendingReason(Vec<Target>),
    LinkTo(i64),
    ArticleTitle,
    /// A name to save the current query under.
    ViewName,
}

/// What a menu choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuFor {
    Status(Vec<Target>),
    Impact(Vec<Target>),
    Urgency(Vec<Target>, Level),
    LinkKind {
        from: i64,
        to: i64,
    },
    /// Saving the current query as `name`: for me or the team.
    ViewScope {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    /// Pressing this key picks the item.
    pub key: char,
    pub label: String,
    /// What the item means to `MenuFor`.
    pub value: String,
}

/// Someone else saved first: both versions, and what saving again would do.
#[derive(Debug, Clone)]
pub struct ConflictView {
    pub subject: String,
    /// Who changed it, from the store's message.
    pub by: String,
    /// (field, theirs now, yours).
    pub fields: Vec<(String, String, String)>,
    /// Saving yours over theirs.
    pub reapply: Job,
    /// Kept for `e` when dropped (long text typed in the editor).
    pub draft: Option<(DraftKey, String)>,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Palette {
        input: LineEdit,
        cursor: usize,
    },
    Prompt {
        title: String,
        input: LineEdit,
        purpose: PromptFor,
        completions: Vec<String>,
    },
    Menu {
        title: String,
        items: Vec<MenuItem>,
        cursor: usize,
        purpose: MenuFor,
    },
    Confirm {
        question: String,
        job: Box<Job>,
    },
    Conflict(Box<ConflictView>),
}

/// Text typed in the editor that was not saved (a failed save, a dropped conflict), kept so the
/// next edit of the same thing starts from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DraftKey {
    Reply(i64),
    Note(i64),
    /// The `e` form of a ticket.
    Edit(i64),
    NewTicket,
    Article(Option<i64>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub tone: Tone,
}

/// One step `u` can take back: the inverse patches of one change.
#[derive(Debug, Clone)]
pub struct UndoStep {
    pub label: String,
    pub items: Vec<super::msg::UpdateItem>,
}

#[derive(Debug, Clone)]
pub struct Model {
    /// The agent's name (`me` in queries).
    pub me: String,
    /// Which database, for the status bar.
    pub db_label: String,
    pub read_only: Option<String>,
    /// The database file was deleted or replaced while open: what to tell the agent, always.
    pub file_gone: Option<String>,
    pub now: DateTime<Utc>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub focus: Pane,
    pub queue: Queue,
    pub detail: Detail,
    pub kb: Kb,
    pub sla: SlaPane,
    pub overlay: Option<Overlay>,
    pub status: Option<StatusLine>,
    pub undo: Vec<UndoStep>,
    /// The undo step a question is open for ("undo ...? y/n"): back on the stack on "n".
    pub undo_asked: Option<UndoStep>,
    /// Agents the desk knows (assignees, recent actors, presence), for Tab and for asking
    /// before assigning to a name nobody has used.
    pub agents: Vec<String>,
    /// Running inside tmux (`TMUX` is set): copying goes through tmux's buffer.
    pub tmux: bool,
    pub drafts: HashMap<DraftKey, String>,
    /// The version an edit draft was written against: saving it later checks that version, so
    /// a draft never silently undoes a change made since (it is a conflict instead).
    pub draft_versions: HashMap<DraftKey, i64>,
    /// A command waiting for the detail of this ticket to load (`e` from the queue).
    pub pending_command: Option<(i64, super::keymap::Command)>,
    /// The effective key table (defaults changed by the user's keys.toml).
    pub keymap: std::sync::Arc<super::keymap::Keymap>,
    /// The saved views the agent sees, in order (the store's, once loaded).
    pub views: Vec<crate::domain::view::SavedView>,
    /// The first page has not arrived yet (an empty "My open" then switches to "All open").
    pub first_load: bool,
    pub quit: bool,
}

impl Model {
    pub fn new(me: &str, db_label: &str, now: DateTime<Utc>, size: (u16, u16)) -> Model {
        Model {
            me: me.to_string(),
            db_label: db_label.to_string(),
            read_only: None,
            file_gone: None,
            now,
            size,
            focus: Pane::Queue,
            queue: Queue::default(),
            detail: Detail::default(),
            kb: Kb::default(),
            sla: SlaPane::default(),
            overlay: None,
            status: None,
            undo: Vec::new(),
            undo_asked: None,
            agents: Vec::new(),
            tmux: false,
            drafts: HashMap::new(),
            draft_versions: HashMap::new(),
            pending_command: None,
            keymap: std::sync::Arc::default(),
            views: super::saved_views::defaults(),
            first_load: true,
            quit: false,
        }
    }

    /// The ticket actions apply to: the detail's ticket in the detail pane, the selected
    /// timer's in the SLA pane, otherwise the queue's cursor.
    pub fn current_ticket(&self) -> Option<Target> {
        match self.focus {
            Pane::Detail | Pane::Kb => self.detail.id.map(|id| Target {
                id,
                version: self.version_of(id),
            }),
            Pane::Sla => self.sla.timers.get(self.sla.cursor).map(|t| Target {
                id: t.ticket_id,
                version: self.version_of(t.ticket_id),
            }),
            _ => self.queue.current().map(|r| Target {
                id: r.id,
                version: Some(r.version),
            }),
        }
        .or_else(|| {
            self.queue.current().map(|r| Target {
                id: r.id,
                version: Some(r.version),
            })
        })
    }

    /// The version of a ticket as this screen last saw it.
    pub fn version_of(&self, id: i64) -> Option<i64> {
        if let Some(d) = self
            .detail
            .data
            .as_ref()
            .filter(|d| d.detail.ticket.id == id)
        {
            return Some(d.detail.ticket.version);
        }
        self.queue
            .rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.version)
    }

    /// The title of a ticket, if it is on screen.
    pub fn title_of(&self, id: i64) -> Option<&str> {
        if let Some(d) = self
            .detail
            .data
            .as_ref()
            .filter(|d| d.detail.ticket.id == id)
        {
            return Some(&d.detail.ticket.title);
        }
        self.queue
            .rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.title.as_str())
            .or_else(|| {
                self.sla
                    .timers
                    .iter()
                    .find(|t| t.ticket_id == id)
                    .map(|t| t.title.as_str())
            })
    }

    /// True while something on screen counts down, so the runtime ticks once a second.
    pub fn needs_tick(&self) -> bool {
        let visible = super::layout::visible_panes(self);
        let sla_pane =
            visible.contains(&Pane::Sla) && self.sla.timers.iter().any(|t| t.badge.state.ticks());
        let queue = visible.contains(&Pane::Queue)
            && self
                .queue
                .rows
                .iter()
                .any(|r| r.sla.as_ref().is_some_and(|b| b.state.ticks()));
        let detail = visible.contains(&Pane::Detail)
            && self
                .detail
                .data
                .as_ref()
                .is_some_and(|d| d.sla.iter().any(|b| b.state.ticks()));
        sla_pane || queue || detail
    }
}
