//! What flows into `update` (messages) and out of it (effects), and the jobs the runtime runs
//! against the store for it. All plain data: tests build and inspect them directly.

use super::keys::Key;
use super::model::{DraftKey, Row, Target};
use super::sla::{SlaBadge, SlaTimer};
use crate::domain::conversation::EntryKind;
use crate::domain::filter::{Cursor, Sort, TicketFilter};
use crate::domain::kb::{Article, ArticlePatch, NewArticle};
use crate::domain::link::LinkRequest;
use crate::domain::ticket::{NewTicket, Ticket, TicketDetail, TicketPatch};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub enum Msg {
    Key(Key),
    Resize(u16, u16),
    /// Only when the mouse is turned on (`TEND_MOUSE=1`): a click or the wheel at (x, y).
    Mouse(Mouse),
    /// A second passed (only sent while timers are on screen).
    Tick(DateTime<Utc>),
    /// A job's answer.
    Loaded(Loaded),
    /// Copying did not get anywhere (tmux refused the buffer): why.
    CopyFailed(String),
    /// The editor closed: the text, or why it could not run.
    Edited {
        purpose: EditFor,
        result: Result<String, String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    WheelUp,
    WheelDown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub x: u16,
    pub y: u16,
}

/// Where a page of the queue goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAt {
    /// The top of the list (replaces the window).
    Start,
    /// The bottom of the list (replaces the window).
    End,
    /// Rows around this ticket, `usize` of them above it (replaces the window; refreshes).
    Around(i64, usize),
    /// More rows after this cursor (appends).
    After(Cursor),
    /// More rows before this cursor (prepends).
    Before(Cursor),
}

#[derive(Debug, Clone)]
pub struct PageData {
    pub rows: Vec<Row>,
    pub has_before: bool,
    pub has_after: bool,
    /// For `Around`: where the anchor ticket is (or would be, if it left the list).
    pub anchor_at: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailData {
    pub detail: TicketDetail,
    /// The linked articles' ids and titles.
    pub articles: Vec<(i64, String)>,
    pub sla: Vec<SlaBadge>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEntry {
    pub article: Article,
    pub why: super::model::ArticleWhy,
}

/// A ticket the KB pane suggests articles for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbTicket {
    pub id: i64,
    pub title: String,
    pub category: Option<String>,
}

/// One ticket change: the patch, and the version it was made against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateItem {
    pub target: Target,
    pub patch: TicketPatch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateResult {
    Saved {
        ticket: Box<Ticket>,
        changes: Vec<(String, Option<String>, Option<String>)>,
    },
    /// Someone else saved first; `theirs` is the ticket as it is now.
    Conflict {
        theirs: Box<Ticket>,
        by: String,
    },
    Failed(String),
}

/// Work for the store, run off the input thread.
#[derive(Debug, Clone)]
pub enum Job {
    Page {
        window: u64,
        at: PageAt,
        filter: TicketFilter,
        sort: Sort,
        limit: usize,
    },
    Count {
        generation: u64,
        filter: TicketFilter,
    },
    Detail(i64),
    Kb {
        generation: u64,
        text: String,
        ticket: Option<KbTicket>,
    },
    SlaTimers,
    /// The agents the desk knows (for completing and checking assignees).
    Agents,
    /// Changes to ticket fields. `undoable` records the inverse for `u`.
    Update {
        label: String,
        items: Vec<UpdateItem>,
        undoable: bool,
    },
    AddEntry {
        id: i64,
        kind: EntryKind,
        body: String,
    },
    CreateTicket(Box<NewTicket>),
    Link {
        from: i64,
        to: i64,
        request: LinkRequest,
    },
    CreateArticle(NewArticle),
    UpdateArticle {
        id: i64,
        patch: ArticlePatch,
        if_version: i64,
        /// The editor text, kept if the save fails.
        draft: String,
    },
    LinkArticle {
        article: i64,
        ticket: i64,
    },
    /// Ask the store what other processes changed (the runtime does this on its own too).
    PollChanges,
    /// Tell other agents this session is editing a ticket ("alice is editing #12"), or that it
    /// stopped. The store thread repeats the heartbeat while it is set.
    Presence(Option<(i64, String)>),
    /// Saved views: reload the list, or change it and reload.
    Views(ViewJob),
}

/// A change to the saved views (by name and scope, as the CLI does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewJob {
    Load,
    Save {
        name: String,
        query: String,
        scope: crate::domain::view::Scope,
    },
    Delete {
        name: String,
        scope: crate::domain::view::Scope,
    },
    Move {
        name: String,
        scope: crate::domain::view::Scope,
        to: usize,
    },
}

