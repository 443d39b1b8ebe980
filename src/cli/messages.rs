//! The one line a failed command prints on stderr: for clap's usage errors (which clap spreads
//! over 3-7 lines with a usage block) and for errors with a chain of causes (which must not say
//! the same thing twice, as "entity already exists: entity already exists" did).

use clap::CommandFactory;
use clap::error::ErrorKind;

use super::args::Cli;

/// One line for an error and its causes: each cause is added unless the line already says it
/// (an error whose message embeds its source, like `"{context}: {source}"`, would repeat it).
pub fn error_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = in_cli_words(cause).unwrap_or_else(|| cause.to_string());
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    crate::domain::text::one_line(&line).into_owned()
}

/// The rules the domain states without naming a front end, said with the CLI's flags.
fn in_cli_words(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    use crate::domain::error::{Invalid, PendingRule};
    let rule = match (
        cause.downcast_ref::<Invalid>(),
        cause.downcast_ref::<crate::store::StoreError>(),
    ) {
        (Some(Invalid::Pending(r)), _) => *r,
        (_, Some(crate::store::StoreError::Invalid(Invalid::Pending(r)))) => *r,
        _ => return None,
    };
    Some(
        match rule {
            PendingRule::ReasonWithoutPending => "--reason goes with --status pending",
            PendingRule::PendingWithoutReason => {
                "a pending ticket needs a reason: add --reason \"waiting for ...\""
            }
        }
        .to_string(),
    )
}

/// The subcommand path the user typed (`tend ticket list`), as far as it names subcommands.
fn command_path(argv: &[String]) -> (String, clap::Command) {
    let root = Cli::command();
    let mut cmd = root.clone();
    let mut path = vec![cmd.get_name().to_string()];
    let takes_value = |cmd: &clap::Command, flag: &str| {
        cmd.get_arguments().chain(root.get_arguments()).any(|a| {
            let named = match flag.strip_prefix("--") {
                Some(long) => a.get_long() == Some(long),
                None => flag.len() == 2 && a.get_short() == flag.chars().nth(1),
            };
            named && a.get_action().takes_values()
        })
    };
    let mut skip_value = false;
    for arg in argv.iter().skip(1) {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if arg.starts_with('-') {
            skip_value = !arg.contains('=') && takes_value(&cmd, arg);
            continue;
        }
        let Some(sub) = cmd.find_subcommand(arg).cloned() else {
            break;
        };
        path.push(sub.get_name().to_string());
        cmd = sub;
    }
    (path.join(" "), cmd)
}

/// One line for a clap error (help and version are not errors and are not passed here):
/// clap's own first sentence, its tip if it has one, and where to read more.
pub fn usage_line(e: &clap::Error, argv: &[String]) -> String {
    let (path, cmd) = command_path(argv);
    let more = format!("(see `{path} --help`)");
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let subs: Vec<&str> = cmd
            .get_subcommands()
            .map(|s| s.get_name())
            .filter(|n| *n != "help")
            .collect();
        return format!("`{path}` needs a command: {} {more}", subs.join(", "));
    }
    let rendered = e.render().to_string();
    let mut lines = rendered.lines();
    // The message: the first paragraph (a list of missing arguments continues it, indented).
    let mut message: Vec<String> = Vec::new();
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            break;
        }
        message.push(l.trim().to_string());
    }
    let mut line = message.join(" ");
    if let Some(rest) = line.strip_prefix("error: ") {
        line = rest.to_string();
    }
    let tips: Vec<String> = lines
        .filter_map(|l| l.trim().strip_prefix("tip: ").map(str::to_string))
        .collect();
    let mut out = line;
    for t in tips {
        out.push_str("; ");
        out.push_str(&t);
    }
    out.push(' ');
    out.push_str(&more);
    crate::domain::text::one_line(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn causes_are_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
        let err = anyhow::Error::new(crate::store::StoreError::io(
            "b.db already exists (use --force to replace it)",
            io,
        ));
        assert_eq!(
            error_line(&err),
            "b.db already exists (use --force to replace it): entity already exists"
        );
        let err = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_line(&err), "outer: inner");
    }

    #[test]
    fn usage_errors_are_one_line() {
        let argv: Vec<String> = ["tend", "ticket", "new"].map(String::from).to_vec();
        let e = Cli::try_parse_from(&argv).unwrap_err();
        let line = usage_line(&e, &argv);
        assert_eq!(
            line,
            "the following required arguments were not provided: --title <TITLE> (see `tend ticket new --help`)"
        );
        let argv: Vec<String> = ["tend", "ticket", "lst"].map(String::from).to_vec();
        let e = Cli::try_parse_from(&argv).unwrap_err();
        let line = usage_line(&e, &argv);
        assert!(
            line.starts_with("unrecognized subcommand 'lst'; a similar subcommand exists: 'list'"),
            "{line}"
        );
    }
}
