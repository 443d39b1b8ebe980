//! The system's time zone.

/// The system's time zone name (`TZ`, then `/etc/localtime`), else UTC.
pub fn system_zone() -> String {
    let valid = |z: &str| z.parse::<chrono_tz::Tz>().is_ok();
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.trim_start_matches(':');
        if valid(tz) {
            return tz.to_string();
        }
    }
    if let Ok(target) = std::fs::read_link("/etc/localtime") {
        let s = target.to_string_lossy();
        if let Some(i) = s.find("zoneinfo/") {
            let name = &s[i + "zoneinfo/".len()..];
            if valid(name) {
                return name.to_string();
            }
        }
    }
    "UTC".into()
}
