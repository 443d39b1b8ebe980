//! The machine's name (Linux: `/proc/sys/kernel/hostname`).

/// The host name, or empty when it cannot be read.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}
