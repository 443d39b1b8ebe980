//! The `?` overlay: keys, views and the query language, generated from the same tables that
//! drive the app.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear};

use super::text::{centered, scrolled};
use super::theme::Theme;
use crate::app::model::{Model, Pane};

pub fn draw(frame: &mut Frame<'_>, main: Rect, model: &Model, scroll: usize, theme: &Theme) {
    let area = centered(main, main.width.saturating_sub(4).min(100), main.height);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(title(model));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (w, _) = crate::app::help::text_area((main.width, main.height + 2));
    let lines = crate::app::help::lines(model, w.saturating_sub(1));
    scrolled(frame, inner, &lines, scroll, theme);
}

/// " Help · j/k scroll · Esc or ? closes ", with the keys in force.
fn title(model: &Model) -> String {
    use crate::app::keymap::Command as C;
    let key = |c| {
        model
            .keymap
            .key_for(Pane::Queue, c)
            .map_or_else(|| "-".to_string(), |k| k.to_string())
    };
    format!(
        " Help · {}/{} scroll · {} or {} closes ",
        key(C::Down),
        key(C::Up),
        key(C::Back),
        key(C::Help)
    )
}
