//! `tend demo generate`: a large, realistic, deterministic desk for measurements. Tickets are
//! built in memory one at a time (kinds, priorities, statuses and ages in plausible
//! proportions; text from the demo scenarios plus rare host names and error codes, so search
//! has common and rare words) and streamed into the store's bulk loader.

use crate::domain::actor::ActorKind;
use chrono::{DateTime, Duration, Utc};

use super::content::{People, Scenario};
use super::rng::Rng;
use crate::domain::conversation::{Entry, EntryKind};
use crate::domain::history::Change;
use crate::domain::ticket::{Kind, Level, Status, Ticket};
use crate::store::ExportTicket;

const SITES: &[&str] = &[
    "ber", "bos", "ham", "muc", "nyc", "chi", "lon", "par", "ams", "war", "mad", "vie",
];
const ROLES: &[&str] = &[
    "fs", "db", "app", "web", "mx", "dc", "prt", "vpn", "sw", "ap", "fw", "bkp", "erp", "crm",
    "ci", "log", "mon", "k8s", "nas", "rdp",
];
const ACK: &str = "Thanks, please bear with us: I'm looking into it and will update you shortly.";

pub struct Generator<'a> {
    rng: Rng,
    people: &'a People,
    by_kind: [Vec<&'a Scenario>; 4],
    total: u64,
    next: u64,
    start: DateTime<Utc>,
    span_secs: i64,
    now: DateTime<Utc>,
    entry_id: i64,
    history_id: i64,
}

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Incident => 0,
        Kind::Request => 1,
        Kind::Problem => 2,
        Kind::Change => 3,
    }
}

