//! Small drawing helpers shared by the panes.

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::theme::Theme;
use crate::app::long_text::DocLine;

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

/// Makes every cell hold what a terminal draws in exactly the columns ratatui gave it.
///
/// ratatui puts a whole grapheme cluster in one cell and gives it the cluster's width, but a
/// terminal (xterm, tmux, the vt100 crate) advances character by character: `👍🏽` is a
/// two-column cluster drawn as 2 + 2 columns, a Devanagari conjunct (`स्ते`) a two-column
/// cluster drawn as two one-column characters. When such a cell is later replaced, ratatui
/// clears only what it thinks the cluster covered, and the rest stays on the screen. So a
/// cluster whose characters do not add up to one character of the cell's width is split: its
/// characters (each with the zero-width marks after it) go into consecutive cells, as far as
/// they fit the cluster's columns; what is left of them is dropped (a skin-tone modifier,
/// mostly) and what is left of the columns is blank.
pub fn settle_clusters(buf: &mut Buffer) {
    use unicode_width::UnicodeWidthChar;
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol();
            let w = symbol.cell_width().max(1);
            let mut chars = symbol.chars();
            let single = match (chars.next(), chars.next()) {
                (Some(c), None) => c.width().unwrap_or(0) as u16 == w,
                _ => false,
            };
            if symbol.is_ascii() || single {
                // One character as wide as its cell (the box drawing, ▶ ● and most text): as
                // the terminal draws it already, and no allocation on every frame.
                x += w;
                continue;
            }
            // The cluster as characters with columns, each with the marks after it.
            let mut pieces: Vec<(String, u16)> = Vec::new();
            for c in symbol.chars() {
                let cw = c.width().unwrap_or(0) as u16;
                match pieces.last_mut() {
                    Some(last) if cw == 0 => last.0.push(c),
                    _ => pieces.push((c.to_string(), cw)),
                }
            }
            if let [(_, only)] = pieces.as_slice()
                && *only == w
            {
                x += w;
                continue;
            }
            let style = buf[(x, y)].style();
            let end = (x + w).min(area.right());
            let mut at = x;
            for (mut text, cw) in pieces {
                if cw == 0 || at + cw > end {
                    continue;
                }
                if text.as_str().cell_width() != cw {
                    // Its marks widen it (a variation selector, a keycap): the base alone.
                    text = text.chars().take(1).collect();
                }
                buf[(at, y)].set_symbol(&text).set_style(style);
                for covered in at + 1..at + cw {
                    buf[(covered, y)].reset();
                }
                at += cw;
            }
            if at == x && at < end {
                // Nothing fitted (a wide character in one column): a visible stand-in.
                buf[(at, y)].set_symbol("\u{2426}").set_style(style);
                at += 1;
            }
            for rest in at..end {
                buf[(rest, y)].set_symbol(" ").set_style(style);
            }
            x = end.max(x + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(buf: &Buffer) -> Vec<String> {
        (0..buf.area.width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect()
    }

    #[test]
    fn clusters_split_into_the_cells_terminals_use() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "a👍🏽bस्तेc中❤️", ratatui::style::Style::default());
        settle_clusters(&mut buf);
        assert_eq!(
            row(&buf),
            [
                "a",
                "👍",
                " ",
                "b",
                "स\u{94d}",
                "त\u{947}",
                "c",
                "中",
                " ",
                "❤",
                " ",
                " "
            ]
        );
    }
}
