//! File-level helpers for opening, backup and restore: a file's -wal/-shm companions, which file a path names, private temporary
//! files, leftover partial copies, and a copy's mode and group.

use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};
use crate::domain::Invalid;

/// `path` with `suffix` appended to its name (`desk.db` + `-wal`).
pub(in crate::store) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The directory a file is in (`.` for a bare name).
pub(super) fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// (device, inode) of what `path` names, following symlinks; None when nothing is there.
pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What kind of file this is, for a message ("a FIFO (named pipe)").
pub(super) fn kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "something other than a file"
    }
}

/// Refuses anything at `path` that is not a regular file once links are followed: SQLite
/// would block forever reading a FIFO, and has no business with devices or sockets. Nothing
/// there: `NoFile`.
/// `what` names it in messages, with its preposition: "backup at".
pub(super) fn regular_file(path: &Path, what: &'static str) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(Invalid::value(format!(
            "{} is {}, not a regular file",
            path.display(),
            kind(&m.file_type())
        ))
        .into()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::read_link(path) {
            Ok(target) => Err(StoreError::NoFile {
                what,
                path: path.to_path_buf(),
                why: format!(
                    " ({} is a link to {}, which does not exist)",
                    path.display(),
                    target.display()
                ),
            }),
            Err(_) => Err(StoreError::NoFile {
                what,
                path: path.to_path_buf(),
                why: String::new(),
            }),
        },
        Err(e) => Err(StoreError::io(format!("cannot read {}", path.display()), e)),
    }
}

/// Refuses a backup destination that cannot be written as a file: a symbolic link (the copy
/// would land in whatever it points to, another desk perhaps), a FIFO, device, socket or
/// directory, or a path whose directory does not exist.
pub(super) fn writable_destination(dest: &Path) -> Result<()> {
    let dir = dir_of(dest);
    if !dir.is_dir() {
        return Err(StoreError::NoFile {
            what: "directory",
            path: dir.to_path_buf(),
            why: format!(
                " to write {} into: create it first (`mkdir -p {}`) or name a file in a directory that exists",
                dest.display(),
                dir.display()
            ),
        });
    }
    match std::fs::symlink_metadata(dest) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = std::fs::read_link(dest)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "?".into());
            Err(Invalid::value(format!(
                "{} is a symbolic link to {target}: a backup is not written through a link; name the file itself",
                dest.display()
            ))
            .into())
        }
        Ok(m) if m.is_dir() => Err(Invalid::value(format!(
            "{} is a directory: a backup is written to a file; name a new file in it, such as `tend db backup {}`",
            dest.display(),
            dest.join("desk-backup.db").display()
        ))
        .into()),
        Ok(m) if !m.is_file() => Err(Invalid::value(format!(
            "{} is {}, not a regular file: a backup is written to a file",
            dest.display(),
            kind(&m.file_type())
        ))
        .into()),
        _ => Ok(()),
    }
}

/// The SQLite files that belong to a database besides the file itself.
pub(super) const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The marker in the name of a partial copy: `.NAME.partial-PID`.
const PARTIAL: &str = ".partial-";

/// Where this process writes a partial copy that becomes `name` in `dir`.
pub(super) fn partial_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}{PARTIAL}{}", std::process::id()))
}

/// Creates `path` empty, readable and writable by this user only, before SQLite opens it (SQLite
/// would create it with the umask's permissions, readable by everyone). A leftover of the same
/// name (this process's id, reused) is replaced.
pub(super) fn create_private(path: &Path) -> Result<()> {
    remove_with_companions(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
        .map_err(|e| StoreError::io(format!("cannot create {}", path.display()), e))
}

/// Removes a file and its -wal, -shm and -journal files, ignoring what is not there.
pub(super) fn remove_with_companions(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in COMPANIONS {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

/// The process id in a partial copy's name (`.NAME.partial-PID`, or its -wal/-shm/-journal).
fn partial_pid(file_name: &str) -> Option<u32> {
    if !file_name.starts_with('.') {
        return None;
    }
    let (_, rest) = file_name.rsplit_once(PARTIAL)?;
    let digits = COMPANIONS
        .iter()
        .find_map(|s| rest.strip_suffix(s))
        .unwrap_or(rest);
    digits.parse().ok()
}

/// Removes partial copies in `dir` left by backups and restores that were killed: those whose
/// process is no longer running. Returns how many files were removed.
pub(super) fn sweep_partials(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(partial_pid) else {
            continue;
        };
        if pid != std::process::id()
            && !crate::host::process::is_running(pid)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Removes this process's own partial copies in `dir` (on SIGINT/SIGTERM, before exiting).
pub fn remove_own_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_str().and_then(partial_pid) == Some(std::process::id()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What a copy was given: the source's mode, and its group when this user may give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyMode {
    pub mode: u32,
    pub gid: u32,
    /// False when the copy could not be given the source's group (not a member): it is then
    /// readable by its owner only.
    pub group_kept: bool,
}

/// Gives `copy` the mode and group of `source`. When the group cannot be given, the copy keeps
/// only the owner's permissions, so it is never readable by more people than the source.
pub(super) fn copy_mode_and_group(source: &Path, copy: &Path) -> Result<CopyMode> {
    let src = std::fs::metadata(source)
        .map_err(|e| StoreError::io(format!("cannot read {}", source.display()), e))?;
    let mut mode = src.mode() & 0o777;
    let group_kept = std::os::unix::fs::chown(copy, None, Some(src.gid())).is_ok();
    if !group_kept {
        mode &= 0o700;
    }
    std::fs::set_permissions(copy, std::fs::Permissions::from_mode(mode)).map_err(|e| {
        StoreError::io(
            format!("cannot set the permissions of {}", copy.display()),
            e,
        )
    })?;
    let gid = std::fs::metadata(copy)
        .map(|m| m.gid())
        .unwrap_or(src.gid());
    Ok(CopyMode {
        mode,
        gid,
        group_kept,
    })
}

/// Flushes a finished file (and the directory entry of a rename) to disk.
pub(super) fn sync(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(format!("cannot sync {} to disk", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pid_of_partial_copies() {
        assert_eq!(partial_pid(".desk.db.partial-123"), Some(123));
        assert_eq!(partial_pid(".desk.db.partial-123-journal"), Some(123));
        assert_eq!(partial_pid(".a.partial-b.partial-77-wal"), Some(77));
        assert_eq!(partial_pid("desk.db.partial-123"), None);
        assert_eq!(partial_pid(".desk.db"), None);
        assert_eq!(partial_pid(".x.partial-12x"), None);
    }
}
