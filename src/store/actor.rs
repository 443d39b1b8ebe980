//! Who is making a change: the name it is credited to, and the OS account that really made it
//! (read by `host::account::os_user`, which says how a user namespace is seen through).

pub use crate::domain::actor::Actor;
use crate::domain::names::validate_name;
use crate::host::account::os_user;

impl Actor {
    /// The actor for this process: `name` if given, else the OS user.
    pub fn current(name: Option<&str>) -> Actor {
        let os_user = os_user();
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| plain_os_name(&os_user));
        Actor::agent(name, os_user)
    }
}

/// The name to credit when no `--as` is given: the account name without the namespace remark,
/// made to fit the rules for names (so `uid1000` rather than the whole remark). An account
/// whose name breaks them (or is a reserved word such as `unknown`) is credited as `os-account`;
/// its real name is in the OS account column beside it.
fn plain_os_name(os_user: &str) -> String {
    let first = os_user.split([' ', '?']).next().unwrap_or_default();
    match validate_name("name", first) {
        Ok(n) => n,
        Err(_) => "os-account".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credited_name_is_the_account_without_the_namespace_remark() {
        // (`describe_account`'s answers, tested in `host::account`.)
        assert_eq!(
            plain_os_name("root? (uid 0 outside a user namespace; unverified)"),
            "root"
        );
        assert_eq!(
            plain_os_name("unknown (uid 1000 in a user namespace, not mapped; unverified)"),
            "os-account"
        );
    }
}
