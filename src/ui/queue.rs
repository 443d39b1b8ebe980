//! The queue: saved views, the query line (with its inline error), and the ticket rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{pad, pad_left};
use super::theme::Theme;
use crate::app::keymap::Command;
use crate::app::layout;
use crate::app::model::{Model, Pane, Row};
use crate::domain::text::{fit, one_line, width};
use crate::domain::ticket::{Kind, Status};
use crate::domain::time::short_age;

fn kind_short(k: Kind) -> &'static str {
    match k {
        Kind::Incident => "inc",
        Kind::Request => "req",
        Kind::Problem => "prb",
        Kind::Change => "chg",
    }
}

/// Status with a symbol, so it reads without colour.
fn status_cell(s: Status) -> &'static str {
    match s {
        Status::New => "✚ new",
        Status::Open => "○ open",
        Status::Pending => "Ⅱ pending",
        Status::Resolved => "✔ resolved",
        Status::Closed => "■ closed",
        Status::Cancelled => "✗ cancelled",
    }
}

/// Column widths for a pane `w` columns wide; the title takes what is left.
struct Cols {
    id: usize,
    kind: usize,
    status: usize,
    assignee: usize,
    group: usize,
    age: usize,
    sla: usize,
    title: usize,
}

fn cols(w: usize, max_id: i64) -> Cols {
    let id = max_id.to_string().len().max(3) + 1;
    let kind = if w >= 90 { 3 } else { 0 };
    let group = if w >= 130 { 12 } else { 0 };
    let assignee = if w >= 100 { 12 } else { 9 };
    // Status fits "Ⅱ pending" and "✔ resolved" ("✗ cancelled" is cut by one); SLA fits a symbol
    // and `-27h biz`, `-2h05m biz` or `-14d14h`; the last column keeps a blank before the edge.
    let (status, age, sla) = (10, 4, 12);
    // Mark, id, priority, then each column with the blank after it (the title's included).
    let fixed = 2 + id + 1 + 2 + 1 + (status + 1) + 1 + (assignee + 1) + age + 1 + (sla + 1);
    let fixed = fixed + if kind > 0 { kind + 1 } else { 0 } + if group > 0 { group + 1 } else { 0 };
    Cols {
        id,
        kind,
        status,
        assignee,
        group,
        age,
        sla,
        title: w.saturating_sub(fixed).max(8),
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let q = &model.queue;
    let w = usize::from(area.width);
    let mut lines: Vec<Line<'_>> = Vec::new();

    // Saved views, scrolled to keep the current one on screen.
    lines.push(super::views_bar::line(model, theme, w));

    // The open `/` line (labelled with the view it refines), or the whole query in force: the
    // view's terms dim, the refinement's plain. Then where we are.
    let pos = position(model);
    let prefix = layout::query_prefix(model);
    // Two columns spare at the right, as a margin beside the detail pane.
    let room = w.saturating_sub(width(&pos) + 3);
    let text_room = room.saturating_sub(width(&prefix));
    let mut spans = vec![Span::styled(prefix.clone(), theme.key())];
    match &q.input {
        Some(edit) => {
            spans.push(Span::styled(
                fit(&one_line(edit.text()), text_room),
                theme.plain(),
            ));
            let before: String = edit.text().chars().take(edit.cursor()).collect();
            let x = width(&prefix) + width(&one_line(&before)).min(text_room.saturating_sub(1));
            frame.set_cursor_position((area.x + x as u16, area.y + 1));
        }
        None => {
            // The refinement first: on a narrow screen the view's terms give way to it.
            let at = q.typed_at.min(q.query.len());
            let (view_part, typed_part) = q.query.split_at_checked(at).unwrap_or((&q.query, ""));
            let typed = fit(&one_line(typed_part), text_room);
            let view_room = text_room.saturating_sub(width(&typed));
            if typed.is_empty() {
                spans.push(Span::styled(
                    fit(&one_line(view_part), view_room),
                    theme.dim(),
                ));
            } else if view_room > 2 {
                let view = fit(&one_line(view_part.trim_end()), view_room - 1);
                spans.push(Span::styled(format!("{view} "), theme.dim()));
            }
            spans.push(Span::styled(typed, theme.plain()));
        }
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(" ".repeat(room.saturating_sub(used) + 1)));
    spans.push(Span::styled(pos, theme.dim()));
    lines.push(Line::from(spans));
    // What is wrong, in full (wrapped): a bad `/` line, or a list that did not load.
    for l in layout::queue_error_lines(model, w) {
        lines.push(Line::styled(l, theme.error()));
    }

    let max_id = q.rows.iter().map(|r| r.id).max().unwrap_or(999);
    let c = cols(w, max_id);
    lines.push(Line::styled(header(&c), theme.dim()));

    let h = usize::from(area.height).saturating_sub(lines.len());
    if q.rows.is_empty() {
        let key = |c| model.keymap.name_key(Pane::Queue, c);
        let msg = if q.loading && q.sort == crate::domain::filter::Sort::Relevance {
            vec!["  ranking every match… (keep typing; the search restarts)".to_string()]
        } else if q.loading {
            vec!["  loading…".to_string()]
        } else if q.error.is_some() {
            vec![]
        } else if q.input_error.is_some() {
            vec![format!(
                "  No tickets while the filter has a mistake: fix it, or {} for the plain view.",
                key(Command::Back)
            )]
        } else if !q.refinement.is_empty() {
            vec![
                "  No tickets here.".to_string(),
                String::new(),
                format!(
                    "  {} change the filter · {} back to the plain view · {} {} switch views",
                    key(Command::Filter),
                    key(Command::Back),
                    key(Command::PrevView),
                    key(Command::NextView)
                ),
            ]
        } else {
            vec![
                "  No tickets here.".to_string(),
                String::new(),
                "  [ ] switch views · / change the filter · n open a new ticket".to_string(),
            ]
        };
        for m in msg {
            lines.push(Line::styled(fit(&m, w), theme.dim()));
        }
    }
    let focused = model.focus == Pane::Queue;
    for (i, r) in q.rows.iter().enumerate().skip(q.offset).take(h) {
        let at_cursor = i == q.cursor;
        lines.push(row(r, &c, model, theme, at_cursor, focused));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn header(c: &Cols) -> String {
    let mut s = format!("  {} P  ", pad_left("ID", c.id));
    if c.kind > 0 {
        s.push_str(&pad("KND", c.kind + 1));
    }
    s.push_str(&pad("STATUS", c.status + 1));
    s.push_str(&pad("TITLE", c.title + 1));
    if c.group > 0 {
        s.push_str(&pad("GROUP", c.group + 1));
    }
    s.push_str(&pad("ASSIGNEE", c.assignee + 1));
    s.push_str(&pad_left("AGE", c.age));
    s.push(' ');
    s.push_str(&pad("SLA", c.sla));
    s
}

fn row<'a>(
    r: &Row,
    c: &Cols,
    model: &Model,
    theme: &Theme,
    at_cursor: bool,
    focused: bool,
) -> Line<'a> {
    let picked = model.queue.selected.contains(&r.id);
    let mark = if picked {
        "✓ "
    } else if at_cursor {
        "▶ "
    } else {
        "  "
    };
    let base = if picked {
        theme.picked()
    } else {
        theme.plain()
    };
    let mut spans: Vec<Span<'a>> = vec![
        Span::styled(mark.to_string(), base),
        Span::styled(pad_left(&r.id.to_string(), c.id), base),
        Span::raw(" "),
        Span::styled(format!("P{}", r.priority), theme.priority(r.priority)),
        Span::raw(" "),
    ];
    if c.kind > 0 {
        spans.push(Span::styled(
            pad(kind_short(r.kind), c.kind + 1),
            theme.dim(),
        ));
    }
    let status_style = if r.status == Status::New {
        theme.bold()
    } else {
        theme.plain()
    };
    spans.push(Span::styled(
        pad(status_cell(r.status), c.status + 1),
        status_style,
    ));
    spans.push(Span::styled(cell(&one_line(&r.title), c.title), base));
    if c.group > 0 {
        let g = r.group.as_deref().map(one_line).unwrap_or_default();
        spans.push(Span::styled(cell(&g, c.group), theme.dim()));
    }
    let who = r
        .assignee
        .as_deref()
        .map(one_line)
        .unwrap_or_else(|| "—".into());
    spans.push(Span::styled(
        cell(&who, c.assignee),
        if r.assignee.is_none() {
            theme.dim()
        } else {
            theme.plain()
        },
    ));
    spans.push(Span::styled(
        pad_left(&short_age(r.opened_at, model.now), c.age),
        theme.dim(),
    ));
    spans.push(Span::raw(" "));
    match &r.sla {
        Some(b) => {
            let state = b.state_at(model.now);
            let left = b
                .left_text(model.now)
                .unwrap_or_else(|| state.label().to_string());
            spans.push(Span::styled(
                pad(
                    &fit(&format!("{} {left}", state.symbol()), c.sla),
                    c.sla + 1,
                ),
                theme.sla(state),
            ));
        }
        None => spans.push(Span::styled(pad("—", c.sla + 1), theme.dim())),
    }
    let line = Line::from(spans);
    if at_cursor {
        let style: Style = if focused {
            theme.cursor()
        } else {
            theme.bold()
        };
        line.style(style)
    } else {
        line
    }
}

