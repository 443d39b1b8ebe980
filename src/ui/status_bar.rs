//! The bottom line: an inline prompt, a question, the whole query while `/` is open, the last
//! message, or hints generated from the keymap for the focused pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::keymap;
use crate::app::model::{Model, Overlay, Pane, Tone};
use crate::domain::text::{fit, one_line, width};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let w = usize::from(area.width);
    if let Some(Overlay::Prompt { title, input, .. }) = &model.overlay {
        let title = fit(title, w / 2);
        let text = one_line(input.text()).into_owned();
        let room = w.saturating_sub(width(&title) + 2);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{title} "), theme.key()),
                Span::raw(fit(&text, room)),
            ])),
            area,
        );
        let before: String = input.text().chars().take(input.cursor()).collect();
        let x = width(&title) + 1 + width(&one_line(&before));
        frame.set_cursor_position((area.x + x.min(w.saturating_sub(1)) as u16, area.y));
        return;
    }
    if let Some(Overlay::Confirm { question, .. }) = &model.overlay {
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&one_line(question), w), theme.error())),
            area,
        );
        return;
    }
    if model.focus == Pane::Queue && model.queue.input.is_some() {
        // While `/` is open: the whole query it makes with the view, then what the keys do.
        let label = "whole query: ";
        let keys = "  Enter keeps · Esc clears";
        let q = fit(
            &one_line(&model.queue.line_query),
            w.saturating_sub(width(label)),
        );
        let mut spans = vec![Span::styled(label, theme.key()), Span::raw(q.clone())];
        if width(label) + width(&q) + width(keys) <= w {
            spans.push(Span::styled(keys, theme.dim()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if let Some(s) = &model.status {
        let symbol = match s.tone {
            Tone::Info => "ℹ",
            Tone::Success => "✔",
            Tone::Error => "✖",
        };
        let text = fit(&format!("{symbol} {}", one_line(&s.text)), w);
        frame.render_widget(Paragraph::new(Line::styled(text, theme.tone(s.tone))), area);
        return;
    }
    if let Some(text) = &model.file_gone {
        // Instead of the hints: nothing matters more until the agent reopens.
        let text = fit(&format!("✖ {}", one_line(text)), w);
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.tone(Tone::Error))),
            area,
        );
        return;
    }
    let mut spans: Vec<Span<'_>> = Vec::new();
    let mut used = 0;
    for (key, label) in keymap::hints(model.focus) {
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
