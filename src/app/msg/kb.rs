//! The knowledge base's jobs and answers: the list (searched, or suggested for a ticket),
//! writing and editing articles (with conflicts), and linking one to a ticket.

use crate::app::model::ArticleWhy;
use crate::domain::kb::{Article, ArticlePatch, ArticleState, NewArticle};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEntry {
    pub article: Article,
    pub why: ArticleWhy,
}

/// A ticket the KB pane suggests articles for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbTicket {
    pub id: i64,
    pub title: String,
    pub category: Option<String>,
}

#[derive(Debug, Clone)]
pub enum KbJob {
    /// The list: articles matching `text`, or (with no text) those linked to or suggested for
    /// `ticket`, then the newest.
    List {
        generation: u64,
        text: String,
        ticket: Option<KbTicket>,
    },
    Create(NewArticle),
    Update {
        id: i64,
        patch: ArticlePatch,
        if_version: i64,
        /// The editor text, kept if the save fails.
        draft: String,
    },
    Link {
        article: i64,
        ticket: i64,
    },
}

impl KbJob {
    pub fn supersedes(&self, older: &KbJob) -> bool {
        matches!((self, older), (KbJob::List { .. }, KbJob::List { .. }))
    }
}

#[derive(Debug, Clone)]
pub enum KbLoaded {
    List {
        generation: u64,
        result: Result<Vec<ArticleEntry>, String>,
    },
    /// A new article: saved (its id and state: select it), or why not. `asked` is what was
    /// written, kept as a draft when the save fails.
    Created {
        asked: NewArticle,
        result: Result<(i64, ArticleState), String>,
    },
    Saved {
        id: i64,
        version: i64,
    },
    Conflict {
        id: i64,
        theirs: Box<Article>,
        patch: ArticlePatch,
        draft: String,
    },
    SaveFailed {
        id: Option<i64>,
        draft: String,
        error: String,
    },
    /// Linking `article` to `ticket`: whether a link was made (false: it was there), or why not.
    Linked {
        article: i64,
        ticket: i64,
        result: Result<bool, String>,
    },
}
