//! The ticket detail: fields, SLA, description, conversation (replies and internal notes look
//! different even without colour), links, articles, history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::text::scrolled;
use super::theme::Theme;
use crate::app::long_text::detail_doc;
use crate::app::model::Model;
use crate::domain::text::one_line;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let d = &model.detail;
    let Some(id) = d.id else {
        let lines = vec![
            Line::styled("No ticket selected.", theme.dim()),
            Line::raw(""),
            Line::styled("Pick one in the queue (1) and press Enter.", theme.dim()),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    };
    match d.data.as_ref().filter(|data| data.detail.ticket.id == id) {
        Some(data) => {
            let room = usize::from(area.width.saturating_sub(2).max(10));
            let lines = detail_doc(data, model.now, room, &model.keymap);
            let text = Rect::new(area.x, area.y, area.width, area.height);
            scrolled(frame, text, &lines, d.scroll, theme);
        }
        None => {
            let msg = match &d.error {
                Some(e) => Line::styled(format!("#{id}: {}", one_line(e)), theme.error()),
                None => Line::styled(format!("loading #{id}…"), theme.dim()),
            };
            frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        }
    }
}
