//! The filter language of the queue and of `tend ticket list --query`:
//!
//! ```text
//! status:open,pending prio:<=2 kind:incident assignee:me group:network tag:vpn opened:>7d "disk full"
//! ```
//!
//! Terms are ANDed; `-term` leaves out what the term matches; a bare word or a quoted phrase is
//! full-text search. The result is a `TicketFilter` (never SQL): the store binds every value.
//! Pure: `now` and the agent's name come in a `QueryContext`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::ops::Range;

use super::filter::{self, AssigneeMatch, Sort, TicketFilter};

mod refine;
use super::text::one_line;
use super::ticket::normalize_tags;
pub use refine::{PREFIX_FROM, Refined, as_you_type, gives, refine};

/// What a query needs from outside: the time (for `opened:>7d`) and who `me` is.
#[derive(Debug, Clone, Copy)]
pub struct QueryContext<'a> {
    pub now: DateTime<Utc>,
    pub me: &'a str,
}

/// A parsed query: the filter and, when it says `sort:...`, the order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub filter: TicketFilter,
    pub sort: Option<Sort>,
}

/// A query that does not parse: one line, and where in the input (byte offsets) the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
    pub span: Range<usize>,
}

impl From<QueryError> for super::Invalid {
    fn from(e: QueryError) -> Self {
        super::Invalid::value(e.message)
    }
}

/// The fields a query knows, with what they take, for help screens (`sort:` is added by
/// `fields`, from the one list of orders).
const FIELDS: &[(&str, &str)] = &[
    (
        "status:",
        "new, open, pending, resolved, closed, cancelled, active (= new,open,pending); commas for any of; all for every status (a list shows active ones unless told)",
    ),
    ("prio:", "1-5: 2, 1,2, 1-3, <=2, >=4"),
    (
        "kind:",
        "incident, request, problem, change; commas for any of",
    ),
    (
        "assignee:",
        "a name, me, none (unassigned) or any (assigned)",
    ),
    ("group:", "a group; commas for any of"),
    ("tag:", "one tag; repeat for several (all must be present)"),
    (
        "opened:",
        ">7d older than 7 days, <24h within 24 hours (s m h d w); >=2026-11-01 by date (UTC)",
    ),
    (
        "sla:",
        "breached, at-risk, running, paused, met; commas for any of (any of the ticket's clocks)",
    ),
    (
        "\"text\"",
        "words or a quoted phrase: full-text search (word* for a prefix)",
    ),
    (
        "-term",
        "leave out what the term matches: -status:pending -tag:vpn -printer",
    ),
];

/// The fields a query knows, with what they take, for help screens and error messages; the
/// orders `sort:` takes come from `Sort::CHOICES`, the list the parser reads.
pub fn fields() -> Vec<(&'static str, String)> {
    let sorts: Vec<String> = Sort::CHOICES
        .iter()
        .map(|(name, _, about)| format!("{name}: {about}"))
        .collect();
    let mut out: Vec<(&'static str, String)> =
        FIELDS.iter().map(|(f, a)| (*f, a.to_string())).collect();
    let at = out
        .iter()
        .position(|(f, _)| *f == "sla:")
        .map_or(0, |i| i + 1);
    out.insert(at, ("sort:", sorts.join("; ")));
    out
}

/// The field a term names, by its canonical name (aliases such as `prio`/`priority` are one).
fn canonical(field: &str) -> Option<&'static str> {
    Some(match field.to_ascii_lowercase().as_str() {
        "status" | "is" => "status",
        "prio" | "priority" | "p" => "prio",
        "kind" | "type" => "kind",
        "assignee" | "assigned" | "owner" => "assignee",
        "group" => "group",
        "tag" => "tag",
        "opened" | "created" | "age" => "opened",
        "sla" => "sla",
        "sort" | "order" => "sort",
        _ => return None,
    })
}

