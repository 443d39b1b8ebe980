//! Runs every shared SLA test vector (`tests/data/sla-vectors.json`, an unchanged copy of
//! `../shared/sla-vectors.json`) against the calendar arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use serde_json::Value;
use tend::domain::calendar::{BusinessDuration, Calendar};

/// Vectors that genuinely disagree with tend's conventions, with the reason. Each listed
/// vector is asserted to fail, so the list cannot go stale.
const KNOWN_DISAGREEMENTS: &[(u32, &str)] = &[];

fn load() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sla-vectors.json");
    let text = std::fs::read_to_string(path).expect("read vectors");
    let json: Value = serde_json::from_str(&text).expect("parse vectors");
    json["vectors"].as_array().expect("vectors array").clone()
}

fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().expect("timestamp string"))
        .expect("rfc3339")
        .with_timezone(&Utc)
}

/// The vector's calendar object is close to tend's stored form: add a name and call its
/// `date_overrides` what tend calls them, `specials`.
fn calendar(v: &Value) -> Calendar {
    let mut cal = v["calendar"].clone();
    let obj = cal.as_object_mut().expect("calendar object");
    obj.insert("name".into(), Value::from(format!("vector-{}", v["id"])));
    if let Some(overrides) = obj.remove("date_overrides") {
        obj.insert("specials".into(), overrides);
    }
    serde_json::from_value(cal).expect("vector calendar is valid")
}

fn pauses(v: &Value) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    v["pauses"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| (instant(&p[0]), instant(&p[1])))
                .collect()
        })
        .unwrap_or_default()
}

/// `Ok` when the vector passes, else a description of the mismatch.
fn run(v: &Value) -> Result<(), String> {
    let cal = calendar(v);
    let pauses = pauses(v);
    match v["op"].as_str() {
        Some("add") => {
            let start = instant(&v["start"]);
            let secs = v["add_business_seconds"].as_i64().expect("seconds");
            let expected = instant(&v["expected"]);
            let got = cal.add(start, BusinessDuration::Seconds(secs), &pauses);
            match got {
                Ok(got) if got == expected => Ok(()),
                other => Err(format!("add: expected {expected}, got {other:?}")),
            }
        }
        Some("between") => {
            let from = instant(&v["between"]["start"]);
            let to = instant(&v["between"]["end"]);
            let expected = v["expected_seconds"].as_i64().expect("seconds");
            let got = cal.between(from, to, &pauses);
            // The timeline must account for the same seconds.
            let working: i64 = cal
                .timeline(from, to, &pauses)
                .iter()
                .filter(|s| s.kind == tend::domain::calendar::SegmentKind::Working)
                .map(|s| s.seconds())
                .sum();
            match got {
                Ok(got) if got == expected && working == expected => Ok(()),
                other => Err(format!(
                    "between: expected {expected}, got {other:?}, timeline working {working}"
                )),
            }
        }
        other => Err(format!("unknown op {other:?}")),
    }
}

#[test]
fn every_vector_passes_or_is_a_known_disagreement() {
    let vectors = load();
    assert_eq!(vectors.len(), 53, "the vector file changed");
    let mut failures = Vec::new();
    for v in &vectors {
        let id = v["id"].as_u64().expect("id");
        let known = KNOWN_DISAGREEMENTS
            .iter()
            .find(|(k, _)| u64::from(*k) == id);
        match (run(v), known) {
            (Ok(()), None) => {}
            (Err(_), Some(_)) => {}
            (Ok(()), Some((_, why))) => failures.push(format!(
                "vector {id} is listed as a known disagreement ({why}) but passes"
            )),
            (Err(msg), None) => {
                failures.push(format!("vector {id} ({}): {msg}", v["note"]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn known_disagreements_name_real_vectors() {
    let vectors = load();
    for (id, _) in KNOWN_DISAGREEMENTS {
        assert!(
            vectors
                .iter()
                .any(|v| v["id"].as_u64() == Some(u64::from(*id))),
            "no vector {id}"
        );
    }
}
