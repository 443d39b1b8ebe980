//! Per-person settings from the config directory: `keys.toml` (key bindings) and `theme.toml`
//! (colours). Reading the files is IO, so it lives here and not in `app/`; what they mean is
//! parsed into a `Keymap` and `Colors` the app and the UI take as plain data.
//!
//! The directory is `$TEND_CONFIG_DIR` when set, else tend's config directory
//! (`$XDG_CONFIG_HOME/tend`, by default `~/.config/tend` on Linux). A missing file means the
//! defaults; a bad one is an error naming the file, line and problem (the app does not start).

mod keys;
mod theme;

pub use keys::{default_file as default_keys_file, parse as parse_keys};
pub use theme::{default_file as default_theme_file, parse as parse_theme};

use std::path::{Path, PathBuf};

use crate::app::keymap::Keymap;
use crate::ui::theme::Colors;

pub const KEYS_FILE: &str = "keys.toml";
pub const THEME_FILE: &str = "theme.toml";

/// What is wrong with a config file, as one line: `keys.toml:3: unknown command 'foo' ...`.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {problem}", crate::domain::text::one_line(&path.display().to_string()))]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub problem: String,
}

/// The keys and colours in force.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub keymap: Keymap,
    pub colors: Colors,
}

/// The config directory, if one can be found.
pub fn dir() -> Option<PathBuf> {
    match std::env::var_os("TEND_CONFIG_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => directories::ProjectDirs::from("", "", "tend").map(|d| d.config_dir().to_path_buf()),
    }
}

/// Reads `keys.toml` and `theme.toml` from the config directory (defaults for missing files).
pub fn load() -> Result<Config, ConfigError> {
    match dir() {
        Some(d) => load_from(&d),
        None => Ok(Config::default()),
    }
}

/// Reads the files in `dir`.
pub fn load_from(dir: &Path) -> Result<Config, ConfigError> {
    let keys_path = dir.join(KEYS_FILE);
    let theme_path = dir.join(THEME_FILE);
    let keymap = match read(&keys_path)? {
        Some(text) => keys::parse(&text).map_err(|(line, problem)| ConfigError {
            path: keys_path.clone(),
            line,
            problem,
        })?,
        None => Keymap::default(),
    };
    let colors = match read(&theme_path)? {
        Some(text) => theme::parse(&text).map_err(|(line, problem)| ConfigError {
            path: theme_path.clone(),
            line,
            problem,
        })?,
        None => Colors::default(),
    };
    Ok(Config { keymap, colors })
}

/// The largest config file tend reads (a keys.toml or theme.toml is a few KiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// Reads a config file: `None` when it does not exist. Anything but a regular file (after
/// symlinks: a FIFO, a device, a directory) is refused before a byte is read, as is a file over
/// `MAX_FILE_BYTES`; it is opened non-blocking so a FIFO put in its place never hangs tend.
fn read(path: &Path) -> Result<Option<String>, ConfigError> {
    use rustix::fs::{Mode, OFlags};
    use std::io::Read;
    let fail = |problem: String| ConfigError {
        path: path.to_path_buf(),
        line: 0,
        problem,
    };
    let fd = match rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT) => return Ok(None),
        Err(e) => {
            return Err(fail(format!("cannot be read: {}", std::io::Error::from(e))));
        }
    };
    let mut file = std::fs::File::from(fd);
    let meta = file
        .metadata()
        .map_err(|e| fail(format!("cannot be read: {e}")))?;
    if !meta.is_file() {
        return Err(fail(
            "is not a regular file (a FIFO, device or directory?)".into(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "is {} bytes, over the limit of {MAX_FILE_BYTES} (256 KiB)",
            meta.len()
        )));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot be read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "grew over the limit of {MAX_FILE_BYTES} bytes (256 KiB) while being read"
        )));
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        ConfigError {
            path: path.to_path_buf(),
            line,
            problem: format!("not UTF-8 (the byte at offset {at})"),
        }
    })
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .map_or(0, |t| t.bytes().filter(|b| *b == b'\n').count())
        + 1
}

/// Parses TOML into its spanned table, or (line, problem).
fn parse_toml(text: &str) -> Result<toml::de::DeTable<'_>, (usize, String)> {
    toml::de::DeTable::parse(text)
        .map(toml::Spanned::into_inner)
        .map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            let msg = e.message().trim().replace('\n', " ");
            (line, format!("not valid TOML: {msg}"))
        })
}

/// The table's entries in the order they are written.
fn in_file_order<'a, 'i>(
    table: &'a toml::de::DeTable<'i>,
) -> Vec<(
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<toml::de::DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// A name from a file, safe to print in one line.
fn shown(s: &str) -> String {
    crate::domain::text::one_line(s).chars().take(40).collect()
}
