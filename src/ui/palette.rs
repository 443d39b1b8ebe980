//! The `:` command palette: every command, fuzzy-matched as you type.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::pad;
use super::theme::Theme;
use crate::app::line_edit::LineEdit;
use crate::app::model::Model;
use crate::domain::text::{fit, one_line, width};

pub fn draw(
    frame: &mut Frame<'_>,
    main: Rect,
    model: &Model,
    input: &LineEdit,
    cursor: usize,
    theme: &Theme,
) {
    let w = main.width.saturating_sub(4).min(80);
    let h = main.height.saturating_sub(2).min(18);
    let area = Rect::new(main.x + (main.width - w) / 2, main.y + 1, w, h);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(format!(
        " Commands, or a ticket number · {} runs · {} closes ",
        model
            .keymap
            .name_dialog_key(crate::app::keymap::Command::Open),
        model
            .keymap
            .name_dialog_key(crate::app::keymap::Command::Back)
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let iw = usize::from(inner.width);
    let typed = one_line(input.text()).into_owned();
    let mut lines = vec![Line::from(vec![
        Span::styled(": ", theme.key()),
        Span::raw(typed.clone()),
    ])];
    let items = crate::app::palette_items(model, input.text());
    if let Some(id) = crate::app::palette_ticket(input.text()) {
        lines.push(Line::styled(
            format!(
                " {}: open ticket #{id}",
                model
                    .keymap
                    .name_dialog_key(crate::app::keymap::Command::Open)
            ),
            theme.cursor(),
        ));
    } else if items.is_empty() {
        lines.push(Line::styled("  no command matches", theme.dim()));
    }
    let rows = usize::from(inner.height).saturating_sub(1);
    let skip = cursor.saturating_sub(rows.saturating_sub(1));
    for (i, (cmd, key)) in items.iter().enumerate().skip(skip).take(rows) {
        let (name, help) = crate::app::keymap::entry(*cmd, &model.views);
        let key = key.map(|k| k.to_string()).unwrap_or_default();
        let help_w = iw.saturating_sub(22 + 8).max(4);
        let line = Line::from(vec![
            Span::raw(pad(&format!(" {name}"), 22)),
            Span::styled(pad(&fit(&help, help_w), help_w + 1), theme.dim()),
            Span::styled(pad(&key, 7), theme.key()),
        ]);
        lines.push(if i == cursor {
            line.style(theme.cursor())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let x = 2 + width(&one_line(
        &input
            .text()
            .chars()
            .take(input.cursor())
            .collect::<String>(),
    ));
    frame.set_cursor_position((
        inner.x + (x as u16).min(inner.width.saturating_sub(1)),
        inner.y,
    ));
}
