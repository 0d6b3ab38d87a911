//! Sizes in bytes as people write them (`64M`, `512MiB`, `1048576`) and as messages show them.
//! Used for the limits a user may change: the size of a seed file, the memory of `sql`.

/// Reads a size: a whole number of bytes, optionally followed by `K`, `M` or `G` (each a power of
/// 1024; `KiB`, `MiB`, `GiB`, `KB`... and lower case are accepted too).
pub fn parse(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "cannot read size \"{s}\": write bytes, or a number with K, M or G"
            ));
        }
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("cannot read size \"{s}\": write bytes, or a number with K, M or G"))
}

/// A size for messages: `64 MiB` when it is a whole number of MiB (or KiB, GiB), else bytes.
pub fn show(n: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!("{} {unit}", n >> shift);
        }
    }
    format!("{n} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_show() {
        assert_eq!(parse("1048576"), Ok(1 << 20));
        assert_eq!(parse("64M"), Ok(64 << 20));
        assert_eq!(parse("512MiB"), Ok(512 << 20));
        assert_eq!(parse("2g"), Ok(2 << 30));
        assert_eq!(parse("1 K"), Ok(1024));
        assert!(parse("").is_err());
        assert!(parse("-1").is_err());
        assert!(parse("1.5G").is_err());
        assert!(parse("99999999999999999999").is_err());
        assert!(parse("17179869184G").is_err());
        assert_eq!(show(64 << 20), "64 MiB");
        assert_eq!(show(1024), "1 KiB");
        assert_eq!(show(1000), "1000 bytes");
    }
}
