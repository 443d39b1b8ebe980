//! Opening a database: the checks that keep a shared file safe, and the connection settings.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::actor::Actor;
use super::migrate::{self, LATEST_SCHEMA};
use super::{Result, Store, StoreError};

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite 3.51.3 fixes a WAL-reset corruption bug under concurrent writers.
const MIN_SQLITE: i32 = 3_051_003;

pub struct OpenOptions {
    pub path: PathBuf,
    /// Create the file (and its directory) if it does not exist.
    pub create: bool,
    pub actor: Actor,
}

/// Something the user should know about, that does not stop tend from working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    NetworkFilesystem {
        fs_type: String,
    },
    ReadOnly {
        why: String,
    },
    NotWal {
        mode: String,
    },
    /// Opened as a read-only snapshot (the directory is not writable, and no writer is active).
    Snapshot,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::NetworkFilesystem { fs_type } => write!(
                f,
                "the database is on a network filesystem ({fs_type}): SQLite's locking is unsafe there and \
                 concurrent writers can corrupt it; keep a shared database on a local disk of one host"
            ),
            Warning::ReadOnly { why } => {
                write!(
                    f,
                    "the database is open read-only ({why}); changes will be refused"
                )
            }
            Warning::Snapshot => write!(
                f,
                "the database is open read-only (you may not write it or its directory), as a snapshot: \
                 changes will be refused, and changes others make meanwhile are not seen"
            ),
            Warning::NotWal { mode } => write!(
                f,
                "the database uses journal mode {mode}, not WAL; readers and writers will block each other"
            ),
        }
    }
}

impl Store {
    /// Opens (and if asked, creates) a tend database, migrating it to the current schema.
    pub fn open(opts: OpenOptions) -> Result<(Store, Vec<Warning>)> {
        let version = rusqlite::version_number();
        if version < MIN_SQLITE {
            return Err(StoreError::OldSqlite {
                found: rusqlite::version().to_string(),
            });
        }
        let path = opts.path;
        let mut warnings = Vec::new();
        let exists = path.exists();
        if !exists {
            if !opts.create {
                return Err(StoreError::Missing(path));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::io(format!("cannot create the directory {}", dir.display()), e)
                })?;
            }
        } else if path.is_dir() {
            return Err(StoreError::NotTend {
                path,
                why: "it is a directory".into(),
            });
        }
        if let Some(fs_type) = network_filesystem(&path) {
            warnings.push(Warning::NetworkFilesystem { fs_type });
        }
        let read_only = if exists {
            read_only_reason(&path)
        } else {
            None
        };
        let flags = if read_only.is_some() {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let mut conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mut header =
            retry_busy(|| migrate::read_header(&conn).map_err(|e| not_tend_or(e, &path)));
        if read_only.is_some() && is_readonly_directory(&header) && !sibling(&path, "-wal").exists()
        {
            // SQLite cannot create the -shm file in a directory we may not write. No writer is
            // active (there is no -wal file), so the file on disk is complete: read it as an
            // immutable snapshot.
            conn = Connection::open_with_flags(
                immutable_uri(&path)?,
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?;
            header = migrate::read_header(&conn).map_err(|e| not_tend_or(e, &path));
            warnings.push(Warning::Snapshot);
        }
        let header = header?;
        migrate::check_header(&path, &header)?;

        if let Some(why) = &read_only {
            if header.user_version < LATEST_SCHEMA {
                return Err(StoreError::ReadOnly {
                    path,
                    why: format!("{why}, and its schema needs an upgrade"),
                });
            }
            warnings.push(Warning::ReadOnly { why: why.clone() });
        } else {
            if !header.has_tables {
                // A new file: WAL is set once, here, and never toggled on a live shared file.
                let mode: String = retry_busy(|| {
                    Ok(conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?)
                })?;
                if !mode.eq_ignore_ascii_case("wal") {
                    warnings.push(Warning::NotWal { mode });
                }
            }
            // Up to date already (the usual case): no write lock, so opening never waits
            // behind another agent's long write. Otherwise migrate, which reads the header
            // again under the write lock (another process may have migrated meanwhile).
            let current = header.user_version == migrate::LATEST_SCHEMA
                && header.application_id == migrate::APPLICATION_ID;
            if !current {
                retry_busy(|| migrate::migrate(&mut conn, &path))?;
            }
        }
        configure(&conn)?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal")
            && !warnings.iter().any(|w| matches!(w, Warning::NotWal { .. }))
        {
            warnings.push(Warning::NotWal { mode });
        }
        if warnings.contains(&Warning::Snapshot) {
            warnings.retain(|w| matches!(w, Warning::Snapshot | Warning::NetworkFilesystem { .. }));
        }
        let identity = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(&path).ok().map(|m| (m.dev(), m.ino()))
        };
        let store = Store {
            conn,
            path,
            actor: opts.actor,
            read_only,
            clock: Box::new(chrono::Utc::now),
            in_batch: false,
            session: super::presence::session_id(),
            identity,
            day_totals: Default::default(),
        };
        Ok((store, warnings))
    }
}

