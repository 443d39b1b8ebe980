//! Preparing a database that several Unix users of one group share (`tend init --shared`):
//! the directory is group-owned and setgid, so every file SQLite creates in it later (the -wal
//! and -shm files) belongs to the group; the files are group-writable. SQLite gives the -wal
//! and -shm files the database file's permissions, so every member can open them.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};
use crate::domain::Invalid;

/// What `share_with_group` did, for the user.
#[derive(Debug, Clone)]
pub struct Shared {
    pub group: String,
    pub gid: u32,
    pub dir: PathBuf,
}

/// Resolves a group name (from /etc/group) or a numeric gid.
pub fn group_id(group: &str) -> Result<u32> {
    let g = group.trim();
    if let Ok(gid) = g.parse::<u32>() {
        return Ok(gid);
    }
    let groups = std::fs::read_to_string("/etc/group")
        .map_err(|e| StoreError::io("cannot read /etc/group", e))?;
    groups
        .lines()
        .filter_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let gid = f.nth(1)?.parse::<u32>().ok()?;
            (name == g).then_some(gid)
        })
        .next()
        .ok_or_else(|| {
            Invalid::value(format!(
                "no group named '{}' (see /etc/group)",
                crate::domain::text::one_line(g)
            ))
            .into()
        })
}

fn set_group_and_mode(path: &Path, gid: u32, mode: u32) -> Result<()> {
    std::os::unix::fs::chown(path, None, Some(gid)).map_err(|e| {
        StoreError::io(
            format!(
                "cannot give {} to group {gid} (are you a member of it?)",
                path.display()
            ),
            e,
        )
    })?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| {
        StoreError::io(
            format!("cannot change the permissions of {}", path.display()),
            e,
        )
    })
}

/// The directories `create_dirs` made, outermost first, so a failed init can remove them.
#[derive(Debug, Default)]
pub struct MadeDirs(pub Vec<PathBuf>);

impl MadeDirs {
    /// Removes the directories again, innermost first; only empty ones go.
    pub fn remove(&self) {
        for d in self.0.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// The directory holding `db` (`.` for a bare file name).
pub fn directory_of(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Creates the directory of `db` and any missing parents, and says which it made.
pub fn create_dirs(db: &Path) -> Result<MadeDirs> {
    let dir = directory_of(db);
    let mut missing = Vec::new();
    let mut d = dir.as_path();
    while std::fs::symlink_metadata(d).is_err() {
        missing.push(d.to_path_buf());
        match d.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => d = p,
            None => break,
        }
    }
    missing.reverse();
    let made = MadeDirs(missing);
    std::fs::create_dir_all(&dir).map_err(|e| {
        made.remove();
        StoreError::io(format!("cannot create {}", dir.display()), e)
    })?;
    Ok(made)
}

/// Step 1, before the database is created: the directory, group-owned, setgid, group rwx.
/// Only a directory this init made (`made`), or an empty one of the user's own, is changed: an
/// existing directory with other files (a home directory, /tmp) would open all of them to the
/// group. Otherwise it refuses, saying what to run.
pub fn prepare_directory(db: &Path, group: &str, made: &MadeDirs) -> Result<Shared> {
    let gid = group_id(group)?;
    let dir = directory_of(db);
    let meta = std::fs::metadata(&dir)
        .map_err(|e| StoreError::io(format!("cannot read {}", dir.display()), e))?;
    let current = meta.mode() & 0o7777;
    let shared = Shared {
        group: group.trim().to_string(),
        gid,
        dir: dir.clone(),
    };
    if meta.gid() == gid && current & 0o2070 == 0o2070 && current & 0o002 == 0 {
        return Ok(shared); // already prepared, by an earlier init or by hand
    }
    if !made.0.contains(&dir) {
        let me = rustix::process::geteuid().as_raw();
        // (why, whether handing the whole directory to the group is a sane suggestion)
        let why = if current & 0o1002 != 0 {
            Some(("is world-writable", false))
        } else if meta.uid() != me {
            Some(("belongs to another user", false))
        } else if std::fs::read_dir(&dir).map_or(true, |mut e| e.next().is_some()) {
            Some(("already holds other files", true))
        } else {
            None
        };
        if let Some((why, whole_dir)) = why {
            let g = crate::domain::text::one_line(group.trim());
            let name = db
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "desk.db".into());
            let d = dir.display();
            let or_else = if whole_dir {
                format!(
                    ", or, if the whole directory is meant for the group, run \
                     `chgrp {g} {d} && chmod g+rwxs,o-w {d}` and try again"
                )
            } else {
                String::new()
            };
            return Err(Invalid::rule(format!(
                "{d} {why}: tend will not make it group-writable for {g}; give the desk a directory \
                 of its own (`tend --db {d}/helpdesk/{name} init --shared --group {g}`){or_else}"
            ))
            .into());
        }
    }
    set_group_and_mode(&dir, gid, current | 0o2070)?;
    Ok(shared)
}

/// Step 2, after the database exists: it and its -wal/-shm files are group read-write, and
/// nobody else's.
pub fn share_files(db: &Path, shared: &Shared) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            set_group_and_mode(&p, shared.gid, 0o660)?;
        }
    }
    Ok(())
}
