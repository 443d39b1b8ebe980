//! Drawing, from `&Model` only: one file per pane and overlay. Nothing here changes state or
//! touches the database; every string from the database is sanitized before it is drawn.

mod detail;
mod dialogs;
mod help;
mod kb;
mod palette;
mod queue;
mod sla;
mod status_bar;
mod tabs;
mod text;
pub mod theme;
mod views_bar;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::app::model::{Model, Overlay, Pane};
use theme::Theme;

pub fn draw(frame: &mut Frame<'_>, model: &Model, theme: &Theme) {
    let area = frame.area();
    let size = (area.width, area.height);
    if layout::too_small(size) {
        too_small(frame, area, model, theme);
        return;
    }
    let a = layout::areas_at(model, size);
    tabs::draw(frame, a.tabs, model, theme);
    if let Some(r) = a.queue {
        queue::draw(frame, r, model, theme);
    }
    if let Some(r) = a.detail {
        if a.queue.is_some() && r.x > 0 {
            let sep = Rect::new(r.x - 1, r.y, 1, r.height);
            let bar: Vec<Line<'_>> = (0..r.height)
                .map(|_| Line::styled("│", theme.dim()))
                .collect();
            frame.render_widget(Paragraph::new(bar), sep);
        }
        detail::draw(frame, r, model, theme);
    }
    if let Some(r) = a.sla {
        sla::draw(frame, r, model, theme);
    }
    if let Some(r) = a.kb {
        kb::draw(frame, r, model, theme);
    }
    status_bar::draw(frame, a.status, model, theme);
    let main = Rect::new(0, 1, area.width, area.height.saturating_sub(2));
    match &model.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, main, model, *scroll, theme),
        Some(Overlay::Palette { input, cursor }) => {
            palette::draw(frame, main, model, input, *cursor, theme)
        }
        Some(Overlay::Menu {
            title,
            items,
            cursor,
            ..
        }) => dialogs::menu(frame, main, title, items, *cursor, &model.keymap, theme),
        Some(Overlay::Confirm { question, .. }) => {
            dialogs::confirm(frame, main, question, &model.keymap, theme)
        }
        Some(Overlay::Conflict(c)) => dialogs::conflict(frame, main, c, &model.keymap, theme),
        Some(Overlay::Prompt { .. }) | None => {}
    }
    // Last: every cell as wide on the terminal as in the frame (emoji, conjuncts).
    text::settle_clusters(frame.buffer_mut());
}

fn too_small(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let quit = model
        .keymap
        .name_key(Pane::Queue, crate::app::keymap::Command::Quit);
    let msg = format!(
        "terminal too small: {}x{}, tend needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Make the window bigger, or {quit} to quit.",
        area.width, area.height
    );
    let h = area.height.min(4);
    let r = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(h) / 2,
        area.width,
        h,
    );
    frame.render_widget(
        Paragraph::new(msg)
            .style(theme.bold())
            .wrap(Wrap { trim: true })
            .centered(),
        r,
    );
}
