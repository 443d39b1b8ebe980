//! Unix groups by name (`/etc/group`), for a desk shared with one.

/// Where groups are named.
pub const GROUP_FILE: &str = "/etc/group";

/// The gid of the group named `name`, `None` if there is none; an error if the file cannot be
/// read.
pub fn group_id(name: &str) -> std::io::Result<Option<u32>> {
    let groups = std::fs::read_to_string(GROUP_FILE)?;
    Ok(groups.lines().find_map(|l| {
        let mut f = l.split(':');
        let group = f.next()?;
        let gid = f.nth(1)?.parse::<u32>().ok()?;
        (group == name).then_some(gid)
    }))
}
