//! What is at the database path, looked at before SQLite touches it, and the files SQLite keeps
//! beside it (-wal, -shm): who may write them, and who made them.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::super::files::{kind, sibling};
use super::super::{Result, StoreError};

/// ELOOP: too many levels of symbolic links.
const ELOOP: i32 = 40;
/// ENOTDIR: a component of the path is not a directory.
const ENOTDIR: i32 = 20;
/// EROFS: read-only filesystem.
const EROFS: i32 = 30;

/// What the path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AtPath {
    Nothing,
    /// A regular file (after following symlinks), of this many bytes.
    File {
        len: u64,
    },
}

/// Looks at the path (following symlinks) without opening it: opening a FIFO would wait for a
/// writer forever, and SQLite would create `/dev/null-journal` beside a device. Only a regular
/// file, or nothing at all, is acceptable.
pub(super) fn inspect(path: &Path) -> Result<AtPath> {
    let bad = |why: String| StoreError::BadPath {
        path: path.to_path_buf(),
        why,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(AtPath::File { len: m.len() }),
        Ok(m) => Err(StoreError::NotTend {
            path: path.to_path_buf(),
            why: format!("it is {}, not a regular file", kind(&m.file_type())),
        }),
        Err(e) if e.raw_os_error() == Some(ELOOP) => Err(bad(
            "is a symlink loop (too many levels of symbolic links); point --db at the database file itself".into(),
        )),
        Err(e) if e.raw_os_error() == Some(ENOTDIR) => {
            Err(bad("a part of the path is a file, not a directory".into()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            match std::fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_symlink() => {
                    let to = std::fs::read_link(path)
                        .map(|t| t.display().to_string())
                        .unwrap_or_else(|_| "?".into());
                    Err(bad(format!(
                        "is a symlink to {to}, which does not exist; point --db at the database file itself"
                    )))
                }
                _ => Ok(AtPath::Nothing),
            }
        }
        Err(e) => Err(StoreError::io(format!("cannot look at {}", path.display()), e)),
    }
}

/// Why the file cannot be written, if it cannot.
pub(super) fn read_only_reason(path: &Path) -> Option<String> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Some("no write permission on the file".into());
        }
        Err(e) if e.raw_os_error() == Some(EROFS) => {
            return Some("the filesystem is mounted read-only".into());
        }
        Err(_) => {}
    }
    // WAL needs to create -wal and -shm files beside the database.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !sibling(path, "-wal").exists() {
        let probe = dir.join(format!(".tend-write-probe-{}", std::process::id()));
        match std::fs::File::create(&probe) {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(_) => return Some("no write permission on its directory".into()),
        }
    }
    None
}

/// Whether a writer may be active: its -wal (or a rollback -journal) is there. Without one, the
/// file on disk is complete and can be read as an immutable snapshot.
pub(super) fn writer_files_exist(path: &Path) -> bool {
    sibling(path, "-wal").exists() || sibling(path, "-journal").exists()
}

/// The -wal and -shm files this user created while it may not write the database (the
/// writer exited between our look and our open, and SQLite made new ones for us). Left there,
/// owned by a reader, they lock the owner out: SQLite opens them read-only, and in a sticky
/// directory the owner cannot even delete them. Only an empty -wal is a reader's to remove: a
/// reader never writes one. Remove them after closing the connection.
pub(super) fn readers_leftovers(path: &Path) -> Vec<PathBuf> {
    let me = crate::host::process::effective_uid();
    let meta = |p: &Path| std::fs::symlink_metadata(p).ok();
    let (wal, shm) = (sibling(path, "-wal"), sibling(path, "-shm"));
    let mut out = Vec::new();
    match meta(&wal) {
        Some(m) if m.uid() == me && m.len() == 0 && m.file_type().is_file() => out.push(wal),
        Some(_) => return out,
        None => {}
    }
    if meta(&shm).is_some_and(|m| m.uid() == me && m.file_type().is_file()) {
        out.push(shm);
    }
    out
}

