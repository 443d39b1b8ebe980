//! The `?` screen, generated from the keymap table, the saved views and the query fields.

use super::keymap::Context;
use super::long_text::{DocLine, Ink, Span};
use super::model::Model;
use crate::domain::query;
use crate::domain::text::{fit, one_line};

fn line(parts: &[(Ink, String)]) -> DocLine {
    parts
        .iter()
        .map(|(ink, text)| Span {
            ink: *ink,
            text: text.clone(),
        })
        .collect()
}

/// The help text for `model`'s keys and views, `room` columns wide.
pub fn lines(model: &Model, room: usize) -> Vec<DocLine> {
    let mut out: Vec<DocLine> = Vec::new();
    let help_room = room.saturating_sub(20).max(10);
    for ctx in Context::ALL {
        out.push(line(&[(Ink::Heading, ctx.title().to_string())]));
        for b in model
            .keymap
            .bindings()
            .iter()
            .filter(|b| b.context == ctx && !b.keys.is_empty())
        {
            let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
            out.push(line(&[
                (Ink::Label, format!("  {:<16}", fit(&keys.join(" "), 16))),
                (Ink::Plain, fit(b.command.info().1, help_room)),
            ]));
        }
        out.push(Vec::new());
    }
    let key = |c| {
        model
            .keymap
            .key_for(super::model::Pane::Queue, c)
            .map(|k| k.to_string())
            .unwrap_or_else(|| "-".into())
    };
    use super::keymap::Command as C;
    out.push(line(&[(
        Ink::Heading,
        format!(
            "Saved views ({} and {} switch, {} saves the filter as one)",
            key(C::PrevView),
            key(C::NextView),
            key(C::SaveView)
        ),
    )]));
    for v in &model.views {
        out.push(line(&[
            (Ink::Label, format!("  {:<18}", fit(&one_line(&v.name), 17))),
            (
                Ink::Plain,
                fit(
                    &format!("{} ({})", one_line(&v.query), v.scope.as_str()),
                    help_room,
                ),
            ),
        ]));
    }
    out.push(Vec::new());
    out.extend(filter_and_editing(model, room, help_room));
    out
}

/// How `/` filters (with the query fields) and how editing works, with the keys bound now.
fn filter_and_editing(model: &Model, room: usize, help_room: usize) -> Vec<DocLine> {
    use super::keymap::Command as C;
    let named = |c| model.keymap.name_key(super::model::Pane::Queue, c);
    let mut out: Vec<DocLine> = Vec::new();
    out.push(line(&[(
        Ink::Heading,
        format!("Filter with {} (refines the view shown)", named(C::Filter)),
    )]));
    let how = format!(
        "Terms are ANDed with the view's; a field you type replaces the view's (status:all \
         widens it). The last word typed is a prefix from {} letters on. {} keeps the \
         filter, {} goes back to the plain view.",
        query::PREFIX_FROM,
        named(C::Open),
        named(C::Back),
    );
    for w in super::long_text::wrap(&how, room.saturating_sub(2)) {
        out.push(line(&[(Ink::Plain, format!("  {w}"))]));
    }
    for (field, about) in query::fields() {
        for (i, l) in super::long_text::wrap(&about, help_room)
            .into_iter()
            .enumerate()
        {
            let f = if i == 0 { field } else { "" };
            out.push(line(&[(Ink::Label, format!("  {f:<16}")), (Ink::Plain, l)]));
        }
    }
    out.push(Vec::new());
    out.push(line(&[(Ink::Heading, "Editing".into())]));
    for l in [
        "Replies, notes, descriptions and articles open in $VISUAL or $EDITOR (vi if unset)."
            .into(),
        format!(
            "Short answers use a prompt on the bottom line: {} saves, {} cancels, {} completes.",
            named(C::Open),
            named(C::Back),
            named(C::Complete)
        ),
        format!(
            "A save over someone else's newer change shows both versions: {} saves yours, {} drops it.",
            named(C::Reapply),
            named(C::Drop)
        ),
        "Changes by other agents appear within a second; your cursor and typing stay put.".into(),
    ] {
        for w in super::long_text::wrap(&l, room.saturating_sub(2)) {
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

/// How far the help text scrolls for `model` on its screen.
pub fn max_scroll(model: &Model) -> usize {
    let (w, h) = text_area(model.size);
    lines(model, w.saturating_sub(1)).len().saturating_sub(h)
}
