//! Knowledge-base articles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::error::{Invalid, parse_choice};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleState {
    /// Being written; only agents see it.
    Draft,
    /// Finished, for agents only (runbooks, procedures).
    Internal,
    /// Finished, fit to send to requesters.
    Published,
}

impl ArticleState {
    pub const ALL: &'static [ArticleState] = &[
        ArticleState::Draft,
        ArticleState::Internal,
        ArticleState::Published,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleState::Draft => "draft",
            ArticleState::Internal => "internal",
            ArticleState::Published => "published",
        }
    }
}

impl fmt::Display for ArticleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ArticleState {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        parse_choice(
            "article state",
            s,
            &[
                ("draft", ArticleState::Draft),
                ("internal", ArticleState::Internal),
                ("published", ArticleState::Published),
            ],
            &["draft", "internal", "published"],
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub tags: Vec<String>,
    pub state: ArticleState,
    pub author: String,
    /// The operating-system account that created it; `None` for articles from before tend
    /// recorded it (shown as "unknown").
    #[serde(default)]
    pub os_user: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// Tickets this article is linked to.
    pub tickets: Vec<i64>,
}

/// One create or edit of an article: who (credited name and OS account), when, which fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleChange {
    pub article_id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `None` for changes from before tend recorded it.
    pub os_user: Option<String>,
    /// `created`, or the fields changed (`title, body, state, tags`).
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub state: ArticleState,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticlePatch {
    pub title: Option<String>,
    pub body: Option<String>,
    pub state: Option<ArticleState>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
}
