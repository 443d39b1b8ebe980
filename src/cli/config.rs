//! `tend config ...`: where the config files are, and what is in force (a file to start from).

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

use super::UsageError;
use super::output::say;
use crate::config;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the directory tend reads keys.toml and theme.toml from ($TEND_CONFIG_DIR, else
    /// $XDG_CONFIG_HOME/tend or ~/.config/tend)
    Path,
    /// Print the key bindings in force as a commented keys.toml (checks your file first)
    Keys,
    /// Print the colours in force as a commented theme.toml (checks your file first)
    Theme,
    /// Check keys.toml and theme.toml: one line per problem, exit 2 when there is one
    Check,
}

/// Loads the config, a bad file being a usage error (exit 2) with its one line.
pub fn load() -> Result<config::Config> {
    config::load().map_err(|e| UsageError(e.to_string()).into())
}

pub fn run(cmd: &ConfigCommand) -> Result<ExitCode> {
    match cmd {
        ConfigCommand::Path => match config::dir() {
            Some(d) => say!("{}", super::output::path_shown(&d)),
            None => {
                return Err(UsageError(
                    "cannot find your config directory (is HOME set?); set TEND_CONFIG_DIR".into(),
                )
                .into());
            }
        },
        ConfigCommand::Keys => say!("{}", config::default_keys_file(&load()?.keymap).trim_end()),
        ConfigCommand::Theme => {
            say!("{}", config::default_theme_file(&load()?.colors).trim_end())
        }
        ConfigCommand::Check => {
            load()?;
            say!("ok");
        }
    }
    Ok(ExitCode::SUCCESS)
}
