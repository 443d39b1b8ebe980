//! Tickets: kinds, statuses, impact/urgency levels, and the ticket record itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::error::{Invalid, parse_choice};

pub mod change;
pub mod fields;

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Largest description, reply, note or article body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Longest short field (names, group, service, category, tag, reason), in characters.
pub const MAX_FIELD_CHARS: usize = 200;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident, $what:literal, { $($variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl std::str::FromStr for $name {
            type Err = Invalid;
            fn from_str(s: &str) -> Result<Self, Invalid> {
                parse_choice($what, s, &[$(($text, $name::$variant) $(, ($alias, $name::$variant))*),+], &[$($text),+])
            }
        }
    };
}

named_enum!(
    /// What sort of work a ticket is (ITIL practices).
    Kind, "kind", {
        Incident = "incident",
        Request = "request" | "service-request",
        Problem = "problem",
        Change = "change",
    }
);

named_enum!(
    /// Where a ticket is in its lifecycle; see `lifecycle` for the allowed moves.
    Status, "status", {
        New = "new",
        Open = "open" | "in-progress",
        Pending = "pending" | "waiting",
        Resolved = "resolved",
        Closed = "closed",
        Cancelled = "cancelled" | "canceled",
    }
);

named_enum!(
    /// Impact and urgency share one three-step scale.
    Level, "level", {
        High = "high" | "h",
        Medium = "medium" | "m" | "med",
        Low = "low" | "l",
    }
);

/// The defaults are what a new ticket gets; `Ticket::default()` is a blank to fill in (so that
/// code building a ticket names only the fields it sets, and a new optional field needs no edit
/// there).
#[allow(clippy::derivable_impls)] // the enum is made by `named_enum!`
impl Default for Kind {
    fn default() -> Kind {
        Kind::Incident
    }
}

#[allow(clippy::derivable_impls)] // the enum is made by `named_enum!`
impl Default for Status {
    fn default() -> Status {
        Status::New
    }
}

#[allow(clippy::derivable_impls)] // the enum is made by `named_enum!`
impl Default for Level {
    fn default() -> Level {
        Level::Medium
    }
}

impl Status {
    /// Open statuses are the ones a desk still has to work on (see `lifecycle`, which says so
    /// for every kind).
    pub fn is_open(self) -> bool {
        super::lifecycle::is_open(self)
    }
}

/// A ticket as stored. `version` grows by one with every saved change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub kind: Kind,
    pub status: Status,
    /// Why a pending ticket waits (customer, vendor, ...); `None` unless pending.
    pub pending_reason: Option<String>,
    pub title: String,
    pub description: String,
    pub impact: Level,
    pub urgency: Level,
    /// 1 (critical) to 5 (planning).
    pub priority: u8,
    /// True when the priority was set by hand instead of from the matrix.
    pub priority_override: bool,
    pub requester: Option<String>,
    pub assignee: Option<String>,
    pub group: Option<String>,
    pub service: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// What a user supplies to open a ticket; the store fills in id, times and priority.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTicket {
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub impact: Level,
    pub urgency: Level,
    pub requester: Option<String>,
    pub assignee: Option<String>,
    pub group: Option<String>,
    pub service: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub opened_at: Option<DateTime<Utc>>,
}

impl NewTicket {
    pub fn new(title: impl Into<String>) -> Self {
        NewTicket {
            title: title.into(),
            ..NewTicket::default()
        }
    }

    /// Checks every field and returns the cleaned-up ticket (trimmed, tags normalised).
    pub fn validated(mut self) -> Result<Self, Invalid> {
        clean_fields(
            &mut self,
            |t| &mut t.title,
            |t| &t.description,
            |f, t| (f.in_new)(t),
            |t| &mut t.tags,
        )?;
        Ok(self)
    }
}

/// Checks a ticket's text fields, as the CLI and an import both take them, and cleans them up
/// in place (trimmed, blank optional fields unset, tags normalised). `slot` reaches a text
/// field of whatever holds them (a new ticket or a stored one).
pub(crate) fn clean_fields<T>(
    holder: &mut T,
    title: fn(&mut T) -> &mut String,
    description: fn(&T) -> &str,
    slot: impl for<'a> Fn(&fields::TextField, &'a mut T) -> &'a mut Option<String>,
    tags: fn(&mut T) -> &mut Vec<String>,
) -> Result<(), Invalid> {
    let clean_title = validate_title(title(holder))?;
    *title(holder) = clean_title;
    validate_body("description", description(holder))?;
    for f in fields::in_check_order() {
        let value = slot(f, holder).take();
        *slot(f, holder) = f.clean(value)?;
    }
    let clean_tags = normalize_tags(tags(holder))?;
    *tags(holder) = clean_tags;
    Ok(())
}

