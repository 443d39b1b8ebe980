//! tend: an IT service desk in the terminal.
//!
//! Layers (data flows one way): `domain` (pure types and rules, no SQL, no clock reads) <-
//! `store` (the only code that knows SQL; no rusqlite type leaves it) <- `cli` (the
//! non-interactive commands) and `app`/`ui`/`runtime` (the TUI). `host` reads the operating
//! system (accounts, mounts, time zone, host name) for the store. README.md's "Layout" section
//! says what each folder holds.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod host;
pub mod runtime;
pub mod store;
pub mod term;
pub mod ui;
