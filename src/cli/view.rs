//! `tend view ...`: saved views for scripts (the app shows the same rows across the queue).

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

use super::args::Format;
use super::output::{Column, print_json, print_table, say};
use crate::domain::text::one_line;
use crate::domain::view::Scope;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum ViewCommand {
    /// The views you see, in order (team views and your own)
    List {
        #[command(flatten)]
        format: Format,
    },
    /// Save a query as a named view at the end of your list (yours unless --team)
    Save {
        name: String,
        /// The query, in the language `/` and `ticket list --query` take
        #[arg(long, short = 'q', value_name = "Q")]
        query: String,
        /// A team view, seen by every agent on the desk
        #[arg(long)]
        team: bool,
        /// Replace the query of an existing view of that name
        #[arg(long)]
        replace: bool,
    },
    /// Delete a view (a team view for everyone; see `hide` for just your list)
    Delete {
        name: String,
        /// The team view of that name, when you also have a personal one
        #[arg(long)]
        team: bool,
    },
    /// Move a view to place N in the list (team views move for the whole team)
    Move {
        name: String,
        /// The new place, from 1
        #[arg(long, value_name = "N")]
        to: usize,
        /// The team view of that name, when you also have a personal one
        #[arg(long)]
        team: bool,
    },
    /// Hide a team view from your list only
    Hide { name: String },
    /// Show again every team view you hid
    Unhide,
}

fn scope_word(s: Scope) -> &'static str {
    match s {
        Scope::Team => "team",
        Scope::Me => "personal",
    }
}

fn scope(team: bool) -> Option<Scope> {
    team.then_some(Scope::Team)
}

pub fn run(store: &mut Store, cmd: ViewCommand) -> Result<ExitCode> {
    match cmd {
        ViewCommand::List { format } => {
            let views = store.views()?;
            if format.json {
                print_json(&views)?;
            } else {
                let rows: Vec<Vec<String>> = views
                    .iter()
                    .map(|v| {
                        vec![
                            v.position.to_string(),
                            one_line(&v.name).into_owned(),
                            v.scope.as_str().to_string(),
                            one_line(&v.query).into_owned(),
                        ]
                    })
                    .collect();
                print_table(
                    &[
                        Column::fixed("#"),
                        Column::fixed("NAME"),
                        Column::fixed("SCOPE"),
                        Column::flex("QUERY"),
                    ],
                    &rows,
                );
            }
        }
        ViewCommand::Save {
            name,
            query,
            team,
            replace,
        } => {
            let scope = if team { Scope::Team } else { Scope::Me };
            let v = store.save_view(&name, &query, scope, replace)?;
            say!(
                "saved view '{}' ({}, position {})",
                one_line(&v.name),
                scope_word(v.scope),
                v.position
            );
        }
        ViewCommand::Delete { name, team } => {
            let v = store.delete_view(&name, scope(team))?;
            say!(
                "deleted view '{}' ({})",
                one_line(&v.name),
                scope_word(v.scope)
            );
        }
        ViewCommand::Move { name, to, team } => {
            store.move_view(&name, scope(team), to)?;
            // Where it really went (a position past the end puts it last).
            let views = store.views()?;
            if let Some(v) = views.iter().find(|v| {
                v.name.eq_ignore_ascii_case(&name) && scope(team).is_none_or(|s| s == v.scope)
            }) {
                say!(
                    "moved view '{}' to position {} of {}",
                    one_line(&v.name),
                    v.position,
                    views.len()
                );
            }
        }
        ViewCommand::Hide { name } => {
            let v = store.hide_view(&name)?;
            say!(
                "hid team view '{}' from your list (`tend view unhide` shows it again)",
                one_line(&v.name)
            );
        }
        ViewCommand::Unhide => {
            let n = store.unhide_views()?;
            say!(
                "{n} hidden view{} shown again",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