/// A set of field changes; `None` leaves a field alone, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketPatch {
    pub status: Option<Status>,
    pub pending_reason: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub kind: Option<Kind>,
    pub impact: Option<Level>,
    pub urgency: Option<Level>,
    pub priority: Option<PrioritySetting>,
    pub assignee: Option<Option<String>>,
    pub requester: Option<Option<String>>,
    pub group: Option<Option<String>>,
    pub service: Option<Option<String>>,
    pub category: Option<Option<String>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
}

/// A manual priority, or back to the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrioritySetting {
    Manual(u8),
    Auto,
}

impl std::str::FromStr for PrioritySetting {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("auto") {
            return Ok(PrioritySetting::Auto);
        }
        parse_priority(t).map(PrioritySetting::Manual).map_err(|_| {
            Invalid::value(format!(
                "bad priority '{}': expected 1 (critical) to 5 (planning), or auto",
                super::text::one_line(s)
            ))
        })
    }
}

/// Parses a priority 1-5 (also `p1`..`p5`).
pub fn parse_priority(s: &str) -> Result<u8, Invalid> {
    let t = s.trim();
    let digits = t.strip_prefix(['p', 'P']).unwrap_or(t);
    match digits.parse::<u8>() {
        Ok(p @ 1..=5) => Ok(p),
        _ => Err(Invalid::value(format!(
            "bad priority '{}': expected 1 (critical) to 5 (planning)",
            super::text::one_line(s)
        ))),
    }
}

/// Human name of a priority number.
pub fn priority_name(p: u8) -> &'static str {
    match p {
        1 => "critical",
        2 => "high",
        3 => "moderate",
        4 => "low",
        _ => "planning",
    }
}

pub fn validate_title(title: &str) -> Result<String, Invalid> {
    let t = title.trim();
    if t.is_empty() {
        return Err(Invalid::value("the title is empty"));
    }
    if t.contains(['\n', '\r', '\0']) {
        return Err(Invalid::value("the title must be one line"));
    }
    let n = t.chars().count();
    if n > MAX_TITLE_CHARS {
        return Err(Invalid::value(format!(
            "the title is {n} characters long; the limit is {MAX_TITLE_CHARS}"
        )));
    }
    Ok(t.to_string())
}

pub fn validate_body(what: &str, body: &str) -> Result<(), Invalid> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Invalid::value(format!(
            "the {what} is {} bytes; the limit is {} bytes (1 MiB)",
            body.len(),
            MAX_BODY_BYTES
        )));
    }
    if body.contains('\0') {
        return Err(Invalid::value(format!("the {what} contains a NUL byte")));
    }
    Ok(())
}

/// Trims a short optional field; empty means unset.
pub fn optional_field(what: &str, value: Option<String>) -> Result<Option<String>, Invalid> {
    match value {
        None => Ok(None),
        Some(v) => {
            let t = v.trim();
            if t.is_empty() {
                return Ok(None);
            }
            short_field(what, t).map(Some)
        }
    }
}

/// Validates a short one-line field (names, group, reason ...).
pub fn short_field(what: &str, value: &str) -> Result<String, Invalid> {
    let t = value.trim();
    if t.is_empty() {
        return Err(Invalid::value(format!("the {what} is empty")));
    }
    if t.chars().any(|c| c == '\n' || c == '\r' || c == '\0') {
        return Err(Invalid::value(format!("the {what} must be one line")));
    }
    if t.chars().count() > MAX_FIELD_CHARS {
        return Err(Invalid::value(format!(
            "the {what} is longer than {MAX_FIELD_CHARS} characters"
        )));
    }
    Ok(t.to_string())
}