impl Store {
    /// A second, read-only connection to the same file, for queries on another thread: a
    /// ranked search or a count over most of the desk can run (and be interrupted) there while
    /// this connection keeps serving pages and writes. Same actor; the real clock.
    pub fn reader(&self) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open = |target: &Path, flags: OpenFlags| -> Result<Connection> {
            let conn = Connection::open_with_flags(target, flags)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(conn)
        };
        let conn = match open(&self.path, flags) {
            Ok(c) => c,
            // A read-only directory without a writer: the snapshot the first connection reads.
            Err(_) if self.read_only.is_some() => open(
                Path::new(&immutable_uri(&self.path)?),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?,
            Err(e) => return Err(e),
        };
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            actor: self.actor.clone(),
            read_only: Some("a second connection for reading".into()),
            clock: Box::new(chrono::Utc::now),
            in_batch: false,
            session: self.session.clone(),
            identity: self.identity,
            day_totals: Default::default(),
        })
    }

    /// Stops whatever query this connection is running, from any thread; the query fails with
    /// an error for which `StoreError::is_interrupted` is true.
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }
}

/// Retries `f` while SQLite answers "busy" without waiting: that happens when several processes
/// create or switch the same new file at once (SQLite's deadlock avoidance skips the busy
/// handler). Gives up after the usual busy timeout.
fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        match f() {
            Err(StoreError::Sqlite(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// SQLITE_READONLY_DIRECTORY: a read-only WAL database whose -shm file cannot be created.
fn is_readonly_directory<T>(r: &Result<T>) -> bool {
    matches!(r, Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))) if e.extended_code == 1544)
}

/// `file:/path?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> Result<String> {
    let abs = std::path::absolute(path)
        .map_err(|e| StoreError::io(format!("cannot resolve {}", path.display()), e))?;
    let text = abs.to_str().ok_or_else(|| {
        StoreError::io(
            "the database path is not UTF-8",
            std::io::Error::other("path"),
        )
    })?;
    let mut out = String::from("file:");
    for c in text.chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("?immutable=1");
    Ok(out)
}

/// Per-connection settings.
fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    // FULL: in WAL mode every commit is synced, so an acknowledged write survives a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

fn not_tend_or(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotTend {
            path: path.to_path_buf(),
            why: "not a SQLite database, or damaged beyond reading".into(),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// Why the file cannot be written, if it cannot.
fn read_only_reason(path: &Path) -> Option<String> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Some("no write permission on the file".into());
        }
        Err(e) if e.raw_os_error() == Some(30) => {
            return Some("the filesystem is mounted read-only".into());
        }
        Err(_) => {}
    }
    // WAL needs to create -wal and -shm files beside the database.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if !wal.exists() {
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

/// The filesystem type when `path` lives on a network filesystem (Linux: /proc/self/mountinfo).
fn network_filesystem(path: &Path) -> Option<String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).ok()?;
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let fs_type = mount_fs_type(&info, &dir)?;
    is_network_fs(&fs_type).then_some(fs_type)
}

/// The filesystem type of the longest mount point containing `dir`.
pub(crate) fn mount_fs_type(mountinfo: &str, dir: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // id parent major:minor root mount-point options [optional...] - fstype source super
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(mount_point) = fields.get(4) else {
            continue;
        };
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let Some(fs_type) = fields.get(dash + 1) else {
            continue;
        };
        let mount_point = unescape_mount(mount_point);
        if dir.starts_with(&mount_point) {
            let len = mount_point.len();
            if best.as_ref().is_none_or(|(l, _)| len >= *l) {
                best = Some((len, fs_type.to_string()));
            }
        }
    }
    best.map(|(_, t)| t)
}

fn unescape_mount(s: &str) -> String {
    s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\134", "\\")
}

fn is_network_fs(fs_type: &str) -> bool {
    const NETWORK: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "ncpfs",
        "coda",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.glusterfs",
        "virtiofs",
    ];
    NETWORK.contains(&fs_type) || fs_type.starts_with("fuse.sshfs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_mount_of_a_path() {
        let info = "\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 22 0:35 / /srv/desk rw,relatime - nfs4 server:/desk rw
41 22 0:36 / /srv/desk\\040two rw - fuse.sshfs me@host: rw
";
        assert_eq!(
            mount_fs_type(info, Path::new("/srv/desk/a")).as_deref(),
            Some("nfs4")
        );
        assert_eq!(
            mount_fs_type(info, Path::new("/srv/desk two")).as_deref(),
            Some("fuse.sshfs")
        );
        assert_eq!(
            mount_fs_type(info, Path::new("/srv/other")).as_deref(),
            Some("ext4")
        );
        assert!(is_network_fs("nfs4") && is_network_fs("fuse.sshfs") && !is_network_fs("ext4"));
    }
}
