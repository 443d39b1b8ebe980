//! The top line: the panes (1-4), and who and where.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::model::{Model, Pane};
use crate::domain::text::{fit, one_line, width};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let mut spans = vec![Span::styled(" tend ", theme.bold())];
    for (i, p) in Pane::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, p.title());
        let style = if *p == model.focus {
            theme.active_tab()
        } else {
            theme.plain()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(label, style));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let mut right = format!("{} · {}", one_line(&model.me), one_line(&model.db_label));
    if model.read_only.is_some() {
        right.push_str(" · READ-ONLY");
    }
    let busy = model.queue.loading || model.detail.loading || model.kb.loading;
    right.push_str(if busy { " ⟳ " } else { "   " });
    let room = usize::from(area.width).saturating_sub(used + 1);
    let right = fit(&right, room);
    spans.push(Span::raw(" ".repeat(room.saturating_sub(width(&right)))));
    spans.push(Span::styled(
        right,
        if model.read_only.is_some() {
            theme.error()
        } else {
            theme.dim()
        },
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
