//! The `?` screen, generated from the keymap table, the saved views and the query fields.

use super::doc::{DocLine, Ink, Span};
use super::keymap::{BINDINGS, Context, keys_of};
use super::views::VIEWS;
use crate::domain::query;
use crate::domain::text::fit;

fn line(parts: &[(Ink, String)]) -> DocLine {
    parts
        .iter()
        .map(|(ink, text)| Span {
            ink: *ink,
            text: text.clone(),
        })
        .collect()
}

/// The help text, `room` columns wide.
pub fn lines(room: usize) -> Vec<DocLine> {
    let mut out: Vec<DocLine> = Vec::new();
    let help_room = room.saturating_sub(20).max(10);
    for ctx in [
        Context::Global,
        Context::Queue,
        Context::Ticket,
        Context::Kb,
        Context::Dialog,
    ] {
        out.push(line(&[(Ink::Heading, ctx.title().to_string())]));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = keys_of(b).iter().map(|k| k.to_string()).collect();
            out.push(line(&[
                (Ink::Label, format!("  {:<16}", fit(&keys.join(" "), 16))),
                (Ink::Plain, fit(b.command.info().1, help_room)),
            ]));
        }
        out.push(Vec::new());
    }
    out.push(line(&[(
        Ink::Heading,
        "Saved views ([ and ] switch)".into(),
    )]));
    for v in VIEWS {
        out.push(line(&[
            (Ink::Label, format!("  {:<18}", v.name)),
            (Ink::Plain, fit(v.about, room.saturating_sub(20).max(10))),
        ]));
        out.push(line(&[(
            Ink::Dim,
            format!("  {:<18}{}", "", fit(v.query, help_room)),
        )]));
    }
    out.push(Vec::new());
    out.push(line(&[(
        Ink::Heading,
        "Filter with / (refines the view shown)".into(),
    )]));
    let how = format!(
        "Terms are ANDed with the view's; a field you type replaces the view's (status:all \
         widens it). The last word typed is a prefix from {} letters on. Enter keeps the \
         filter, Esc goes back to the plain view.",
        query::PREFIX_FROM
    );
    for w in super::doc::wrap(&how, room.saturating_sub(2)) {
        out.push(line(&[(Ink::Plain, format!("  {w}"))]));
    }
    for (field, about) in query::fields() {
        for (i, l) in super::doc::wrap(&about, help_room).into_iter().enumerate() {
            let f = if i == 0 { field } else { "" };
            out.push(line(&[(Ink::Label, format!("  {f:<16}")), (Ink::Plain, l)]));
        }
    }
    out.push(Vec::new());
    out.push(line(&[(Ink::Heading, "Editing".into())]));
    for l in [
        "Replies, notes, descriptions and articles open in $VISUAL or $EDITOR (vi if unset).",
        "Short answers use a prompt on the bottom line: Enter saves, Esc cancels, Tab completes.",
        "A save over someone else's newer change shows both versions: r saves yours, d drops it.",
        "Changes by other agents appear within a second; your cursor and typing stay put.",
    ] {
        for w in super::doc::wrap(l, room.saturating_sub(2)) {
            out.push(line(&[(Ink::Plain, format!("  {w}"))]));
        }
    }
    out
}

/// The help box's text area on a screen of `size`: (columns for the text, rows).
pub fn text_area(size: (u16, u16)) -> (usize, usize) {
    let box_w = size.0.saturating_sub(4).min(100);
    // Borders, and a column for the scroll bar.
    let w = usize::from(box_w.saturating_sub(2)).saturating_sub(1);
    let h = usize::from(size.1.saturating_sub(2).saturating_sub(2));
    (w, h)
}

/// How far the help text scrolls on a screen of `size`.
pub fn max_scroll(size: (u16, u16)) -> usize {
    let (w, h) = text_area(size);
    lines(w.saturating_sub(1)).len().saturating_sub(h)
}
