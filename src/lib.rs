//! tend: an IT service desk in the terminal.
//!
//! Layers (data flows one way): `domain` (pure types and rules) <- `store` (the only code
//! that knows SQL) <- `cli` (the non-interactive commands). See DESIGN.md in the team's notes.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod runtime;
pub mod store;
pub mod term;
pub mod ui;
