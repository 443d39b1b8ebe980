//! Small drawing helpers shared by the panes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::theme::Theme;
use crate::app::doc::DocLine;

/// A document line as a ratatui line.
pub fn doc_line<'a>(line: &'a DocLine, theme: &Theme) -> Line<'a> {
    Line::from(
        line.iter()
            .map(|s| Span::styled(s.text.as_str(), theme.ink(s.ink)))
            .collect::<Vec<_>>(),
    )
}

/// Draws `lines[scroll..]` into `area`, with a scroll bar on the right when they do not fit.
pub fn scrolled(
    frame: &mut Frame<'_>,
    area: Rect,
    lines: &[DocLine],
    scroll: usize,
    theme: &Theme,
) {
    let h = usize::from(area.height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let shown: Vec<Line<'_>> = lines
        .iter()
        .skip(scroll)
        .take(h)
        .map(|l| doc_line(l, theme))
        .collect();
    let text_area = Rect::new(area.x, area.y, area.width.saturating_sub(1), area.height);
    frame.render_widget(Paragraph::new(shown), text_area);
    if lines.len() > h {
        let mut state = ScrollbarState::new(lines.len().saturating_sub(h)).position(scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(Some("▲"))
                .end_symbol(Some("▼"))
                .track_symbol(Some("│"))
                .thumb_symbol("█"),
            area,
            &mut state,
        );
    }
}

/// Pads or cuts `s` to exactly `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let cut = crate::domain::text::fit(s, w);
    let used = crate::domain::text::width(&cut);
    format!("{cut}{}", " ".repeat(w.saturating_sub(used)))
}

/// Right-aligns `s` in `w` columns.
pub fn pad_left(s: &str, w: usize) -> String {
    let cut = crate::domain::text::fit(s, w);
    let used = crate::domain::text::width(&cut);
    format!("{}{cut}", " ".repeat(w.saturating_sub(used)))
}

/// A rectangle of `w` x `h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
