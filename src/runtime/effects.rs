//! Carrying out `update`'s effects: one interpreter for the app and for the test harness. What
//! touches the world (the store's threads, the terminal, `$EDITOR`, the clipboard, job control)
//! is behind `Outside`; the app's terminal implements it for real, the harness with a store it
//! runs in place, an editor command and a recorded clipboard.

use anyhow::Result;

use crate::app::msg::{AgentJob, Job};
use crate::app::{self, Effect, Model, Msg};

/// The world the effects act on.
pub trait Outside {
    /// Hands a job to the store. Its answers when they are ready at once (the harness runs jobs
    /// in place); the app's store threads answer later, through the main loop.
    fn job(&mut self, job: Job) -> Result<Vec<Msg>>;
    /// Gives the screen to the editor on `text` and takes it back: the text, or why the editor
    /// could not run.
    fn edit(&mut self, text: &str) -> Result<Result<String, String>>;
    /// Puts `text` on the clipboard (through tmux too when `tmux`); `Err` says why it did not
    /// get everywhere.
    fn copy(&mut self, text: &str, tmux: bool) -> Result<Result<(), String>>;
    /// Stops as Ctrl-z would in a cooked terminal; returns after `fg`.
    fn suspend(&mut self) -> Result<()>;
    /// The screen's size now (it may have changed while the screen was away).
    fn size(&mut self) -> Option<(u16, u16)>;
}

/// Whether to carry on after the effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Quit,
}

/// Carries out `fx` and everything that follows from it (answers that come at once go back
/// through `update`), until nothing is left to do or an effect quits.
pub fn carry_out(out: &mut impl Outside, model: &mut Model, fx: &mut Vec<Effect>) -> Result<Flow> {
    while !fx.is_empty() {
        let mut answers = Vec::new();
        for effect in std::mem::take(fx) {
            match effect {
                Effect::Job(job) => answers.extend(out.job(job)?),
                Effect::Edit { purpose, text } => {
                    let presence = purpose.ticket_activity();
                    if let Some((id, what)) = presence {
                        present(out, Some((id, what.to_string())), &mut answers);
                    }
                    let result = out.edit(&text)?;
                    if presence.is_some() {
                        present(out, None, &mut answers);
                    }
                    answers.push(Msg::Edited { purpose, result });
                    answers.extend(resized(out));
                }
                Effect::Copy(text) => {
                    if let Err(why) = out.copy(&text, model.tmux)? {
                        answers.push(Msg::CopyFailed(why));
                    }
                }
                Effect::Suspend => {
                    out.suspend()?;
                    answers.extend(resized(out));
                }
                Effect::Quit => return Ok(Flow::Quit),
            }
        }
        for msg in answers {
            fx.extend(app::update(model, msg));
        }
    }
    Ok(Flow::Go)
}

/// Tells other agents this session edits a ticket, or stopped. Presence only warns: a store
/// that cannot take it is no reason to stop.
fn present(out: &mut impl Outside, what: Option<(i64, String)>, answers: &mut Vec<Msg>) {
    if let Ok(msgs) = out.job(Job::Agents(AgentJob::Presence(what))) {
        answers.extend(msgs);
    }
}

/// The window may have changed size while the screen was away.
fn resized(out: &mut impl Outside) -> Option<Msg> {
    out.size().map(|(w, h)| Msg::Resize(w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::EditFor;

    /// Records what the interpreter asked of the world.
    #[derive(Default)]
    struct Recorder {
        jobs: Vec<Job>,
        edits: usize,
        suspends: usize,
    }

    impl Outside for Recorder {
        fn job(&mut self, job: Job) -> Result<Vec<Msg>> {
            self.jobs.push(job);
            Ok(Vec::new())
        }
        fn edit(&mut self, _text: &str) -> Result<std::result::Result<String, String>> {
            self.edits += 1;
            Err(anyhow::anyhow!("stop here"))
        }
        fn copy(&mut self, _text: &str, _tmux: bool) -> Result<std::result::Result<(), String>> {
            Ok(Err("tmux refused".into()))
        }
        fn suspend(&mut self) -> Result<()> {
            self.suspends += 1;
            Ok(())
        }
        fn size(&mut self) -> Option<(u16, u16)> {
            Some((100, 30))
        }
    }

    fn model() -> Model {
        Model::new("alice", "test.db", chrono::Utc::now(), (80, 24))
    }

    #[test]
    fn editing_a_ticket_announces_presence_first() {
        let (mut out, mut m) = (Recorder::default(), model());
        let mut fx = vec![Effect::Edit {
            purpose: EditFor::Entry {
                id: 7,
                kind: crate::domain::conversation::EntryKind::Reply,
            },
            text: String::new(),
        }];
        assert!(carry_out(&mut out, &mut m, &mut fx).is_err());
        assert_eq!(out.edits, 1);
        assert!(matches!(
            out.jobs.as_slice(),
            [Job::Agents(AgentJob::Presence(Some((7, what))))] if what == "reply"
        ));
    }

    #[test]
    fn after_a_suspend_the_new_size_reaches_the_model_and_a_failed_copy_is_said() {
        let (mut out, mut m) = (Recorder::default(), model());
        let mut fx = vec![Effect::Suspend, Effect::Copy("#1".into())];
        assert_eq!(carry_out(&mut out, &mut m, &mut fx).ok(), Some(Flow::Go));
        assert_eq!(out.suspends, 1);
        assert_eq!(m.size, (100, 30));
        let status = m.status.take().map(|s| s.text).unwrap_or_default();
        assert_eq!(status, "not copied: tmux refused");
        let mut fx = vec![Effect::Quit, Effect::Suspend];
        assert_eq!(carry_out(&mut out, &mut m, &mut fx).ok(), Some(Flow::Quit));
        assert_eq!(out.suspends, 1, "nothing after a quit");
    }
}
