//! Copying over SSH: the OSC 52 escape sequence asks the user's terminal (not this host) to set
//! its clipboard. Inside tmux it is also sent wrapped for tmux's passthrough, but tmux drops
//! both by default (`set-clipboard external`, `allow-passthrough off`), so the text is also put
//! in tmux's paste buffer with `tmux load-buffer -w`, which works under the defaults and hands
//! it on to the terminal's clipboard where tmux's `set-clipboard` allows.

use std::io::Write;
use std::process::{Command, Stdio};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes to write for copying `text`; `in_tmux` adds the passthrough form.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let payload = base64(text.as_bytes());
    let plain = format!("\x1b]52;c;{payload}\x07");
    if in_tmux {
        format!("{plain}\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\")
    } else {
        plain
    }
}

/// Puts `text` in tmux's paste buffer (and, with `-w`, the terminal's clipboard as tmux's
/// `set-clipboard` allows); tmux before 3.2 has no `-w`, so that is tried without it. Says why
/// when neither worked.
pub fn tmux_buffer(text: &str) -> Result<(), String> {
    let mut last = String::new();
    for args in [&["load-buffer", "-w", "-"][..], &["load-buffer", "-"][..]] {
        match load(args, text) {
            Ok(()) => return Ok(()),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn load(args: &[&str], text: &str) -> Result<(), String> {
    let mut child = Command::new("tmux")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tmux: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to tmux: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("tmux did not finish: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(format!(
            "tmux load-buffer failed: {}",
            crate::domain::text::one_line(err.trim())
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("#12 Büro".as_bytes()), "IzEyIELDvHJv");
        assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x07");
    }
}
