//! Where things go on the screen, as a pure function of the terminal size and the model. The
//! UI draws into these areas and `update` uses the same numbers for paging and scrolling, so a
//! page down moves exactly one screen.

use ratatui::layout::Rect;

use super::model::{Model, Pane};
use crate::domain::text::{one_line, width};

/// The smallest screen the app draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// From this width the queue and the detail sit side by side.
pub const SIDE_BY_SIDE: u16 = 120;
/// Side by side with the queue in use, the detail gets a third of the width but never less than
/// this: enough for its field lines, while the queue keeps room for titles (79 of 120 columns).
const DETAIL_MIN: u16 = 40;
/// The bottom line grows to this many lines when a message or question does not fit in one.
pub const STATUS_MAX_LINES: u16 = 2;
/// From this width the KB list and reader sit side by side.
pub const KB_SIDE_BY_SIDE: u16 = 100;

pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// The pane tabs (top line).
    pub tabs: Rect,
    /// The status bar, prompts and hints (bottom line).
    pub status: Rect,
    pub queue: Option<Rect>,
    pub detail: Option<Rect>,
    pub sla: Option<Rect>,
    pub kb: Option<Rect>,
}

/// The areas for the current focus and size.
pub fn areas(model: &Model) -> Areas {
    areas_at(model, model.size)
}

/// The areas for the current focus on a screen of `size` (the UI passes the real frame size).
pub fn areas_at(model: &Model, size: (u16, u16)) -> Areas {
    let (w, h) = size;
    let full = Rect::new(0, 0, w, h);
    if too_small(size) {
        return Areas {
            tabs: full,
            ..Areas::default()
        };
    }
    let tabs = Rect::new(0, 0, w, 1);
    let lines = status_lines(model, w);
    let status = Rect::new(0, h - lines, w, lines);
    let main = Rect::new(0, 1, w, h - 1 - lines);
    let mut a = Areas {
        tabs,
        status,
        ..Areas::default()
    };
    match model.focus {
        Pane::Queue | Pane::Detail if w >= SIDE_BY_SIDE => {
            // The pane in use gets the room: reading the queue, titles; reading a ticket, its text.
            let left = if model.focus == Pane::Queue {
                w - (w / 3).max(DETAIL_MIN) - 1
            } else {
                w * 11 / 20
            };
            a.queue = Some(Rect::new(0, main.y, left, main.height));
            // One column for the separator.
            a.detail = Some(Rect::new(left + 1, main.y, w - left - 1, main.height));
        }
        Pane::Queue => a.queue = Some(main),
        Pane::Detail => a.detail = Some(main),
        Pane::Sla => a.sla = Some(main),
        Pane::Kb => a.kb = Some(main),
    }
    a
}

/// The text the bottom line shows instead of the key hints, when there is one: a question, or
/// the last message (with its symbol). Prompts scroll within one line instead.
pub fn status_text(model: &Model) -> Option<String> {
    use super::model::{Overlay, Tone};
    use crate::domain::text::one_line;
    match &model.overlay {
        Some(Overlay::Prompt { .. }) => return None,
        Some(Overlay::Confirm { question, .. }) => return Some(one_line(question).into_owned()),
        _ if filter_line_open(model) => return None,
        _ => {}
    }
    if let Some(s) = &model.status {
        let symbol = match s.tone {
            Tone::Info => "ℹ",
            Tone::Success => "✔",
            Tone::Error => "✖",
        };
        return Some(format!("{symbol} {}", one_line(&s.text)));
    }
    model
        .file_gone
        .as_ref()
        .map(|t| format!("✖ {}", one_line(t)))
}

/// Columns an inline prompt's title may take on a line `w` wide: what a 30-character answer
/// does not need, and at least half.
pub fn prompt_title_room(w: usize) -> usize {
    (w / 2).max(w.saturating_sub(32))
}

/// `/` is open on the queue (and no question is asked): the bottom line shows the whole query.
pub fn filter_line_open(model: &Model) -> bool {
    model.focus == Pane::Queue
        && model.queue.input.is_some()
        && !matches!(model.overlay, Some(super::model::Overlay::Confirm { .. }))
}

/// How many lines the bottom line needs on a screen `w` wide: two when its text does not fit in
/// one, so a long error is read whole at 80 columns.
fn status_lines(model: &Model, w: u16) -> u16 {
    match status_text(model) {
        Some(t) if crate::domain::text::width(&t) > usize::from(w) => STATUS_MAX_LINES,
        _ => 1,
    }
}

/// The pane tab at column `x` of the top line (as `ui::tabs` draws it: " tend ", then
/// " " and " N Title " for each pane).
pub fn tab_at(x: u16) -> Option<Pane> {
    let mut at = 6u16;
    for (i, p) in Pane::ALL.iter().enumerate() {
        let w = 1 + 4 + p.title().len() as u16 + u16::from(i >= 9);
        if x > at && x < at + w {
            return Some(*p);
        }
        at += w;
    }
    None
}

