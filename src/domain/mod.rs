//! Pure types and rules. No SQL, no terminal, no clock reads: `now` is always a parameter.
pub mod calendar;
