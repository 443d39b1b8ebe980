//! The knowledge base: the search line, the article list (linked, suggested, recent or
//! matches), and the reader.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{pad, scrolled};
use super::theme::Theme;
use crate::app::keymap::Command;
use crate::app::layout;
use crate::app::long_text::article_doc;
use crate::app::model::{ArticleWhy, Model, Pane};
use crate::domain::kb::ArticleState;
use crate::domain::text::{fit, one_line, width};

fn why_mark(w: ArticleWhy) -> &'static str {
    match w {
        ArticleWhy::Linked => "↔",
        ArticleWhy::Suggested => "★",
        ArticleWhy::Match | ArticleWhy::Recent => " ",
    }
}

fn state_short(s: ArticleState) -> &'static str {
    match s {
        ArticleState::Draft => "draft",
        ArticleState::Internal => "internal",
        ArticleState::Published => "public",
    }
}

pub fn draw(frame: &mut Frame<'_>, _area: Rect, model: &Model, theme: &Theme) {
    let kb = &model.kb;
    let (search, list, reader) = layout::kb_areas(model);
    let w = usize::from(search.width);

    // The search line.
    let label = "Search: ";
    let text = one_line(kb.search.text()).into_owned();
    let context = match &kb.for_ticket {
        Some((id, title)) => format!("for #{id} {}", one_line(title)),
        None => String::new(),
    };
    let key = |c| model.keymap.name_key(Pane::Kb, c);
    let hint = if kb.typing {
        format!("{} done · {} done", key(Command::Open), key(Command::Back))
    } else if text.is_empty() {
        format!("{} to search", key(Command::Filter))
    } else {
        format!(
            "{} edit · {} clear",
            key(Command::Filter),
            key(Command::Back)
        )
    };
    let right = fit(
        &format!("{hint}  {context}"),
        w.saturating_sub(width(label) + width(&text) + 3),
    );
    let gap = w.saturating_sub(width(label) + width(&text) + width(&right));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, theme.key()),
            Span::styled(text.clone(), theme.bold()),
            Span::raw(" ".repeat(gap)),
            Span::styled(right, theme.dim()),
        ])),
        search,
    );
    if kb.typing {
        let before: String = kb.search.text().chars().take(kb.search.cursor()).collect();
        let x =
            search.x + (width(label) + width(&one_line(&before))).min(w.saturating_sub(1)) as u16;
        frame.set_cursor_position((x, search.y));
    }

    if let Some(area) = list {
        let lw = usize::from(area.width);
        let mut lines: Vec<Line<'_>> = Vec::new();
        let head = if !text.is_empty() {
            match kb.entries.len() {
                1 => "1 match".to_string(),
                n => format!("{n} matches"),
            }
        } else if kb.for_ticket.is_some() {
            "↔ linked  ★ suggested  then recent".to_string()
        } else {
            "recent articles".to_string()
        };
        lines.push(Line::styled(fit(&head, lw), theme.dim()));
        if let Some(e) = &kb.error {
            lines.push(Line::styled(
                fit(&format!("✖ {}", one_line(e)), lw),
                theme.error(),
            ));
        } else if kb.entries.is_empty() {
            let msg = if kb.loading {
                "searching…"
            } else if text.is_empty() {
                "no articles yet: n writes one"
            } else {
                "nothing found"
            };
            lines.push(Line::styled(msg, theme.dim()));
        }
        let h = usize::from(area.height).saturating_sub(1);
        let title_w = lw.saturating_sub(2 + 7 + 10).max(6);
        for (i, e) in kb.entries.iter().enumerate().skip(kb.offset).take(h) {
            let a = &e.article;
            let at = i == kb.cursor;
            let line = Line::from(vec![
                Span::styled(format!("{} ", why_mark(e.why)), theme.key()),
                Span::styled(pad(&format!("KB-{}", a.id), 7), theme.dim()),
                Span::raw(pad(&fit(&one_line(&a.title), title_w), title_w + 1)),
                Span::styled(pad(state_short(a.state), 9), theme.dim()),
            ]);
            lines.push(if at {
                line.style(if kb.reading {
                    theme.bold()
                } else {
                    theme.cursor()
                })
            } else {
                line
            });
        }
        frame.render_widget(Paragraph::new(lines), area);
        if let Some(r) = reader
            && r.x > area.x + area.width
        {
            let sep = Rect::new(r.x - 1, r.y, 1, r.height);
            let bar: Vec<Line<'_>> = (0..r.height)
                .map(|_| Line::styled("│", theme.dim()))
                .collect();
            frame.render_widget(Paragraph::new(bar), sep);
        }
    }
    if let Some(area) = reader {
        match kb.entries.get(kb.cursor) {
            Some(e) => {
                let room = usize::from(area.width.saturating_sub(2).max(10));
                let lines = article_doc(&e.article, room);
                scrolled(frame, area, &lines, kb.reader_scroll, theme);
            }
            None => frame.render_widget(Paragraph::new(Line::styled("", theme.dim())), area),
        }
    }
}
