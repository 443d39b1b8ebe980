//! Preparing a database that several Unix users of one group share (`tend init --shared`):
//! the directory is group-owned and setgid, so every file SQLite creates in it later (the -wal
//! and -shm files) belongs to the group; the files are group-writable. SQLite gives the -wal
//! and -shm files the database file's permissions, so every member can open them.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};
use crate::domain::Invalid;
use crate::host::groups;

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
    let file = groups::GROUP_FILE;
    groups::group_id(g)
        .map_err(|e| StoreError::io(format!("cannot read {file}"), e))?
        .ok_or_else(|| {
            Invalid::value(format!(
                "no group named '{}' (see {file})",
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

/// Home directories (every one in /etc/passwd, and $HOME), each with every directory above
/// it, `/` included: none of them is ever made group-shared, nor suggested to be.
fn homes_and_above() -> Vec<PathBuf> {
    let homes = crate::host::account::home_dirs();
    let mut out: Vec<PathBuf> = vec![PathBuf::from("/")];
    for h in homes {
        let h = std::fs::canonicalize(&h).unwrap_or(h);
        out.extend(h.ancestors().map(Path::to_path_buf));
    }
    out
}

/// Whether `dir` is a home directory, one above a home, or inside one.
fn home_relation(dir: &Path) -> (bool, bool) {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let protected = homes_and_above();
    let is_home = protected.contains(&dir);
    let inside = dir
        .ancestors()
        .skip(1)
        .any(|a| a != Path::new("/") && protected.contains(&a.to_path_buf()));
    (is_home, inside)
}

/// The directories tend made on the way to the desk's own (`made` minus the last) keep normal
/// permissions: under a setgid directory Linux would give them its group and setgid bit.
fn keep_parents_plain(made: &MadeDirs, dir: &Path) {
    let egid = crate::host::process::effective_gid();
    for d in made.0.iter().filter(|d| d.as_path() != dir) {
        let Ok(m) = std::fs::metadata(d) else {
            continue;
        };
        if m.mode() & 0o2000 != 0 || m.gid() != egid {
            let _ = std::os::unix::fs::chown(d, None, Some(egid));
            let _ = std::fs::set_permissions(
                d,
                std::fs::Permissions::from_mode(m.mode() & 0o1777 & !0o2000),
            );
        }
    }
}

/// Step 1, before the database is created: the directory, group-owned, setgid, group rwx.
/// Only a directory this init made (`made`), or an empty one of the user's own, is changed: an
/// existing directory with other files (/tmp) would open all of them to the group, and a home
/// directory (or one above a home, or `/`) is never changed, even empty or made by tend.
/// Otherwise it refuses, saying what to run.
pub fn prepare_directory(db: &Path, group: &str, made: &MadeDirs) -> Result<Shared> {
    let gid = group_id(group)?;
    let dir = directory_of(db);
    keep_parents_plain(made, &dir);
    let meta = std::fs::metadata(&dir)
        .map_err(|e| StoreError::io(format!("cannot read {}", dir.display()), e))?;
    let current = meta.mode() & 0o7777;
    let shared = Shared {
        group: group.trim().to_string(),
        gid,
        dir: dir.clone(),
    };
    let (is_home, in_home) = home_relation(&dir);
    if !is_home && meta.gid() == gid && current & 0o2070 == 0o2070 && current & 0o002 == 0 {
        return Ok(shared); // already prepared, by an earlier init or by hand
    }
    let me = crate::host::process::effective_uid();
    // (why, whether handing the whole directory to the group is a sane suggestion)
    let why = if current & 0o1002 != 0 && !made.0.contains(&dir) {
        // Checked before homes: /tmp may hold a home, but what matters is that it is everyone's.
        Some((
            "is a shared system directory (world-writable or sticky, like /tmp)",
            false,
        ))
    } else if is_home {
        Some(("is a home directory (or holds one)", false))
    } else if made.0.contains(&dir) {
        None
    } else if meta.uid() != me {
        Some(("belongs to another user", false))
    } else if std::fs::read_dir(&dir).map_or(true, |mut e| e.next().is_some()) {
        Some(("already holds other files", !in_home))
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
        // Inside a home (often private), a subdirectory is out of the group's reach.
        let own = if is_home || in_home {
            format!(
                "a directory the group can reach, outside any home (as root: `mkdir /srv/helpdesk && \
                 chown $USER /srv/helpdesk`, then `tend --db /srv/helpdesk/{name} init --shared --group {g}`)"
            )
        } else {
            format!(
                "a directory of its own (`tend --db {d}/helpdesk/{name} init --shared --group {g}`)"
            )
        };
        let or_else = if whole_dir {
            format!(
                ", or, if the whole directory is meant for the group, run \
                 `chgrp {g} {d} && chmod g+rwxs,o-w {d}` and try again"
            )
        } else {
            String::new()
        };
        return Err(Invalid::rule(format!(
            "{d} {why}: tend will not make it group-writable for {g}; give the desk {own}{or_else}"
        ))
        .into());
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