const FIELD_NAMES: &str = "status, prio, kind, assignee, group, tag, opened, sla, sort";

/// One whitespace-separated piece of the input, with quotes kept and its place remembered.
struct Token<'a> {
    text: &'a str,
    start: usize,
}

fn err(message: impl Into<String>, span: Range<usize>) -> QueryError {
    QueryError {
        message: message.into(),
        span,
    }
}

/// Splits on whitespace outside double quotes.
fn tokenize(input: &str) -> Result<Vec<Token<'_>>, QueryError> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote_at: Option<usize> = None;
    for (i, c) in input.char_indices() {
        if c == '"' {
            quote_at = if quote_at.is_some() { None } else { Some(i) };
            start.get_or_insert(i);
        } else if c.is_whitespace() && quote_at.is_none() {
            if let Some(s) = start.take() {
                out.push(Token {
                    text: &input[s..i],
                    start: s,
                });
            }
        } else {
            start.get_or_insert(i);
        }
    }
    if let Some(q) = quote_at {
        return Err(err("a quote is not closed", q..input.len()));
    }
    if let Some(s) = start {
        out.push(Token {
            text: &input[s..],
            start: s,
        });
    }
    Ok(out)
}

/// `"a b"` -> `a b`; anything else as it is.
fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(s)
}

/// The most terms a query takes: enough for any filter a person writes, few enough that no
/// query is slow to plan and run.
pub const MAX_TERMS: usize = 64;

/// Parses a query. Never panics; every mistake is a `QueryError` naming the bad part.
pub fn parse(input: &str, ctx: &QueryContext<'_>) -> Result<Query, QueryError> {
    let mut q = Query::default();
    let mut text: Vec<&str> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let tokens = tokenize(input)?;
    if let Some(extra) = tokens.get(MAX_TERMS) {
        return Err(err(
            format!(
                "a query takes at most {MAX_TERMS} terms; this one has {}",
                tokens.len()
            ),
            extra.start..input.len(),
        ));
    }
    for tok in tokens {
        let span = tok.start..tok.start + tok.text.len();
        let (negated, body) = match tok.text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, tok.text),
        };
        if body.is_empty() {
            return Err(err(
                "nothing after '-': write -status:pending or -word",
                span,
            ));
        }
        let field_value = if body.starts_with('"') {
            None
        } else {
            body.split_once(':')
        };
        let Some((field, raw_value)) = field_value else {
            if !unquote(body).chars().any(char::is_alphanumeric) {
                return Err(err(
                    format!("'{}' has no words to search for", one_line(tok.text)),
                    span,
                ));
            }
            if negated {
                let target = TicketFilter {
                    text: Some(body.to_string()),
                    ..TicketFilter::default()
                };
                if !q.filter.not.contains(&target) {
                    q.filter.not.push(target);
                }
            } else {
                text.push(body);
            }
            continue;
        };
        let value = unquote(raw_value).trim();
        let value_span = span.end - raw_value.len()..span.end;
        let Some(name) = canonical(field) else {
            return Err(err(
                format!(
                    "unknown field '{}': fields are {FIELD_NAMES} (quote text that has a colon)",
                    one_line(&field.to_ascii_lowercase())
                ),
                tok.start + usize::from(negated)..tok.start + usize::from(negated) + field.len(),
            ));
        };
        if value.is_empty() {
            return Err(err(format!("{name}: needs a value"), span));
        }
        let bad = |e: super::Invalid| err(e.to_string(), value_span.clone());
        let mut target = TicketFilter::default();
        match name {
            "status" => {
                target.statuses = filter::parse_status_selection(value).map_err(bad)?;
                if target.statuses.is_empty() && negated {
                    return Err(err("-status:all would leave out every ticket", span));
                }
            }
            "prio" => target.priorities = filter::parse_priorities(value).map_err(bad)?,
            "kind" => target.kinds = filter::parse_kinds(value).map_err(bad)?,
            "assignee" => match value.to_ascii_lowercase().as_str() {
                "none" | "nobody" => target.assignee = Some(AssigneeMatch::Nobody),
                "any" | "anyone" => target.not.push(TicketFilter {
                    assignee: Some(AssigneeMatch::Nobody),
                    ..TicketFilter::default()
                }),
                "me" => target.assignee = Some(AssigneeMatch::Is(ctx.me.to_string())),
                _ => target.assignee = Some(AssigneeMatch::Is(value.to_string())),
            },
            "group" => {
                target.groups = filter::parse_names(value);
                if target.groups.is_empty() {
                    return Err(err("group: needs a value", span));
                }
            }
            "tag" => {
                if value.contains(',') {
                    return Err(err(
                        "tag: takes one tag; repeat tag: for several (all must be present)",
                        value_span,
                    ));
                }
                target.tags = normalize_tags(&[value.to_string()]).map_err(bad)?;
            }
            "opened" => {
                let (after, before) =
                    parse_opened(value, ctx.now).map_err(|m| err(m, value_span))?;
                target.opened_after = after;
                target.opened_before = before;
            }
            "sla" => {
                target.sla = filter::parse_sla_states(value).map_err(bad)?;
                if target.sla.is_empty() {
                    return Err(err("sla: needs a value", span));
                }
            }
            _ => {
                // sort:
                if negated {
                    return Err(err("sort: cannot be negated", span));
                }
                if q.sort.is_some() {
                    return Err(err("sort: given twice", span));
                }
                q.sort = Some(value.parse().map_err(bad)?);
                continue;
            }
        }
        if negated {
            if !q.filter.not.contains(&target) {
                q.filter.not.push(target);
            }
            continue;
        }
        if !matches!(name, "tag" | "opened") {
            if seen.contains(&name) {
                return Err(err(
                    format!("{name}: given twice; list values with commas, e.g. {name}:a,b"),
                    span,
                ));
            }
            seen.push(name);
        }
        merge(&mut q.filter, target);
    }
    if !text.is_empty() {
        q.filter.text = Some(text.join(" "));
    }
    Ok(q)
}

