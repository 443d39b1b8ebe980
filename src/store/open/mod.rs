//! Opening a database: the checks that keep a shared file safe, and the connection settings.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod file;

use file::AtPath;
pub(super) use file::unwritable_companions;

use super::actor::Actor;
use super::migrate::{self, LATEST_SCHEMA};
use super::{DbErrorKind, Result, Store, StoreError};

/// How long a writer waits for another writer's lock before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// Without `create`, nothing is created or initialised: a missing or empty file is refused.
    pub fn open(opts: OpenOptions) -> Result<(Store, Vec<Warning>)> {
        let version = rusqlite::version_number();
        if version < MIN_SQLITE {
            return Err(StoreError::OldSqlite {
                found: rusqlite::version().to_string(),
            });
        }
        let path = opts.path;
        let mut warnings = Vec::new();
        let at = file::inspect(&path)?;
        file::refuse_planted_companions(&path)?;
        match at {
            AtPath::Nothing if !opts.create => return Err(StoreError::Missing(path)),
            AtPath::Nothing => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::io(format!("cannot create the directory {}", dir.display()), e)
                    })?;
                }
            }
            AtPath::File { len: 0 } if !opts.create => {
                return Err(StoreError::NotTend {
                    why: format!(
                        "it is empty; to make it a desk, run `tend --db {} init`",
                        path.display()
                    ),
                    path,
                });
            }
            AtPath::File { .. } => {}
        }
        let exists = at != AtPath::Nothing;
        if let Some(fs_type) = crate::host::mounts::network_filesystem(&path) {
            warnings.push(Warning::NetworkFilesystem { fs_type });
        }
        let read_only = if exists {
            file::read_only_reason(&path)
        } else {
            None
        };
        if read_only.is_none() {
            file::keep_group_bits_if_shared(&path);
        }
        let flags = if read_only.is_some() {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        // A reader who may not write, with no writer active (no -wal): the file on disk is
        // complete, so read it as an immutable snapshot. SQLite would otherwise create -wal and
        // -shm files owned by the reader, which lock the owner out.
        let mut snapshot = read_only.is_some() && !file::writer_files_exist(&path);
        let (mut conn, mut header) = if snapshot {
            open_snapshot(&path, flags)?
        } else if read_only.is_some() {
            open_live_reader(&path, flags)?
        } else {
            open_live(&path, flags)?
        };
        if !snapshot && read_only.is_some() {
            // SQLite cannot create the -shm file in a directory we may not write, or there is
            // no -shm (we never create one: `readonly_shm`); or the writer exited between our
            // look and our open, and SQLite made a new, empty -wal owned by us. Remove what is
            // ours (it would lock the owner out) and try again; with no writer left, read a
            // snapshot.
            let mut tries = 0;
            loop {
                let no_shm = is_readonly_directory(&header) || is_cantopen(&header);
                let leftovers = file::readers_leftovers(&path);
                if !no_shm && leftovers.is_empty() {
                    break;
                }
                drop(conn);
                for f in &leftovers {
                    let _ = std::fs::remove_file(f);
                }
                tries += 1;
                (conn, header) = if tries < 3 && file::writer_files_exist(&path) {
                    open_live_reader(&path, flags)?
                } else {
                    snapshot = true;
                    open_snapshot(&path, flags)?
                };
                if snapshot {
                    break;
                }
            }
        }
        if snapshot {
            warnings.push(Warning::Snapshot);
        }
        let header = header?;
        migrate::check_header(&path, &header)?;
        if !opts.create && !header.has_tables {
            return Err(StoreError::NotTend {
                why: format!(
                    "it holds no tables; to make it a desk, run `tend --db {} init`",
                    path.display()
                ),
                path,
            });
        }

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
        if snapshot {
            warnings.retain(|w| matches!(w, Warning::Snapshot | Warning::NetworkFilesystem { .. }));
        }
        let identity = super::files::identity(&path);
        let store = Store {
            conn,
            path,
            actor: opts.actor,
            read_only,
            snapshot,
            clock: Box::new(chrono::Utc::now),
            in_batch: false,
            session: super::presence::session_id(),
            identity,
            day_totals: Default::default(),
        };
        Ok((store, warnings))
    }

    /// A new connection in place of this one, after SQLite opened the -shm file read-only
    /// (another user created it a moment before widening its permissions). Writable stores only.
    pub(super) fn reopen(&mut self) -> Result<()> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        configure(&conn)?;
        self.conn = conn;
        Ok(())
    }
}

/// The page cache of a one-shot command, in KiB (SQLite's default lets it grow to 2 MiB).
const ONE_SHOT_CACHE_KIB: i64 = 128;

impl Store {
    /// For a command that runs once and exits (`tend ticket list`, `tend kb show`): it reads
    /// each page about once, so a page cache that may grow to 2 MiB only raises its peak
    /// memory. Not for the app, nor for bulk loads and checks, which reuse pages.
    pub fn use_small_cache(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", -ONE_SHOT_CACHE_KIB)?;
        Ok(())
    }
}

