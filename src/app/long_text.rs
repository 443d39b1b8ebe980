//! Long scrollable text (ticket detail, article reader) laid out as lines of tagged spans at a
//! given width. `update` counts the lines to scroll exactly; the UI maps tags to colours.
//! Every string from the database goes through `one_line`/`multi_line` here.

use crate::domain::ticket::fields::TEXT_FIELDS;
use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthChar;

use super::keymap::{Command, Keymap};
use super::model::Pane;
use super::msg::DetailData;
use super::sla::SlaBadge;
use crate::domain::conversation::EntryKind;
use crate::domain::kb::Article;
use crate::domain::text::{multi_line, one_line, width};
use crate::domain::ticket::Status;
use crate::domain::ticket_text as say;
use crate::domain::time::short_age;

/// What a span is, for the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Plain,
    Dim,
    Title,
    Heading,
    Label,
    Reply,
    Note,
    Good,
    Warn,
    Bad,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub ink: Ink,
    pub text: String,
}

pub type DocLine = Vec<Span>;

fn span(ink: Ink, text: impl Into<String>) -> Span {
    Span {
        ink,
        text: text.into(),
    }
}

/// Greedy word wrap by terminal columns; words longer than a line are cut. Keeps empty lines
/// and a paragraph's leading indentation (on its first line).
pub fn wrap(text: &str, room: usize) -> Vec<String> {
    let room = room.max(1);
    let mut out = Vec::new();
    for raw in text.split('\n') {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let indent = if indent * 2 > room { 0 } else { indent };
        let mut line = " ".repeat(indent);
        let mut used = indent;
        let mut empty = true;
        for word in raw.split(' ').filter(|w| !w.is_empty()) {
            let ww = width(word);
            let gap = usize::from(!empty);
            if used + gap + ww <= room {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + ww;
                empty = false;
                continue;
            }
            if !empty {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            empty = false;
            // A word too long for a line: cut it.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > room {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

/// `2026-11-21 09:30Z` (UTC).
pub fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%MZ").to_string()
}

fn text_block(
    out: &mut Vec<DocLine>,
    text: &str,
    room: usize,
    ink: Ink,
    gutter: Option<(&str, Ink)>,
) {
    let clean = multi_line(text);
    let g = gutter.map(|(g, _)| width(g)).unwrap_or(0);
    for l in wrap(clean.trim_end(), room.saturating_sub(g)) {
        let mut line = Vec::new();
        if let Some((g, gi)) = gutter {
            line.push(span(gi, g));
        }
        line.push(span(ink, l));
        out.push(line);
    }
}

/// One SLA clock as a line: symbol, target, due time, time left.
pub fn sla_line(b: &SlaBadge, now: DateTime<Utc>) -> DocLine {
    let state = b.state_at(now);
    let ink = match state {
        super::sla::SlaState::Breached => Ink::Bad,
        super::sla::SlaState::AtRisk => Ink::Warn,
        super::sla::SlaState::Met => Ink::Good,
        _ => Ink::Plain,
    };
    let left = match b.remaining_at(now) {
        Some(s) if s < 0 => format!("{} overdue", b.basis.short(-s)),
        Some(s) => format!("{} left", b.basis.short(s)),
        None => String::new(),
    };
    let due = b
        .due_at
        .map(|d| format!("due {}", when(d)))
        .unwrap_or_default();
    vec![
        span(ink, format!("  {} {:<8}", state.symbol(), state.label())),
        span(Ink::Plain, format!(" {:<16}", one_line(&b.target))),
        span(Ink::Dim, format!(" {due}")),
        span(ink, format!("  {left}")),
    ]
}

/// A line of spans too wide for `room` continues on indented lines, breaking between spans
/// (a narrow detail pane shows the SLA due time and time left under the clock, not cut off).
fn fold_spans(line: DocLine, room: usize) -> Vec<DocLine> {
    const INDENT: &str = "    ";
    let mut out: Vec<DocLine> = Vec::new();
    let mut cur: DocLine = Vec::new();
    let mut used = 0;
    for s in line {
        let w = width(&s.text);
        if used + w <= room || cur.is_empty() {
            used += w;
            cur.push(s);
            continue;
        }
        out.push(std::mem::take(&mut cur));
        let text = format!("{INDENT}{}", s.text.trim_start());
        used = width(&text);
        cur.push(span(s.ink, text));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Cuts a line to `room` columns (the last span that does not fit ends in `…`).
fn fit_line(line: DocLine, room: usize) -> DocLine {
    let mut used = 0;
    let mut out = Vec::with_capacity(line.len());
    for s in line {
        let w = width(&s.text);
        if used + w <= room {
            used += w;
            out.push(s);
            continue;
        }
        let left = room.saturating_sub(used);
        if left > 0 {
            out.push(span(s.ink, crate::domain::text::fit(&s.text, left)));
        }
        break;
    }
    out
}

/// The ticket detail as lines `room` columns wide; keys it names are asked of `keys`.
pub fn detail_doc(d: &DetailData, now: DateTime<Utc>, room: usize, keys: &Keymap) -> Vec<DocLine> {
    detail_lines(d, now, room, keys)
        .into_iter()
        .map(|l| fit_line(l, room))
        .collect()
}

fn detail_lines(d: &DetailData, now: DateTime<Utc>, room: usize, keys: &Keymap) -> Vec<DocLine> {
    let t = &d.detail.ticket;
    let s = |v: &str| one_line(v).into_owned();
    let mut out: Vec<DocLine> = Vec::new();
    for l in wrap(&say::title(t), room) {
        out.push(vec![span(Ink::Title, l)]);
    }
    // Someone else has it open in their editor: a warning, never a lock.
    for e in &d.detail.editors {
        let line = format!(
            "! {}",
            say::editing(e, &e.since.format("%H:%M").to_string())
        );
        for l in wrap(&line, room) {
            out.push(vec![span(Ink::Warn, l)]);
        }
    }
    let meta = format!("{} · {} · {}", t.kind, say::status(t), say::priority(t));
    for l in wrap(&meta, room) {
        out.push(vec![span(Ink::Plain, l)]);
    }
    let mut fields: Vec<(&str, String)> = TEXT_FIELDS
        .iter()
        .map(|f| (f.label, say::optional((f.of)(t))))
        .collect();
    fields.extend([
        (say::TAGS, say::tags(t)),
        (
            say::OPENED,
            format!(
                "{} ({} ago)",
                when(t.opened_at),
                short_age(t.opened_at, now)
            ),
        ),
        (
            say::UPDATED,
            format!(
                "{} ({} ago)",
                when(t.updated_at),
                short_age(t.updated_at, now)
            ),
        ),
    ]);
    if let Some(r) = t.resolved_at {
        fields.push((say::RESOLVED, when(r)));
    }
    if let Some(c) = t.closed_at {
        fields.push((say::CLOSED, when(c)));
    }
    fields.push((say::VERSION, t.version.to_string()));
    let two_columns = room >= 76;
    let col = if two_columns { room / 2 } else { room };
    let mut i = 0;
    while i < fields.len() {
        let (k, v) = &fields[i];
        let mut line = vec![
            span(Ink::Label, format!("{k:<10}")),
            span(
                Ink::Plain,
                crate::domain::text::fit(v, col.saturating_sub(11).max(8)),
            ),
        ];
        if two_columns && let Some((k2, v2)) = fields.get(i + 1) {
            let used = 10 + width(&line[1].text);
            line.push(span(Ink::Plain, " ".repeat(col.saturating_sub(used))));
            line.push(span(Ink::Label, format!("{k2:<10}")));
            line.push(span(
                Ink::Plain,
                crate::domain::text::fit(v2, col.saturating_sub(11).max(8)),
            ));
            i += 1;
        }
        out.push(line);
        i += 1;
    }

    out.push(vec![]);
    out.push(vec![span(Ink::Heading, say::SLA)]);
    let stopped_by = matches!(t.status, Status::Closed | Status::Cancelled).then_some(t.status);
    if let Some(status) = stopped_by {
        out.push(vec![span(Ink::Dim, format!("  clocks stopped: {status}"))]);
    }
    if d.sla.is_empty() {
        if stopped_by.is_none() {
            out.push(vec![span(Ink::Dim, "  no SLA rule applies to this ticket")]);
        }
    } else {
        for b in &d.sla {
            out.extend(fold_spans(sla_line(b, now), room));
        }
    }

    out.push(vec![]);
    out.push(vec![span(Ink::Heading, say::DESCRIPTION)]);
    if t.description.trim().is_empty() {
        out.push(vec![span(Ink::Dim, format!("  {}", say::NO_DESCRIPTION))]);
    } else {
        text_block(
            &mut out,
            &t.description,
            room,
            Ink::Plain,
            Some(("  ", Ink::Plain)),
        );
    }

    out.push(vec![]);
    out.push(vec![span(
        Ink::Heading,
        say::conversation_heading(&d.detail.conversation),
    )]);
    if d.detail.conversation.is_empty() {
        let key = |c| keys.name_key(Pane::Detail, c);
        out.push(vec![span(
            Ink::Dim,
            format!(
                "  nothing yet: {} to reply, {} for an internal note",
                key(Command::Reply),
                key(Command::Note)
            ),
        )]);
    }
    for e in &d.detail.conversation {
        let head = format!(
            " · {} · {} ({} ago)",
            say::author(e),
            when(e.created_at),
            short_age(e.created_at, now)
        );
        match e.kind {
            EntryKind::Reply => {
                let label = format!("▶ {}", say::entry_label(e.kind));
                out.push(vec![span(Ink::Reply, label), span(Ink::Dim, head)]);
                text_block(
                    &mut out,
                    &e.body,
                    room,
                    Ink::Plain,
                    Some(("  ", Ink::Plain)),
                );
            }
            EntryKind::Note => {
                let label = format!("◆ {}", say::entry_label(e.kind));
                out.push(vec![span(Ink::Note, label), span(Ink::Dim, head)]);
                text_block(&mut out, &e.body, room, Ink::Note, Some(("┃ ", Ink::Note)));
            }
        }
        out.push(vec![]);
    }
    if !d.detail.conversation.is_empty() {
        out.pop();
    }

    if !d.detail.links.is_empty() {
        out.push(vec![]);
        out.push(vec![span(Ink::Heading, say::LINKS)]);
        for l in &d.detail.links {
            out.push(vec![span(Ink::Plain, format!("  {}", say::link(l, t.id)))]);
        }
    }
    if !d.articles.is_empty() {
        out.push(vec![]);
        out.push(vec![span(Ink::Heading, say::ARTICLES)]);
        for (id, title) in &d.articles {
            out.push(vec![span(
                Ink::Plain,
                crate::domain::text::fit(&format!("  {} {}", say::article(*id), s(title)), room),
            )]);
        }
    }
    if !d.detail.history.is_empty() {
        out.push(vec![]);
        out.push(vec![span(Ink::Heading, say::HISTORY)]);
        for h in &d.detail.history {
            let line = format!(
                "  {}  {}  {}",
                h.at.format("%m-%d %H:%M"),
                say::changed_by_short(h),
                say::change(h, 24)
            );
            out.push(vec![span(Ink::Dim, crate::domain::text::fit(&line, room))]);
        }
    }
    out
}

/// An article as lines `room` columns wide: title, facts, then the Markdown body.
pub fn article_doc(a: &Article, room: usize) -> Vec<DocLine> {
    article_lines(a, room)
        .into_iter()
        .map(|l| fit_line(l, room))
        .collect()
}

fn article_lines(a: &Article, room: usize) -> Vec<DocLine> {
    let s = |v: &str| one_line(v).into_owned();
    let mut out: Vec<DocLine> = Vec::new();
    for l in wrap(&format!("KB-{} {}", a.id, s(&a.title)), room) {
        out.push(vec![span(Ink::Title, l)]);
    }
    let tags = if a.tags.is_empty() {
        String::new()
    } else {
        format!(" · tags {}", s(&a.tags.join(", ")))
    };
    out.push(vec![span(
        Ink::Dim,
        crate::domain::text::fit(
            &format!(
                "{} · by {} · updated {}{tags}",
                a.state,
                s(&a.author),
                when(a.updated_at)
            ),
            room,
        ),
    )]);
    if !a.tickets.is_empty() {
        let ids: Vec<String> = a.tickets.iter().take(12).map(|i| format!("#{i}")).collect();
        out.push(vec![span(
            Ink::Dim,
            crate::domain::text::fit(&format!("linked to {}", ids.join(" ")), room),
        )]);
    }
    out.push(vec![]);
    let body = multi_line(&a.body);
    for raw in body.trim_end().split('\n') {
        let ink = if raw.starts_with('#') {
            Ink::Heading
        } else {
            Ink::Plain
        };
        for l in wrap(raw, room) {
            out.push(vec![span(ink, l)]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_by_columns() {
        assert_eq!(
            wrap("the quick brown fox", 9),
            vec!["the quick", "brown fox"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("漢字漢字", 5), vec!["漢字", "漢字"]);
        assert_eq!(wrap("  - item one two", 10), vec!["  - item", "one two"]);
    }
}
