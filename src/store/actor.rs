//! Who is making a change: the name it is credited to, and the OS account that really made it.

use std::os::unix::fs::MetadataExt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `--as NAME`, `TEND_USER`, or the OS user.
    pub name: String,
    /// The operating-system account of this process, whatever `--as` says.
    pub os_user: String,
}

impl Actor {
    /// The actor for this process: `name` if given, else the OS user.
    pub fn current(name: Option<&str>) -> Actor {
        let os_user = os_user();
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| os_user.clone());
        Actor { name, os_user }
    }
}

/// The user name of this process's effective uid, read from the OS (not from `$USER`,
/// which anyone can set).
pub fn os_user() -> String {
    let uid = match std::fs::metadata("/proc/self") {
        Ok(m) => m.uid(),
        Err(_) => {
            return std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .unwrap_or_else(|_| "unknown".into());
        }
    };
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .filter_map(|line| {
            let mut parts = line.split(':');
            let name = parts.next()?;
            let id: u32 = parts.nth(1)?.parse().ok()?;
            (id == uid).then(|| name.to_string())
        })
        .next()
        .unwrap_or_else(|| format!("uid{uid}"))
}
