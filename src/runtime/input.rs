//! The input thread: reads terminal events and sends them to the main loop, so the main loop
//! sleeps until something happens. It can be paused while an editor owns the terminal (it must
//! not read the editor's keys).

use crossterm::event::{self, Event, KeyCode as C, KeyEvent, KeyEventKind, KeyModifiers};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::Incoming;
use crate::app::Msg;
use crate::app::keys::{Key, KeyCode};

pub struct Gate {
    paused: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    /// Held by the input thread while it polls: `pause` waits for it.
    reading: Arc<Mutex<()>>,
}

impl Gate {
    pub fn start(tx: Sender<Incoming>) -> std::io::Result<Gate> {
        let gate = Gate {
            paused: Arc::new(AtomicBool::new(false)),
            stop: Arc::new(AtomicBool::new(false)),
            reading: Arc::new(Mutex::new(())),
        };
        let (paused, stop, reading) = (
            Arc::clone(&gate.paused),
            Arc::clone(&gate.stop),
            Arc::clone(&gate.reading),
        );
        std::thread::Builder::new()
            .name("tend-input".into())
            .spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let guard = reading.lock().unwrap_or_else(|e| e.into_inner());
                    if paused.load(Ordering::SeqCst) {
                        drop(guard);
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    }
                    let next = match event::poll(Duration::from_millis(100)) {
                        Ok(true) => event::read().map(Some),
                        Ok(false) => Ok(None),
                        Err(e) => Err(e),
                    };
                    drop(guard);
                    let sent = match next {
                        Ok(Some(ev)) => match convert(ev) {
                            Some(msg) => tx.send(Incoming::Msg(msg)),
                            None => Ok(()),
                        },
                        Ok(None) => Ok(()),
                        Err(e) => {
                            let _ = tx.send(Incoming::InputGone(e.to_string()));
                            return;
                        }
                    };
                    if sent.is_err() {
                        return;
                    }
                }
            })?;
        Ok(gate)
    }

    /// Stops reading; returns once the thread is not inside a read.
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        drop(self.reading.lock().unwrap_or_else(|e| e.into_inner()));
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn convert(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => key(k).map(Msg::Key),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) => {
            use crate::app::msg::{Mouse, MouseKind};
            use crossterm::event::{MouseButton, MouseEventKind as K};
            let kind = match m.kind {
                K::Down(MouseButton::Left) => MouseKind::Click,
                K::ScrollUp => MouseKind::WheelUp,
                K::ScrollDown => MouseKind::WheelDown,
                _ => return None,
            };
            Some(Msg::Mouse(Mouse {
                kind,
                x: m.column,
                y: m.row,
            }))
        }
        _ => None,
    }
}

/// A crossterm key as the app's key.
pub fn key(k: KeyEvent) -> Option<Key> {
    let code = match k.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}
