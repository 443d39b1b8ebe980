//! Text from the database is untrusted: before it reaches a terminal, every control character,
//! escape sequence introducer, bidi override and zero-width character is replaced by a visible
//! placeholder, so a ticket title cannot move the cursor, set the clipboard or hide text.

use std::borrow::Cow;

/// Stands for a hidden or dangerous character: ␦ (a control picture, "substitute"), one cell
/// wide everywhere. Not U+FFFD: terminal emulators such as the vt100 crate take that for a
/// decoding error and draw nothing, which shifts the rest of the line.
const SUBSTITUTE: char = '\u{2426}';

/// What an unsafe character becomes.
fn placeholder(c: char) -> Option<char> {
    let code = c as u32;
    match c {
        // C0 controls show as their Unicode "control pictures" (ESC as ␛).
        '\0'..='\x1f' => char::from_u32(0x2400 + code),
        '\x7f' => Some('\u{2421}'),
        // C1 controls (CSI, OSC, ST ... as single code points).
        '\u{80}'..='\u{9f}' => Some(SUBSTITUTE),
        c if is_hidden(c) => Some(SUBSTITUTE),
        // Line and paragraph separators would break lines behind the renderer's back.
        '\u{2028}' | '\u{2029}' => Some(' '),
        _ => None,
    }
}

/// Characters that draw nothing, or reorder what is drawn, and so can hide or disguise text:
/// bidi embeddings, overrides, isolates and marks; zero-width spaces and word joiners; fillers
/// and separators that render blank (soft hyphen, Hangul fillers, Mongolian vowel separator,
/// Khmer inherent vowels, combining grapheme joiner); invisible musical and interlinear
/// formatting; tag characters (invisible ASCII look-alikes). The zero-width non-joiner and
/// joiner are not among them: Persian and Indic words need them and they hide nothing (the
/// joiner is left out on terminals for another reason: see `ZWJ`).
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{00ad}'
        | '\u{034f}'
        | '\u{061c}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}')
}

/// A character that cannot be shown as itself, named for a message: `U+202E (right-to-left
/// override)`. Printing the character (or its placeholder) would show something nobody typed.
pub fn code_point(c: char) -> String {
    let name = match c {
        '\0' => "null",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\x1b' => "escape",
        '\x7f' => "delete",
        '\u{85}' => "next line",
        '\u{9b}' => "control sequence introducer",
        '\u{a0}' => "no-break space",
        '\u{ad}' => "soft hyphen",
        '\u{61c}' => "Arabic letter mark",
        '\u{200b}' => "zero-width space",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{feff}' => "zero-width no-break space",
        c if c.is_control() => "a control character",
        c if is_hidden(c) => "an invisible character",
        c if c.is_whitespace() => "a space character",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} ({name})", c as u32)
    }
}

/// The zero-width joiner glues emoji into one picture (👨‍👩‍👧) that terminals draw in different
/// widths, or not at all: on a terminal it is left out (the parts show side by side), so every
/// terminal and tend agree on where each character is. JSON keeps it, escaped.
const ZWJ: char = '\u{200d}';

fn is_unsafe(c: char) -> bool {
    c == ZWJ || placeholder(c).is_some()
}

/// For one-line places (table cells, titles): newlines and tabs become spaces, everything
/// unsafe a visible placeholder.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| c != ZWJ)
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c => placeholder(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// For bodies: keeps newlines, turns tabs into four spaces and `\r\n` into `\n`, and replaces
/// everything else unsafe with a visible placeholder.
pub fn multi_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            ZWJ => {}
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c => out.push(placeholder(c).unwrap_or(c)),
        }
    }
    Cow::Owned(out)
}

