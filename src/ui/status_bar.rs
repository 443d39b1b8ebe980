//! The bottom line: an inline prompt, a question, the whole query while `/` is open, the last
//! message, or hints generated from the keymap for the focused pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::keymap::Command;
use crate::app::layout;
use crate::app::long_text::wrap;
use crate::app::model::{Model, Overlay, Pane, Tone};
use crate::domain::text::{fit, one_line, width};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let w = usize::from(area.width);
    if let Some(Overlay::Prompt { title, input, .. }) = &model.overlay {
        let title = fit(title, layout::prompt_title_room(w));
        let room = w.saturating_sub(width(&title) + 2);
        // Typed text longer than the line scrolls so the cursor stays in view.
        let typed: Vec<char> = input.text().chars().collect();
        let (before, after) = typed.split_at(input.cursor().min(typed.len()));
        let before = one_line(&before.iter().collect::<String>()).into_owned();
        let after = one_line(&after.iter().collect::<String>()).into_owned();
        let shown_before = tail(&before, room.saturating_sub(1));
        let x = width(&title) + 1 + width(&shown_before);
        let shown = format!("{shown_before}{after}");
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{title} "), theme.key()),
                Span::raw(fit(&shown, room)),
            ])),
            Rect::new(area.x, area.y, area.width, 1),
        );
        frame.set_cursor_position((area.x + x.min(w.saturating_sub(1)) as u16, area.y));
        return;
    }
    if layout::filter_line_open(model) {
        // While `/` is open: the whole query it makes with the view, then what the keys do.
        let label = "whole query: ";
        let key = |c| model.keymap.name_key(Pane::Queue, c);
        let keys = format!(
            "  {} keeps · {} clears",
            key(Command::Open),
            key(Command::Back)
        );
        let q = fit(
            &one_line(&model.queue.line_query),
            w.saturating_sub(width(label)),
        );
        let mut spans = vec![Span::styled(label, theme.key()), Span::raw(q.clone())];
        if width(label) + width(&q) + width(&keys) <= w {
            spans.push(Span::styled(keys, theme.dim()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if let Some(Overlay::Menu { items, .. }) = &model.overlay {
        // The popup has the keyboard: its keys, not the pane's.
        let mut spans: Vec<Span<'_>> = Vec::new();
        let mut used = 0;
        let picks = items.iter().map(|i| {
            let label = i.label.split(':').next().unwrap_or_default();
            (i.key.to_string(), one_line(label).into_owned())
        });
        let pick = model.keymap.name_dialog_key(Command::Open);
        let cancel = model.keymap.name_dialog_key(Command::Back);
        let moves = [
            ("↑↓".to_string(), "move"),
            (pick, "picks"),
            (cancel, "cancels"),
        ]
        .map(|(k, l)| (k, l.to_string()));
        for (key, label) in picks.chain(moves) {
            let part = width(&key) + width(&label) + 3;
            if used + part > w {
                break;
            }
            used += part;
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::styled(format!(" {label}  "), theme.dim()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if let Some(text) = layout::status_text(model) {
        let style = match (&model.overlay, &model.status) {
            (Some(Overlay::Confirm { .. }), _) => theme.error(),
            (_, Some(s)) => theme.tone(s.tone),
            _ => theme.tone(Tone::Error),
        };
        // As many lines as the layout gave (two when it does not fit in one). Longer still, the
        // middle goes: an error's reason is at its end, so the last line keeps the end.
        let rows = usize::from(area.height.max(1));
        let mut lines = wrap(&text, w);
        if lines.len() > rows {
            lines.truncate(rows - 1);
            lines.push(format!("…{}", tail(&text, w.saturating_sub(1))));
        }
        let lines: Vec<Line<'_>> = lines
            .into_iter()
            .map(|l| Line::styled(fit(&l, w), style))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let mut spans: Vec<Span<'_>> = Vec::new();
    let mut used = 0;
    for (key, label) in model.keymap.hints(model.focus) {
        let part = width(&key) + width(label) + 3;
        if used + part > w {
            break;
        }
        used += part;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {label}  "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The end of `s` that fits in `w` columns (the part just before a cursor).
fn tail(s: &str, w: usize) -> String {
    let mut used = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw > w {
            break;
        }
        used += cw;
        start = i;
    }
    s[start..].to_string()
}
