//! Reading what the user typed: ids, bodies from stdin, optional fields.

use std::io::Read;

use crate::domain::Invalid;
use crate::domain::text::one_line;
use crate::domain::ticket::MAX_BODY_BYTES;

/// A ticket id: `12` or `#12`, nothing else.
pub fn parse_id(what: &str, s: &str) -> Result<i64, Invalid> {
    crate::domain::ticket::parse_ticket_number(s).ok_or_else(|| {
        Invalid::value(format!(
            "bad {what} id '{}': expected a number such as 12 or #12",
            one_line(s)
        ))
    })
}

/// An article id: `3` or `KB-3`.
pub fn parse_article_id(s: &str) -> Result<i64, Invalid> {
    let t = s.trim();
    let digits = t
        .strip_prefix("KB-")
        .or_else(|| t.strip_prefix("kb-"))
        .unwrap_or(t);
    match digits.bytes().all(|b| b.is_ascii_digit()) {
        true => digits.parse::<i64>().ok().filter(|n| *n > 0),
        false => None,
    }
    .ok_or_else(|| {
        Invalid::value(format!(
            "bad article id '{}': expected a number such as 3 or KB-3",
            one_line(s)
        ))
    })
}

/// The text of `--body`: itself, or stdin when it is `-` (at most 1 MiB, UTF-8).
pub fn body(arg: &str) -> Result<String, Invalid> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Invalid::value(format!("cannot read stdin: {e}")))?;
    if buf.len() > MAX_BODY_BYTES {
        return Err(Invalid::value(format!(
            "the text on stdin is larger than the limit of {MAX_BODY_BYTES} bytes (1 MiB)"
        )));
    }
    String::from_utf8(buf).map_err(|e| {
        Invalid::value(format!(
            "the text on stdin is not valid UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// For `update`: a value, or `none`/empty to clear.
pub fn clearable(v: &Option<String>) -> Option<Option<String>> {
    v.as_ref().map(|s| {
        let t = s.trim();
        (!t.is_empty() && !t.eq_ignore_ascii_case("none")).then(|| t.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(parse_id("ticket", "#12"), Ok(12));
        assert_eq!(parse_article_id("KB-3"), Ok(3));
        assert_eq!(parse_article_id("3"), Ok(3));
        assert!(parse_article_id("#3").is_err());
        assert!(parse_id("ticket", "KB-1").is_err());
        assert!(parse_id("ticket", "+1").is_err());
        assert!(parse_id("ticket", "##1").is_err());
        assert!(parse_id("ticket", "0").is_err());
        assert!(parse_id("ticket", "twelve").is_err());
        assert!(parse_id("ticket", "-4").is_err());
    }
}
