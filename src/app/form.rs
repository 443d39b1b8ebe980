//! The texts the editor opens for long input, and reading them back: replies and notes, a
//! ticket's fields (`e` and `n`), articles. A form is `field: value` lines, then a marker line,
//! then the long text; lines starting with `#` above the marker are comments.

use crate::domain::conversation::EntryKind;
use crate::domain::kb::{Article, ArticleState};
use crate::domain::text::one_line;
use crate::domain::ticket::fields::{TEXT_FIELDS, TextField};
use crate::domain::ticket::{
    Kind, Level, NewTicket, PrioritySetting, Ticket, TicketPatch, normalize_tags,
};

/// Everything below this line in a reply or note is left out.
pub const SCISSORS: &str = "# ------------------------ >8 ------------------------";
const DESCRIPTION: &str = "--- description: everything below this line ---";
const BODY: &str = "--- body (Markdown): everything below this line ---";

/// The reply or note template: the draft (if any), then the scissors and what it is for.
pub fn entry_template(kind: EntryKind, id: i64, title: &str, draft: Option<&str>) -> String {
    let what = match kind {
        EntryKind::Reply => "a public reply: the requester will see it",
        EntryKind::Note => "an internal note: agents only, never sent to the requester",
    };
    format!(
        "{}\n\n{SCISSORS}\n# Write {what}.\n# Ticket #{id}: {}\n# Everything from the scissors line down is left out; save an empty text to cancel.\n",
        draft.unwrap_or("").trim_end(),
        one_line(title)
    )
}

/// True when a form was emptied in the editor (nothing left but blank lines and `#` comments):
/// that cancels, as in `git commit`, and throws any draft away.
pub fn emptied(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#'))
}

/// The text above the scissors, or `None` when there is nothing (cancelled).
pub fn parse_entry(text: &str) -> Option<String> {
    let body = match text.find(SCISSORS) {
        Some(at) => &text[..at],
        None => text,
    };
    let body = body.trim();
    (!body.is_empty()).then(|| body.to_string())
}

fn opt(v: &Option<String>) -> String {
    v.as_deref()
        .map(|s| one_line(s).into_owned())
        .unwrap_or_default()
}

/// The `e` form for a ticket.
pub fn ticket_form(t: &Ticket) -> String {
    let priority = if t.priority_override {
        t.priority.to_string()
    } else {
        "auto".into()
    };
    format!(
        "# Edit ticket #{id}. Lines starting with # are ignored; an empty value clears a field.\n\
         # priority: auto follows impact x urgency, or 1-5 by hand. Status is changed with s.\n\
         title: {title}\nkind: {kind}\nimpact: {impact}\nurgency: {urgency}\npriority: {priority}\n\
         {texts}tags: {tags}\n\
         {DESCRIPTION}\n{desc}\n",
        id = t.id,
        title = one_line(&t.title),
        kind = t.kind,
        impact = t.impact,
        urgency = t.urgency,
        texts = text_lines(|f| opt((f.of)(t))),
        tags = t.tags.join(", "),
        desc = t.description.trim_end(),
    )
}

/// The `n` form for a new ticket.
pub fn new_ticket_form() -> String {
    format!(
        "# New ticket. Lines starting with # are ignored. Leave the title empty to cancel.\n\
         # kind: incident, request, problem or change; impact and urgency: high, medium or low.\n\
         title: \nkind: incident\nimpact: medium\nurgency: medium\n{}tags: \n{DESCRIPTION}\n",
        text_lines(|_| String::new())
    )
}

/// One `name: value` line per optional text field (`domain::ticket::fields`).
fn text_lines(value: impl Fn(&TextField) -> String) -> String {
    TEXT_FIELDS
        .iter()
        .map(|f| format!("{}: {}\n", f.name(), value(f)))
        .collect()
}

/// The fields of a form and the text below its marker.
struct Form {
    fields: Vec<(String, String)>,
    text: String,
}

fn parse_form(text: &str, marker: &str, known: &[&str]) -> Result<Form, String> {
    let (head, body) = match text.find(marker) {
        Some(at) => (&text[..at], &text[at + marker.len()..]),
        None => {
            return Err(format!(
                "the line '{marker}' is missing; nothing was saved (your text is kept: edit again)"
            ));
        }
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    for (n, line) in head.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let Some((k, v)) = l.split_once(':') else {
            return Err(format!(
                "line {}: expected 'field: value', found '{}'",
                n + 1,
                crate::domain::text::fit(&one_line(l), 40)
            ));
        };
        let k = k.trim().to_ascii_lowercase();
        if !known.contains(&k.as_str()) {
            return Err(format!(
                "line {}: unknown field '{}'; the fields are {}",
                n + 1,
                one_line(&k),
                known.join(", ")
            ));
        }
        if fields.iter().any(|(f, _)| *f == k) {
            return Err(format!("line {}: {k} is given twice", n + 1));
        }
        fields.push((k, v.trim().to_string()));
    }
    let text = body.trim_start_matches(['\n', '\r']).trim_end().to_string();
    Ok(Form { fields, text })
}