/// Lower-cases, trims, de-duplicates and sorts tags; a tag is one word without spaces or commas.
pub fn normalize_tags(tags: &[String]) -> Result<Vec<String>, Invalid> {
    let mut out: Vec<String> = Vec::new();
    for raw in tags {
        for part in raw.split(',') {
            let t = part.trim().to_lowercase();
            if t.is_empty() {
                continue;
            }
            if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Invalid::value(format!(
                    "bad tag '{}': a tag is one word without spaces",
                    super::text::one_line(&t)
                )));
            }
            if t.chars().count() > 64 {
                return Err(Invalid::value("a tag is longer than 64 characters"));
            }
            out.push(t);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A ticket with everything around it, as `ticket show` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub ticket: Ticket,
    pub conversation: Vec<super::conversation::Entry>,
    pub links: Vec<super::link::Link>,
    pub articles: Vec<i64>,
    pub history: Vec<super::history::Change>,
    /// The SLA clocks at the time it was read.
    pub sla: Vec<super::sla::Clock>,
    /// Other agents editing it right now.
    pub editors: Vec<super::history::Presence>,
}

/// `current` with `remove` taken out and `add` put in, normalised.
pub fn change_tags(
    current: &[String],
    add: &[String],
    remove: &[String],
) -> Result<Vec<String>, Invalid> {
    let remove = normalize_tags(remove)?;
    let mut tags: Vec<String> = current
        .iter()
        .filter(|t| !remove.contains(t))
        .cloned()
        .collect();
    tags.extend(normalize_tags(add)?);
    normalize_tags(&tags)
}

/// A ticket number as people write it: `12` or `#12` (ASCII digits only, so `+12`, `KB-12`
/// or `1e3` are not ticket numbers), and not zero.
pub fn parse_ticket_number(s: &str) -> Option<i64> {
    let t = s.trim();
    let digits = t.strip_prefix('#').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|n| *n > 0)
}

/// A ticket for unit tests: #7, an incident opened 2026-12-01 08:00Z, in `status`.
#[cfg(test)]
pub(crate) fn sample(status: Status) -> Ticket {
    use chrono::TimeZone;
    let at = |h| Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap();
    Ticket {
        id: 7,
        kind: Kind::Incident,
        status,
        pending_reason: (status == Status::Pending).then(|| "vendor".to_string()),
        title: "Printer on fire".into(),
        description: String::new(),
        impact: Level::Medium,
        urgency: Level::Medium,
        priority: 3,
        priority_override: false,
        opened_at: at(8),
        updated_at: at(8),
        resolved_at: (status == Status::Resolved).then(|| at(9)),
        version: 1,
        ..Ticket::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_names_and_aliases() {
        assert_eq!("Incident".parse::<Kind>(), Ok(Kind::Incident));
        assert_eq!("service_request".parse::<Kind>(), Ok(Kind::Request));
        assert_eq!("in-progress".parse::<Status>(), Ok(Status::Open));
        assert_eq!("H".parse::<Level>(), Ok(Level::High));
        let err = "urgentish".parse::<Level>().unwrap_err().to_string();
        assert!(err.contains("unknown level 'urgentish'"), "{err}");
        assert!(err.ends_with("expected one of high, medium, low"), "{err}");
    }

    #[test]
    fn titles_are_checked() {
        assert_eq!(validate_title("  Printer jam "), Ok("Printer jam".into()));
        assert!(validate_title("   ").is_err());
        assert!(validate_title("two\nlines").is_err());
        assert!(validate_title(&"x".repeat(MAX_TITLE_CHARS + 1)).is_err());
        assert!(validate_title(&"é".repeat(MAX_TITLE_CHARS)).is_ok());
    }

    #[test]
    fn tags_are_normalized() {
        let tags = vec!["VPN, wifi".to_string(), "vpn".into(), " ".into()];
        assert_eq!(normalize_tags(&tags), Ok(vec!["vpn".into(), "wifi".into()]));
        assert!(normalize_tags(&["two words".into()]).is_err());
        let now = change_tags(&["a".into(), "b".into()], &["C".into()], &["a".into()]);
        assert_eq!(now, Ok(vec!["b".into(), "c".into()]));
    }

    #[test]
    fn priorities_parse() {
        assert_eq!(parse_priority("P2"), Ok(2));
        assert!(parse_priority("0").is_err());
        assert!(parse_priority("6").is_err());
        assert_eq!("auto".parse::<PrioritySetting>(), Ok(PrioritySetting::Auto));
    }
}
