//! Which words of a ticket to look up in the knowledge base for suggestions.

const STOP: &[&str] = &[
    "the", "and", "for", "with", "not", "can", "cannot", "can't", "cant", "our", "from", "after",
    "when", "does", "doesn't", "every", "all", "new", "please", "help", "issue", "issues",
    "problem", "error", "errors", "working", "work", "works", "won't", "wont", "isn't", "since",
    "into", "any", "some", "are", "was", "has", "have", "had", "but", "this", "that", "then",
    "there", "their", "them", "they", "you", "your", "his", "her", "its", "who", "what", "why",
    "how", "out", "get", "gets", "got", "need", "needs", "request", "today", "again", "still",
    "user", "users", "floor", "minutes", "down",
];

/// Up to six distinct lower-case words worth searching for, from the title then the category.
pub fn words(title: &str, category: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let text = format!("{title} {}", category.unwrap_or(""));
    for raw in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let w = raw.trim_matches('\'').to_lowercase();
        if w.chars().count() < 3
            || w.chars().all(|c| c.is_ascii_digit())
            || STOP.contains(&w.as_str())
        {
            continue;
        }
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == 6 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn keeps_the_telling_words() {
        assert_eq!(
            words(
                "VPN drops every 10 minutes after the update",
                Some("network")
            ),
            vec!["vpn", "drops", "update", "network"]
        );
        assert_eq!(words("Can't print", None), vec!["print"]);
        assert!(words("", None).is_empty());
    }
}
