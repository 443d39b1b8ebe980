//! Printing: tables that fit the terminal, CSV, JSON. Everything from the database is sanitized
//! before it is printed as text (JSON escapes it as JSON does).

use serde::Serialize;
use std::io::{IsTerminal, Write};

/// `println!` that never panics: a closed pipe (`tend ticket list | head`) ends the process
/// quietly, any other write error with one line. Only called after the data is saved.
macro_rules! say {
    ($($arg:tt)*) => { $crate::cli::output::say_line(format_args!($($arg)*)) };
}
pub(crate) use say;

pub fn say_line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let result = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    if let Err(e) = result {
        stdout_failed(&e);
    }
}

/// Ends the process after stdout failed.
pub fn stdout_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("tend: cannot write to stdout: {e}");
    std::process::exit(1);
}

use crate::domain::text::{fit, one_line, width};

/// A path as the CLI prints it, on success as in errors: one line, with every control, escape
/// and invisible character shown as a placeholder (a file may be called `we\nird\x1b[31m.db`).
pub fn path_shown(p: &std::path::Path) -> String {
    // A line break in a file name is shown as a symbol, not a space: the name printed must not
    // read as another file's.
    let s: String = p
        .display()
        .to_string()
        .chars()
        .map(|c| match c {
            '\n' => '␤',
            '\r' => '␍',
            c => c,
        })
        .collect();
    one_line(&s).into_owned()
}

/// On stderr (stdout stays clean for every format): a list was cut at `limit` and more match.
pub fn more_match(limit: usize) {
    eprintln!("(the first {limit} shown; more match: use --limit N, or --limit 0 for all)");
}

/// Keeps the first `limit` items of a list fetched with one more than `limit`, and says so on
/// stderr when there were more.
pub fn cut_to<T>(items: &mut Vec<T>, limit: usize) {
    if items.len() > limit {
        items.truncate(limit);
        more_match(limit);
    }
}

/// Columns available for a table: the terminal's width, `$COLUMNS`, or unlimited when piped.
pub fn available_width() -> Option<usize> {
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
    {
        return Some(usize::from(w).max(40));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .map(|w| w.max(40))
}

/// A column: its header, and whether it takes the room that is left (only one should).
pub struct Column {
    pub header: &'static str,
    pub flexible: bool,
}

impl Column {
    /// As wide as its widest cell.
    pub fn fixed(header: &'static str) -> Column {
        Column {
            header,
            flexible: false,
        }
    }
    /// Takes the room that is left, and is cut to fit.
    pub fn flex(header: &'static str) -> Column {
        Column {
            header,
            flexible: true,
        }
    }
}

/// Prints rows under headers, two spaces apart. The flexible column is cut (with `…`) to fit.
pub fn print_table(columns: &[Column], rows: &[Vec<String>]) {
    if let Err(e) = write_table(columns, rows) {
        stdout_failed(&e);
    }
}

fn write_table(columns: &[Column], rows: &[Vec<String>]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| width(c.header)).collect();
    for r in &rows {
        for (i, cell) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(cell));
            }
        }
    }
    if let Some(total) = available_width() {
        let gaps = 2 * columns.len().saturating_sub(1);
        let fixed: usize = columns
            .iter()
            .zip(&widths)
            .filter(|(c, _)| !c.flexible)
            .map(|(_, w)| *w)
            .sum();
        let room = total.saturating_sub(fixed + gaps).max(10);
        for (c, w) in columns.iter().zip(widths.iter_mut()) {
            if c.flexible {
                *w = (*w).min(room);
            }
        }
    }
    // Buffered: stdout alone writes (and, to a terminal, flushes) line by line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let line = |cells: Vec<String>, out: &mut dyn Write| -> std::io::Result<()> {
        let mut s = String::new();
        let last = cells.len().saturating_sub(1);
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let cell = fit(cell, *w);
            s.push_str(&cell);
            if i < last {
                s.push_str(&" ".repeat(w.saturating_sub(width(&cell)) + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(
        columns.iter().map(|c| c.header.to_string()).collect(),
        &mut out,
    )?;
    for r in rows {
        line(r, &mut out)?;
    }
    out.flush()
}

pub use crate::domain::text::count;

/// Pretty JSON to stdout, with C1 controls, bidi and invisible characters escaped as `\uXXXX`
/// (see `domain::safe_json`).
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    // Buffered: a pretty document is thousands of lines, and stdout writes line by line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = crate::domain::safe_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if let Err(e) = result {
        stdout_failed(&e);
    }
    Ok(())
}

/// One CSV field, made safe and quoted when it needs to be (RFC 4180). Safe means: control
/// and escape characters become visible placeholders (`one_line`), whether or not stdout is a
/// terminal, since the file is likely `cat`ed later; and a cell a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or CR, after
/// any blanks) gets a leading `'`, as OWASP advises
/// against CSV injection.
pub fn csv_field(s: &str) -> String {
    let formula = s
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['=', '+', '-', '@'])
        || s.starts_with(['\t', '\r']);
    let mut s = one_line(s).into_owned();
    if formula {
        s.insert(0, '\'');
    }
    if formula || s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn csv_line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// A long text for a terminal: sanitized, indented, and word-wrapped to the terminal's width.
pub fn indented(text: &str, indent: &str) -> String {
    let room = available_width().map(|w| w.saturating_sub(width(indent)).max(20));
    crate::domain::text::multi_line(text)
        .lines()
        .flat_map(|l| match room {
            Some(room) => wrap(l, room),
            None => vec![l.to_string()],
        })
        .map(|l| format!("{indent}{l}").trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Greedy word wrap by terminal columns; a word longer than the line is cut.
pub fn wrap(line: &str, room: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in line.split(' ') {
        let sep = usize::from(!cur.is_empty());
        if width(&cur) + sep + width(word) <= room {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        let mut rest = word.to_string();
        while width(&rest) > room {
            let mut head = String::new();
            let mut chars = rest.chars();
            for c in chars.by_ref() {
                if width(&head) + width(&c.to_string()) > room {
                    rest = std::iter::once(c).chain(chars).collect();
                    break;
                }
                head.push(c);
            }
            out.push(head);
        }
        cur = rest;
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping() {
        assert_eq!(
            wrap("the quick brown fox", 9),
            vec!["the quick", "brown fox"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("漢字漢字", 5), vec!["漢字", "漢字"]);
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_line(&["1".into(), "x\ny".into()]), "1,x y");
        assert_eq!(csv_field("=1+2"), "\"'=1+2\"");
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_field("-2"), "\"'-2\"");
        assert_eq!(csv_field("+1"), "\"'+1\"");
        assert_eq!(csv_field("a=b"), "a=b");
        assert_eq!(csv_field("\tx"), "\"' x\"");
        assert_eq!(csv_field(" =1"), "\"' =1\"");
        assert_eq!(csv_field("don't"), "don't");
        assert_eq!(csv_field("a\x1b]52;c;x\x07"), "a␛]52;c;x␇");
    }
}
