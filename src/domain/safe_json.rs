//! JSON for people and scripts alike: valid JSON whose strings carry no character that could
//! act on a terminal or hide text when the output is viewed. serde_json already escapes C0
//! controls (ESC becomes `\u001b`); this also escapes DEL, C1 controls (a single U+009B is a
//! CSI to many terminals), line separators, zero-width joiners and every character
//! `text::is_hidden` names (bidi controls, zero-width and blank-looking characters, tags), as
//! `\uXXXX`. A JSON reader decodes them back to the same text, so an export round-trips exactly.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// Characters written as `\uXXXX` inside JSON strings.
pub fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{200c}' | '\u{200d}' | '\u{2028}' | '\u{2029}'
    ) || super::text::is_hidden(c)
}

/// Wraps serde_json's compact or pretty formatter and escapes what `needs_escape` says.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if needs_escape(c) {
                w.write_all(&s.as_bytes()[start..i])?;
                // As JSON writes a character: one \uXXXX, or a UTF-16 surrogate pair.
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", unit)?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&s.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Compact JSON to `out`.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Safe(CompactFormatter),
    ))
}

/// Pretty (indented) JSON to `out`.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Safe(PrettyFormatter::new()),
    ))
}

/// Compact JSON as a string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut buf = Vec::new();
    to_writer(&mut buf, value)?;
    // Only valid UTF-8 goes in: serde_json writes UTF-8 and the escapes are ASCII.
    String::from_utf8(buf).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_round_trips() {
        let hostile =
            "a\u{9b}31m\u{202e}b\u{200b}c\x1b]52;c;x\x07\u{7f}\u{2028}d 漢字 👍🏽 ünï \u{e0041}";
        let json = to_string(&hostile).unwrap();
        assert!(json.is_ascii() || !json.chars().any(needs_escape), "{json}");
        assert!(!json.chars().any(|c| c.is_control()), "{json}");
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        assert!(
            json.contains("\\u001b") && json.contains("\\u007f"),
            "{json}"
        );
        assert!(json.contains("漢字 👍🏽 ünï"), "{json}");
        assert!(json.contains("\\udb40\\udc41"), "{json}");
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hostile);
        let mut pretty = Vec::new();
        to_writer_pretty(&mut pretty, &serde_json::json!({"t": [hostile]})).unwrap();
        let pretty = String::from_utf8(pretty).unwrap();
        assert!(pretty.contains("\n  \"t\": [\n"), "{pretty}");
        let back: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(back["t"][0], hostile);
    }
}