impl Job {
    /// Jobs that may read most of the desk (counts, ranked searches, the clocks of every open
    /// ticket for the SLA timers): the runtime runs them on
    /// a second connection of their own, interrupted when a newer job supersedes them, so
    /// pages, tickets and saves never wait behind them.
    pub fn is_slow(&self) -> bool {
        matches!(
            self,
            Job::Count { .. }
                | Job::SlaTimers
                | Job::Page {
                    sort: crate::domain::filter::Sort::Relevance,
                    ..
                }
        )
    }

    /// Jobs whose newer copy makes an older queued one pointless (the runtime keeps the last).
    pub fn supersedes(&self, older: &Job) -> bool {
        matches!(
            (self, older),
            (Job::Detail(_), Job::Detail(_))
                | (Job::Kb { .. }, Job::Kb { .. })
                | (Job::Count { .. }, Job::Count { .. })
                | (Job::SlaTimers, Job::SlaTimers)
                | (
                    Job::Page {
                        at: PageAt::Start | PageAt::End | PageAt::Around(..),
                        ..
                    },
                    Job::Page {
                        at: PageAt::Start | PageAt::End | PageAt::Around(..),
                        ..
                    }
                )
        )
    }
}

/// A change another process made, as the change log tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub actor: String,
    /// The record that changed.
    pub on: crate::domain::event::EntityRef,
    /// The one-line summary people read.
    pub what: String,
}

#[derive(Debug, Clone)]
pub enum Loaded {
    Page {
        window: u64,
        at: PageAt,
        result: Result<PageData, String>,
    },
    Count {
        generation: u64,
        total: i64,
    },
    Detail {
        id: i64,
        result: Result<Box<DetailData>, String>,
    },
    Kb {
        generation: u64,
        result: Result<Vec<ArticleEntry>, String>,
    },
    SlaTimers(Vec<SlaTimer>),
    Agents(Vec<String>),
    /// A new article was saved: select it.
    ArticleCreated {
        id: i64,
        message: String,
    },
    Updated {
        label: String,
        undoable: bool,
        results: Vec<(UpdateItem, UpdateResult)>,
    },
    EntryAdded {
        id: i64,
        kind: EntryKind,
        body: String,
        result: Result<(), String>,
    },
    /// A create or link finished: a message for the status line, and what to reload.
    Done {
        result: Result<String, String>,
        tickets: Vec<i64>,
        /// Select this ticket (a new one).
        select: Option<i64>,
        /// Reload the KB list.
        articles: bool,
        /// The editor text this saved, no longer needed as a draft.
        clear_draft: Option<DraftKey>,
    },
    ArticleConflict {
        id: i64,
        theirs: Box<Article>,
        patch: ArticlePatch,
        draft: String,
        by: String,
    },
    ArticleSaveFailed {
        id: Option<i64>,
        draft: String,
        error: String,
    },
    /// Other processes changed these (newest last).
    External(Vec<Change>),
    /// The saved views after a `Job::Views`: the list and what to say, or the error.
    Views {
        result: Result<(Vec<crate::domain::view::SavedView>, String), String>,
        /// Show this view (name, scope) once loaded (a view just saved).
        show: Option<(String, crate::domain::view::Scope)>,
    },
    /// The desk was restored from a backup (`tend db restore`): anything may have changed.
    Restored,
    /// The database file was deleted or replaced under the app (this says so, and how to
    /// reopen): its changes would go where nobody looks, so writing stops.
    FileGone(String),
}

/// What the editor is open for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditFor {
    Entry { id: i64, kind: EntryKind },
    Ticket { base: Box<Ticket> },
    NewTicket,
    NewArticle { title: String },
    Article { base: Box<Article> },
}

impl EditFor {
    /// The existing ticket this edit works on, and what the work is (for presence).
    pub fn ticket_activity(&self) -> Option<(i64, &'static str)> {
        match self {
            EditFor::Entry {
                id,
                kind: EntryKind::Reply,
            } => Some((*id, "reply")),
            EditFor::Entry { id, .. } => Some((*id, "note")),
            EditFor::Ticket { base } => Some((base.id, "edit")),
            _ => None,
        }
    }

    pub fn draft_key(&self) -> DraftKey {
        match self {
            EditFor::Entry {
                id,
                kind: EntryKind::Reply,
            } => DraftKey::Reply(*id),
            EditFor::Entry { id, .. } => DraftKey::Note(*id),
            EditFor::Ticket { base } => DraftKey::Edit(base.id),
            EditFor::NewTicket => DraftKey::NewTicket,
            EditFor::NewArticle { .. } => DraftKey::Article(None),
            EditFor::Article { base } => DraftKey::Article(Some(base.id)),
        }
    }
}

/// What `update` asks the runtime to do.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // a handful per key press, gone at once
pub enum Effect {
    Job(Job),
    /// Suspend the screen and edit `text` in `$VISUAL`/`$EDITOR`; answer with `Msg::Edited`.
    Edit {
        purpose: EditFor,
        text: String,
    },
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Give the terminal back and stop (Ctrl-z); carry on after `fg`.
    Suspend,
    Quit,
}
