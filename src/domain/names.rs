//! Names of people: who a change is credited to (`--as`, `TEND_USER`) and who a ticket is
//! assigned to. Short and plain, so a name can never pass for something else in a history line
//! (`--as "pat (os user pat)"`), and a requester, which may be an e-mail address.

use super::error::Invalid;

/// Words that mean something else where a name is expected (`--assignee me`, `assignee:none`,
/// `(os user unknown)`), so nobody may be called that.
const RESERVED: &[&str] = &["me", "none", "nobody", "unknown"];

/// Longest name `--as` / `TEND_USER` / `--assignee` may be, in characters.
pub const MAX_NAME_CHARS: usize = 32;

/// Checks a person's name as given to `--as`, `TEND_USER` or `--assignee`: at most
/// `MAX_NAME_CHARS` letters (any script), digits, `.`, `_`, `-` and `@`. Returns it trimmed.
pub fn validate_name(what: &str, name: &str) -> Result<String, Invalid> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Invalid::value(format!("the {what} is empty")));
    }
    if let Some(word) = RESERVED.iter().find(|w| n.eq_ignore_ascii_case(w)) {
        return Err(Invalid::value(format!(
            "the {what} cannot be '{word}': tend reads that word as {}",
            match *word {
                "me" => "the person running it",
                "unknown" => "an account it could not tell",
                _ => "nobody",
            }
        )));
    }
    let len = n.chars().count();
    if len > MAX_NAME_CHARS {
        return Err(Invalid::value(format!(
            "the {what} is {len} characters long; a name is at most {MAX_NAME_CHARS}"
        )));
    }
    if let Some(c) = n
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
    {
        return Err(Invalid::value(format!(
            "the {what} '{}' contains {}; a name is letters, digits, '.', '_', '-' and '@'",
            super::text::one_line(n),
            describe(c)
        )));
    }
    Ok(n.to_string())
}

/// An optional name (an assignee): blank means unset, anything else must be a valid name.
pub fn optional_name(what: &str, value: Option<String>) -> Result<Option<String>, Invalid> {
    match value {
        Some(v) if !v.trim().is_empty() => validate_name(what, &v).map(Some),
        _ => Ok(None),
    }
}

/// What a typed assignee means, everywhere one is typed (the `a` prompt, the `n` and `e` forms,
/// `--assignee`): `me` is `me`'s name; empty, `-`, `none` and `nobody` unassign; anything else
/// is that name, trimmed (checked later by `validate_name`).
pub fn resolve_assignee(typed: &str, me: &str) -> Option<String> {
    let t = typed.trim();
    if t.eq_ignore_ascii_case("me") {
        Some(me.to_string())
    } else if t.is_empty()
        || t == "-"
        || t.eq_ignore_ascii_case("none")
        || t.eq_ignore_ascii_case("nobody")
    {
        None
    } else {
        Some(t.to_string())
    }
}

/// True when `name` is one of `known` (names compare without regard to ASCII case).
pub fn is_known(name: &str, known: &[String]) -> bool {
    known.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// Who did something, for a history line: `alice` when the credited name is the OS account,
/// `alice (os user root)` otherwise, `alice (os user unknown)` for rows from before tend
/// recorded it. Both parts are made one-line and free of control characters.
pub fn who(actor: &str, os_user: Option<&str>) -> String {
    let actor = super::text::one_line(actor);
    match os_user {
        Some(os) if os == actor => actor.into_owned(),
        Some(os) => format!("{actor} (os user {})", super::text::one_line(os)),
        None => format!("{actor} (os user unknown)"),
    }
}

/// `who`, saying what sort of actor it was unless an agent: `alice`, `alice (os user root)`,
/// `j@example.org (requester; os user tend-mail)`, `auto-close (rule; os user tend)`.
pub fn who_as(kind: super::actor::ActorKind, actor: &str, os_user: Option<&str>) -> String {
    if kind.is_agent() {
        return who(actor, os_user);
    }
    let actor = super::text::one_line(actor);
    let os = os_user.map_or_else(|| "unknown".into(), super::text::one_line);
    format!("{actor} ({kind}; os user {os})")
}

pub(crate) fn describe(c: char) -> String {
    if c == ' ' {
        "a space".into()
    } else if c.is_control() || c.is_whitespace() || super::text::is_hidden(c) || c == '\u{200d}' {
        super::text::code_point(c)
    } else {
        format!("'{c}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_and_plain() {
        for ok in [
            "alice",
            "j.meyer",
            "ops_team-2",
            "Jürgen",
            "王伟",
            "a@b.example",
        ] {
            assert_eq!(validate_name("name", ok).as_deref(), Ok(ok), "{ok}");
        }
        for bad in [
            "pat (os user pat)",
            "",
            " ",
            "a b",
            "x\u{1b}[2J",
            "semi;colon",
            &"a".repeat(33),
        ] {
            assert!(validate_name("name", bad).is_err(), "{bad:?}");
        }
        assert!(validate_name("name", &"ä".repeat(32)).is_ok());
    }

    #[test]
    fn typed_assignees() {
        assert_eq!(resolve_assignee(" Me ", "alice").as_deref(), Some("alice"));
        for nobody in ["", " ", "-", "none", "NONE", "nobody"] {
            assert_eq!(resolve_assignee(nobody, "alice"), None, "{nobody:?}");
        }
        assert_eq!(resolve_assignee(" bob ", "alice").as_deref(), Some("bob"));
        assert!(is_known("Bob", &["bob".to_string()]));
        assert!(!is_known("jmeyr", &["j.meyer".to_string()]));
    }
}