impl Form {
    fn get(&self, k: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.as_str())
    }
}

/// An optional field's value: empty, `-` or `none` clear it.
fn clearable(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty() && t != "-" && !t.eq_ignore_ascii_case("none")).then(|| t.to_string())
}

fn tags_of(v: &str) -> Result<Vec<String>, String> {
    let parts: Vec<String> = v.split([',', ' ']).map(str::to_string).collect();
    normalize_tags(&parts).map_err(|e| e.to_string())
}

/// The fields a ticket form knows, in form order.
fn ticket_fields() -> Vec<&'static str> {
    let mut names = vec!["title", "kind", "impact", "urgency", "priority"];
    names.extend(TEXT_FIELDS.iter().map(|f| f.name()));
    names.push("tags");
    names
}

/// The changes an edited `e` form makes to `base` (empty when nothing changed); `me` is who
/// `assignee: me` means.
pub fn parse_ticket_form(text: &str, base: &Ticket, me: &str) -> Result<TicketPatch, String> {
    let f = parse_form(text, DESCRIPTION, &ticket_fields())?;
    let mut p = TicketPatch::default();
    if let Some(v) = f.get("title")
        && v != one_line(&base.title)
    {
        p.title = Some(v.to_string());
    }
    let e = |e: crate::domain::Invalid| e.to_string();
    if let Some(v) = f.get("kind") {
        let k: Kind = v.parse().map_err(e)?;
        p.kind = (k != base.kind).then_some(k);
    }
    if let Some(v) = f.get("impact") {
        let l: Level = v.parse().map_err(e)?;
        p.impact = (l != base.impact).then_some(l);
    }
    if let Some(v) = f.get("urgency") {
        let l: Level = v.parse().map_err(e)?;
        p.urgency = (l != base.urgency).then_some(l);
    }
    if let Some(v) = f.get("priority") {
        let s: PrioritySetting = v.parse().map_err(e)?;
        let same = match s {
            PrioritySetting::Auto => !base.priority_override,
            PrioritySetting::Manual(n) => base.priority_override && n == base.priority,
        };
        p.priority = (!same).then_some(s);
    }
    for field in TEXT_FIELDS {
        if let Some(v) = f.get(field.name()) {
            let new = text_value(field, v, me);
            let old = (field.of)(base);
            if new.as_deref() != old.as_deref().map(|o| one_line(o)).as_deref() {
                *(field.in_patch)(&mut p) = Some(new);
            }
        }
    }
    if let Some(v) = f.get("tags") {
        let new = tags_of(v)?;
        p.add_tags = new
            .iter()
            .filter(|t| !base.tags.contains(t))
            .cloned()
            .collect();
        p.remove_tags = base
            .tags
            .iter()
            .filter(|t| !new.contains(t))
            .cloned()
            .collect();
    }
    if f.text != base.description.trim_start_matches(['\n', '\r']).trim_end() {
        p.description = Some(f.text);
    }
    Ok(p)
}

/// A new ticket from an `n` form; `None` when the title was left empty (cancelled). `me` is
/// who `assignee: me` means.
pub fn parse_new_ticket(text: &str, me: &str) -> Result<Option<NewTicket>, String> {
    let f = parse_form(text, DESCRIPTION, &ticket_fields())?;
    let title = f.get("title").unwrap_or("").trim();
    if title.is_empty() {
        return Ok(None);
    }
    let e = |e: crate::domain::Invalid| e.to_string();
    let mut t = NewTicket::new(title);
    if let Some(v) = f.get("kind").filter(|v| !v.is_empty()) {
        t.kind = v.parse().map_err(e)?;
    }
    if let Some(v) = f.get("impact").filter(|v| !v.is_empty()) {
        t.impact = v.parse().map_err(e)?;
    }
    if let Some(v) = f.get("urgency").filter(|v| !v.is_empty()) {
        t.urgency = v.parse().map_err(e)?;
    }
    for field in TEXT_FIELDS {
        *(field.in_new)(&mut t) = f.get(field.name()).and_then(|v| text_value(field, v, me));
    }
    t.tags = tags_of(f.get("tags").unwrap_or(""))?;
    t.description = f.text;
    Ok(Some(t))
}

/// What a text field's form value means: empty (or `none`) clears it; an agent field takes
/// `me` for `me`.
fn text_value(field: &TextField, v: &str, me: &str) -> Option<String> {
    if field.agent {
        crate::domain::names::resolve_assignee(v, me)
    } else {
        clearable(v)
    }
}

/// The article form: a new one (`base` None) or an edit.
pub fn article_form(base: Option<&Article>, title: &str) -> String {
    match base {
        Some(a) => article_text(&a.title, a.state, &a.tags, &a.body, false),
        None => article_text(title, ArticleState::Draft, &[], "", true),
    }
}

