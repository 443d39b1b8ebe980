//! This process's ids and file-creation mask, and whether another process is running.

/// The effective uid: who owns the files this process creates.
pub fn effective_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// The effective gid: the group of the files this process creates (outside setgid directories).
pub fn effective_gid() -> u32 {
    rustix::process::getegid().as_raw()
}

/// Clears the group bits of the umask, so files created from now on keep the group permissions
/// they are created with (the rest of the mask stays).
pub fn keep_group_bits_in_umask() {
    use rustix::fs::Mode;
    let old = rustix::process::umask(Mode::from_raw_mode(0o077));
    rustix::process::umask(Mode::from_raw_mode(old.as_raw_mode() & !0o070));
}

/// Whether a process with this id is running (Linux: /proc).
pub fn is_running(pid: u32) -> bool {
    std::path::Path::new("/proc").join(pid.to_string()).exists()
}
