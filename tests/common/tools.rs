//! Tests that need a program from the system (tmux, script, strace): where it is missing they
//! say "skipped: ..." and return, except under CI (`CI=true`) for a program `.ci/run`
//! installs, where a missing one fails the test: a CI run never reports green for a test that
//! did not run.

use std::process::Command;

/// The programs `.ci/run` installs when they are missing (keep in step with it).
pub const CI_INSTALLS: &[&str] = &["tmux", "script", "strace"];

/// Whether `program probe` runs and succeeds here. When it does not: under CI, for a program
/// CI installs, panics; otherwise prints `skipped: PROGRAM is not installed (HINT)` and
/// answers false, and the test returns.
pub fn have(program: &str, probe: &str, hint: &str) -> bool {
    let runs = Command::new(program)
        .arg(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !(ci && CI_INSTALLS.contains(&program)),
        "{program} is not installed, but .ci/run installs it and CI=true: the test cannot run ({hint})"
    );
    eprintln!("skipped: {program} is not installed ({hint}); this test did not run");
    false
}
