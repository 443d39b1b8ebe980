//! A one-line text field: the filter line, KB search, prompts, the palette. Editing keys are
//! the usual readline ones; typed characters are text, not commands.

use super::keys::{Key, KeyCode};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Not an editing key (Enter, Esc, Tab ... are the caller's).
    Ignored,
}

impl LineEdit {
    pub fn new(text: &str) -> LineEdit {
        LineEdit {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        *self = LineEdit::new(text);
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Applies an editing key.
    pub fn key(&mut self, key: Key) -> Edited {
        if let Some(c) = key.typed_char() {
            if c.is_control() {
                return Edited::Ignored;
            }
            let at = self.byte_at(self.cursor);
            self.text.insert(at, c);
            self.cursor += 1;
            return Edited::Changed;
        }
        let len = self.len();
        match (key.code, key.ctrl) {
            (KeyCode::Backspace, _) | (KeyCode::Char('h'), true) => {
                if self.cursor == 0 {
                    return Edited::Ignored;
                }
                let (a, b) = (self.byte_at(self.cursor - 1), self.byte_at(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor -= 1;
                Edited::Changed
            }
            (KeyCode::Delete, _) | (KeyCode::Char('d'), true) => {
                if self.cursor >= len {
                    return Edited::Ignored;
                }
                let (a, b) = (self.byte_at(self.cursor), self.byte_at(self.cursor + 1));
                self.text.replace_range(a..b, "");
                Edited::Changed
            }
            (KeyCode::Left, _) | (KeyCode::Char('b'), true) => {
                self.cursor = self.cursor.saturating_sub(1);
                Edited::Moved
            }
            (KeyCode::Right, _) | (KeyCode::Char('f'), true) => {
                self.cursor = (self.cursor + 1).min(len);
                Edited::Moved
            }
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => {
                self.cursor = 0;
                Edited::Moved
            }
            (KeyCode::End, _) | (KeyCode::Char('e'), true) => {
                self.cursor = len;
                Edited::Moved
            }
            (KeyCode::Char('u'), true) => {
                let at = self.byte_at(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
                Edited::Changed
            }
            (KeyCode::Char('k'), true) => {
                let at = self.byte_at(self.cursor);
                self.text.truncate(at);
                Edited::Changed
            }
            (KeyCode::Char('w'), true) => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                if start == self.cursor {
                    return Edited::Ignored;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
                Edited::Changed
            }
            _ => Edited::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(e: &mut LineEdit, keys: &str) {
        for k in Key::seq(keys) {
            e.key(k);
        }
    }

    #[test]
    fn readline_keys() {
        let mut e = LineEdit::new("");
        typed(&mut e, "v p n <Space> d r o p s");
        assert_eq!(e.text(), "vpn drops");
        typed(&mut e, "<C-w>");
        assert_eq!(e.text(), "vpn ");
        typed(&mut e, "<Home> <Right> <Del> X");
        assert_eq!(e.text(), "vXn ");
        typed(&mut e, "<End> <BS> <BS> é");
        assert_eq!(e.text(), "vXé");
        assert_eq!(e.cursor(), 3);
        typed(&mut e, "<Left> <C-k>");
        assert_eq!(e.text(), "vX");
        typed(&mut e, "<C-u>");
        assert_eq!(e.text(), "");
        assert_eq!(e.key(Key::plain(KeyCode::Enter)), Edited::Ignored);
    }
}
