//! The saved views line above the queue. With more views than fit, it scrolls to keep the
//! current view on screen, with `‹` and `›` where more are off to the left or right.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::model::Model;
use crate::domain::text::{fit, one_line, width};

const LEFT: &str = "‹ ";
const RIGHT: &str = " ›";

pub fn line<'a>(model: &Model, theme: &Theme, w: usize) -> Line<'a> {
    let q = &model.queue;
    let tabs: Vec<Span<'a>> = model
        .views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if q.view == Some(i) {
                let mark = if q.refinement.is_empty() {
                    ""
                } else {
                    " + filter"
                };
                Span::styled(format!(" {}{mark} ", one_line(&v.name)), theme.active_tab())
            } else {
                Span::styled(format!(" {} ", one_line(&v.name)), theme.dim())
            }
        })
        .collect();
    let widths: Vec<usize> = tabs.iter().map(|s| width(&s.content)).collect();
    let (lo, hi) = window(&widths, q.view.unwrap_or(0), w);
    let mut out = Vec::new();
    let mut room = w;
    if lo > 0 {
        out.push(Span::styled(LEFT, theme.key()));
        room = room.saturating_sub(width(LEFT));
    }
    let right = if hi < tabs.len() {
        room = room.saturating_sub(width(RIGHT));
        Some(Span::styled(RIGHT, theme.key()))
    } else {
        None
    };
    let mut used = 0;
    for s in tabs.into_iter().take(hi).skip(lo) {
        let sw = width(&s.content);
        if used + sw > room {
            // Only a current view too long for the whole line gets here.
            out.push(Span::styled(fit(&s.content, room - used), s.style));
            break;
        }
        used += sw;
        out.push(s);
    }
    if let Some(r) = right {
        out.push(Span::raw(" ".repeat(room.saturating_sub(used))));
        out.push(r);
    }
    Line::from(out)
}

/// The views `[lo, hi)` to show in `w` columns: all if they fit; otherwise `current` and as
/// many after it, then before it, as fit beside the marks.
fn window(widths: &[usize], current: usize, w: usize) -> (usize, usize) {
    let n = widths.len();
    if widths.iter().sum::<usize>() <= w || n == 0 {
        return (0, n);
    }
    let current = current.min(n - 1);
    let need = |lo: usize, hi: usize| {
        let marks = if lo > 0 { width(LEFT) } else { 0 } + if hi < n { width(RIGHT) } else { 0 };
        widths[lo..hi].iter().sum::<usize>() + marks
    };
    let (mut lo, mut hi) = (current, current + 1);
    while hi < n && need(lo, hi + 1) <= w {
        hi += 1;
    }
    while lo > 0 && need(lo - 1, hi) <= w {
        lo -= 1;
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_current_view_is_always_in_the_window() {
        let widths = vec![10; 30];
        for current in 0..30 {
            let (lo, hi) = window(&widths, current, 80);
            assert!(lo <= current && current < hi, "{current}: {lo}..{hi}");
            assert!(hi - lo >= 7);
        }
        assert_eq!(window(&widths, 0, 400), (0, 30));
        assert_eq!(window(&[], 0, 80), (0, 0));
    }
}
