//! `tend init`: the one command that creates a desk. Whatever fails, what it made is removed
//! again (directories, the file), so a failed init leaves nothing behind.

use anyhow::{Context, Result};
use std::path::Path;
use std::process::ExitCode;

use super::args::InitArgs;
use super::output::{path_shown, say};
use super::{Target, open};
use crate::store::shared::{self, MadeDirs};
use crate::store::{Actor, Store};

pub fn run(target: &Target, actor: &Actor, a: &InitArgs) -> Result<ExitCode> {
    let path = &target.path;
    // A FIFO, a device, a symlink loop: refused before anything is made.
    let (existed, was_empty) = match std::fs::symlink_metadata(path) {
        Ok(m) => (true, m.is_file() && m.len() == 0),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, false),
        Err(e) => return Err(e).with_context(|| format!("cannot look at {}", path.display())),
    };
    if a.shared
        && let Some(g) = &a.group
    {
        // A bad group name is refused before anything is made.
        shared::group_id(g)?;
    }
    let made = if existed {
        MadeDirs::default()
    } else {
        shared::create_dirs(path)?
    };
    let mut made_file = false;
    let result = (|| {
        let group = match (&a.group, a.shared) {
            (Some(g), true) => Some(shared::prepare_directory(path, g, &made)?),
            _ => None,
        };
        if !existed {
            made_file = create_file(path)?;
        }
        let mut store = open(target, actor, true)?;
        if let Some(s) = &group {
            shared::share_files(path, s)?;
            say!(
                "{}: shared with group {} (gid {}); its directory {} is setgid and group-writable",
                path_shown(path),
                crate::domain::text::one_line(&s.group),
                s.gid,
                path_shown(&s.dir)
            );
        }
        fill(&mut store, a.demo || target.demo, existed, was_empty, path)
    })();
    if result.is_err() {
        remove_made(path, made_file, &made);
    }
    result
}

/// After a failure: removes the database file (with its companions) if this command created
/// it, and the directories it made.
pub(super) fn remove_made(path: &Path, made_file: bool, made: &MadeDirs) {
    if made_file {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
    made.remove();
}

/// Creates the empty file, unless another process just did: only a file this init created is
/// removed if it fails.
pub(super) fn create_file(path: &Path) -> Result<bool> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(path)
    {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// `was_empty`: the file existed with 0 bytes, so this init set the desk up in it.
fn fill(
    store: &mut Store,
    demo: bool,
    existed: bool,
    was_empty: bool,
    path: &Path,
) -> Result<ExitCode> {
    if demo {
        let n = crate::demo::fill(store).context("cannot fill the demo data")?;
        say!(
            "{}: demo desk with {} and {}",
            path_shown(path),
            super::output::count(n.0 as i64, "ticket"),
            super::output::count(n.1 as i64, "article")
        );
    } else if was_empty {
        say!("{}: set up (the file was empty)", path_shown(path));
    } else if existed {
        say!("{}: ready (already existed)", path_shown(path));
    } else {
        say!("{}: created", path_shown(path));
    }
    Ok(ExitCode::SUCCESS)
}
