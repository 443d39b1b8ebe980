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

/// Step 1, before the database is created: the directory, group-owned, setgid, group rwx.
pub fn prepare_directory(db: &Path, group: &str) -> Result<Shared> {
    let gid = group_id(group)?;
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    std::fs::create_dir_all(&dir)
        .map_err(|e| StoreError::io(format!("cannot create {}", dir.display()), e))?;
    let current = std::fs::metadata(&dir)
        .map_err(|e| StoreError::io(format!("cannot read {}", dir.display()), e))?
        .mode()
        & 0o7777;
    set_group_and_mode(&dir, gid, current | 0o2070)?;
    Ok(Shared {
        group: group.trim().to_string(),
        gid,
        dir,
    })
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
