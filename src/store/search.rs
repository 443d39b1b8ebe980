//! Full-text search. User text never reaches FTS5's query syntax raw: it is cut into words and
//! quoted phrases, each quoted as an FTS5 string, so no input can be a syntax error or an
//! operator the user did not mean.

/// The FTS5 MATCH expression for what a user typed, or `None` when it has nothing to look for.
/// Words are ANDed; `"two words"` is a phrase; a trailing `*` makes a prefix search.
pub fn match_expression(input: &str) -> Option<String> {
    // Controls are never part of a word; a NUL would even end SQLite's string early.
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut terms = Vec::new();
    let mut chars = cleaned.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(first) = chars.next() else { break };
        let mut text = String::new();
        let mut prefix = false;
        if first == '"' {
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                text.push(c);
            }
            if chars.peek() == Some(&'*') {
                chars.next();
                prefix = true;
            }
        } else {
            text.push(first);
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                text.push(c);
                chars.next();
            }
            while text.ends_with('*') {
                text.pop();
                prefix = true;
            }
        }
        if text.chars().any(char::is_alphanumeric) {
            let quoted = text.replace('"', "\"\"");
            let term = format!("\"{quoted}\"{}", if prefix { "*" } else { "" });
            // Words are ANDed: a repeated one adds nothing but another scan of the index.
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn user_text_becomes_safe_fts() {
        assert_eq!(
            match_expression("vpn drops").as_deref(),
            Some(r#""vpn" "drops""#)
        );
        assert_eq!(
            match_expression("\"disk full\" prin*").as_deref(),
            Some(r#""disk full" "prin"*"#)
        );
        assert_eq!(match_expression("a\"b").as_deref(), Some(r#""a""b""#));
        assert_eq!(
            match_expression("\"unbalanced").as_deref(),
            Some(r#""unbalanced""#)
        );
        assert_eq!(
            match_expression("OR AND NOT").as_deref(),
            Some(r#""OR" "AND" "NOT""#)
        );
        assert_eq!(match_expression("  ** -- \"\" "), None);
        assert_eq!(match_expression("a\0b").as_deref(), Some(r#""a" "b""#));
        assert_eq!(match_expression(""), None);
        assert_eq!(
            match_expression("a* a* b a*").as_deref(),
            Some(r#""a"* "b""#)
        );
    }
}
