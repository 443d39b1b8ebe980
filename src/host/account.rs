//! The OS account running tend: the process's real uid as the initial user namespace sees it,
//! named from `/etc/passwd`, and the other accounts that file knows (their names, their homes).
//!
//! Inside a user namespace (`unshare -r`, `unshare --map-user=N`, containers) the uid the process
//! sees is whatever the namespace maps, so the owner of `/proc/self` or the `Uid:` line would
//! record root or another user. There the uid is translated back through `/proc/self/uid_map` to
//! the parent namespace; whether that parent is the initial one cannot be checked without ioctls,
//! so such a record says so: `alice? (uid 1000 outside a user namespace; unverified)`.

use std::path::PathBuf;

/// The inode of the initial user namespace (the kernel's `PROC_USER_INIT_INO`).
const INITIAL_USER_NS: &str = "user:[4026531837]";

/// Where accounts are named.
const PASSWD: &str = "/etc/passwd";

/// The OS account of this process as the kernel's initial user namespace knows it (its real uid,
/// named from `/etc/passwd`), never `$USER` (which anyone can set) nor a namespace's mapping.
pub fn os_user() -> String {
    let status = std::fs::read_to_string("/proc/self/status").ok();
    let ns = std::fs::read_link("/proc/self/ns/user").ok();
    let uid_map = std::fs::read_to_string("/proc/self/uid_map").ok();
    let passwd = std::fs::read_to_string(PASSWD).unwrap_or_default();
    describe_account(
        status.as_deref(),
        ns.as_ref().map(|p| p.to_string_lossy()).as_deref(),
        uid_map.as_deref(),
        &passwd,
    )
}

/// `os_user` from what `/proc` says, so it can be tested without namespaces.
pub fn describe_account(
    status: Option<&str>,
    user_ns: Option<&str>,
    uid_map: Option<&str>,
    passwd: &str,
) -> String {
    let Some(uid) = status.and_then(real_uid) else {
        return "unknown (cannot read the real uid from /proc)".into();
    };
    match user_ns {
        Some(INITIAL_USER_NS) => user_name(passwd, uid).unwrap_or_else(|| format!("uid{uid}")),
        Some(_) => match uid_map.and_then(|m| map_out(m, uid)) {
            Some(outside) => format!(
                "{}? (uid {outside} outside a user namespace; unverified)",
                user_name(passwd, outside).unwrap_or_else(|| format!("uid{outside}"))
            ),
            None => format!("unknown (uid {uid} in a user namespace, not mapped; unverified)"),
        },
        None => format!("unknown (uid {uid}; cannot tell its user namespace)"),
    }
}

/// The first field of `Uid:` in `/proc/self/status`: the real uid.
fn real_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|s| s.parse().ok())
}

/// The uid in the parent namespace that `uid` (inside) maps to, from a `uid_map`.
fn map_out(uid_map: &str, uid: u32) -> Option<u64> {
    uid_map.lines().find_map(|line| {
        let mut f = line.split_whitespace().map(|s| s.parse::<u64>().ok());
        let (inside, outside, count) = (f.next()??, f.next()??, f.next()??);
        let uid = u64::from(uid);
        (inside <= uid && uid < inside.saturating_add(count)).then(|| outside + (uid - inside))
    })
}

fn user_name(passwd: &str, uid: impl Into<u64>) -> Option<String> {
    let uid = uid.into();
    passwd.lines().find_map(|line| {
        let mut parts = line.split(':');
        let name = parts.next()?;
        let id: u64 = parts.nth(1)?.parse().ok()?;
        (id == uid).then(|| name.to_string())
    })
}

/// The name of the account `uid` (from /etc/passwd), or `uid N`.
pub fn account_name(uid: u32) -> String {
    let passwd = std::fs::read_to_string(PASSWD).unwrap_or_default();
    user_name(&passwd, uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// Every home directory `/etc/passwd` names (absolute paths only), then `$HOME`.
pub fn home_dirs() -> Vec<PathBuf> {
    let passwd = std::fs::read_to_string(PASSWD).unwrap_or_default();
    passwd
        .lines()
        .filter_map(|l| l.split(':').nth(5))
        .filter(|h| h.starts_with('/'))
        .map(PathBuf::from)
        .chain(std::env::var_os("HOME").map(PathBuf::from))
        .filter(|h| h.is_absolute())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n";
    const STATUS_0: &str = "Name:\ttend\nUid:\t0\t0\t0\t0\n";
    const STATUS_1000: &str = "Name:\ttend\nUid:\t1000\t1001\t1000\t1000\n";

    #[test]
    fn initial_namespace_is_the_real_uid() {
        let a = describe_account(Some(STATUS_1000), Some(INITIAL_USER_NS), None, PASSWD);
        assert_eq!(a, "alice");
        let b = describe_account(
            Some("Uid:\t4242\t0\t0\t0\n"),
            Some(INITIAL_USER_NS),
            None,
            PASSWD,
        );
        assert_eq!(b, "uid4242");
    }

    #[test]
    fn a_namespace_is_translated_and_marked_unverified() {
        // `unshare -r` by alice: root inside, 1000 outside.
        let a = describe_account(
            Some(STATUS_0),
            Some("user:[4026532176]"),
            Some("         0       1000          1\n"),
            PASSWD,
        );
        assert_eq!(a, "alice? (uid 1000 outside a user namespace; unverified)");
        // `unshare --map-user=1000` by root.
        let b = describe_account(
            Some(STATUS_1000),
            Some("user:[4026532176]"),
            Some("      1000          0          1\n"),
            PASSWD,
        );
        assert_eq!(b, "root? (uid 0 outside a user namespace; unverified)");
        let c = describe_account(Some(STATUS_1000), Some("user:[1]"), Some(""), PASSWD);
        assert!(c.starts_with("unknown"), "{c}");
        assert!(describe_account(None, None, None, PASSWD).starts_with("unknown"));
        // (What `Actor` credits for `b` and `c` is tested in `store::actor`.)
    }
}
