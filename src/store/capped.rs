//! A reader for `tend import` that refuses an over-long JSON string while it streams past, so
//! a 300 MB description is refused after a few MiB instead of being read whole into memory.
//! It follows just enough JSON to know where strings start and end (quotes and escapes).

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// The longest string token accepted, in bytes as written: the 1 MiB text limit with every
/// character escaped (`\u0001` is six bytes for one), plus a little.
pub const MAX_STRING_BYTES: u64 = 6 * crate::domain::ticket::MAX_BODY_BYTES as u64 + 64;

/// Where an over-long string was found (byte offset of its start), once it was.
pub type TooLong = Rc<Cell<Option<u64>>>;

pub struct Capped<R> {
    inner: R,
    offset: u64,
    in_string: bool,
    escaped: bool,
    string_start: u64,
    too_long: TooLong,
}

impl<R: Read> Capped<R> {
    pub fn new(inner: R) -> (Capped<R>, TooLong) {
        let too_long = TooLong::default();
        let me = Capped {
            inner,
            offset: 0,
            in_string: false,
            escaped: false,
            string_start: 0,
            too_long: too_long.clone(),
        };
        (me, too_long)
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                if self.in_string && self.offset - self.string_start > MAX_STRING_BYTES {
                    self.too_long.set(Some(self.string_start));
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "a text longer than the limit",
                    ));
                }
            } else if b == b'"' {
                self.in_string = true;
                self.string_start = self.offset;
            }
            self.offset += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(data: &[u8]) -> (io::Result<Vec<u8>>, Option<u64>) {
        let (mut r, flag) = Capped::new(data);
        let mut out = Vec::new();
        let res = r.read_to_end(&mut out).map(|_| out);
        (res, flag.get())
    }

    #[test]
    fn long_strings_are_refused_and_escapes_followed() {
        let ok = format!("{{\"a\":\"{}\\\"\",\"b\":1}}", "x".repeat(1000));
        assert!(read_all(ok.as_bytes()).0.is_ok());
        let limit = MAX_STRING_BYTES as usize;
        let fits = format!("[\"{}\"]", "\\u0001".repeat(limit / 6 - 1));
        assert!(read_all(fits.as_bytes()).0.is_ok());
        let long = format!("[1, \"{}\"]", "y".repeat(limit + 10));
        let (res, at) = read_all(long.as_bytes());
        assert!(res.is_err());
        assert_eq!(at, Some(4));
        // Long runs outside strings (whitespace, numbers) are serde's business, not a string.
        let spaces = format!("[{}1]", " ".repeat(limit + 10));
        assert!(read_all(spaces.as_bytes()).0.is_ok());
    }
}
