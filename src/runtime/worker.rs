//! Runs the app's jobs against the store and answers with messages; notices other processes'
//! changes (`PRAGMA data_version`, then the change log). Synchronous: the runtime calls it on
//! its own thread, tests call it directly.

use std::collections::HashMap;

use super::sla_feed;
use crate::app::model::{ArticleWhy, DraftKey, Row};
use crate::app::msg::{
    ArticleEntry, Change, DetailData, Job, KbTicket, Loaded, Msg, PageAt, PageData, UpdateResult,
};
use crate::app::sla::SlaBadge;
use crate::domain::filter::{Sort, TicketFilter};
use crate::domain::kb::ArticleState;

use crate::store::{FileState, ListPage, Result, Store, StoreError};
use std::time::Instant;

pub struct Worker {
    store: Store,
    last_seq: i64,
    data_version: i64,
    /// The ticket this session is editing, and when the last heartbeat went out.
    editing: Option<(i64, String, Instant)>,
    /// Whether the file at the path was seen deleted or replaced (said once).
    file_warned: bool,
    /// The last job was stopped by an interrupt (it answered nothing).
    interrupted: bool,
}

/// How often a heartbeat is repeated while editing (well inside `PRESENCE_EXPIRY`).
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(10);

impl Worker {
    pub fn new(store: Store) -> Result<Worker> {
        let last_seq = store.last_change_seq()?;
        let data_version = store.data_version()?;
        Ok(Worker {
            store,
            last_seq,
            editing: None,
            file_warned: false,
            interrupted: false,
            data_version,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Changes other processes made since the last look, if any.
    pub fn poll(&mut self) -> Option<Msg> {
        if let Some(msg) = self.check_file() {
            return Some(msg);
        }
        let v = self.store.data_version().ok()?;
        if v == self.data_version {
            return None;
        }
        self.data_version = v;
        let events = self.store.changes_since(self.last_seq, 500).ok()?;
        if let Some(last) = events.last() {
            self.last_seq = last.seq;
        }
        // A restore logs an event numbered above anything seen before; should a change have
        // slipped in above it, the log now ends below what was seen: restored all the same.
        let restored = events.iter().any(|e| e.is_restore())
            || (events.is_empty()
                && self
                    .store
                    .last_change_seq()
                    .is_ok_and(|seq| seq < self.last_seq));
        if restored {
            if let Ok(seq) = self.store.last_change_seq() {
                self.last_seq = seq;
            }
            return Some(Msg::Loaded(Loaded::Restored));
        }
        // An empty list means "something changed" (it may have been logged before our own
        // last write): the app reloads what is on screen.
        let changes = events
            .into_iter()
            .map(|e| Change {
                actor: e.actor,
                on: e.on,
                what: e.what,
            })
            .collect();
        Some(Msg::Loaded(Loaded::External(changes)))
    }

    /// A database deleted or replaced under us: say so once, loudly; the app then stops writing
    /// (and the store refuses to). Changes would go to a file nobody else sees, and the screen
    /// would not show the new one. Checked on every poll (one `stat`).
    fn check_file(&mut self) -> Option<Msg> {
        if self.file_warned {
            return None;
        }
        let path = self.store.path().display().to_string();
        let text = match self.store.file_state() {
            FileState::Same => return None,
            FileState::Deleted => format!(
                "{path} was deleted while open: nothing more is saved here; quit (q) and reopen"
            ),
            FileState::Replaced => format!(
                "{path} was replaced by another file: nothing more is saved here; quit (q) and reopen to work on it (restore with `tend db restore` instead of moving files)"
            ),
        };
        self.file_warned = true;
        Some(Msg::Loaded(Loaded::FileGone(
            crate::domain::text::one_line(&text).into_owned(),
        )))
    }

    /// Starts or stops announcing that this session edits a ticket. Presence only warns, so a
    /// failure to write it (read-only file, busy) is not shown as an error.
    fn set_presence(&mut self, what: Option<(i64, String)>) {
        match what {
            Some((id, activity)) => {
                let _ = self.store.heartbeat(id, &activity);
                self.editing = Some((id, activity, Instant::now()));
            }
            None => {
                if self.editing.take().is_some() {
                    let _ = self.store.leave(None);
                }
            }
        }
    }

    /// Repeats the heartbeat while editing; called from the store thread's loop.
    pub fn keep_presence(&mut self) {
        if let Some((id, activity, last)) = &self.editing
            && last.elapsed() >= HEARTBEAT
        {
            let (id, activity) = (*id, activity.clone());
            let _ = self.store.heartbeat(id, &activity);
            self.editing = Some((id, activity, Instant::now()));
        }
    }

    /// After our own write: our changes are not news.
    fn wrote(&mut self) {
        if let Ok(seq) = self.store.last_change_seq() {
            self.last_seq = seq;
        }
    }

    /// Whether the last job was interrupted (and so answered nothing); clears the flag.
    pub fn take_interrupted(&mut self) -> bool {
        std::mem::take(&mut self.interrupted)
    }

    pub fn run(&mut self, job: Job) -> Vec<Msg> {
        let loaded = match job {
            Job::Page {
                window,
                at,
                filter,
                sort,
                limit,
            } => match self.page(at, &filter, sort, limit) {
                Err(e) if e.is_interrupted() => {
                    self.interrupted = true;
                    return Vec::new();
                }
                result => Loaded::Page {
                    window,
                    at,
                    result: result.map_err(|e| e.to_string()),
                },
            },
            Job::Count { generation, filter } => match self.store.count_tickets(&filter) {
                Ok(total) => Loaded::Count { generation, total },
                Err(e) => {
                    self.interrupted = e.is_interrupted();
                    return Vec::new();
                }
            },
            Job::Detail(id) => Loaded::Detail {
                id,
                result: self.detail(id).map(Box::new).map_err(|e| e.to_string()),
            },
            Job::Kb {
                generation,
                text,
                ticket,
            } => Loaded::Kb {
                generation,
                result: self.kb(&text, ticket.as_ref()).map_err(|e| e.to_string()),
            },
            Job::SlaTimers => Loaded::SlaTimers(sla_feed::timers(&self.store).unwrap_or_default()),
            // Completion is a convenience: without the list, names are simply not offered.
            Job::Agents => Loaded::Agents(self.store.known_agents().unwrap_or_default()),
            Job::Update {
                label,
                items,
                undoable,
            } => {
                let mut results = Vec::new();
                for item in items {
                    let r =
                        self.store
                            .update_ticket(item.target.id, &item.patch, item.target.version);
                    let r = match r {
                        Ok(out) => UpdateResult::Saved {
                            ticket: Box::new(out.ticket),
                            changes: out.changes,
                        },
                        Err(StoreError::Conflict { by, .. }) => {
                            match self.store.ticket(item.target.id) {
                                Ok(t) => UpdateResult::Conflict {
                                    theirs: Box::new(t),
                                    by,
                                },
                                Err(e) => UpdateResult::Failed(e.to_string()),
                            }
                        }
                        Err(e) => UpdateResult::Failed(e.to_string()),
                    };
                    results.push((item, r));
                }
                self.wrote();
                Loaded::Updated {
                    label,
                    undoable,
                    results,
                }
            }
            Job::AddEntry { id, kind, body } => {
                let result = self
                    .store
                    .add_entry(id, kind, &body)
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                self.wrote();
                Loaded::EntryAdded {
                    id,
                    kind,
                    body,
                    result,
                }
            }
            Job::CreateTicket(t) => {
                let r = self.store.create_ticket(*t);
                self.wrote();
                match r {
                    Ok(t) => done(
                        Ok(format!("opened #{}", t.id)),
                        vec![],
                        Some(t.id),
                        false,
                        Some(DraftKey::NewTicket),
                    ),
                    Err(e) => done(
                        Err(format!("new ticket: {e} (n opens your text again)")),
                        vec![],
                        None,
                        false,
                        None,
                    ),
                }
            }
            Job::Link { from, to, request } => {
                let r = self.store.link_tickets(from, to, request);
                self.wrote();
                match r {
                    Ok((l, created)) => {
                        let what =
                            format!("#{} {} #{}", l.from_id, l.kind.forward_label(), l.to_id);
                        let m = if created {
                            format!("linked: {what}")
                        } else {
                            format!("already linked: {what}")
                        };
                        done(Ok(m), vec![from, to], None, false, None)
                    }
                    Err(e) => done(Err(e.to_string()), vec![], None, false, None),
                }
            }
            Job::CreateArticle(a) => {
                let r = self.store.create_article(a.clone());
                self.wrote();
                match r {
                    Ok(a) => Loaded::ArticleCreated {
                        id: a.id,
                        message: format!("KB-{} written ({})", a.id, a.state),
                    },
                    Err(e) => Loaded::ArticleSaveFailed {
                        id: None,
                        draft: crate::app::form::article_text(
                            &a.title, a.state, &a.tags, &a.body, true,
                        ),
                        error: e.to_string(),
                    },
                }
            }
            Job::UpdateArticle {
                id,
                patch,
                if_version,
                draft,
            } => {
                let r = self.store.update_article(id, &patch, Some(if_version));
                self.wrote();
                match r {
                    Ok((a, _)) => done(
                        Ok(format!("KB-{} saved (version {})", a.id, a.version)),
                        vec![],
                        None,
                        true,
                        Some(DraftKey::Article(Some(id))),
                    ),
                    Err(StoreError::Conflict { .. }) => match self.store.article(id) {
                        Ok(theirs) => Loaded::ArticleConflict {
                            id,
                            by: format!(
                                "(by {}, {})",
                                theirs.author,
                                crate::domain::time::rfc3339(theirs.updated_at)
                            ),
                            theirs: Box::new(theirs),
                            patch,
                            draft,
                        },
                        Err(e) => Loaded::ArticleSaveFailed {
                            id: Some(id),
                            draft,
                            error: e.to_string(),
                        },
                    },
                    Err(e) => Loaded::ArticleSaveFailed {
                        id: Some(id),
                        draft,
                        error: e.to_string(),
                    },
                }
            }
            Job::LinkArticle { article, ticket } => {
                let r = self.store.link_article(article, ticket);
                self.wrote();
                match r {
                    Ok(true) => done(
                        Ok(format!("KB-{article} linked to #{ticket}")),
                        vec![ticket],
                        None,
                        true,
                        None,
                    ),
                    Ok(false) => done(
                        Ok(format!("KB-{article} was already linked to #{ticket}")),
                        vec![],
                        None,
                        false,
                        None,
                    ),
                    Err(e) => done(Err(e.to_string()), vec![], None, false, None),
                }
            }
            Job::PollChanges => return self.poll().into_iter().collect(),
            Job::Views(job) => super::view_jobs::run(&mut self.store, job),
            Job::Presence(what) => {
                self.set_presence(what);
                return Vec::new();
            }
        };
        vec![Msg::Loaded(loaded)]
    }

    fn rows(&self, page: &ListPage) -> Result<Vec<Row>> {
        let ids: Vec<i64> = page.tickets.iter().map(|t| t.id).collect();
        let badges = sla_feed::badges(&self.store, &ids)?;
        Ok(page
            .tickets
            .iter()
            .zip(&page.cursors)
            .map(|(t, cursor)| {
                let sla = badges
                    .get(&t.id)
                    .and_then(|b| SlaBadge::most_urgent(b))
                    .cloned();
                Row::from_ticket(t, *cursor, sla)
            })
            .collect())
    }

    fn page(&self, at: PageAt, f: &TicketFilter, sort: Sort, limit: usize) -> Result<PageData> {
        let s = &self.store;
        let (page, has_before, has_after, anchor_at) = match at {
            PageAt::Start => {
                let p = s.list_tickets(f, sort, None, limit)?;
                let more = p.next.is_some();
                (p, false, more, None)
            }
            PageAt::End => {
                let p = s.list_tickets_before(f, sort, None, limit)?;
                let more = p.next.is_some();
                (p, more, false, None)
            }
            PageAt::After(c) => {
                let p = s.list_tickets(f, sort, Some(c), limit)?;
                let more = p.next.is_some();
                (p, true, more, None)
            }
            PageAt::Before(c) => {
                let p = s.list_tickets_before(f, sort, Some(c), limit)?;
                let more = p.next.is_some();
                (p, more, true, None)
            }
            PageAt::Around(id, above) => match s.cursor_for(id, sort, f) {
                Err(StoreError::NotFound { .. }) => {
                    return self.page(PageAt::Start, f, sort, limit);
                }
                Err(e) => return Err(e),
                Ok(cursor) => {
                    let back = s.list_tickets_before(f, sort, Some(cursor), above)?;
                    let after = back.cursors.last().copied();
                    let fwd = s.list_tickets(f, sort, after, limit)?;
                    let at = back.tickets.len();
                    let (more_before, more_after) = (back.next.is_some(), fwd.next.is_some());
                    let mut all = back;
                    all.tickets.extend(fwd.tickets);
                    all.cursors.extend(fwd.cursors);
                    (all, more_before, more_after, Some(at))
                }
            },
        };
        Ok(PageData {
            rows: self.rows(&page)?,
            has_before,
            has_after,
            anchor_at,
        })
    }

    fn detail(&self, id: i64) -> Result<DetailData> {
        let detail = self.store.ticket_detail(id)?;
        let mut articles = Vec::new();
        for a in &detail.articles {
            match self.store.article(*a) {
                Ok(art) => articles.push((art.id, art.title)),
                Err(StoreError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let mut sla = sla_feed::badges(&self.store, &[id])?
            .remove(&id)
            .unwrap_or_default();
        if sla.is_empty()
            && matches!(
                detail.ticket.status,
                crate::domain::ticket::Status::Closed | crate::domain::ticket::Status::Cancelled
            )
        {
            sla = sla_feed::derived(&self.store, id)?;
        }
        Ok(DetailData {
            detail,
            articles,
            sla,
        })
    }

    fn kb(&self, text: &str, ticket: Option<&KbTicket>) -> Result<Vec<ArticleEntry>> {
        let s = &self.store;
        if !text.trim().is_empty() {
            let found = match s.search_articles(text, &[], 50) {
                // Nothing searchable typed yet ("--", a lone quote).
                Err(StoreError::Invalid(_)) => Vec::new(),
                other => other?,
            };
            return Ok(found
                .into_iter()
                .map(|article| ArticleEntry {
                    article,
                    why: ArticleWhy::Match,
                })
                .collect());
        }
        let mut out: Vec<ArticleEntry> = Vec::new();
        if let Some(t) = ticket {
            for a in s
                .ticket_detail(t.id)
                .map(|d| d.articles)
                .unwrap_or_default()
            {
                if let Ok(article) = s.article(a) {
                    out.push(ArticleEntry {
                        article,
                        why: ArticleWhy::Linked,
                    });
                }
            }
            // Articles matching most of the ticket's words first.
            let mut hits: HashMap<i64, (usize, usize)> = HashMap::new();
            let mut found = Vec::new();
            let words = crate::app::suggest::words(&t.title, t.category.as_deref());
            for w in &words {
                let fuzzy = format!("{w}*");
                for (rank, a) in s
                    .search_articles(
                        &fuzzy,
                        &[ArticleState::Internal, ArticleState::Published],
                        10,
                    )?
                    .into_iter()
                    .enumerate()
                {
                    let e = hits.entry(a.id).or_insert((0, rank));
                    e.0 += 1;
                    e.1 = e.1.min(rank);
                    if !found
                        .iter()
                        .any(|f: &crate::domain::kb::Article| f.id == a.id)
                    {
                        found.push(a);
                    }
                }
            }
            found.retain(|a| !out.iter().any(|e| e.article.id == a.id));
            found.sort_by_key(|a| {
                let (n, rank) = hits.get(&a.id).copied().unwrap_or((0, 99));
                (std::cmp::Reverse(n), rank, a.id)
            });
            // When some articles match several of the ticket's words, only those; otherwise
            // the best few single-word matches.
            let best = found
                .first()
                .and_then(|a| hits.get(&a.id))
                .map_or(0, |h| h.0);
            let (need, most) = if best >= 2 { (2, 6) } else { (1, 3) };
            found.retain(|a| hits.get(&a.id).is_some_and(|h| h.0 >= need));
            out.extend(found.into_iter().take(most).map(|article| ArticleEntry {
                article,
                why: ArticleWhy::Suggested,
            }));
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
}

fn done(
    result: std::result::Result<String, String>,
    tickets: Vec<i64>,
    select: Option<i64>,
    articles: bool,
    clear_draft: Option<DraftKey>,
) -> Loaded {
    Loaded::Done {
        result,
        tickets,
        select,
        articles,
        clear_draft,
    }
}