/// The article form with these contents.
pub fn article_text(
    title: &str,
    state: ArticleState,
    tags: &[String],
    body: &str,
    new: bool,
) -> String {
    format!(
        "# {} Lines starting with # above the body line are ignored.\n\
         # state: draft, internal (agents only) or published (fit for requesters).\n\
         title: {}\nstate: {state}\ntags: {}\n{BODY}\n{}\n",
        if new {
            "New article."
        } else {
            "Edit the article."
        },
        one_line(title),
        tags.join(", "),
        body.trim_end()
    )
}

/// What an article form says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleForm {
    pub title: String,
    pub state: ArticleState,
    pub tags: Vec<String>,
    pub body: String,
}

pub fn parse_article_form(text: &str) -> Result<ArticleForm, String> {
    let f = parse_form(text, BODY, &["title", "state", "tags"])?;
    let title = f.get("title").unwrap_or("").trim().to_string();
    if title.is_empty() {
        return Err("the title is empty; nothing was saved (your text is kept: edit again)".into());
    }
    let state = match f.get("state").filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse()
            .map_err(|e: crate::domain::Invalid| e.to_string())?,
        None => ArticleState::Draft,
    };
    Ok(ArticleForm {
        title,
        state,
        tags: tags_of(f.get("tags").unwrap_or(""))?,
        body: f.text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ticket() -> Ticket {
        let t0 = chrono::Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        Ticket {
            id: 7,
            kind: Kind::Incident,
            status: crate::domain::ticket::Status::Open,
            pending_reason: None,
            title: "VPN drops".into(),
            description: "It drops.".into(),
            impact: Level::High,
            urgency: Level::Medium,
            priority: 2,
            priority_override: false,
            requester: Some("j.meyer".into()),
            group: Some("network".into()),
            tags: vec!["vpn".into()],
            opened_at: t0,
            updated_at: t0,
            version: 3,
            ..Ticket::default()
        }
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let t = ticket();
        assert_eq!(
            parse_ticket_form(&ticket_form(&t), &t, "alice"),
            Ok(TicketPatch::default())
        );
    }

    #[test]
    fn edits_become_a_patch() {
        let t = ticket();
        let text = ticket_form(&t)
            .replace("assignee: \n", "assignee: bob\n")
            .replace("group: network", "group: none")
            .replace("tags: vpn", "tags: wifi, remote")
            .replace("priority: auto", "priority: 1")
            .replace("It drops.", "It drops.\nEvery 10 minutes.");
        let p = parse_ticket_form(&text, &t, "alice").unwrap();
        assert_eq!(p.assignee, Some(Some("bob".into())));
        assert_eq!(p.group, Some(None));
        assert_eq!(p.add_tags, vec!["remote".to_string(), "wifi".to_string()]);
        assert_eq!(p.remove_tags, vec!["vpn".to_string()]);
        assert_eq!(p.priority, Some(PrioritySetting::Manual(1)));
        assert_eq!(
            p.description.as_deref(),
            Some("It drops.\nEvery 10 minutes.")
        );
        assert_eq!(p.title, None);
    }

    #[test]
    fn form_mistakes_are_explained() {
        let t = ticket();
        let bad = ticket_form(&t).replace("kind: incident", "kind: outage");
        assert!(
            parse_ticket_form(&bad, &t, "alice")
                .unwrap_err()
                .contains("unknown kind 'outage'")
        );
        let bad = ticket_form(&t).replace("title:", "colour: red\ntitle:");
        assert!(
            parse_ticket_form(&bad, &t, "alice")
                .unwrap_err()
                .contains("unknown field 'colour'")
        );
        let bad = ticket_form(&t).replace(DESCRIPTION, "");
        assert!(
            parse_ticket_form(&bad, &t, "alice")
                .unwrap_err()
                .contains("missing")
        );
    }

    #[test]
    fn replies_and_new_tickets() {
        let tpl = entry_template(EntryKind::Reply, 7, "VPN", Some("draft text"));
        assert_eq!(parse_entry(&tpl).as_deref(), Some("draft text"));
        assert_eq!(
            parse_entry(&entry_template(EntryKind::Note, 7, "VPN", None)),
            None
        );
        assert_eq!(parse_new_ticket(&new_ticket_form(), "alice"), Ok(None));
        let n = parse_new_ticket(
            &format!(
                "{}Paper tray 2.\n",
                new_ticket_form()
                    .replace("title: \n", "title: Printer jams\n")
                    .replace("urgency: medium", "urgency: high")
            ),
            "alice",
        )
        .unwrap()
        .unwrap();
        assert_eq!(n.title, "Printer jams");
        assert_eq!(n.urgency, Level::High);
        assert_eq!(n.description, "Paper tray 2.");
    }

    #[test]
    fn articles() {
        let f = parse_article_form(&format!(
            "{}Step 1.\n",
            article_form(None, "How to VPN").replace("tags: ", "tags: vpn")
        ))
        .unwrap();
        assert_eq!(f.title, "How to VPN");
        assert_eq!(f.state, ArticleState::Draft);
        assert_eq!(f.tags, vec!["vpn".to_string()]);
        assert_eq!(f.body, "Step 1.");
    }
}