pub fn visible_panes(model: &Model) -> Vec<Pane> {
    let a = areas(model);
    let mut out = Vec::new();
    for (pane, area) in [
        (Pane::Queue, a.queue),
        (Pane::Detail, a.detail),
        (Pane::Sla, a.sla),
        (Pane::Kb, a.kb),
    ] {
        if area.is_some() {
            out.push(pane);
        }
    }
    out
}

/// Lines above the queue's rows: views, query line, column header; and the error lines.
pub fn queue_chrome(model: &Model) -> u16 {
    let w = areas(model).queue.map_or(model.size.0, |r| r.width);
    let errors = queue_error_lines(model, usize::from(w)).len();
    3 + u16::try_from(errors).unwrap_or(u16::MAX - 3)
}

/// The query line's label: `/ in My open: ` while `/` is open, `/ ` otherwise.
pub fn query_prefix(model: &Model) -> String {
    let name = model
        .queue
        .view
        .and_then(|v| model.views.get(v))
        .map(|v| v.name.as_str());
    match (&model.queue.input, name) {
        (Some(_), Some(name)) => format!("/ in {}: ", one_line(name)),
        _ => "/ ".to_string(),
    }
}

/// What is wrong, for the lines under the query line at `w` columns: a caret under the bad part
/// of the `/` line (when it is on screen), then the whole message, wrapped (never cut).
pub fn queue_error_lines(model: &Model, w: usize) -> Vec<String> {
    let q = &model.queue;
    let mut out = Vec::new();
    let message = match (&q.input_error, &q.error) {
        (Some(e), _) => {
            if let Some(edit) = &q.input {
                let text = edit.text();
                let at = text.get(..e.span.start).map_or(0, |s| width(&one_line(s)));
                let len = text
                    .get(e.span.clone())
                    .map_or(1, |s| width(&one_line(s)))
                    .max(1);
                let start = width(&query_prefix(model)) + at;
                if start + len <= w {
                    out.push(format!("{}{}", " ".repeat(start), "^".repeat(len)));
                }
            }
            &e.message
        }
        (None, Some(e)) => e,
        (None, None) => return out,
    };
    for (i, l) in super::long_text::wrap(&one_line(message), w.saturating_sub(2).max(10))
        .into_iter()
        .enumerate()
    {
        out.push(format!("{} {l}", if i == 0 { "✖" } else { " " }));
    }
    out
}

/// How many queue rows fit on screen (at least 1).
pub fn queue_rows(model: &Model) -> usize {
    let a = areas(model);
    let h = a
        .queue
        .map(|r| r.height)
        .unwrap_or(model.size.1.saturating_sub(2));
    usize::from(h.saturating_sub(queue_chrome(model)).max(1))
}

/// The detail pane's text area: (width, height).
pub fn detail_text(model: &Model) -> (u16, u16) {
    let a = areas(model);
    let r = a.detail.unwrap_or(Rect::new(
        0,
        1,
        model.size.0,
        model.size.1.saturating_sub(2),
    ));
    // One column of margin on the right for the scroll mark.
    (r.width.saturating_sub(2).max(10), r.height.max(1))
}

/// The KB pane split: (search line, list, reader); list or reader may be hidden on narrow screens.
pub fn kb_areas(model: &Model) -> (Rect, Option<Rect>, Option<Rect>) {
    let r = areas(model).kb.unwrap_or(Rect::new(
        0,
        1,
        model.size.0,
        model.size.1.saturating_sub(2),
    ));
    let search = Rect::new(r.x, r.y, r.width, 1);
    let body = Rect::new(r.x, r.y + 1, r.width, r.height.saturating_sub(1));
    if r.width >= KB_SIDE_BY_SIDE {
        let left = r.width * 2 / 5;
        (
            search,
            Some(Rect::new(body.x, body.y, left, body.height)),
            Some(Rect::new(
                body.x + left + 1,
                body.y,
                body.width - left - 1,
                body.height,
            )),
        )
    } else if model.kb.reading {
        (search, None, Some(body))
    } else {
        (search, Some(body), None)
    }
}

/// How many KB list entries fit (one header line above them).
pub fn kb_rows(model: &Model) -> usize {
    let (_, list, _) = kb_areas(model);
    usize::from(list.map(|r| r.height).unwrap_or(1).saturating_sub(1).max(1))
}

/// The article reader's text area: (width, height); one title line above it.
pub fn kb_reader_text(model: &Model) -> (u16, u16) {
    let (_, _, reader) = kb_areas(model);
    let r = reader.unwrap_or(Rect::new(
        0,
        0,
        model.size.0,
        model.size.1.saturating_sub(3),
    ));
    (r.width.saturating_sub(2).max(10), r.height.max(1))
}

/// How many SLA rows fit (a title line and a header above them).
pub fn sla_rows(model: &Model) -> usize {
    let h = areas(model).sla.map(|r| r.height).unwrap_or(3);
    usize::from(h.saturating_sub(2).max(1))
}
