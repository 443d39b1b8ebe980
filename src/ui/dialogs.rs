//! Small boxes: a menu (status, impact, urgency, link kind), a yes/no question, and the
//! conflict screen that shows both versions.

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
    theme: &Theme,
) {
    let widest = items.iter().map(|i| width(&i.label)).max().unwrap_or(10);
    const FOOT: &str = " Enter or the letter picks · Esc cancels";
    let w = ((widest + 6).max(width(title) + 4).max(width(FOOT) + 2)).min(usize::from(main.width))
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
    lines.push(Line::styled(
        " Enter or the letter picks · Esc cancels",
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn confirm(frame: &mut Frame<'_>, main: Rect, question: &str, theme: &Theme) {
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
            Span::styled("y", theme.key()),
            Span::raw(" yes   "),
            Span::styled("n", theme.key()),
            Span::raw(" or Esc: no"),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

pub fn conflict(frame: &mut Frame<'_>, main: Rect, c: &ConflictView, theme: &Theme) {
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
        Span::styled(" r ", theme.key()),
        Span::raw("save yours over theirs    "),
        Span::styled(" d ", theme.key()),
        Span::raw("drop yours, keep theirs (Esc too)"),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}