/// Opens the file through SQLite's usual locking (and -wal, -shm files) and reads its header.
fn open_live(path: &Path, flags: OpenFlags) -> Result<(Connection, Result<migrate::Header>)> {
    open_live_at(path, path, flags)
}

/// `open_live` of `target` (the path, or a URI naming it), with errors naming `path`.
fn open_live_at(
    target: &Path,
    path: &Path,
    flags: OpenFlags,
) -> Result<(Connection, Result<migrate::Header>)> {
    let conn = Connection::open_with_flags(target, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let header = retry_busy(|| migrate::read_header(&conn).map_err(|e| not_tend_or(e, path)));
    Ok((conn, header))
}

/// Opens the file for a reader who may not write it, through SQLite's locking but without ever
/// creating a -shm file: one owned by a reader cannot be written by the owner (SQLite would open
/// it read-only and every write would fail), and in a sticky directory the owner cannot even
/// remove it. A missing -shm is an error here (SQLITE_CANTOPEN), and means no writer is active.
fn open_live_reader(
    path: &Path,
    flags: OpenFlags,
) -> Result<(Connection, Result<migrate::Header>)> {
    let uri = readonly_shm_uri(path)?;
    open_live_at(Path::new(&uri), path, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// Opens the file as an immutable snapshot (no locks, no -wal or -shm) and reads its header.
fn open_snapshot(path: &Path, flags: OpenFlags) -> Result<(Connection, Result<migrate::Header>)> {
    let conn =
        Connection::open_with_flags(immutable_uri(path)?, flags | OpenFlags::SQLITE_OPEN_URI)?;
    let header = migrate::read_header(&conn).map_err(|e| not_tend_or(e, path));
    Ok((conn, header))
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
        let conn = if self.snapshot {
            // The snapshot the first connection reads (no writer was active, and we may not
            // write): a live connection would leave -wal and -shm files owned by us.
            open(
                Path::new(&immutable_uri(&self.path)?),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?
        } else if self.read_only.is_some() {
            // We may not write the file: never create a -shm that would lock the owner out.
            open(
                Path::new(&readonly_shm_uri(&self.path)?),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?
        } else {
            open(&self.path, flags)?
        };
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            actor: self.actor.clone(),
            read_only: Some("a second connection for reading".into()),
            snapshot: self.snapshot,
            clock: Box::new(chrono::Utc::now),
            in_batch: false,
            session: self.session.clone(),
            identity: self.identity,
            day_totals: Default::default(),
        })
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
            Err(StoreError::Database {
                kind: DbErrorKind::Busy,
                ..
            }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

/// SQLITE_CANTOPEN: with `readonly_shm`, the -shm file is missing (no writer is active).
fn is_cantopen<T>(r: &Result<T>) -> bool {
    matches!(r, Err(e) if e.kind() == Some(DbErrorKind::CannotOpen))
}

/// SQLITE_READONLY_DIRECTORY: a read-only WAL database whose -shm file cannot be created.
fn is_readonly_directory<T>(r: &Result<T>) -> bool {
    matches!(r, Err(e) if e.kind() == Some(DbErrorKind::ReadOnlyDirectory))
}

/// `file:/path?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> Result<String> {
    file_uri(path, "immutable=1")
}

/// `file:/path?readonly_shm=1`: SQLite opens an existing -shm file read-only and never creates
/// one (a missing one is an error, and means no writer is active).
fn readonly_shm_uri(path: &Path) -> Result<String> {
    file_uri(path, "readonly_shm=1")
}

/// `file:/path?QUERY`, with the characters URIs reserve escaped.
fn file_uri(path: &Path, query: &str) -> Result<String> {
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
    out.push('?');
    out.push_str(query);
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

/// Why a file SQLite cannot read at all is refused.
pub(super) const NOT_SQLITE: &str = "not a SQLite database, or damaged beyond reading";

fn not_tend_or(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotTend {
            path: path.to_path_buf(),
            why: NOT_SQLITE.into(),
        },
        _ => StoreError::from(e),
    }
}

/// A read-only connection to a file `Store::open` refused as damaged, for `db check`: the
/// path must still be a regular file with no planted companions, but its header and schema
/// are not checked. With no writer active it is read as an immutable snapshot (nothing is
/// created beside it); otherwise through SQLite's locking, so the -wal is read too.
pub(in crate::store) fn open_for_diagnosis(path: &Path) -> Result<Connection> {
    match file::inspect(path)? {
        AtPath::Nothing => return Err(StoreError::Missing(path.to_path_buf())),
        AtPath::File { .. } => {}
    }
    file::refuse_planted_companions(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if file::writer_files_exist(path) {
        Connection::open_with_flags(path, flags)?
    } else {
        Connection::open_with_flags(immutable_uri(path)?, flags | OpenFlags::SQLITE_OPEN_URI)?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}
