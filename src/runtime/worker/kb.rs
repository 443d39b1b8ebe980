//! The knowledge base's jobs: the list (a search, or for a ticket its linked articles, then
//! suggestions from its words, then the newest), writing and editing articles, linking.

use std::collections::HashMap;

use super::Worker;
use crate::app::model::ArticleWhy;
use crate::app::msg::{ArticleEntry, KbJob, KbLoaded, KbTicket};
use crate::domain::kb::{Article, ArticlePatch, ArticleState};
use crate::store::{Result, Store, StoreError};

pub(super) fn run(w: &mut Worker, job: KbJob) -> Option<KbLoaded> {
    let answer = match job {
        KbJob::List {
            generation,
            text,
            ticket,
        } => {
            return Some(KbLoaded::List {
                generation,
                result: list(&w.store, &text, ticket.as_ref()).map_err(|e| e.to_string()),
            });
        }
        KbJob::Create(asked) => KbLoaded::Created {
            result: w
                .store
                .create_article(asked.clone())
                .map(|a| (a.id, a.state))
                .map_err(|e| e.to_string()),
            asked,
        },
        KbJob::Update {
            id,
            patch,
            if_version,
            draft,
        } => update(&mut w.store, id, patch, if_version, draft),
        KbJob::Link { article, ticket } => KbLoaded::Linked {
            article,
            ticket,
            result: w
                .store
                .link_article(article, ticket)
                .map_err(|e| e.to_string()),
        },
    };
    w.wrote();
    Some(answer)
}

fn update(s: &mut Store, id: i64, patch: ArticlePatch, if_version: i64, draft: String) -> KbLoaded {
    let error = match s.update_article(id, &patch, Some(if_version)) {
        Ok((a, _)) => {
            return KbLoaded::Saved {
                id: a.id,
                version: a.version,
            };
        }
        Err(StoreError::Conflict { .. }) => match s.article(id) {
            Ok(theirs) => {
                return KbLoaded::Conflict {
                    id,
                    theirs: Box::new(theirs),
                    patch,
                    draft,
                };
            }
            Err(e) => e,
        },
        Err(e) => e,
    };
    KbLoaded::SaveFailed {
        id: Some(id),
        draft,
        error: error.to_string(),
    }
}

fn entries(found: Vec<Article>, why: ArticleWhy) -> impl Iterator<Item = ArticleEntry> {
    found
        .into_iter()
        .map(move |article| ArticleEntry { article, why })
}

fn list(s: &Store, text: &str, ticket: Option<&KbTicket>) -> Result<Vec<ArticleEntry>> {
    if !text.trim().is_empty() {
        let found = match s.search_articles(text, &[], 50) {
            // Nothing searchable typed yet ("--", a lone quote).
            Err(StoreError::Invalid(_)) => Vec::new(),
            other => other?,
        };
        return Ok(entries(found, ArticleWhy::Match).collect());
    }
    let mut out: Vec<ArticleEntry> = Vec::new();
    if let Some(t) = ticket {
        out.extend(entries(linked(s, t.id), ArticleWhy::Linked));
        let found = suggested(s, t, &out)?;
        out.extend(entries(found, ArticleWhy::Suggested));
    }
    for article in s.list_articles(&[], None, 40)? {
        if !out.iter().any(|e| e.article.id == article.id) {
            out.push(ArticleEntry {
                article,
                why: ArticleWhy::Recent,
            });
        }
    }
    Ok(out)
}

/// The articles linked to ticket `id` (a convenience: none when they cannot be read).
fn linked(s: &Store, id: i64) -> Vec<Article> {
    s.ticket_detail(id)
        .map(|d| d.articles)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| s.article(a).ok())
        .collect()
}

/// Articles matching most of the ticket's words first: when some match several, only those
/// (at most six); otherwise the best few (three) single-word matches. Articles already in
/// `listed` are left out first.
fn suggested(s: &Store, t: &KbTicket, listed: &[ArticleEntry]) -> Result<Vec<Article>> {
    // Per article: how many words matched, and its best rank for any.
    let mut hits: HashMap<i64, (usize, usize)> = HashMap::new();
    let mut found: Vec<Article> = Vec::new();
    for w in crate::app::suggest::words(&t.title, t.category.as_deref()) {
        let states = [ArticleState::Internal, ArticleState::Published];
        for (rank, a) in s
            .search_articles(&format!("{w}*"), &states, 10)?
            .into_iter()
            .enumerate()
        {
            let e = hits.entry(a.id).or_insert((0, rank));
            e.0 += 1;
            e.1 = e.1.min(rank);
            if !found.iter().any(|f| f.id == a.id) {
                found.push(a);
            }
        }
    }
    found.retain(|a| !listed.iter().any(|e| e.article.id == a.id));
    found.sort_by_key(|a| {
        let (n, rank) = hits.get(&a.id).copied().unwrap_or((0, 99));
        (std::cmp::Reverse(n), rank, a.id)
    });
    let best = found
        .first()
        .and_then(|a| hits.get(&a.id))
        .map_or(0, |h| h.0);
    let (need, most) = if best >= 2 { (2, 6) } else { (1, 3) };
    found.retain(|a| hits.get(&a.id).is_some_and(|h| h.0 >= need));
    found.truncate(most);
    Ok(found)
}
