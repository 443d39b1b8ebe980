//! The command line, as clap definitions. This is a contract: scripts and tests rely on it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tend",
    version,
    about = "An IT service desk in the terminal: tickets, SLAs and a knowledge base in one SQLite file",
    after_help = "Exit codes: 0 ok, 1 error (disk, locks, a damaged file), 2 bad input, usage or a request the rules refuse, 3 conflict (someone else changed it first), 4 not found."
)]
pub struct Cli {
    /// The database file [default: tend.db in your data directory]
    #[arg(long, global = true, env = "TEND_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who changes are credited to [default: your OS user name]
    #[arg(long = "as", global = true, env = "TEND_USER", value_name = "NAME")]
    pub actor: Option<String>,

    /// Use the demo database (created with sample data on first use), never your real desk
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (safe to run again)
    Init(InitArgs),
    /// Open, list, show and change tickets
    #[command(subcommand)]
    Ticket(Box<TicketCommand>),
    /// The knowledge base
    #[command(subcommand)]
    Kb(KbCommand),
    /// Write every ticket, article and setting to stdout as JSON
    Export(ExportArgs),
    /// Read an export into an empty database (all or nothing)
    Import(ImportArgs),
    /// Check or back up the database file
    #[command(subcommand)]
    Db(DbCommand),
    /// Show or change the impact x urgency priority matrix
    #[command(subcommand)]
    Priority(PriorityCommand),
    /// Business-hours calendars, and business-time arithmetic on them
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// SLA policies, clocks and their explanation
    #[command(subcommand)]
    Sla(SlaCommand),
    /// Demo and test data
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Saved views of the queue: yours and the team's
    #[command(subcommand)]
    View(super::view::ViewCommand),
    /// Your key bindings and colours (keys.toml, theme.toml in the config directory)
    #[command(subcommand)]
    Config(super::config::ConfigCommand),
    /// Print a shell completion script to stdout: `tend completions bash > ~/.local/share/bash-completion/completions/tend`
    Completions {
        #[arg(value_enum)]
        shell: super::shell::Shell,
    },
    /// Print the manual page (roff) to stdout: `tend man | man -l -`
    Man,
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Fill an empty database with realistic synthetic data, fast (for measurements)
    Generate {
        /// How many tickets
        #[arg(long)]
        tickets: u64,
        /// How many knowledge-base articles
        #[arg(long, default_value_t = 100)]
        articles: usize,
        /// The same seed (and --now) gives the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The moment the data ends at [default: the start of today, UTC]
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Create or replace a calendar
    #[command(
        after_help = "Example: tend calendar set berlin --tz Europe/Berlin \\\n  --hours \"mon-fri 09:00-12:00,13:00-17:00\" --hours \"sat 10:00-14:00\" \\\n  --holiday 2026-12-25 --holiday 12-26 --special \"2026-12-24 09:00-12:00\"\n\nA day not mentioned in any --hours is closed. 22:00-06:00 runs past midnight; 24:00 ends a day."
    )]
    Set {
        name: String,
        /// IANA time zone, such as Europe/Berlin or America/New_York
        #[arg(long)]
        tz: String,
        /// Days and ranges: "mon-fri 09:00-17:00", "sat,sun 10:00-14:00" (repeat for more)
        #[arg(long, value_name = "DAYS RANGES", required = true)]
        hours: Vec<String>,
        /// A closed date: 2026-12-25 once, or 12-25 every year (repeat)
        #[arg(long, value_name = "DATE")]
        holiday: Vec<String>,
        /// A date with other hours: "2026-12-24 09:00-12:00" or "2026-12-31 closed" (repeat)
        #[arg(long, value_name = "DATE RANGES")]
        special: Vec<String>,
    },
    /// List calendars
    List {
        #[command(flatten)]
        format: Format,
    },
    /// Show one calendar
    Show {
        name: String,
        #[command(flatten)]
        format: Format,
    },
    /// Add business time to an instant (or subtract it: --duration -4h): prints the instant
    Add {
        name: String,
        #[arg(long, value_name = "RFC3339")]
        from: String,
        /// 90s, 45m, 4h, 1h30m, or 3d (business days); -4h counts back
        #[arg(long, allow_hyphen_values = true)]
        duration: String,
        /// A stretch when the clock stands still (repeat)
        #[arg(long, value_name = "FROM/TO")]
        pause: Vec<String>,
    },
    /// Business seconds between two instants (negative when --to is before --from)
    Between {
        name: String,
        #[arg(long, value_name = "RFC3339")]
        from: String,
        #[arg(long, value_name = "RFC3339")]
        to: String,
        /// A stretch when the clock stands still (repeat)
        #[arg(long, value_name = "FROM/TO")]
        pause: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SlaCommand {
    /// SLA policies: targets per priority
    #[command(subcommand)]
    Policy(Box<PolicyCommand>),
    /// Open tickets' clocks, most urgent first
    Status {
        /// At most this many tickets; 0 for all
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[command(flatten)]
        format: Format,
    },
    /// Every second of a ticket's clocks, and the rule behind it (a clock running for more
    /// than three weeks: its first and last week, the time between summed up)
    Explain {
        /// Ticket id (12 or #12)
        id: String,
        #[command(flatten)]
        format: Format,
    },
    /// Recompute every open ticket's clocks from its history
    Recompute,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Create or replace the targets of one priority in a policy
    Set {
        name: String,
        #[arg(long)]
        priority: String,
        /// Time to the first public reply, e.g. 1h
        #[arg(long)]
        response: String,
        /// Time to resolution, e.g. 8h or 3d
        #[arg(long)]
        resolve: String,
        /// Time between public updates, e.g. 4h
        #[arg(long)]
        update: Option<String>,
        /// A calendar name, or 24x7 for wall-clock time
        #[arg(long, default_value = "business")]
        calendar: String,
        /// Only tickets of this kind
        #[arg(long)]
        kind: Option<String>,
        /// Only tickets of this service
        #[arg(long)]
        service: Option<String>,
        /// Fraction of the budget after which a clock is at risk
        #[arg(long, default_value_t = 0.75)]
        warn: f64,
        /// Statuses that pause the clocks, comma-separated (`none` for never)
        #[arg(long, default_value = "pending")]
        pause_on: String,
        /// Take the scope (priority, kind, service) over from another policy that has a rule
        /// for exactly it: that rule is removed (two would tie, and one never apply)
        #[arg(long)]
        take_over: bool,
    },
    /// List every rule, in the order they are tried, and which apply
    List {
        #[command(flatten)]
        format: Format,
    },
    /// The rules of one policy
    Show {
        name: String,
        #[command(flatten)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Fill the new database with a realistic demo help desk
    #[arg(long)]
    pub demo: bool,
    /// Prepare the database for several Unix users of one group (needs --group)
    #[arg(long, requires = "group")]
    pub shared: bool,
    /// The Unix group that shares the database (a name or a gid)
    #[arg(long, requires = "shared")]
    pub group: Option<String>,
}

#[derive(Debug, Args)]
pub struct Format {
    /// Print JSON (stable snake_case fields, RFC 3339 times)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Open a ticket; prints its id
    New(NewTicketArgs),
    /// List tickets, newest first (active ones unless --status or status: in --query says otherwise)
    List(ListArgs),
    /// Show a ticket with its conversation, links and history
    Show {
        /// Ticket id (12 or #12)
        id: String,
        #[command(flatten)]
        format: Format,
    },
    /// Change fields or status of a ticket
    Update(UpdateArgs),
    /// Add a public reply (visible to the requester)
    Reply(EntryArgs),
    /// Add an internal note (agents only)
    Note(EntryArgs),
    /// Link two tickets
    Link(LinkArgs),
}

#[derive(Debug, Args)]
pub struct NewTicketArgs {
    #[arg(long)]
    pub title: String,
    /// incident, request, problem or change
    #[arg(long, default_value = "incident")]
    pub kind: String,
    /// high, medium or low
    #[arg(long, default_value = "medium")]
    pub impact: String,
    /// high, medium or low
    #[arg(long, default_value = "medium")]
    pub urgency: String,
    #[arg(long)]
    pub requester: Option<String>,
    /// An agent name, or `me`
    #[arg(long)]
    pub assignee: Option<String>,
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub service: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    /// A tag (repeat, or comma-separate)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The description; `-` reads it from stdin
    #[arg(long, value_name = "TEXT|-")]
    pub body: Option<String>,
    /// When the ticket was really opened (RFC 3339), e.g. for a phone call taken earlier
    #[arg(long, value_name = "RFC3339")]
    pub opened_at: Option<String>,
    #[command(flatten)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The whole filter in the query language, as in the app's `/`: e.g.
    /// 'prio:<=2 assignee:me -tag:vpn opened:>7d "disk full" sort:priority'. Like the flags, it
    /// lists active tickets (new, open, pending) unless it says status:..., status:all for every one
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true, conflicts_with_all = ["status", "kind", "assignee", "priority", "group", "tags", "search"])]
    pub query: Option<String>,
    /// Statuses, comma-separated, or `all` [default: new,open,pending]
    #[arg(long, value_name = "S,...")]
    pub status: Option<String>,
    /// Kinds, comma-separated
    #[arg(long, value_name = "K,...")]
    pub kind: Option<String>,
    /// An agent name, `me` or `none`
    #[arg(long, value_name = "A|me|none")]
    pub assignee: Option<String>,
    /// 2, 1,2, 1-3, <=2 or >=4
    #[arg(long, value_name = "P")]
    pub priority: Option<String>,
    /// Groups, comma-separated
    #[arg(long, value_name = "G,...")]
    pub group: Option<String>,
    /// Only tickets with this tag (repeat for all of several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Full-text search in titles, descriptions and conversation (`word*` for a prefix); in
    /// active tickets unless --status says otherwise (--status all for every one)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// SLA states, comma-separated: breached, at-risk, running, paused, met
    #[arg(long, value_name = "STATE,...")]
    pub sla: Option<String>,
    /// newest, oldest, priority, updated, due (soonest SLA due time first), or relevance (best
    /// match for --search first)
    #[arg(long, default_value = "newest")]
    pub sort: String,
    /// At most this many tickets; 0 for all
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with a header row
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Ticket id (12 or #12)
    pub id: String,
    /// new, open, pending, resolved, closed or cancelled
    #[arg(long)]
    pub status: Option<String>,
    /// Why the ticket is pending (with --status pending)
    #[arg(long)]
    pub reason: Option<String>,
    /// An agent name, `me`, or `none` to unassign
    #[arg(long)]
    pub assignee: Option<String>,
    #[arg(long)]
    pub impact: Option<String>,
    #[arg(long)]
    pub urgency: Option<String>,
    /// 1-5 to set by hand, or `auto` to follow impact x urgency again
    #[arg(long)]
    pub priority: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// The description; `-` reads it from stdin
    #[arg(long, value_name = "TEXT|-")]
    pub description: Option<String>,
    #[arg(long)]
    pub kind: Option<String>,
    /// A name, or `none` to clear
    #[arg(long)]
    pub requester: Option<String>,
    /// A group, or `none` to clear
    #[arg(long)]
    pub group: Option<String>,
    /// A service, or `none` to clear
    #[arg(long)]
    pub service: Option<String>,
    /// A category, or `none` to clear
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long = "add-tag", value_name = "TAG")]
    pub add_tags: Vec<String>,
    #[arg(long = "remove-tag", value_name = "TAG")]
    pub remove_tags: Vec<String>,
    /// Refuse (exit 3) unless the ticket is still at this version
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,
    #[command(flatten)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct EntryArgs {
    /// Ticket id (12 or #12)
    pub id: String,
    /// The text; `-` reads it from stdin
    #[arg(long, value_name = "TEXT|-")]
    pub body: String,
    #[command(flatten)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// Ticket id (12 or #12)
    pub id: String,
    /// The other ticket (12 or #12)
    #[arg(long, value_name = "ID")]
    pub to: String,
    /// relates (the default), duplicate (ID duplicates --to), caused-by (--to is the problem), parent (--to is the parent) or child
    #[arg(long, default_value = "relates")]
    pub kind: String,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Write a new article
    New {
        #[arg(long)]
        title: String,
        /// Markdown; `-` reads it from stdin
        #[arg(long, value_name = "TEXT|-")]
        body: Option<String>,
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// draft, internal or published
        #[arg(long, default_value = "draft")]
        state: String,
        #[command(flatten)]
        format: Format,
    },
    /// List articles, most recently changed first
    List {
        /// States, comma-separated
        #[arg(long)]
        state: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// At most this many articles; 0 for all
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[command(flatten)]
        format: Format,
    },
    /// Show an article
    Show {
        /// Article id (3 or KB-3)
        id: String,
        #[command(flatten)]
        format: Format,
    },
    /// Change an article
    Edit {
        /// Article id (3 or KB-3)
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// Markdown; `-` reads it from stdin
        #[arg(long, value_name = "TEXT|-")]
        body: Option<String>,
        #[arg(long)]
        state: Option<String>,
        #[arg(long = "add-tag", value_name = "TAG")]
        add_tags: Vec<String>,
        #[arg(long = "remove-tag", value_name = "TAG")]
        remove_tags: Vec<String>,
        /// Refuse (exit 3) unless the article is still at this version
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
        #[command(flatten)]
        format: Format,
    },
    /// Full-text search, best match first
    Search {
        text: String,
        /// States, comma-separated
        #[arg(long)]
        state: Option<String>,
        /// At most this many articles; 0 for all
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        format: Format,
    },
    /// Link an article to a ticket
    Link {
        /// Article id (3 or KB-3)
        id: String,
        /// Ticket id (12 or #12)
        #[arg(long, value_name = "ID")]
        ticket: String,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only json for now
    #[arg(long, default_value = "json")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An export file, or `-` for stdin
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Check integrity, schema and consistency (exit 1 when something is wrong)
    Check {
        #[command(flatten)]
        format: Format,
    },
    /// Copy the database to PATH while others keep working (SQLite online backup); the copy
    /// keeps the database's mode and group
    Backup {
        path: PathBuf,
        /// Replace PATH if it exists (never a database someone has open: see `db restore`)
        #[arg(long)]
        force: bool,
    },
    /// Replace the database's contents with a backup's, safely while others have it open
    /// (the current state is kept as a backup beside it first)
    Restore { backup: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum PriorityCommand {
    /// Print the matrix
    Show {
        #[command(flatten)]
        format: Format,
    },
    /// Set one cell: `tend priority set low high 2`
    Set {
        impact: String,
        urgency: String,
        priority: String,
    },
}
