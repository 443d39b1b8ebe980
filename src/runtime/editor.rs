//! Long text in the user's editor: `$VISUAL`, else `$EDITOR`, else `vi`, run through `sh` so
//! `EDITOR="code --wait"` works. The text goes through a private temporary file.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::Command;

/// The editor command from the environment.
pub fn from_env() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".into())
}

fn temp_path() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!("tend-{}-{nanos}.md", std::process::id()))
}

/// Runs `editor` on a file holding `text`; returns the saved text. The terminal must already
/// be handed over (see `term::Terminal::suspend`).
pub fn edit(editor: &str, text: &str) -> Result<String, String> {
    let path = temp_path();
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        drop(f);
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("tend-editor")
            .arg(&path)
            .status()
            .map_err(|e| format!("cannot start sh for '{editor}': {e}"))?;
        if !status.success() {
            return Err(format!(
                "'{}' exited with {status}; nothing was saved",
                crate::domain::text::one_line(editor)
            ));
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        String::from_utf8(bytes)
            .map_err(|_| "the edited text is not valid UTF-8; nothing was saved".to_string())
    })();
    let _ = std::fs::remove_file(&path);
    result
}