/// `s` cut to `w` columns, then one space.
fn cell(s: &str, w: usize) -> String {
    pad(&fit(s, w), w + 1)
}

/// `row 12 of 1,234 · 3 selected`.
fn position(model: &Model) -> String {
    let q = &model.queue;
    let total = q.total.map(group_digits);
    let mut s = match (q.first_index, total, q.rows.is_empty()) {
        (_, Some(t), true) => tickets_text(&t),
        (Some(first), Some(t), false) => {
            format!(
                "{} of {t}",
                group_digits(first as i64 + q.cursor as i64 + 1)
            )
        }
        (None, Some(t), false) => tickets_text(&t),
        (_, None, false) => "counting…".to_string(),
        _ => String::new(),
    };
    if !q.selected.is_empty() {
        s.push_str(&format!(" · {} selected", q.selected.len()));
    }
    s
}

/// `1234567` as `1,234,567`.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `1 ticket`, `1,234 tickets` (`t` as shown, digits grouped).
fn tickets_text(t: &str) -> String {
    if t == "1" {
        "1 ticket".to_string()
    } else {
        format!("{t} tickets")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_ticket_is_singular() {
        assert_eq!(super::tickets_text("1"), "1 ticket");
        assert_eq!(super::tickets_text("0"), "0 tickets");
        assert_eq!(super::tickets_text("1,001"), "1,001 tickets");
    }
}