/// A desk shared with a group (its file is group-writable): the -wal and -shm files SQLite
/// creates beside it must be group-writable from the first instant. SQLite creates them with
/// the database's mode minus the umask and only then widens them with fchmod; in between,
/// another member of the group opening them gets EACCES, falls back to a read-only -shm, and
/// its write fails with "the database is read-only". So the umask keeps group bits here.
pub(super) fn keep_group_bits_if_shared(path: &Path) {
    let shared = std::fs::metadata(path).is_ok_and(|m| m.mode() & 0o020 != 0);
    if shared {
        crate::host::process::keep_group_bits_in_umask();
    }
}

/// When writes keep failing on a desk we may write: a -wal or -shm file beside it that we may
/// not write (left by another account, say a reader killed before it removed its own), as the
/// one line that says whose it is and what to do.
pub(in crate::store) fn unwritable_companions(path: &Path) -> Option<StoreError> {
    ["-wal", "-shm"].iter().find_map(|suffix| {
        let p = sibling(path, suffix);
        let meta = std::fs::metadata(&p).ok()?;
        match std::fs::OpenOptions::new().write(true).open(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                Some(StoreError::Refused(format!(
                    "{} belongs to {} and you may not write it, so nothing can be saved; if no tend \
                     is running as that account, it (or root) can remove {} and {}",
                    p.display(),
                    crate::host::account::account_name(meta.uid()),
                    sibling(path, "-wal").display(),
                    sibling(path, "-shm").display()
                )))
            }
            _ => None,
        }
    })
}

/// Refuses to open a database beside a -wal, -shm or -journal file that someone else could
/// have planted: SQLite replays a -wal (or rolls back a hot -journal) into what every reader
/// sees, so whoever wrote one can change the desk without write permission on it (in a sticky
/// world-writable directory anyone can create one). Each must be a regular file, not a
/// symlink, not writable by others, and belong to the database's owner, to this user, or to
/// root; or, for a desk shared with a group (its file is group-writable), have its group.
/// With no database yet, the one about to create it (this user) is the owner.
pub(super) fn refuse_planted_companions(path: &Path) -> Result<()> {
    let me = crate::host::process::effective_uid();
    let db = std::fs::metadata(path).ok();
    let (owner, group) = db.as_ref().map_or((me, None), |m| {
        (m.uid(), (m.mode() & 0o020 != 0).then_some(m.gid()))
    });
    // SQLite follows a symlinked database to its target and keeps its files beside that.
    let real = std::fs::canonicalize(path).ok();
    let bases = std::iter::once(path).chain(real.as_deref().filter(|r| *r != path));
    for p in bases.flat_map(|b| ["-wal", "-shm", "-journal"].map(|s| sibling(b, s))) {
        let Ok(m) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        let why = if m.file_type().is_symlink() {
            Some("is a symlink")
        } else if !m.file_type().is_file() {
            Some("is not a regular file")
        } else if m.mode() & 0o002 != 0 {
            Some("may be written by anyone")
        } else if ![owner, me, 0].contains(&m.uid()) && group != Some(m.gid()) && m.len() > 0 {
            // (An empty file changes nothing: a reader who may not write can leave an empty
            // -wal for a moment; writes wait for it to go, see `Store::after_failed_begin`.)
            Some(if group.is_some() {
                "is neither the database owner's nor its group's"
            } else {
                "is not the database owner's"
            })
        } else {
            None
        };
        if let Some(why) = why {
            return Err(StoreError::Refused(format!(
                "{} (owned by {}) {why}: it may have been planted to change the desk, so tend will \
                 not open {}; check it, and if no tend is running as its owner, remove it \
                 (`rm {}`) or ask root to",
                p.display(),
                crate::host::account::account_name(m.uid()),
                path.display(),
                p.display()
            )));
        }
    }
    Ok(())
}
