//! What tend learns from the operating system it runs on: the account running it (`/proc`,
//! `/etc/passwd`), groups (`/etc/group`), the process's ids and umask, the mount table, the
//! time zone and the host name. The store calls these; nothing here knows SQL or says anything
//! to the user, so each function answers plainly (a value, `None`, or an `io::Error`) and the
//! caller words what went wrong.

pub mod account;
pub mod groups;
pub mod hostname;
pub mod mounts;
pub mod process;
pub mod zone;