/// ANDs one positive term into the filter (each field is set by at most one term, except tags
/// which add up and opened ranges which narrow).
fn merge(f: &mut TicketFilter, t: TicketFilter) {
    if !t.statuses.is_empty() {
        f.statuses = t.statuses;
    }
    if !t.priorities.is_empty() {
        f.priorities = t.priorities;
    }
    if !t.kinds.is_empty() {
        f.kinds = t.kinds;
    }
    if t.assignee.is_some() {
        f.assignee = t.assignee;
    }
    if !t.groups.is_empty() {
        f.groups = t.groups;
    }
    if !t.sla.is_empty() {
        f.sla = t.sla;
    }
    for tag in t.tags {
        if !f.tags.contains(&tag) {
            f.tags.push(tag);
        }
    }
    if let Some(a) = t.opened_after {
        f.opened_after = Some(f.opened_after.map_or(a, |b| b.max(a)));
    }
    if let Some(a) = t.opened_before {
        f.opened_before = Some(f.opened_before.map_or(a, |b| b.min(a)));
    }
    f.not.extend(t.not);
}

/// `>7d`, `<=24h`, `>=2026-11-01`, `2026-11-01` as (opened at or after, opened before).
type Range2 = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn parse_opened(value: &str, now: DateTime<Utc>) -> Result<Range2, String> {
    let (op, rest) = ["<=", ">=", "<", ">", "="]
        .iter()
        .find_map(|op| value.strip_prefix(op).map(|r| (*op, r.trim())))
        .unwrap_or(("", value));
    if let Some(age) = parse_duration(rest) {
        let at = now.checked_sub_signed(age).ok_or("that age is too large")?;
        let one = Duration::seconds(1);
        // An age: more than 7 days old means opened before now - 7d.
        return match op {
            ">" => Ok((None, Some(at))),
            ">=" => Ok((None, Some(at + one))),
            "<" => Ok((Some(at + one), None)),
            "<=" => Ok((Some(at), None)),
            _ => Err(format!(
                "opened:{rest} is ambiguous: opened:<{rest} is within {rest}, opened:>{rest} older than {rest}"
            )),
        };
    }
    let day = NaiveDate::parse_from_str(rest, "%Y-%m-%d").map_err(|_| {
        format!(
            "bad opened: value '{}': use >7d, <24h (s m h d w) or a date such as >=2026-11-01",
            one_line(value)
        )
    })?;
    let start = day
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .ok_or("bad date")?;
    crate::domain::time::check_sane(start).map_err(|e| e.to_string())?;
    let end = start + Duration::days(1);
    Ok(match op {
        ">" => (Some(end), None),
        ">=" => (Some(start), None),
        "<" => (None, Some(start)),
        "<=" => (None, Some(end)),
        _ => (Some(start), Some(end)),
    })
}

