//! The slow lane: a second store thread, on a read-only connection of its own, for jobs that
//! may read most of the desk (counts, ranked searches). Pages, tickets and saves go on the main
//! store thread and never wait behind them; a newer job that makes the running one pointless
//! (the next key typed in a search) interrupts it instead of queueing after it.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use super::Incoming;
use super::worker::Worker;
use crate::app::Job;
use crate::store::{Cancel, Store};

pub struct SlowLane {
    jobs: Sender<Job>,
    /// The job the lane is running now. Held while interrupting, so the lane cannot move on to
    /// another job in between.
    running: Arc<Mutex<Option<Job>>>,
    interrupt: Cancel,
}

impl SlowLane {
    /// Opens the lane's connection (from `store`'s path) and starts its thread.
    pub fn start(store: &Store, out: Sender<Incoming>) -> anyhow::Result<SlowLane> {
        let reader = store.reader()?;
        let interrupt = reader.cancel_token();
        let worker = Worker::new(reader)?;
        let (tx, rx) = mpsc::channel();
        let running = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&running);
        std::thread::Builder::new()
            .name("tend-slow".into())
            .spawn(move || run(worker, rx, shared, out))?;
        Ok(SlowLane {
            jobs: tx,
            running,
            interrupt,
        })
    }

    /// Queues a slow job, interrupting the running one if this one supersedes it.
    pub fn send(&self, job: Job) -> bool {
        let guard = self.running.lock();
        let stop = matches!(&guard, Ok(g) if g.as_ref().is_some_and(|r| job.supersedes(r)));
        let sent = self.jobs.send(job).is_ok();
        if stop {
            self.interrupt.cancel();
        }
        drop(guard);
        sent
    }

    /// A job on the main lane that makes the running slow one pointless (a new list while a
    /// ranked search is still scoring) stops it.
    pub fn cancel_superseded(&self, job: &Job) {
        if let Ok(g) = self.running.lock()
            && g.as_ref().is_some_and(|r| job.supersedes(r))
        {
            self.interrupt.cancel();
        }
    }

    /// Stops the running job (quitting: a read is abandoned, never a write).
    pub fn stop(self) {
        drop(self.jobs);
        if let Ok(_g) = self.running.lock() {
            self.interrupt.cancel();
        }
    }
}

fn run(
    mut worker: Worker,
    jobs: Receiver<Job>,
    running: Arc<Mutex<Option<Job>>>,
    out: Sender<Incoming>,
) {
    let mut queue: VecDeque<Job> = VecDeque::new();
    loop {
        if queue.is_empty() {
            match jobs.recv() {
                Ok(j) => queue.push_back(j),
                Err(_) => return,
            }
        }
        queue.extend(jobs.try_iter());
        queue = super::coalesce(queue.into_iter().collect()).into();
        let Some(job) = queue.pop_front() else {
            continue;
        };
        set(&running, Some(job.clone()));
        let msgs = worker.run(job.clone());
        set(&running, None);
        if worker.take_interrupted() {
            queue.extend(jobs.try_iter());
            after_interrupt(&mut queue, job);
            continue;
        }
        for msg in msgs {
            if out.send(Incoming::Msg(msg)).is_err() {
                return;
            }
        }
    }
}

/// After `job` was interrupted: a newer queued job that supersedes it is what the interrupt
/// was for. With none, the interrupt was meant for another job (one that was just ending as
/// it arrived): run this one again, first.
fn after_interrupt(queue: &mut VecDeque<Job>, job: Job) {
    if !queue.iter().any(|later| later.supersedes(&job)) {
        queue.push_front(job);
    }
}

fn set(running: &Mutex<Option<Job>>, job: Option<Job>) {
    if let Ok(mut g) = running.lock() {
        *g = job;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Msg;
    use crate::app::msg::{Loaded, QueueJob, QueueLoaded, SlaJob};
    use crate::domain::filter::{Sort, TicketFilter};
    use crate::store::{Actor, OpenOptions};
    use std::time::Duration;

    fn desk(dir: &std::path::Path) -> Store {
        let (mut s, _) = Store::open(OpenOptions {
            path: dir.join("lane.db"),
            create: true,
            actor: Actor::current(Some("alice")),
        })
        .unwrap();
        crate::demo::generate(&mut s, 3000, 0, 7, chrono::Utc::now(), &mut |_| {}).unwrap();
        s
    }

    fn counts(rx: &Receiver<Incoming>) -> Vec<u64> {
        let mut seen = Vec::new();
        while let Ok(Incoming::Msg(Msg::Loaded(Loaded::Queue(QueueLoaded::Count {
            generation,
            ..
        })))) = rx.recv_timeout(Duration::from_secs(2))
        {
            seen.push(generation);
        }
        seen
    }

    #[test]
    fn a_burst_of_searches_answers_the_last_one_and_nothing_stale_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = desk(dir.path());
        let (tx, rx) = mpsc::channel();
        let lane = SlowLane::start(&store, tx).unwrap();
        // Typing: each key a new count and a new ranked page, the older ones interrupted.
        for generation in 1..=40u64 {
            let filter = TicketFilter {
                text: Some(["printer", "please", "vpn", "mailbox"][generation as usize % 4].into()),
                ..TicketFilter::default()
            };
            assert!(lane.send(Job::Queue(QueueJob::Count {
                generation,
                filter: filter.clone()
            })));
            assert!(lane.send(Job::Queue(QueueJob::Page {
                window: generation,
                at: crate::app::msg::PageAt::Start,
                filter,
                sort: Sort::Relevance,
                limit: 200,
            })));
        }
        let seen = counts(&rx);
        assert_eq!(seen.last(), Some(&40), "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        lane.stop();
    }

    #[test]
    fn an_interrupted_job_runs_again_unless_a_newer_one_replaces_it() {
        let count = |generation| {
            Job::Queue(QueueJob::Count {
                generation,
                filter: TicketFilter::default(),
            })
        };
        // Nothing newer: run again, before what is queued.
        let mut q = VecDeque::from([Job::Sla(SlaJob::Timers)]);
        after_interrupt(&mut q, count(1));
        assert!(matches!(
            q.front(),
            Some(Job::Queue(QueueJob::Count { generation: 1, .. }))
        ));
        // A newer count: that one is the answer.
        let mut q = VecDeque::from([count(2)]);
        after_interrupt(&mut q, count(1));
        assert_eq!(q.len(), 1);
        assert!(matches!(
            q.front(),
            Some(Job::Queue(QueueJob::Count { generation: 2, .. }))
        ));
    }
}
