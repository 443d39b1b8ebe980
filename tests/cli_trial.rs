//! What a tester found in the CLI and the config files: lists cut quietly in --json/--csv,
//! config files that are FIFOs, devices or huge, key names that cannot be pressed, raw paths on
//! success, calendar results out of range, backup exit codes, hidden characters named by code
//! point, and small wording fixes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

const CUT: &str = "(the first 2 shown; more match: use --limit N, or --limit 0 for all)";

fn stderr_of(d: &Desk, args: &[&str]) -> (String, String) {
    let out = d.tend().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_format_of_a_cut_list_says_so_on_stderr() {
    let d = Desk::new();
    for t in ["Printer", "Printer jam", "Printer toner"] {
        d.new_ticket(t);
        d.ok(&["kb", "new", "--title", t, "--body", "Printer help"]);
    }
    for args in [
        &["ticket", "list", "--limit", "2"][..],
        &["ticket", "list", "--limit", "2", "--json"],
        &["ticket", "list", "--limit", "2", "--csv"],
        &["kb", "list", "--limit", "2"],
        &["kb", "list", "--limit", "2", "--json"],
        &["kb", "search", "printer", "--limit", "2"],
        &["kb", "search", "printer", "--limit", "2", "--json"],
        &["sla", "status", "--limit", "2"],
        &["sla", "status", "--limit", "2", "--json"],
    ] {
        let (out, err) = stderr_of(&d, args);
        assert_eq!(err.trim(), CUT, "{args:?}");
        assert!(!out.contains("first 2"), "{args:?}: {out}");
        if args.contains(&"--json") {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v.as_array().unwrap().len(), 2, "{args:?}");
        }
    }
    // Nothing is cut: no note.
    for args in [
        &["ticket", "list", "--limit", "3", "--json"][..],
        &["kb", "list", "--limit", "0", "--json"],
        &["sla", "status", "--limit", "3"],
    ] {
        let (_, err) = stderr_of(&d, args);
        assert_eq!(err, "", "{args:?}");
    }
}

