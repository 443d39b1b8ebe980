//! Link-time settings for the `tend` binary.
//!
//! Packed relative relocations (DT_RELR): a position-independent executable carries one
//! relocation per pointer in its read-only data (chrono-tz's tables are most of them), 24 bytes
//! each, which the loader reads at every start. Packed, the table is about 20 KB instead of
//! about 850 KB: a `tend ticket list` starts about 1 MB smaller and a little sooner, with PIE
//! (address randomisation) kept. The loader must know the format (glibc 2.36 or later), so this
//! is only done for a Linux glibc target built on a host that has such a glibc.

use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if native && linux_gnu && glibc_at_least(2, 36) {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the host's glibc (`getconf GNU_LIBC_VERSION`: "glibc 2.36") is at least `major.minor`.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.trim().strip_prefix("glibc ") else {
        return false;
    };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}
