use super::*;
use Status::*;

/// The whole service-desk table, legal and illegal, spelled out so a change to the rules is a
/// visible diff. Incidents and requests keep exactly this lifecycle.
#[test]
fn every_transition() {
    let legal: &[(Status, &[Status])] = &[
        (New, &[Open, Pending, Resolved, Cancelled]),
        (Open, &[Pending, Resolved, Cancelled]),
        (Pending, &[Open, Resolved, Cancelled]),
        (Resolved, &[Open, Closed]),
        (Closed, &[]),
        (Cancelled, &[]),
    ];
    for kind in [Kind::Incident, Kind::Request] {
        for (from, tos) in legal {
            for to in Status::ALL {
                let result = check_transition(kind, 7, *from, *to);
                if to == from || tos.contains(to) {
                    assert!(result.is_ok(), "{kind}: {from} -> {to} should be legal");
                } else {
                    let msg = result.expect_err("should be illegal").to_string();
                    assert!(
                        msg.starts_with(&format!("ticket #7 cannot go from {from} to {to}: ")),
                        "{msg}"
                    );
                    assert!(!msg.contains('\n'));
                }
            }
            assert_eq!(next_statuses(kind, *from), tos.to_vec());
        }
    }
}

#[test]
fn refusals_explain_themselves() {
    let msg = check_transition(Kind::Incident, 3, Closed, Open)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("closed ticket is final"), "{msg}");
    let msg = check_transition(Kind::Request, 3, Open, Closed)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("resolve it first"), "{msg}");
    let msg = check_transition(Kind::Incident, 3, Resolved, Pending)
        .unwrap_err()
        .to_string();
    assert!(msg.ends_with("reopen it (status open) first"), "{msg}");
}

/// Each table is sound: its initial status is one of its own and open, every move starts and
/// ends at its own statuses, nothing leaves a final status, and every status that is not final
/// has a way out.
#[test]
fn tables_are_sound() {
    for (kind, l) in all() {
        assert!(l.is_open(l.initial), "{kind}: initial status must be open");
        for (from, tos) in l.moves {
            assert!(l.class(*from).is_some(), "{kind}: move from unknown {from}");
            assert_ne!(l.class(*from), Some(StatusClass::Final), "{kind}: {from}");
            for to in *tos {
                assert!(l.class(*to).is_some(), "{kind}: move to unknown {to}");
            }
        }
        for (s, class) in l.statuses {
            let ways_out = l.next(*s);
            assert_eq!(
                ways_out.is_empty(),
                *class == StatusClass::Final,
                "{kind}: {s} is {class:?} with moves {ways_out:?}"
            );
            assert_eq!(l.takes_replies(*s), *class != StatusClass::Final);
        }
    }
}

/// A status means the same in every kind that uses it, so `is_open` (and SQL's `is_open`
/// column, written from it) can go by the status alone.
#[test]
fn a_status_means_the_same_in_every_kind() {
    for s in Status::ALL {
        let classes: Vec<StatusClass> = all().filter_map(|(_, l)| l.class(*s)).collect();
        assert!(
            classes.windows(2).all(|w| w[0] == w[1]),
            "{s} is {classes:?} across kinds"
        );
    }
    assert_eq!(open_statuses(), vec![New, Open, Pending]);
    assert!(!is_open(Resolved) && !is_open(Closed) && !is_open(Cancelled));
}
