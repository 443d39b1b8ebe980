//! How `/` in the app combines a saved view's query with what is typed after it, and search as
//! you type; plus asking a query which fields it gives (for the CLI's default statuses). Pure
//! text in, text out: the result is parsed like any query.

use super::{canonical, tokenize};

/// The field a positive `field:value` term sets, if it is one a query gives at most once
/// (every field but `tag:` and `opened:`, which add up).
fn single_field(tok: &str) -> Option<&'static str> {
    if tok.starts_with('-') || tok.starts_with('"') {
        return None;
    }
    let (field, _) = tok.split_once(':')?;
    canonical(field).filter(|f| !matches!(*f, "tag" | "opened"))
}

/// Whether a query has a positive term for `field` (a canonical name such as `status`).
pub fn gives(input: &str, field: &str) -> bool {
    tokenize(input).is_ok_and(|toks| toks.iter().any(|t| single_field(t.text) == Some(field)))
}

/// A saved view's query refined by what was typed after `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refined {
    /// The whole query in force: the view's terms, then the typed ones.
    pub text: String,
    /// Where the typed terms start in `text` (`text.len()` when nothing was typed).
    pub typed_at: usize,
}

/// How `/` combines a view with what is typed: terms are ANDed, the typed ones after the view's;
/// a field the typed text gives (`status:`, `prio:`, `kind:`, `assignee:`, `group:`, `sla:`,
/// `sort:`) replaces the view's term for it, so `status:all` widens a view and `sort:oldest`
/// reorders it; tags, dates, words and `-terms` add up.
pub fn refine(view: &str, typed: &str) -> Refined {
    // Spaces before the typed terms are kept, so an error's place in `text` maps back to the
    // line as typed.
    let typed = if typed.trim().is_empty() {
        ""
    } else {
        typed.trim_end()
    };
    let replaced: Vec<&'static str> = match tokenize(typed) {
        Ok(toks) => toks.iter().filter_map(|t| single_field(t.text)).collect(),
        Err(_) => Vec::new(),
    };
    let kept: Vec<&str> = match tokenize(view) {
        Ok(toks) => toks
            .iter()
            .filter(|t| single_field(t.text).is_none_or(|f| !replaced.contains(&f)))
            .map(|t| t.text)
            .collect(),
        Err(_) => vec![view.trim()],
    };
    let mut text = kept.join(" ");
    if !text.is_empty() && !typed.is_empty() {
        text.push(' ');
    }
    let typed_at = text.len();
    text.push_str(typed);
    Refined { text, typed_at }
}

/// The fewest letters the last word needs to be searched as a prefix while typing: one letter
/// matches so many words that a page takes a hundred times longer (measured at 100k tickets:
/// `a*` ~220 ms, `th*` ~60 ms, a whole word ~5 ms, over the list's own cost).
pub const PREFIX_FROM: usize = 2;

/// Search as you type: the last word of a line being typed is a prefix (`dr` finds `drops`),
/// unless it is shorter than `PREFIX_FROM`, quoted, a `field:`, a `-term`, already a prefix, or
/// the line ends with a space.
pub fn as_you_type(typed: &str) -> String {
    let mut out = typed.to_string();
    if typed.ends_with(char::is_whitespace) {
        return out;
    }
    let Ok(toks) = tokenize(typed) else {
        return out;
    };
    if let Some(last) = toks.last() {
        let t = last.text;
        let bare = !t.starts_with(['-', '"']) && !t.contains([':', '"']) && !t.ends_with('*');
        if bare && t.chars().filter(|c| c.is_alphanumeric()).count() >= PREFIX_FROM {
            out.push('*');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::query::{QueryContext, parse};
    use chrono::{TimeZone, Utc};

    fn parses(s: &str) -> bool {
        let ctx = QueryContext {
            now: Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap(),
            me: "alice",
        };
        parse(s, &ctx).is_ok()
    }

    #[test]
    fn a_view_refined_by_typed_terms() {
        let view = "status:active assignee:me sort:priority";
        let r = refine(view, "Zebra");
        assert_eq!(r.text, "status:active assignee:me sort:priority Zebra");
        assert_eq!(&r.text[r.typed_at..], "Zebra");
        // A field typed replaces the view's; aliases count as the field.
        let r = refine(view, "order:oldest is:all tag:vpn -assignee:bob");
        assert_eq!(
            r.text,
            "assignee:me order:oldest is:all tag:vpn -assignee:bob"
        );
        assert!(parses(&r.text));
        let r = refine(view, "  ");
        assert_eq!((r.text.as_str(), r.typed_at), (view, view.len()));
        let r = refine("", "vpn");
        assert_eq!((r.text.as_str(), r.typed_at), ("vpn", 0));
    }

    #[test]
    fn the_last_word_typed_is_a_prefix() {
        for (typed, want) in [
            ("vpn dr", "vpn dr*"),
            ("vpn dr ", "vpn dr "),
            ("dr*", "dr*"),
            ("\"disk fu\"", "\"disk fu\""),
            ("status:op", "status:op"),
            ("-printer", "-printer"),
            ("tag:vpn d", "tag:vpn d"),
            ("tag:vpn dr", "tag:vpn dr*"),
            ("--", "--"),
            ("\"unclosed", "\"unclosed"),
            ("", ""),
        ] {
            assert_eq!(as_you_type(typed), want, "{typed}");
        }
        assert!(parses("vpn dr*"));
    }
}
