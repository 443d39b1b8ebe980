//! What flows into `update` (messages) and out of it (effects), and the jobs the runtime runs
//! against the store for it. All plain data: tests build and inspect them directly. Jobs and
//! their answers are grouped per feature, one file each.

mod agents;
mod detail;
mod kb;
mod queue;
mod sla;
mod tickets;
mod views;
mod watch;

pub use agents::{AgentJob, AgentsLoaded};
pub use detail::{DetailData, DetailJob, DetailLoaded};
pub use kb::{ArticleEntry, KbJob, KbLoaded, KbTicket};
pub use queue::{PageAt, PageData, QueueJob, QueueLoaded};
pub use sla::{SlaJob, SlaLoaded};
pub use tickets::{Linked, TicketJob, TicketLoaded, UpdateItem, UpdateResult};
pub use views::{ViewDone, ViewJob, ViewsLoaded};
pub use watch::{Change, Gone, WatchJob, WatchLoaded};

use super::keys::Key;
use super::model::DraftKey;
use crate::domain::conversation::EntryKind;
use crate::domain::kb::Article;
use crate::domain::ticket::Ticket;
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

/// Work for the store, run off the input thread: one arm per feature, each feature's jobs in
/// its own file (`msg/<feature>.rs`), run by `runtime::worker::<feature>`.
#[derive(Debug, Clone)]
pub enum Job {
    Queue(QueueJob),
    Detail(DetailJob),
    Tickets(TicketJob),
    Kb(KbJob),
    Sla(SlaJob),
    Agents(AgentJob),
    Views(ViewJob),
    Watch(WatchJob),
}

impl Job {
    /// Jobs that may read most of the desk (counts, ranked searches, the clocks of every open
    /// ticket for the SLA timers): the runtime runs them on
    /// a second connection of their own, interrupted when a newer job supersedes them, so
    /// pages, tickets and saves never wait behind them.
    pub fn is_slow(&self) -> bool {
        match self {
            Job::Queue(j) => j.is_slow(),
            Job::Sla(SlaJob::Timers) => true,
            _ => false,
        }
    }

    /// Jobs whose newer copy makes an older queued one pointless (the runtime keeps the last).
    pub fn supersedes(&self, older: &Job) -> bool {
        match (self, older) {
            (Job::Queue(new), Job::Queue(old)) => new.supersedes(old),
            (Job::Kb(new), Job::Kb(old)) => new.supersedes(old),
            (Job::Detail(_), Job::Detail(_)) | (Job::Sla(_), Job::Sla(_)) => true,
            _ => false,
        }
    }
}

/// A job's answer: one arm per feature, as `Job`.
#[derive(Debug, Clone)]
pub enum Loaded {
    Queue(QueueLoaded),
    Detail(DetailLoaded),
    Tickets(TicketLoaded),
    Kb(KbLoaded),
    Sla(SlaLoaded),
    Agents(AgentsLoaded),
    Views(ViewsLoaded),
    Watch(WatchLoaded),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filter::{Sort, TicketFilter};

    fn page(at: PageAt, sort: Sort) -> Job {
        Job::Queue(QueueJob::Page {
            window: 1,
            at,
            filter: TicketFilter::default(),
            sort,
            limit: 10,
        })
    }

    #[test]
    fn each_feature_says_which_of_its_jobs_are_slow_and_which_replace_older_ones() {
        let count = Job::Queue(QueueJob::Count {
            generation: 1,
            filter: TicketFilter::default(),
        });
        let list = Job::Kb(KbJob::List {
            generation: 1,
            text: String::new(),
            ticket: None,
        });
        let timers = Job::Sla(SlaJob::Timers);
        let detail = Job::Detail(DetailJob::Load(1));
        assert!(count.is_slow() && timers.is_slow());
        assert!(page(PageAt::Start, Sort::Relevance).is_slow());
        assert!(!page(PageAt::Start, Sort::Newest).is_slow());
        assert!(!list.is_slow() && !detail.is_slow());
        assert!(count.supersedes(&count) && list.supersedes(&list));
        assert!(timers.supersedes(&timers) && detail.supersedes(&detail));
        assert!(page(PageAt::End, Sort::Newest).supersedes(&page(PageAt::Start, Sort::Newest)));
        // More rows at an end add to the window: never dropped for a newer page.
        let end = crate::domain::filter::Cursor { id: 1, key: 0 };
        assert!(
            !page(PageAt::Start, Sort::Newest).supersedes(&page(PageAt::After(end), Sort::Newest))
        );
        // Across features, and for saves, nothing is dropped.
        assert!(!count.supersedes(&list) && !detail.supersedes(&timers));
        let poll = Job::Watch(WatchJob::Poll);
        assert!(!poll.supersedes(&poll));
        let views = Job::Views(ViewJob::Load);
        assert!(!views.supersedes(&views));
    }
}
