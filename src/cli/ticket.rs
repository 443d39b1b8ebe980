//! `tend ticket ...`

use super::output::say;
use crate::domain::event::TicketField;
use crate::domain::ticket::fields::TEXT_FIELDS;
use anyhow::Result;
use chrono::Utc;
use std::process::ExitCode;

use super::args::{ListArgs, NewTicketArgs, TicketCommand, UpdateArgs};
use super::input::{body, clearable, parse_id};
use super::output::{Column, csv_line, indented, print_json, print_table};
use crate::domain::conversation::EntryKind;
use crate::domain::filter::{self, AssigneeMatch, Sort, TicketFilter};
use crate::domain::text::one_line;
use crate::domain::ticket::{NewTicket, Ticket, TicketDetail, TicketPatch};
use crate::domain::time::{parse_instant, rfc3339, short_age};
use crate::store::Store;

pub fn run(store: &mut Store, cmd: TicketCommand) -> Result<ExitCode> {
    match cmd {
        TicketCommand::New(a) => new(store, a),
        TicketCommand::List(a) => list(store, a),
        TicketCommand::Show { id, format } => {
            let detail = store.ticket_detail(parse_id("ticket", &id)?)?;
            if format.json {
                print_json(&detail)?;
            } else {
                print_detail(&detail);
            }
            Ok(ExitCode::SUCCESS)
        }
        TicketCommand::Update(a) => update(store, a),
        TicketCommand::Reply(a) => entry(store, a, EntryKind::Reply),
        TicketCommand::Note(a) => entry(store, a, EntryKind::Note),
        TicketCommand::Link(a) => {
            let from = parse_id("ticket", &a.id)?;
            let to = parse_id("ticket", &a.to)?;
            let (link, created) = store.link_tickets(from, to, a.kind.parse()?)?;
            let what = format!(
                "#{} {} #{}",
                link.from_id,
                link.kind.forward_label(),
                link.to_id
            );
            if created {
                say!("linked: {what}");
            } else {
                say!("already linked: {what}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `me` means whoever is acting.
fn resolve_me(store: &Store, name: &str) -> String {
    if name.trim().eq_ignore_ascii_case("me") {
        store.actor().name.clone()
    } else {
        name.trim().to_string()
    }
}

/// `--assignee` as the app reads it (`me`, `none`), with a warning on stderr for a name nobody on
/// the desk has used (the assignment still goes ahead: scripts may add a new colleague).
fn assignee_arg(store: &Store, typed: &str) -> Option<String> {
    let me = store.actor().name.clone();
    let name = crate::domain::names::resolve_assignee(typed, &me)?;
    let known = store.known_agents().unwrap_or_default();
    // A name the store will refuse gets its error there, without a warning first.
    let valid = crate::domain::names::validate_name("assignee", &name).is_ok();
    if valid && !name.eq_ignore_ascii_case(&me) && !crate::domain::names::is_known(&name, &known) {
        eprintln!(
            "tend: warning: nobody called '{}' has worked on this desk; assigning anyway",
            crate::domain::text::one_line(&name)
        );
    }
    Some(name)
}

fn new(store: &mut Store, a: NewTicketArgs) -> Result<ExitCode> {
    let mut t = NewTicket::new(a.title);
    t.kind = a.kind.parse()?;
    t.impact = a.impact.parse()?;
    t.urgency = a.urgency.parse()?;
    t.requester = a.requester;
    t.assignee = a.assignee.and_then(|n| assignee_arg(store, &n));
    t.group = a.group;
    t.service = a.service;
    t.category = a.category;
    t.tags = a.tags;
    if let Some(b) = a.body {
        t.description = body(&b)?;
    }
    if let Some(at) = a.opened_at {
        t.opened_at = Some(parse_instant(&at)?);
    }
    let ticket = store.create_ticket(t)?;
    if a.format.json {
        print_json(&ticket)?;
    } else {
        say!("{}", ticket.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// The filter from `--query`, or from the separate flags; and the query's `sort:` if it has one.
fn build_filter(store: &Store, a: &ListArgs) -> Result<(TicketFilter, Option<Sort>)> {
    if let Some(text) = &a.query {
        let ctx = crate::domain::query::QueryContext {
            now: store.now(),
            me: &store.actor().name,
        };
        let mut q =
            crate::domain::query::parse(text, &ctx).map_err(crate::domain::Invalid::from)?;
        // As with the flags: active tickets unless the query names statuses (status:all for any).
        if !crate::domain::query::gives(text, "status") {
            q.filter.statuses = crate::domain::lifecycle::open_statuses();
        }
        return Ok((q.filter, q.sort));
    }
    let words = a
        .search
        .as_deref()
        .map_or(0, |s| s.split_whitespace().count());
    if a.tags.len() + words > crate::domain::query::MAX_TERMS {
        return Err(crate::domain::Invalid::value(format!(
            "a list takes at most {} tags and search words; this one has {}",
            crate::domain::query::MAX_TERMS,
            a.tags.len() + words
        ))
        .into());
    }
    let statuses = match a.status.as_deref() {
        None => crate::domain::lifecycle::open_statuses(),
        Some(s) => filter::parse_status_selection(s)?,
    };
    let assignee = a.assignee.as_deref().map(|s| match s.trim() {
        n if n.eq_ignore_ascii_case("none") => AssigneeMatch::Nobody,
        n => AssigneeMatch::Is(resolve_me(store, n)),
    });
    let filter = TicketFilter {
        statuses,
        kinds: a
            .kind
            .as_deref()
            .map(filter::parse_kinds)
            .transpose()?
            .unwrap_or_default(),
        assignee,
        priorities: a
            .priority
            .as_deref()
            .map(filter::parse_priorities)
            .transpose()?
            .unwrap_or_default(),
        groups: a
            .group
            .as_deref()
            .map(filter::parse_names)
            .unwrap_or_default(),
        tags: a.tags.iter().map(|t| t.trim().to_lowercase()).collect(),
        text: a.search.clone(),
        sla: a
            .sla
            .as_deref()
            .map(filter::parse_sla_states)
            .transpose()?
            .unwrap_or_default(),
        ..TicketFilter::default()
    };
    Ok((filter, None))
}

fn list(store: &mut Store, a: ListArgs) -> Result<ExitCode> {
    let (filter, query_sort) = build_filter(store, &a)?;
    let sort: Sort = match query_sort {
        Some(s) => s,
        None => a.sort.parse()?,
    };
    let limit = if a.limit == 0 {
        usize::MAX - 1
    } else {
        a.limit
    };
    let page = store.list_tickets(&filter, sort, None, limit)?;
    if a.json {
        print_json(&page.tickets)?;
    } else if a.csv {
        print_csv(&page.tickets);
    } else {
        print_tickets(store, &page.tickets)?;
    }
    if page.next.is_some() {
        super::output::more_match(a.limit);
    }
    Ok(ExitCode::SUCCESS)
}

/// No subcommand: the open queue, most urgent first (until the TUI exists).
pub fn print_queue(store: &Store) -> Result<ExitCode> {
    let filter = TicketFilter {
        statuses: crate::domain::lifecycle::open_statuses(),
        ..TicketFilter::default()
    };
    let page = store.list_tickets(&filter, Sort::Priority, None, 50)?;
    let total = store.count_tickets(&filter)?;
    say!(
        "tend: {} in {}",
        super::output::count(total, "open ticket"),
        super::output::path_shown(store.path())
    );
    print_tickets(store, &page.tickets)?;
    if page.next.is_some() {
        say!(
            "… {} more; `tend ticket list --help` filters and pages",
            total - 50
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_tickets(store: &Store, tickets: &[Ticket]) -> Result<()> {
    let now = Utc::now();
    let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
    // The most pressing clock: breached, at risk, running, paused, met. (Only its state: the
    // time left on it, in business hours, is not shown here.)
    let states = store.sla_states(&ids)?;
    let sla = |id: i64| -> String {
        states
            .get(&id)
            .map(|s| format!("{} {s}", s.symbol()))
            .unwrap_or_else(|| "-".into())
    };
    let columns = [
        Column::fixed("ID"),
        Column::fixed("P"),
        Column::fixed("KIND"),
        Column::fixed("STATUS"),
        Column::fixed("SLA"),
        Column::fixed("ASSIGNEE"),
        Column::fixed("AGE"),
        Column::flex("TITLE"),
    ];
    let rows: Vec<Vec<String>> = tickets
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.priority.to_string(),
                t.kind.to_string(),
                t.status.to_string(),
                sla(t.id),
                t.assignee.clone().unwrap_or_else(|| "-".into()),
                short_age(t.opened_at, now),
                t.title.clone(),
            ]
        })
        .collect();
    print_table(&columns, &rows);
    Ok(())
}

fn print_csv(tickets: &[Ticket]) {
    let texts: Vec<&str> = TEXT_FIELDS.iter().map(|f| f.name()).collect();
    say!(
        "id,kind,status,priority,impact,urgency,title,{},tags,opened_at,updated_at,resolved_at,closed_at,version",
        texts.join(",")
    );
    for t in tickets {
        let mut fields = vec![
            t.id.to_string(),
            t.kind.to_string(),
            t.status.to_string(),
            t.priority.to_string(),
            t.impact.to_string(),
            t.urgency.to_string(),
            t.title.clone(),
        ];
        fields.extend(
            TEXT_FIELDS
                .iter()
                .map(|f| (f.of)(t).clone().unwrap_or_default()),
        );
        fields.extend([
            t.tags.join(" "),
            rfc3339(t.opened_at),
            rfc3339(t.updated_at),
            t.resolved_at.map(rfc3339).unwrap_or_default(),
            t.closed_at.map(rfc3339).unwrap_or_default(),
            t.version.to_string(),
        ]);
        say!("{}", csv_line(&fields));
    }
}

fn print_detail(d: &TicketDetail) {
    use crate::domain::ticket_text as text;
    let t = &d.ticket;
    say!("{}", text::title(t));
    for e in &d.editors {
        let since = e.since.format("%H:%M:%S UTC").to_string();
        say!("  ! {}", text::editing(e, &since));
    }
    let mut fields = vec![
        (text::KIND, t.kind.to_string()),
        (text::STATUS, text::status(t)),
        (text::PRIORITY, text::priority(t)),
    ];
    fields.extend(
        TEXT_FIELDS
            .iter()
            .map(|f| (f.label, text::optional((f.of)(t)))),
    );
    fields.extend([
        (text::TAGS, text::tags(t)),
        (text::OPENED, rfc3339(t.opened_at)),
        (text::UPDATED, rfc3339(t.updated_at)),
    ]);
    if let Some(r) = t.resolved_at {
        fields.push((text::RESOLVED, rfc3339(r)));
    }
    if let Some(c) = t.closed_at {
        fields.push((text::CLOSED, rfc3339(c)));
    }
    fields.push((text::VERSION, t.version.to_string()));
    for (k, v) in fields {
        say!("  {k:<10} {v}");
    }
    if !t.description.trim().is_empty() {
        say!(
            "\n{}\n{}",
            text::DESCRIPTION,
            indented(&t.description, "  ")
        );
    }
    if !d.sla.is_empty() {
        say!("\n{}", text::SLA);
        for c in &d.sla {
            let due = match (c.stopped_at, c.due_at) {
                (Some(at), _) => format!("stopped {}", rfc3339(at)),
                (None, Some(due)) => {
                    format!("due {}, {}", rfc3339(due), super::sla::remaining_phrase(c))
                }
                (None, None) => {
                    format!("due when work resumes, {}", super::sla::remaining_phrase(c))
                }
            };
            say!(
                "  {} {:<10} {:<9} {due}",
                c.state.symbol(),
                c.target.as_str(),
                c.state.as_str()
            );
        }
    }
    if !d.links.is_empty() {
        say!("\n{}", text::LINKS);
        for l in &d.links {
            say!("  {}", text::link(l, t.id));
        }
    }
    if !d.articles.is_empty() {
        let ids: Vec<String> = d.articles.iter().map(|a| text::article(*a)).collect();
        say!("\n{}\n  {}", text::ARTICLES, ids.join(", "));
    }
    if !d.conversation.is_empty() {
        say!("\n{}", text::conversation_heading(&d.conversation));
        for e in &d.conversation {
            say!(
                "  -- {} by {}, {}",
                text::entry_label(e.kind),
                crate::domain::names::who_as(e.actor_kind, &e.author, e.os_user.as_deref()),
                rfc3339(e.created_at)
            );
            let indent = if e.kind == EntryKind::Note {
                "  | "
            } else {
                "    "
            };
            say!("{}", indented(&e.body, indent));
        }
    }
    if !d.history.is_empty() {
        say!("\n{}", text::HISTORY);
        for h in &d.history {
            say!(
                "  {}  {}  {}",
                rfc3339(h.at),
                text::changed_by(h),
                text::change(h, 40)
            );
        }
    }
}

fn update(store: &mut Store, a: UpdateArgs) -> Result<ExitCode> {
    let id = parse_id("ticket", &a.id)?;
    let patch = TicketPatch {
        status: a.status.as_deref().map(str::parse).transpose()?,
        pending_reason: a.reason.clone(),
        title: a.title.clone(),
        description: a.description.as_deref().map(body).transpose()?,
        kind: a.kind.as_deref().map(str::parse).transpose()?,
        impact: a.impact.as_deref().map(str::parse).transpose()?,
        urgency: a.urgency.as_deref().map(str::parse).transpose()?,
        priority: a.priority.as_deref().map(str::parse).transpose()?,
        assignee: a.assignee.as_deref().map(|n| assignee_arg(store, n)),
        requester: clearable(&a.requester),
        group: clearable(&a.group),
        service: clearable(&a.service),
        category: clearable(&a.category),
        add_tags: a.add_tags.clone(),
        remove_tags: a.remove_tags.clone(),
    };
    if patch == TicketPatch::default() {
        return Err(super::UsageError(
            "nothing to change: give at least one field to update".into(),
        )
        .into());
    }
    let out = store.update_ticket(id, &patch, a.if_version)?;
    if a.format.json {
        print_json(&out.ticket)?;
    } else if out.changes.is_empty() {
        say!("#{id}: no changes (version {})", out.ticket.version);
    } else {
        let parts: Vec<String> = out
            .changes
            .iter()
            .filter(|c| c.field != TicketField::Description)
            .map(|c| {
                let v = |x: &Option<String>| {
                    x.as_deref()
                        .map(|s| crate::domain::text::fit(&one_line(s), 30))
                        .unwrap_or_else(|| "-".into())
                };
                format!("{} {} -> {}", c.field, v(&c.old), v(&c.new))
            })
            .chain(
                out.changes
                    .iter()
                    .any(|c| c.field == TicketField::Description)
                    .then(|| "description".to_string()),
            )
            .collect();
        say!(
            "#{id} updated (version {}): {}",
            out.ticket.version,
            parts.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn entry(store: &mut Store, a: super::args::EntryArgs, kind: EntryKind) -> Result<ExitCode> {
    let id = parse_id("ticket", &a.id)?;
    let text = body(&a.body)?;
    let e = store.add_entry(id, kind, &text)?;
    if a.format.json {
        print_json(&e)?;
    } else {
        let what = if kind == EntryKind::Reply {
            "reply"
        } else {
            "internal note"
        };
        say!("#{id}: {what} {} added", e.id);
    }
    Ok(ExitCode::SUCCESS)
}
