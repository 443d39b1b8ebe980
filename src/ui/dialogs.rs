//! Small boxes: a menu (status, impact, urgency, link kind), a yes/no question, and the
//! conflict screen that shows both versions.

use crate::app::keymap::{Command, Keymap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::{centered, pad};
use super::theme::Theme;
use crate::app::model::{ConflictView, MenuItem};
use crate::domain::text::{fit, one_line, width};

pub fn menu(
    frame: &mut Frame<'_>,
    main: Rect,
    title: &str,
    items: &[MenuItem],
    cursor: usize,
    keys: &Keymap,
    theme: &Theme,
) {
    let widest = items.iter().map(|i| width(&i.label)).max().unwrap_or(10);
    let foot = format!(
        " {} or the letter picks · {} cancels",
        keys.name_dialog_key(Command::Open),
        keys.name_dialog_key(Command::Back)
    );
    let w = ((widest + 6).max(width(title) + 4).max(width(&foot) + 2)).min(usize::from(main.width))
        as u16;
    let h = (items.len() + 3) as u16;
    let area = centered(main, w, h);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", fit(title, usize::from(w) - 4)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line<'_>> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let line = Line::from(vec![
                Span::styled(format!(" {} ", it.key), theme.key()),
                Span::raw(pad(&it.label, usize::from(inner.width).saturating_sub(4))),
            ]);
            if i == cursor {
                line.style(theme.cursor())
            } else {
                line
            }
        })
        .collect();
    lines.push(Line::styled(foot, theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn confirm(frame: &mut Frame<'_>, main: Rect, question: &str, keys: &Keymap, theme: &Theme) {
    let w = (width(question) + 6).clamp(30, usize::from(main.width)) as u16;
    let area = centered(main, w, 5);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Are you sure? ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = vec![
        Line::styled(one_line(question).into_owned(), theme.bold()),
        Line::from(vec![
            Span::styled(keys.name_dialog_key(Command::Yes), theme.key()),
            Span::raw(" yes   "),
            Span::styled(keys.name_dialog_key(Command::No), theme.key()),
            Span::raw(format!(" or {}: no", keys.name_dialog_key(Command::Back))),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

pub fn conflict(frame: &mut Frame<'_>, main: Rect, c: &ConflictView, keys: &Keymap, theme: &Theme) {
    let key = |c| format!(" {} ", keys.name_dialog_key(c));
    let w = main.width.saturating_sub(4).min(100);
    let h = (c.fields.len() as u16 + 8).min(main.height);
    let area = centered(main, w, h);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Someone else saved first ")
        .border_style(theme.error());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let iw = usize::from(inner.width);
    let col = iw.saturating_sub(18) / 2;
    let by = one_line(c.by.trim()).into_owned();
    let by = by.trim_start_matches('(').trim_end_matches(')');
    let mut lines = vec![
        Line::styled(fit(&one_line(&c.subject), iw), theme.bold()),
        Line::raw(fit(&format!("{by}, after you loaded it"), iw)),
        Line::raw(""),
        Line::styled(
            format!(
                "{}{}{}",
                pad("FIELD", 16),
                pad("THEIRS (saved now)", col + 1),
                "YOURS"
            ),
            theme.dim(),
        ),
    ];
    for (f, theirs, yours) in &c.fields {
        lines.push(Line::from(vec![
            Span::styled(pad(&one_line(f), 16), theme.dim()),
            Span::raw(pad(&fit(&one_line(theirs), col), col + 1)),
            Span::styled(fit(&one_line(yours), col), theme.bold()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(key(Command::Reapply), theme.key()),
        Span::raw("save yours over theirs    "),
        Span::styled(key(Command::Drop), theme.key()),
        Span::raw(format!(
            "drop yours, keep theirs ({} too)",
            keys.name_dialog_key(Command::Back)
        )),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}
