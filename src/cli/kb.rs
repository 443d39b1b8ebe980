//! `tend kb ...`

use super::output::say;
use anyhow::Result;
use std::process::ExitCode;

use super::args::KbCommand;
use super::input::{body, parse_article_id, parse_id};
use super::output::{Column, indented, print_json, print_table};
use crate::domain::Invalid;
use crate::domain::kb::{Article, ArticleChange, ArticlePatch, ArticleState, NewArticle};
use crate::domain::text::one_line;
use crate::domain::time::rfc3339;
use crate::store::Store;

fn states(s: &Option<String>) -> Result<Vec<ArticleState>, Invalid> {
    match s {
        None => Ok(Vec::new()),
        Some(s) => s
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::parse)
            .collect(),
    }
}

pub fn run(store: &mut Store, cmd: KbCommand) -> Result<ExitCode> {
    match cmd {
        KbCommand::New {
            title,
            body: b,
            tags,
            state,
            format,
        } => {
            let article = store.create_article(NewArticle {
                title,
                body: b.as_deref().map(body).transpose()?.unwrap_or_default(),
                tags,
                state: state.parse()?,
            })?;
            if format.json {
                print_json(&article)?;
            } else {
                say!("KB-{}", article.id);
            }
        }
        KbCommand::List {
            state,
            tag,
            limit,
            format,
        } => {
            let limit = if limit == 0 { usize::MAX - 1 } else { limit };
            let mut articles = store.list_articles(&states(&state)?, tag.as_deref(), limit + 1)?;
            super::output::cut_to(&mut articles, limit);
            if format.json {
                print_json(&articles)?;
            } else {
                print_articles(&articles);
            }
        }
        KbCommand::Show { id, format } => {
            let a = store.article(parse_article_id(&id)?)?;
            let history = store.article_history(a.id)?;
            if format.json {
                #[derive(serde::Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    article: &'a Article,
                    history: &'a [ArticleChange],
                }
                print_json(&Shown {
                    article: &a,
                    history: &history,
                })?;
            } else {
                say!("KB-{} {}", a.id, one_line(&a.title));
                say!("  state    {}", a.state);
                say!(
                    "  tags     {}",
                    if a.tags.is_empty() {
                        "-".into()
                    } else {
                        one_line(&a.tags.join(", ")).into_owned()
                    }
                );
                say!(
                    "  author   {}",
                    crate::domain::names::who(&a.author, a.os_user.as_deref())
                );
                say!(
                    "  updated  {} (version {})",
                    rfc3339(a.updated_at),
                    a.version
                );
                if !a.tickets.is_empty() {
                    let ids: Vec<String> = a.tickets.iter().map(|t| format!("#{t}")).collect();
                    say!("  tickets  {}", ids.join(", "));
                }
                if !a.body.is_empty() {
                    say!("\n{}", indented(&a.body, "  "));
                }
                if !history.is_empty() {
                    say!("\nHistory");
                    for h in &history {
                        say!(
                            "  {}  {}  {}",
                            rfc3339(h.at),
                            crate::domain::names::who(&h.actor, h.os_user.as_deref()),
                            one_line(&h.what)
                        );
                    }
                }
            }
        }
        KbCommand::Edit {
            id,
            title,
            body: b,
            state,
            add_tags,
            remove_tags,
            if_version,
            format,
        } => {
            let id = parse_article_id(&id)?;
            let patch = ArticlePatch {
                title,
                body: b.as_deref().map(body).transpose()?,
                state: state.as_deref().map(str::parse).transpose()?,
                add_tags,
                remove_tags,
            };
            if patch == ArticlePatch::default() {
                return Err(super::UsageError(
                    "nothing to change: give at least one field to edit".into(),
                )
                .into());
            }
            let (a, changed) = store.update_article(id, &patch, if_version)?;
            if format.json {
                print_json(&a)?;
            } else if changed {
                say!("KB-{id} updated (version {})", a.version);
            } else {
                say!("KB-{id}: no changes (version {})", a.version);
            }
        }
        KbCommand::Search {
            text,
            state,
            limit,
            format,
        } => {
            let limit = if limit == 0 { usize::MAX - 1 } else { limit };
            let mut articles = store.search_articles(&text, &states(&state)?, limit + 1)?;
            super::output::cut_to(&mut articles, limit);
            if format.json {
                print_json(&articles)?;
            } else if articles.is_empty() {
                eprintln!("no articles match");
            } else {
                print_articles(&articles);
            }
        }
        KbCommand::Link { id, ticket } => {
            let article = parse_article_id(&id)?;
            let ticket = parse_id("ticket", &ticket)?;
            if store.link_article(article, ticket)? {
                say!("linked KB-{article} to #{ticket}");
            } else {
                say!("KB-{article} was already linked to #{ticket}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_articles(articles: &[Article]) {
    let columns = [
        Column::fixed("ID"),
        Column::fixed("STATE"),
        Column::fixed("UPDATED"),
        Column::fixed("TAGS"),
        Column::flex("TITLE"),
    ];
    let rows: Vec<Vec<String>> = articles
        .iter()
        .map(|a| {
            vec![
                format!("KB-{}", a.id),
                a.state.to_string(),
                a.updated_at.format("%Y-%m-%d").to_string(),
                crate::domain::text::fit(&a.tags.join(","), 24),
                a.title.clone(),
            ]
        })
        .collect();
    print_table(&columns, &rows);
}