/// For text that leaves tend for somewhere it will be pasted (the clipboard): escape
/// sequences (CSI, OSC, DCS and the other string controls, in their ESC and C1 forms) are
/// removed whole, other unsafe characters dropped, newlines and tabs become spaces.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // The kind of sequence `c` starts: a CSI, a string ended by ST or BEL, or one character.
        let kind = match c {
            '\x1b' => match chars.next() {
                Some('[') => Some('['),
                Some(']' | 'P' | 'X' | '^' | '_') => Some(']'),
                _ => None,
            },
            '\u{9b}' => Some('['),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => Some(']'),
            '\n' | '\r' | '\t' => {
                out.push(' ');
                continue;
            }
            c if is_unsafe(c) => None,
            c => {
                out.push(c);
                continue;
            }
        };
        match kind {
            // Parameters and intermediates up to a final byte in @..~.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            // Up to BEL, ST (ESC \ or U+009C).
            Some(_) => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || c == '\u{9c}' {
                        break;
                    }
                    if c == '\x1b' {
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        break;
                    }
                }
            }
            None => {}
        }
    }
    out
}

/// Cuts `s` to at most `width` terminal columns, ending in `…` when it was cut.
pub fn fit(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if self::width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Terminal columns `s` takes, counted as terminals advance: character by character (an emoji
/// sequence such as 👨‍👩‍👧 is as wide as its parts), the same count `fit` cuts by.
pub fn width(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// "1 ticket", "2 tickets": every count a message prints goes through here.
pub fn count(n: impl Into<i64>, noun: &str) -> String {
    let n: i64 = n.into();
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "line"), "1 line");
        assert_eq!(count(0, "line"), "0 lines");
        assert_eq!(count(12, "line"), "12 lines");
    }

    #[test]
    fn escapes_never_survive() {
        let hostile = "a\x1b[2J\x1b]52;c;aGk=\x07b\u{9b}31mc\u{202e}d\u{200b}e\x7f";
        for out in [one_line(hostile), multi_line(hostile)] {
            assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
            assert!(!out.contains('\u{202e}') && !out.contains('\u{200b}'));
            assert!(out.contains("␛[2J"), "{out:?}");
        }
    }

    #[test]
    fn blank_looking_characters_are_shown_but_joiners_kept() {
        let hidden = "a\u{00ad}b\u{2060}c\u{feff}d\u{180e}e\u{3164}f\u{034f}g\u{115f}h";
        assert_eq!(one_line(hidden), "a␦b␦c␦d␦e␦f␦g␦h");
        // Persian words need the non-joiner; an emoji family shows as its members.
        let persian = "می\u{200c}خواهم";
        assert_eq!(one_line(persian), persian);
        assert_eq!(one_line("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(multi_line("👨\u{200d}👩\n"), "👨👩\n");
        for joined in [persian, "👨\u{200d}👩"] {
            assert!(joined.chars().any(crate::domain::safe_json::needs_escape));
        }
    }

    #[test]
    fn plain_drops_whole_sequences() {
        assert_eq!(
            plain("#1 a\x1b]52;c;aGk=\x07b\x1b[2Jc\u{9b}31md\x1bP+q\x1b\\e\u{202e}f\tg\x1b"),
            "#1 abcdef g"
        );
        assert_eq!(plain("Büro 漢字 👍🏽"), "Büro 漢字 👍🏽");
    }

    #[test]
    fn tag_characters_are_visible() {
        assert_eq!(one_line("🏴\u{e0067}x"), "🏴␦x");
        assert_eq!(one_line("👍🏽 🇩🇪"), "👍🏽 🇩🇪");
    }

    #[test]
    fn line_handling() {
        assert_eq!(one_line("a\nb\tc"), "a b c");
        assert_eq!(multi_line("a\r\nb\rc\td"), "a\nb\nc    d");
        assert!(matches!(one_line("plain ünïcode 漢字"), Cow::Borrowed(_)));
        assert!(matches!(multi_line("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn fitting_counts_columns() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(width("漢字"), 4);
        assert_eq!(fit("abc", 0), "");
        // A table sized by `width` never cuts what `fit` is given (a ZWJ family, a flag).
        let t = "👍🏽 family 👨\u{200d}👩\u{200d}👧\u{200d}👦 flag 🇩🇪 é";
        assert_eq!(fit(t, width(t)), t);
    }
}
