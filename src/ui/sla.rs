//! The SLA timers: every open ticket's running clocks, most urgent first, breached and at-risk
//! at the top. Says plainly when there is no SLA data.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{pad, pad_left};
use super::theme::Theme;
use crate::app::long_text::when;
use crate::app::model::Model;
use crate::domain::text::{fit, one_line};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let w = usize::from(area.width);
    let s = &model.sla;
    let mut lines: Vec<Line<'_>> = vec![Line::styled(
        fit(
            "SLA timers · breached and at risk first, then least time left",
            w,
        ),
        theme.bold(),
    )];
    if !s.loaded {
        lines.push(Line::styled("loading…", theme.dim()));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    if s.timers.is_empty() {
        for l in [
            "",
            "  no SLA clocks are counting",
            "",
            "  Open tickets' first-response, resolution and update clocks appear here,",
            "  counting down live. `tend sla policy list` shows the targets.",
        ] {
            lines.push(Line::styled(fit(l, w), theme.dim()));
        }
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    // DUE fits " 2026-12-03 18:37Z", LEFT " 9h59m biz over", each with a blank after.
    let (due_w, left_w) = (19, 16);
    let title_w = w
        .saturating_sub(2 + 11 + 6 + 4 + 12 + due_w + left_w)
        .max(8);
    lines.push(Line::styled(
        format!(
            "  {}{}{}{}{}{}",
            pad("STATE", 11),
            pad_left("TICKET", 6),
            pad(" P", 4),
            pad(" TARGET", 12),
            pad(" DUE", due_w),
            pad(" LEFT", left_w),
        ) + "TITLE",
        theme.dim(),
    ));
    let h = usize::from(area.height).saturating_sub(2);
    for (i, t) in s.timers.iter().enumerate().skip(s.offset).take(h) {
        let b = &t.badge;
        let state = b.state_at(model.now);
        let left = match b.remaining_at(model.now) {
            Some(x) if x < 0 => format!("{} over", b.basis.short(-x)),
            Some(x) => b.basis.short(x),
            None => "—".into(),
        };
        let due = b.due_at.map(when).unwrap_or_else(|| "—".into());
        let mark = if i == s.cursor { "▶ " } else { "  " };
        let line = Line::from(vec![
            Span::raw(mark),
            Span::styled(
                pad(&format!("{} {}", state.symbol(), state.label()), 11),
                theme.sla(state),
            ),
            Span::raw(pad_left(&format!("#{}", t.ticket_id), 6)),
            Span::styled(
                pad(&format!("  P{}", t.priority), 4),
                theme.priority(t.priority),
            ),
            Span::raw(pad(&format!(" {}", one_line(&b.target)), 12)),
            Span::styled(pad(&format!(" {due}"), due_w), theme.dim()),
            Span::styled(pad(&format!(" {left}"), left_w), theme.sla(state)),
            Span::raw(fit(&one_line(&t.title), title_w)),
        ]);
        lines.push(if i == s.cursor {
            line.style(theme.cursor())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}
