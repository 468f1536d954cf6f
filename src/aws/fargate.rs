//! Fargate task sizes (aws.md §4.2, §4.3).

/// CPU units from `"1024"`, `1024`, `"1 vCPU"`.
pub(crate) fn cpu_units(s: &str) -> Option<u32> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(v) = t.strip_suffix("vcpu") {
        let n: f64 = v.trim().parse().ok()?;
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "small positive")]
        return (n > 0.0).then(|| (n * 1024.0).round() as u32);
    }
    t.parse().ok()
}

/// Memory in MiB from `"2048"`, `2048`, `"2 GB"`, `"2GB"`.
pub(crate) fn memory_mib(s: &str) -> Option<u32> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(v) = t.strip_suffix("gb") {
        let n: f64 = v.trim().parse().ok()?;
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "small positive")]
        return (n > 0.0).then(|| (n * 1024.0).round() as u32);
    }
    t.parse().ok()
}

/// The memory values Fargate accepts for a CPU value (empty when the CPU is invalid).
pub(crate) fn valid_memory(cpu: u32) -> Vec<u32> {
    match cpu {
        256 => vec![512, 1024, 2048],
        512 => vec![1024, 2048, 3072, 4096],
        1024 => (2..=8).map(|g| g * 1024).collect(),
        2048 => (4..=16).map(|g| g * 1024).collect(),
        4096 => (8..=30).map(|g| g * 1024).collect(),
        8192 => (16..=60).step_by(4).map(|g| g * 1024).collect(),
        16384 => (32..=120).step_by(8).map(|g| g * 1024).collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn valid(cpu: u32, mem: u32) -> bool {
    valid_memory(cpu).contains(&mem)
}

/// The valid memory values, short: `512, 1024 or 2048`, `2048–8192 in steps of 1024`.
pub(crate) fn describe(mems: &[u32]) -> String {
    match mems {
        [] => String::new(),
        [one] => one.to_string(),
        [a, b, ..] if mems.len() > 4 => format!("{a}–{} in steps of {}", mems[mems.len() - 1], b - a),
        [init @ .., last] => format!("{} or {last}", init.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_and_its_neighbours() {
        let rows: &[(u32, &[u32])] = &[(256, &[512, 1024, 2048]), (512, &[1024, 2048, 3072, 4096])];
        for (cpu, mems) in rows {
            for m in *mems {
                assert!(valid(*cpu, *m));
            }
        }
        for (cpu, lo, hi, step) in [
            (1024, 2048, 8192, 1024),
            (2048, 4096, 16384, 1024),
            (4096, 8192, 30720, 1024),
            (8192, 16384, 61440, 4096),
            (16384, 32768, 122_880, 8192),
        ] {
            let mut m = lo;
            while m <= hi {
                assert!(valid(cpu, m), "{cpu}/{m}");
                m += step;
            }
            assert!(!valid(cpu, lo - step), "{cpu}/{}", lo - step);
            assert!(!valid(cpu, hi + step), "{cpu}/{}", hi + step);
            assert!(!valid(cpu, lo + step / 2), "{cpu}/{}", lo + step / 2);
        }
        assert!(!valid(256, 4096));
        assert!(!valid(1024, 1024));
        assert!(!valid(3000, 8192));
        assert_eq!(describe(&valid_memory(256)), "512, 1024 or 2048");
        assert_eq!(describe(&valid_memory(8192)), "16384–61440 in steps of 4096");
    }

    #[test]
    fn units() {
        assert_eq!(cpu_units("1 vCPU"), Some(1024));
        assert_eq!(cpu_units("0.25 vcpu"), Some(256));
        assert_eq!(cpu_units("512"), Some(512));
        assert_eq!(memory_mib("2 GB"), Some(2048));
        assert_eq!(memory_mib("2GB"), Some(2048));
        assert_eq!(memory_mib("1024"), Some(1024));
        assert_eq!(cpu_units("lots"), None);
    }
}
