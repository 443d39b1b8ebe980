//! `keys.toml`: one table per context (`[global]`, `[queue]`, `[ticket]`, `[kb]`, `[dialog]`),
//! each line `command = "keys"` (space-separated, in `Key::parse` notation). A command listed
//! gets exactly those keys in that context in place of its defaults; `""` unbinds it.

use toml::de::DeValue;

use super::{in_file_order, line_of, parse_toml, shown};
use crate::app::keymap::{BINDABLE, Command, Context, Keymap};
use crate::app::keys::{Key, KeyCode};

/// The keymap the file's text makes, or (line, problem).
pub fn parse(text: &str) -> Result<Keymap, (usize, String)> {
    let table = parse_toml(text)?;
    let mut keymap = Keymap::default();
    // Where each (context, command) was set, for naming the line of a clash.
    let mut lines: Vec<(Context, Command, usize)> = Vec::new();
    for (ctx_name, value) in in_file_order(&table) {
        let line = line_of(text, ctx_name.span().start);
        let Some(ctx) = Context::ALL
            .into_iter()
            .find(|c| c.id() == ctx_name.get_ref().as_ref())
        else {
            return Err((
                line,
                format!(
                    "unknown context '{}' (the tables are [global], [queue], [ticket], [kb], [dialog])",
                    shown(ctx_name.get_ref())
                ),
            ));
        };
        let DeValue::Table(bindings) = value.get_ref() else {
            return Err((
                line,
                format!(
                    "'{}' should be a table: [{}] and lines of command = \"keys\"",
                    ctx.id(),
                    ctx.id()
                ),
            ));
        };
        for (cmd_name, keys) in in_file_order(bindings) {
            let line = line_of(text, cmd_name.span().start);
            let name = cmd_name.get_ref().as_ref();
            let Some(cmd) = BINDABLE.iter().copied().find(|c| c.id() == name) else {
                return Err((
                    line,
                    format!(
                        "unknown command '{}' (`tend config keys` lists them)",
                        shown(name)
                    ),
                ));
            };
            let DeValue::String(keys) = keys.get_ref() else {
                return Err((
                    line,
                    format!("the keys for '{name}' should be a string, like \"j <Down>\""),
                ));
            };
            check_typable(name, keys).map_err(|p| (line, p))?;
            let mut parsed = Vec::new();
            for word in keys.split(' ').filter(|w| !w.is_empty()) {
                match Key::parse(word) {
                    Some(Key {
                        code: KeyCode::F(n),
                        ..
                    }) if !(1..=MAX_F_KEY).contains(&n) => {
                        return Err((
                            line,
                            format!(
                                "'{}' for '{name}' is no key a terminal sends (F-keys are <F1> to <F{MAX_F_KEY}>)",
                                shown(word)
                            ),
                        ));
                    }
                    Some(k) if !parsed.contains(&k) => parsed.push(k),
                    Some(_) => {}
                    None => {
                        return Err((
                            line,
                            format!(
                                "unknown key '{}' for '{name}' (keys look like j, G, ?, <C-d>, <Enter>, <S-Tab>, <F2>)",
                                shown(word)
                            ),
                        ));
                    }
                }
            }
            keymap.bind(ctx, cmd, parsed);
            lines.push((ctx, cmd, line));
        }
    }
    if let Some((ctx, key, first, second)) = keymap.clash() {
        let line_of_cmd = |c: Command| {
            lines
                .iter()
                .find(|(x, y, _)| *x == ctx && *y == c)
                .map(|(_, _, l)| *l)
        };
        let line = line_of_cmd(second)
            .or_else(|| line_of_cmd(first))
            .unwrap_or(0);
        return Err((
            line,
            format!(
                "'{}' is bound twice in [{}]: to '{}' and to '{}'",
                notation(key),
                ctx.id(),
                first.id(),
                second.id()
            ),
        ));
    }
    Ok(keymap)
}

/// The highest F-key accepted: crossterm reports F1 to F20 from legacy terminal sequences and up
/// to F24 where a terminal sends them; nothing sends an F0 or an F99.
const MAX_F_KEY: u8 = 24;