/// `tend config check` against a config directory holding `name` made by `make`.
fn config_check(make: impl FnOnce(&std::path::Path)) -> (i32, String) {
    let d = Desk::new();
    let conf = d.dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    make(&conf);
    let out = d
        .tend()
        .env("TEND_CONFIG_DIR", &conf)
        .args(["config", "check"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_fifo_a_device_or_a_huge_config_file_is_refused_without_reading_it() {
    let (code, err) = config_check(|c| {
        let st = std::process::Command::new("mkfifo")
            .arg(c.join("theme.toml"))
            .status()
            .unwrap();
        assert!(st.success());
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("theme.toml:0: is not a regular file"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let (code, err) = config_check(|c| {
        std::os::unix::fs::symlink("/dev/zero", c.join("keys.toml")).unwrap();
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("keys.toml:0: is not a regular file"), "{err}");

    let (code, err) = config_check(|c| {
        let big = "# a comment line that says nothing at all\n".repeat(8000);
        std::fs::write(c.join("keys.toml"), big).unwrap();
    });
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("keys.toml:0: is 336000 bytes, over the limit"),
        "{err}"
    );

    let (code, err) = config_check(|c| {
        std::fs::write(c.join("theme.toml"), b"# ok\n# ok\n# caf\xe9\n").unwrap();
    });
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("theme.toml:3: not UTF-8 (the byte at offset 15)"),
        "{err}"
    );
}

/// Runs `tend config ARGS` with `keys.toml` holding `keys`: (exit code, stdout, stderr).
fn with_keys(keys: &str, args: &[&str]) -> (i32, String, String) {
    let d = Desk::new();
    let conf = d.dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(conf.join("keys.toml"), keys).unwrap();
    let out = d
        .tend()
        .env("TEND_CONFIG_DIR", &conf)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn keys_that_cannot_be_pressed_or_clash_unseen_are_refused() {
    for (text, says) in [
        (
            "[global]\nhelp = \"\\u001b\"\n",
            "keys.toml:2: the keys for 'help' contain U+001B (escape); write <Esc>",
        ),
        (
            "[global]\nhelp = \"\\t\"\n",
            "keys.toml:2: the keys for 'help' contain U+0009 (tab); write <Tab>",
        ),
        (
            "[global]\nhelp = \"\\u0000\"\n",
            "keys.toml:2: the keys for 'help' contain U+0000 (null)",
        ),
        (
            "[global]\nhelp = \"\\u202e\"\n",
            "keys.toml:2: the keys for 'help' contain U+202E (right-to-left override)",
        ),
        (
            "[global]\nhelp = \" \"\n",
            "keys.toml:2: the keys for 'help' are only spaces: write <Space>",
        ),
        (
            "[global]\nhelp = \"<F0>\"\n",
            "keys.toml:2: '<F0>' for 'help' is no key a terminal sends (F-keys are <F1> to <F24>)",
        ),
        (
            "[global]\nhelp = \"<F99>\"\n",
            "'<F99>' for 'help' is no key",
        ),
        (
            "[global]\nhelp = \"<C-F25>\"\n",
            "'<C-F25>' for 'help' is no key",
        ),
    ] {
        let (code, _, err) = with_keys(text, &["config", "check"]);
        assert_eq!(code, 2, "{text:?}: {err}");
        assert!(err.contains(says), "{text:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let (code, out, err) = with_keys("[global]\nhelp = \"<F24> ?\"\n", &["config", "check"]);
    assert_eq!((code, out.trim()), (0, "ok"), "{err}");
}

#[test]
fn config_keys_prints_toml_that_reads_back_to_the_same_bindings() {
    let tricky = "[global]\nhelp = '\" \\ # <F24>'\n[queue]\nnext-view = \"' ö\"\n";
    let (code, first, err) = with_keys(tricky, &["config", "keys"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        first.contains("help = '\" \\ # <F24>'") || first.contains(r#"help = "\" \\ # <F24>""#),
        "{first}"
    );
    let (code, second, err) = with_keys(&first, &["config", "keys"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first, second);
    let (code, _, err) = with_keys(&first, &["config", "check"]);
    assert_eq!(code, 0, "{err}");
    // Whatever `config keys` prints reads back: a control character is refused before it can
    // be printed raw into a TOML string (where TOML forbids it).
    for odd in ["\\u0001", "\\u007f", "\\u0085", "x\\u0008"] {
        let text = format!("[global]\nhelp = \"{odd}\"\n");
        let (code, printed, err) = with_keys(&text, &["config", "keys"]);
        if code == 0 {
            let (again, reprinted, err) = with_keys(&printed, &["config", "keys"]);
            assert_eq!((again, &reprinted), (0, &printed), "{odd}: {err}");
        } else {
            assert_eq!(code, 2, "{odd}: {err}");
        }
    }
}

#[test]
fn a_hidden_character_in_a_name_is_named_by_its_code_point() {
    let d = Desk::new();
    let out = d
        .tend()
        .args(["view", "save", "bi\u{202e}di", "--query", "status:open"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("contains U+202E (right-to-left override)"),
        "{err}"
    );
    assert!(!err.contains("contains '"), "{err}");
    let out = d
        .tend()
        .args(["ticket", "new", "--title", "x", "--assignee", "a\u{200b}b"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("contains U+200B (zero-width space)"), "{err}");
}

#[test]
fn paths_printed_on_success_are_escaped_like_errors() {
    let d = Desk::new();
    let weird = d.dir.path().join("we\nird\u{1b}[31m.db");
    let out = d
        .tend()
        .args(["db", "backup"])
        .arg(&weird)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(said.lines().count(), 1, "{said:?}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
    assert!(said.contains("we␤ird␛[31m.db"), "{said:?}");

    let e = Desk::uninitialised();
    let db = e.dir.path().join("de\u{1b}]0;x\u{7}sk.db");
    let out = common::tend_at(&db).arg("init").output().unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{7}'),
        "{said:?}"
    );
}

#[test]
fn init_on_an_empty_file_says_it_set_the_desk_up() {
    let d = Desk::uninitialised();
    std::fs::write(&d.db, b"").unwrap();
    let out = d.ok(&["init"]);
    assert!(
        out.trim_end().ends_with(": set up (the file was empty)"),
        "{out}"
    );
    let again = d.ok(&["init"]);
    assert!(
        again.trim_end().ends_with(": ready (already existed)"),
        "{again}"
    );
    d.new_ticket("works");
}

#[test]
fn calendar_add_refuses_results_outside_1970_to_2199() {
    let d = Desk::new();
    for (from, duration) in [
        ("1990-01-01T00:00:00Z", "-1000000000s"),
        ("2199-12-31T00:00:00Z", "100h"),
    ] {
        let out = d
            .tend()
            .args(["calendar", "add", "24x7", "--from", from])
            .arg(format!("--duration={duration}"))
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{duration}: {err}");
        assert!(err.contains("range") && err.contains("2199"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    // On a calendar open one hour a week, 100 years of business time ends thousands of years
    // on: refused with the same range, not an internal limit.
    d.ok(&[
        "calendar",
        "set",
        "sparse",
        "--tz",
        "UTC",
        "--hours",
        "sat 09:00-10:00",
    ]);
    let out = d
        .tend()
        .args([
            "calendar",
            "add",
            "sparse",
            "--from",
            "1970-01-01T00:00:00Z",
        ])
        .args(["--duration", "876000h"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("goes past the supported range (1970 to 2199)"),
        "{err}"
    );
    assert!(!err.contains("9999"), "{err}");
    let inside = d.ok(&[
        "calendar",
        "add",
        "24x7",
        "--from",
        "2199-12-31T00:00:00Z",
        "--duration",
        "23h",
    ]);
    assert!(inside.starts_with("2199-12-31T23:00:00"), "{inside}");
}

#[test]
fn a_backup_onto_an_existing_file_is_a_refused_request() {
    let d = Desk::new();
    let there = d.dir.path().join("there.db");
    std::fs::write(&there, b"x").unwrap();
    let out = d
        .tend()
        .args(["db", "backup"])
        .arg(&there)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("already exists (use --force to replace it)"),
        "{err}"
    );
    let out = d
        .tend()
        .args(["db", "backup"])
        .arg(d.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_time_without_an_offset_is_told_it_needs_one() {
    let d = Desk::new();
    let out = d
        .tend()
        .args([
            "calendar",
            "add",
            "24x7",
            "--from",
            "2026-12-24T11:00:00",
            "--duration",
            "1h",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("an RFC 3339 time needs an offset, e.g. 2026-12-24T11:00:00+01:00 or 2026-12-24T10:00:00Z"),
        "{err}"
    );
    assert!(!err.contains("premature"), "{err}");
}

#[test]
fn init_shared_in_a_tmp_that_holds_a_home_names_the_real_reason_in_one_clean_line() {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::uninitialised();
    let tmp = d.dir.path().join("tmp");
    std::fs::create_dir_all(tmp.join("someone")).unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let out = common::tend_at(&tmp.join("desk.db"))
        .env("HOME", tmp.join("someone"))
        .args(["init", "--shared", "--group", "4243"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is a shared system directory"), "{err}");
    assert!(!err.contains("home directory"), "{err}");
    assert!(!err.contains("   "), "a run of spaces: {err}");
    assert!(err.contains("mkdir /srv/helpdesk && chown"), "{err}");
}

#[test]
fn view_save_says_what_it_saved() {
    let d = Desk::new();
    let out = d.ok(&["view", "save", "Network", "-q", "group:network", "--team"]);
    let n = d.json(&["view", "list"]).as_array().unwrap().len();
    assert_eq!(
        out.trim(),
        format!("saved view 'Network' (team, position {n})")
    );
    let out = d.ok(&["view", "save", "Mine", "-q", "status:active"]);
    assert_eq!(
        out.trim(),
        format!("saved view 'Mine' (personal, position {})", n + 1)
    );
}

#[test]
fn a_bad_priority_in_a_query_does_not_offer_auto() {
    let d = Desk::new();
    let out = d
        .tend()
        .args(["ticket", "list", "--query", "prio:<=0"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("1 (critical) to 5 (planning)"), "{err}");
    assert!(!err.contains("auto"), "{err}");
    // Where auto is valid, it is still offered.
    let id = d.new_ticket("x").to_string();
    let out = d
        .tend()
        .args(["ticket", "update", &id, "--priority", "0"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("or auto"), "{err}");
}

#[test]
fn demo_and_db_together_are_refused() {
    let d = Desk::new();
    let other = d.dir.path().join("other.db");
    let out = d
        .tend()
        .arg("--demo")
        .arg("--db")
        .arg(&other)
        .args(["ticket", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--demo and --db cannot be used together"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!other.exists());
}

#[test]
fn a_backup_never_lands_on_a_live_desks_log_or_any_companion_name() {
    // A live desk: another process holds it open, so its -wal and -shm files exist.
    let live = Desk::new();
    let holder = rusqlite::Connection::open(&live.db).unwrap();
    holder
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get::<_, i64>(0))
        .unwrap();
    live.new_ticket("saved before the backup");
    let other = Desk::new();
    for suffix in ["-wal", "-shm", "-journal"] {
        let target = std::path::PathBuf::from(format!("{}{suffix}", live.db.display()));
        let before = std::fs::read(&target).ok();
        let out = other
            .tend()
            .args(["db", "backup", "--force"])
            .arg(&target)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{suffix}: {err}");
        assert!(
            err.contains(&format!("named like a database's {suffix} file")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(std::fs::read(&target).ok(), before, "{suffix} untouched");
    }
    // What the live desk reported as saved is still there, and more can be saved.
    live.new_ticket("saved after the refused backups");
    drop(holder);
    let mut titles = common::all_titles(&live.db);
    titles.sort();
    assert_eq!(
        titles,
        vec!["saved after the refused backups", "saved before the backup"]
    );
    assert!(common::checks_clean(&live.db));
}
