//! Pure types and rules. No SQL, no terminal, no clock reads: `now` is always a parameter.

pub mod actor;
pub mod calendar;
pub mod conversation;
pub mod error;
pub mod event;
pub mod filter;
pub mod history;
pub mod kb;
pub mod lifecycle;
pub mod link;
pub mod names;
pub mod priority;
pub mod query;
pub mod records;
pub mod safe_json;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod ticket_text;
pub mod time;
pub mod view;

pub use error::Invalid;