/// `90s`, `15m`, `24h`, `7d`, `2w`.
fn parse_duration(s: &str) -> Option<Duration> {
    let unit = s.chars().last()?;
    let n: i64 = s.get(..s.len() - unit.len_utf8())?.parse().ok()?;
    if !(0..=100_000).contains(&n) {
        return None;
    }
    Some(match unit.to_ascii_lowercase() {
        's' => Duration::seconds(n),
        'm' => Duration::minutes(n),
        'h' => Duration::hours(n),
        'd' => Duration::days(n),
        'w' => Duration::weeks(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::{Kind, Status};
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
    }

    fn q(s: &str) -> Result<Query, QueryError> {
        parse(
            s,
            &QueryContext {
                now: now(),
                me: "alice",
            },
        )
    }

    #[test]
    fn the_example_from_the_issue() {
        let got = q(r#"status:open,pending prio:<=2 kind:incident assignee:me group:network tag:vpn opened:>7d "free text""#)
            .unwrap();
        let f = got.filter;
        assert_eq!(f.statuses, vec![Status::Open, Status::Pending]);
        assert_eq!(f.priorities, vec![1, 2]);
        assert_eq!(f.kinds, vec![Kind::Incident]);
        assert_eq!(f.assignee, Some(AssigneeMatch::Is("alice".into())));
        assert_eq!(f.groups, vec!["network".to_string()]);
        assert_eq!(f.tags, vec!["vpn".to_string()]);
        assert_eq!(f.opened_before, Some(now() - Duration::days(7)));
        assert_eq!(f.text.as_deref(), Some("\"free text\""));
        assert!(f.not.is_empty());
        assert_eq!(got.sort, None);
    }

    #[test]
    fn negation_and_free_text() {
        let f = q("vpn -status:pending -tag:wifi -printer assignee:none")
            .unwrap()
            .filter;
        assert_eq!(f.text.as_deref(), Some("vpn"));
        assert_eq!(f.assignee, Some(AssigneeMatch::Nobody));
        assert_eq!(f.not.len(), 3);
        assert_eq!(f.not[0].statuses, vec![Status::Pending]);
        assert_eq!(f.not[1].tags, vec!["wifi".to_string()]);
        assert_eq!(f.not[2].text.as_deref(), Some("printer"));
        let any = q("assignee:any").unwrap().filter;
        assert_eq!(any.not[0].assignee, Some(AssigneeMatch::Nobody));
    }

    #[test]
    fn opened_ranges() {
        let f = q("opened:<24h").unwrap().filter;
        assert_eq!(
            f.opened_after,
            Some(now() - Duration::hours(24) + Duration::seconds(1))
        );
        let f = q("opened:>=2026-11-01 opened:<2026-11-10").unwrap().filter;
        assert_eq!(
            f.opened_after,
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single()
        );
        assert_eq!(
            f.opened_before,
            Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).single()
        );
        let f = q("opened:2026-11-01").unwrap().filter;
        assert_eq!(
            f.opened_before,
            Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).single()
        );
        assert!(q("opened:7d").unwrap_err().message.contains("ambiguous"));
    }

    #[test]
    fn sla_terms() {
        use crate::domain::sla::SlaState;
        let got = q("sla:breached,at-risk sort:due").unwrap();
        assert_eq!(got.filter.sla, vec![SlaState::Breached, SlaState::AtRisk]);
        assert_eq!(got.sort, Some(Sort::Due));
        let got = q("-sla:paused").unwrap();
        assert_eq!(got.filter.not[0].sla, vec![SlaState::Paused]);
    }

    #[test]
    fn mistakes_are_one_line_with_a_place() {
        let cases = [
            ("sla:late", "unknown SLA state 'late'", 4..8),
            ("vpn colour:red", "unknown field 'colour'", 4..10),
            ("status:opn", "unknown status 'opn'", 7..10),
            ("prio:9", "bad priority", 5..6),
            ("status:", "status: needs a value", 0..7),
            ("\"unclosed", "a quote is not closed", 0..9),
            ("status:open status:new", "given twice", 12..22),
            ("-", "nothing after '-'", 0..1),
            ("tag:a,b", "one tag", 4..7),
            ("opened:>soon", "bad opened: value", 7..12),
            ("sort:random", "unknown sort", 5..11),
            ("--", "no words", 0..2),
        ];
        for (input, msg, span) in cases {
            let e = q(input).unwrap_err();
            assert!(e.message.contains(msg), "{input}: {}", e.message);
            assert_eq!(e.span, span, "{input}: {}", e.message);
            assert!(!e.message.contains('\n'));
        }
    }

    #[test]
    fn quoting_fields_and_sort() {
        let got = q(r#"group:"service desk" sort:priority Status:Active"#).unwrap();
        assert_eq!(got.filter.groups, vec!["service desk".to_string()]);
        assert_eq!(got.sort, Some(Sort::Priority));
        assert_eq!(got.filter.statuses.len(), 3);
        assert_eq!(q("").unwrap(), Query::default());
        assert_eq!(q("   ").unwrap(), Query::default());
    }

    #[test]
    fn status_all_is_every_status_and_cannot_be_negated() {
        let got = q("status:all vpn").unwrap();
        assert!(got.filter.statuses.is_empty());
        assert!(q("status:all status:open").is_err(), "still given once");
        assert!(
            q("-status:all")
                .unwrap_err()
                .message
                .contains("every ticket")
        );
        assert!(gives("vpn Status:all", "status"));
        assert!(!gives("vpn -status:open", "status"));
    }

    #[test]
    fn help_lists_every_sort_the_parser_takes() {
        let all = fields();
        let sorts = &all.iter().find(|(f, _)| *f == "sort:").unwrap().1;
        for (name, sort, _) in Sort::CHOICES {
            assert!(sorts.contains(name), "{sorts}");
            assert_eq!(q(&format!("sort:{name}")).unwrap().sort, Some(*sort));
        }
        assert!(sorts.contains("relevance"));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_input(s in "\\PC{0,60}") {
            let _ = q(&s);
        }

        #[test]
        fn never_panics_on_query_like_input(
            parts in proptest::collection::vec(
                "(-)?(status|prio|kind|assignee|group|tag|opened|sort|sla|x)?:?[<>=]{0,2}[a-z0-9,\"\\-]{0,8}",
                0..6,
            )
        ) {
            let s = parts.join(" ");
            if let Err(e) = q(&s) {
                prop_assert!(e.span.start <= e.span.end && e.span.end <= s.len());
                prop_assert!(s.is_char_boundary(e.span.start) && s.is_char_boundary(e.span.end));
            }
        }
    }
}