impl<'a> Generator<'a> {
    /// `total` tickets opened over the past months or years up to `now`, from `seed`.
    pub fn new(
        people: &'a People,
        scenarios: &'a [Scenario],
        total: u64,
        seed: u64,
        now: DateTime<Utc>,
    ) -> Self {
        let mut by_kind: [Vec<&Scenario>; 4] = Default::default();
        for s in scenarios {
            if let Ok(k) = s.kind.parse::<Kind>() {
                by_kind[kind_index(k)].push(s);
            }
        }
        // About 300 tickets a day, between 30 days and four years of history.
        let days = (total / 300).clamp(30, 1460) as i64;
        Generator {
            rng: Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15),
            people,
            by_kind,
            total,
            next: 0,
            start: now - Duration::days(days),
            span_secs: days * 86_400,
            now,
            entry_id: 0,
            history_id: 0,
        }
    }

    fn host(&mut self) -> String {
        let site = SITES[self.rng.below(SITES.len() as u64) as usize];
        let role = ROLES[self.rng.below(ROLES.len() as u64) as usize];
        format!("{site}-{role}{:03}", self.rng.below(1000))
    }

    fn change(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Change {
        self.history_id += 1;
        Change {
            id: self.history_id,
            at,
            actor: actor.into(),
            actor_kind: ActorKind::Agent,
            os_user: "tend-generator".into(),
            field: field.into(),
            old: old.map(str::to_string),
            new: new.map(str::to_string),
        }
    }

    fn entry(&mut self, kind: EntryKind, author: &str, body: String, at: DateTime<Utc>) -> Entry {
        self.entry_id += 1;
        Entry {
            id: self.entry_id,
            kind,
            author: author.into(),
            actor_kind: ActorKind::Agent,
            os_user: Some("tend-generator".into()),
            body,
            created_at: at,
        }
    }

    fn ticket(&mut self) -> Option<ExportTicket> {
        if self.next >= self.total {
            return None;
        }
        self.next += 1;
        let id = self.next as i64;
        let r = &mut self.rng;
        let slot = self.span_secs as f64 * (id as f64 - 1.0) / self.total.max(1) as f64;
        let jitter = r.below((self.span_secs as u64 / self.total.max(1)).max(1)) as i64;
        let opened = self.start + Duration::seconds(slot as i64 + jitter);
        let kind = match r.below(100) {
            0..=54 => Kind::Incident,
            55..=84 => Kind::Request,
            85..=92 => Kind::Change,
            _ => Kind::Problem,
        };
        let pool = &self.by_kind[kind_index(kind)];
        let s = pool[r.below(pool.len().max(1) as u64) as usize % pool.len().max(1)];
        let level = |t: &str, r: &mut Rng| -> Level {
            if r.chance(0.2) {
                [Level::High, Level::Medium, Level::Low][r.below(3) as usize]
            } else {
                t.parse().unwrap_or(Level::Medium)
            }
        };
        let (impact, urgency) = (level(&s.impact, r), level(&s.urgency, r));
        let priority = crate::domain::priority::PriorityMatrix::default().priority(impact, urgency);
        let requester =
            self.people.requesters[r.below(self.people.requesters.len() as u64) as usize].clone();
        let agents: Vec<&str> = self
            .people
            .agents
            .iter()
            .filter(|a| a.group == s.group)
            .map(|a| a.name.as_str())
            .collect();
        let agent = agents
            .get(r.below(agents.len().max(1) as u64) as usize)
            .copied()
            .unwrap_or("alice")
            .to_string();
        let host = self.host();
        let code = format!("E{:05}", self.rng.below(100_000));
        let title = format!("{} ({host})", s.title);
        let description = format!(
            "{}\n\nAffected host: {host}. Error code {code}. Please advise.",
            s.description
        );

        // Where it ended up depends on its age.
        let age_days = (self.now - opened).num_days();
        let r = &mut self.rng;
        let roll = r.below(100);
        let status = match age_days {
            15.. => match roll {
                0..=84 => Status::Closed,
                85..=89 => Status::Cancelled,
                90..=94 => Status::Resolved,
                95..=97 => Status::Pending,
                _ => Status::Open,
            },
            3..=14 => match roll {
                0..=39 => Status::Closed,
                40..=59 => Status::Resolved,
                60..=74 => Status::Pending,
                75..=94 => Status::Open,
                _ => Status::New,
            },
            _ => match roll {
                0..=19 => Status::Resolved,
                20..=34 => Status::Pending,
                35..=74 => Status::Open,
                _ => Status::New,
            },
        };

        let mut history = vec![self.change(opened, "alice", "status", None, Some("new"))];
        let mut conversation = Vec::new();
        let mut version = 1;
        let mut t = opened;
        let mut step = |g: &mut Generator<'_>, lo: i64, hi: i64| {
            t = (t + Duration::minutes(g.rng.range(lo, hi))).min(g.now);
            t
        };
        let mut assignee = None;
        let mut pending_reason = None;
        let (mut resolved_at, mut closed_at) = (None, None);
        if status != Status::New {
            let at = step(self, 2, 90);
            history.push(self.change(at, &agent, "status", Some("new"), Some("open")));
            history.push(self.change(at, &agent, "assignee", None, Some(&agent)));
            version += 1;
            assignee = Some(agent.clone());
            if self.rng.chance(0.85) {
                let at = step(self, 1, 60);
                conversation.push(self.entry(EntryKind::Reply, &agent, ACK.into(), at));
            }
            let lines = self.rng.below(s.conversation.len() as u64 + 1) as usize;
            for line in s.conversation.iter().take(lines) {
                let at = step(self, 10, 600);
                let (kind, who) = match (line.kind.as_str(), line.by.as_str()) {
                    ("note", _) => (EntryKind::Note, agent.clone()),
                    (_, "requester") => (EntryKind::Reply, requester.clone()),
                    _ => (EntryKind::Reply, agent.clone()),
                };
                conversation.push(self.entry(kind, &who, line.body.clone(), at));
            }
        }
        let mut current = if status == Status::New { "new" } else { "open" };
        if status == Status::Pending {
            let at = step(self, 10, 240);
            let reason = if self.rng.chance(0.6) {
                "waiting for the requester"
            } else {
                "waiting for the vendor"
            };
            history.push(self.change(at, &agent, "status", Some(current), Some("pending")));
            history.push(self.change(at, &agent, "pending_reason", None, Some(reason)));
            version += 1;
            pending_reason = Some(reason.to_string());
        }
        if matches!(status, Status::Resolved | Status::Closed) {
            let at = step(self, 30, 3 * 24 * 60);
            if let Some(text) = &s.resolution {
                conversation.push(self.entry(EntryKind::Reply, &agent, text.clone(), at));
            }
            history.push(self.change(at, &agent, "status", Some(current), Some("resolved")));
            version += 1;
            resolved_at = Some(at);
            current = "resolved";
        }
        if status == Status::Closed {
            let at = step(self, 3 * 24 * 60, 5 * 24 * 60);
            history.push(self.change(at, &agent, "status", Some(current), Some("closed")));
            version += 1;
            closed_at = Some(at);
        }
        if status == Status::Cancelled {
            let at = step(self, 60, 24 * 60);
            history.push(self.change(at, &agent, "status", Some(current), Some("cancelled")));
            version += 1;
            closed_at = Some(at);
        }
        let updated_at = t;
        // The rest (optional fields added later) stays empty.
        #[allow(clippy::needless_update)]
        let ticket = Ticket {
            id,
            kind,
            status,
            pending_reason,
            title,
            description,
            impact,
            urgency,
            priority,
            priority_override: false,
            requester: Some(requester),
            assignee,
            group: Some(s.group.clone()),
            service: Some(s.service.clone()),
            category: Some(s.category.clone()),
            tags: s.tags.clone(),
            opened_at: opened,
            updated_at,
            resolved_at,
            closed_at,
            version,
            ..Ticket::default()
        };
        Some(ExportTicket {
            ticket,
            conversation,
            history,
        })
    }
}

impl Iterator for Generator<'_> {
    type Item = ExportTicket;
    fn next(&mut self) -> Option<ExportTicket> {
        self.ticket()
    }
}
