//! A small fuzzy matcher for the command palette: every typed character must appear in order;
//! matches at word starts and runs of consecutive characters score higher.

/// The score of `pattern` in `text` (higher is better), or `None` when it does not match.
/// Case-insensitive; spaces in the pattern are ignored.
pub fn score(pattern: &str, text: &str) -> Option<i64> {
    let pat: Vec<char> = pattern
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if pat.is_empty() {
        return Some(0);
    }
    let hay: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut score = 0i64;
    let mut pi = 0;
    let mut prev_match: Option<usize> = None;
    for (i, c) in hay.iter().enumerate() {
        if pi == pat.len() {
            break;
        }
        if *c != pat[pi] {
            continue;
        }
        let word_start = i == 0 || !hay[i - 1].is_alphanumeric();
        score += 1;
        if word_start {
            score += 8;
        }
        if prev_match.is_some_and(|p| p + 1 == i) {
            score += 5;
        }
        if i == 0 {
            score += 4;
        }
        prev_match = Some(i);
        pi += 1;
    }
    if pi < pat.len() {
        return None;
    }
    // Shorter texts rank first among equal matches.
    Some(score * 100 - hay.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn ranks_word_starts_and_runs() {
        assert!(score("asm", "assign to me").is_some());
        assert!(score("xyz", "assign").is_none());
        assert!(
            score("rep", "reply").unwrap() > score("rep", "impact/urgency... report").unwrap_or(0)
        );
        assert!(
            score("atm", "assign to me").unwrap() > score("atm", "status: attempt").unwrap_or(0)
        );
        assert_eq!(score("", "anything"), Some(0));
        assert_eq!(score("É", "édit"), score("é", "édit"));
    }
}