/// Refuses key text that cannot be typed as written: a control, invisible or format character
/// (an ESC written as `"\u001b"` would clash unseen with `<Esc>`), a space other than U+0020,
/// or only spaces (which would quietly unbind the command).
fn check_typable(name: &str, keys: &str) -> Result<(), String> {
    if let Some(c) = keys.chars().find(|c| {
        *c != ' '
            && (c.is_control()
                || c.is_whitespace()
                || crate::domain::text::is_hidden(*c)
                || *c == '\u{200d}')
    }) {
        let named = match c {
            '\x1b' => "; write <Esc>",
            '\t' => "; write <Tab> (keys are separated by spaces)",
            '\r' | '\n' => "; write <Enter>",
            '\x7f' | '\x08' => "; write <BS>",
            _ => "; keys look like j, G, ?, <C-d>, <Enter>, <S-Tab>, <F2>",
        };
        return Err(format!(
            "the keys for '{name}' contain {}{named}",
            crate::domain::text::code_point(c)
        ));
    }
    if !keys.is_empty() && keys.trim().is_empty() {
        return Err(format!(
            "the keys for '{name}' are only spaces: write <Space> for the space bar, or \"\" to unbind it"
        ));
    }
    Ok(())
}

/// A string as TOML writes it (quoted and escaped by the toml crate, never by hand).
pub(super) fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A key in the notation `Key::parse` reads back.
pub fn notation(k: Key) -> String {
    let name = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if !k.ctrl && !k.alt => return c.to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Backspace => "BS".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::F(n) => format!("F{n}"),
    };
    let ctrl = if k.ctrl { "C-" } else { "" };
    let alt = if k.alt { "A-" } else { "" };
    format!("<{ctrl}{alt}{name}>")
}

/// The bindings of `keymap` as a commented keys.toml a user can start from.
pub fn default_file(keymap: &Keymap) -> String {
    let mut out = String::from(
        "# tend key bindings. Save as keys.toml in tend's config directory (`tend config path`)\n\
         # and keep only what you change. One table per context; each line binds a command to\n\
         # keys, space-separated: a character (j, G, ?, ö) or <Enter> <Esc> <Tab> <S-Tab> <Space>\n\
         # <BS> <Del> <Up> <Down> <Left> <Right> <Home> <End> <PageUp> <PageDown> <F1>..<F24>,\n\
         # with C- (Ctrl) or A- (Alt): <C-d>. The keys listed replace the command's default keys\n\
         # in that context; \"\" unbinds it. A key is bound at most once per context; [queue],\n\
         # [ticket] and [kb] come before [global].\n",
    );
    let unbound: Vec<String> = BINDABLE
        .iter()
        .filter(|c| {
            !keymap
                .bindings()
                .iter()
                .any(|b| b.command == **c && !b.keys.is_empty())
        })
        .map(|c| c.id())
        .collect();
    if !unbound.is_empty() {
        out.push_str(&format!(
            "# No key (the : palette runs them; add one to any table): {}.\n",
            unbound.join(", ")
        ));
    }
    for ctx in Context::ALL {
        out.push_str(&format!("\n[{}]\n", ctx.id()));
        let mut seen: Vec<Command> = Vec::new();
        for b in keymap.bindings().iter().filter(|b| b.context == ctx) {
            if seen.contains(&b.command) {
                continue;
            }
            seen.push(b.command);
            let keys: Vec<String> = b.keys.iter().map(|k| notation(*k)).collect();
            out.push_str(&format!(
                "{} = {}  # {}\n",
                b.command.id(),
                toml_string(&keys.join(" ")),
                crate::domain::text::one_line(b.command.info().1)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::model::Pane;

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let km = Keymap::default();
        assert_eq!(parse(&default_file(&km)), Ok(km));
    }

    #[test]
    fn notation_reads_back() {
        for (_, keys, _, _) in crate::app::keymap::DEFAULTS {
            for k in Key::seq(keys) {
                assert_eq!(Key::parse(&notation(k)), Some(k), "{keys}");
            }
        }
    }

    #[test]
    fn problems_name_their_line() {
        let bad = |t: &str| {
            parse(t)
                .err()
                .map(|(l, p)| (l, p.split(' ').next().map(str::to_string)))
        };
        assert_eq!(bad("[queue]\n\nnope = \"x\"").map(|e| e.0), Some(3));
        assert_eq!(bad("[nowhere]\n").map(|e| e.0), Some(1));
        assert_eq!(
            bad("[queue]\nnext-view = \"<Hyper-x>\"").map(|e| e.0),
            Some(2)
        );
        assert_eq!(
            bad("[ticket]\nreply = \"r\"\nassign = \"r\"").map(|e| e.0),
            Some(3)
        );
        assert_eq!(bad("[queue\n").map(|e| e.0), Some(1));
        let km = parse("[queue]\nnext-view = \"w ö\"\n").unwrap_or_default();
        assert_eq!(
            km.lookup(Pane::Queue, Key::char('ö')),
            Some(Command::NextView)
        );
    }
}
