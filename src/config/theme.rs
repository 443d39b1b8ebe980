//! `theme.toml`: `role = "colour"` lines, a role per line, each one of the 16 ANSI colours by
//! name (or "default": the terminal's own). NO_COLOR still turns all colour off.

use ratatui::style::Color;
use toml::de::DeValue;

use super::{in_file_order, line_of, parse_toml, shown};
use crate::ui::theme::{COLOR_NAMES, Colors, Role, color_name};

/// The colours the file's text makes, or (line, problem).
pub fn parse(text: &str) -> Result<Colors, (usize, String)> {
    let table = parse_toml(text)?;
    let mut colors = Colors::default();
    for (name, value) in in_file_order(&table) {
        let line = line_of(text, name.span().start);
        let Some(role) = Role::ALL
            .into_iter()
            .find(|r| r.id() == name.get_ref().as_ref())
        else {
            return Err((
                line,
                format!(
                    "unknown role '{}' (`tend config theme` lists them)",
                    shown(name.get_ref())
                ),
            ));
        };
        let DeValue::String(c) = value.get_ref() else {
            return Err((
                line,
                format!(
                    "the colour of '{}' should be a string, like \"cyan\"",
                    role.id()
                ),
            ));
        };
        let color = match c.trim().to_ascii_lowercase().as_str() {
            "default" => Color::Reset,
            n => COLOR_NAMES
                .iter()
                .find(|(x, _)| *x == n)
                .map(|(_, c)| *c)
                .ok_or_else(|| {
                    (
                        line,
                        format!(
                            "unknown colour '{}' for '{}' (black, red, green, yellow, blue, magenta, cyan, white, their bright- forms, or default)",
                            shown(c),
                            role.id()
                        ),
                    )
                })?,
        };
        colors.set(role, color);
    }
    Ok(colors)
}

/// `colors` as a commented theme.toml.
pub fn default_file(colors: &Colors) -> String {
    let mut out = String::from(
        "# tend colours. Save as theme.toml in tend's config directory (`tend config path`) and\n\
         # keep only what you change. Colours: black red green yellow blue magenta cyan white,\n\
         # bright-black ... bright-white, or default (the terminal's own). NO_COLOR turns all\n\
         # colour off.\n\n",
    );
    for role in Role::ALL {
        let c = colors.get(role);
        let name = if c == Color::Reset {
            "default"
        } else {
            color_name(c)
        };
        out.push_str(&format!(
            "{} = {}  # {}\n",
            role.id(),
            super::keys::toml_string(name),
            role.info().2
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads_back_and_bad_colours_name_their_line() {
        let c = Colors::default();
        assert_eq!(parse(&default_file(&c)), Ok(c));
        assert_eq!(
            parse("key = \"yellow\"\nerror = \"pink\"")
                .err()
                .map(|e| e.0),
            Some(2)
        );
        assert_eq!(parse("nope = \"red\"").err().map(|e| e.0), Some(1));
    }

    #[test]
    fn a_role_colours_what_it_names_unless_colour_is_off() {
        use crate::ui::theme::Theme;
        let colors = parse("key = \"bright-yellow\"\ndim = \"default\"").unwrap_or_default();
        let on = Theme {
            color: true,
            colors,
        };
        assert_eq!(on.key().fg, Some(Color::LightYellow));
        assert_eq!(on.dim().fg, Some(Color::Reset));
        let off = Theme {
            color: false,
            colors,
        };
        assert_eq!(off.key().fg, None, "NO_COLOR wins");
    }
}
