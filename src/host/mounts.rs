//! The mount table (Linux: `/proc/self/mountinfo`): whether a path lives on a network
//! filesystem, where SQLite's locking is unsafe.

use std::path::Path;

/// The filesystem type when `path` lives on a network filesystem (Linux: /proc/self/mountinfo).
pub fn network_filesystem(path: &Path) -> Option<String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).ok()?;
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let fs_type = mount_fs_type(&info, &dir)?;
    is_network_fs(&fs_type).then_some(fs_type)
}

/// The filesystem type of the longest mount point containing `dir`.
pub fn mount_fs_type(mountinfo: &str, dir: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // id parent major:minor root mount-point options [optional...] - fstype source super
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(mount_point) = fields.get(4) else {
            continue;
        };
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let Some(fs_type) = fields.get(dash + 1) else {
            continue;
        };
        let mount_point = unescape_mount(mount_point);
        if dir.starts_with(&mount_point) {
            let len = mount_point.len();
            if best.as_ref().is_none_or(|(l, _)| len >= *l) {
                best = Some((len, fs_type.to_string()));
            }
        }
    }
    best.map(|(_, t)| t)
}

fn unescape_mount(s: &str) -> String {
    s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\134", "\\")
}

fn is_network_fs(fs_type: &str) -> bool {
    const NETWORK: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "ncpfs",
        "coda",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.glusterfs",
        "virtiofs",
    ];
    NETWORK.contains(&fs_type) || fs_type.starts_with("fuse.sshfs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_mount_of_a_path() {
        let info = "\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 22 0:35 / /srv/desk rw,relatime - nfs4 server:/desk rw
41 22 0:36 / /srv/desk\\040two rw - fuse.sshfs me@host: rw
";
        assert_eq!(
            mount_fs_type(info, Path::new("/srv/desk/a")).as_deref(),
            Some("nfs4")
        );
        assert_eq!(
            mount_fs_type(info, Path::new("/srv/desk two")).as_deref(),
            Some("fuse.sshfs")
        );
        assert_eq!(
            mount_fs_type(info, Path::new("/srv/other")).as_deref(),
            Some("ext4")
        );
        assert!(is_network_fs("nfs4") && is_network_fs("fuse.sshfs") && !is_network_fs("ext4"));
    }
}
