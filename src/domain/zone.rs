//! Naming a zone on the command line: users type 成都, 成都高新区, Chengdu, xian or Xi'an.

use crate::archive::Archive;

use crate::error::{Error, Result};

/// A zone's names, and the forms a user's typing is compared with.
struct Zone {
    name: String,
    name_en: String,
    /// Chinese names (zone, city) as written.
    zh: [String; 2],
    /// English names (zone, city) folded: lowercase, letters and digits only ("Xi'an" → "xian").
    en: [String; 2],
}

/// Lowercase letters and digits only, so "Xi'an", "xian" and "XI AN" compare equal.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// [`resolve`] for each `--zone` given (none: every zone), each zone once, in the order typed.
pub fn resolve_all(archive: &Archive, typed: &[String]) -> Result<Vec<String>> {
    let mut zones: Vec<String> = Vec::new();
    for t in typed {
        let z = resolve(archive, t)?;
        if !zones.contains(&z) {
            zones.push(z);
        }
    }
    Ok(zones)
}

/// Resolves what the user typed to a zone's Chinese name. An exact name wins (the zone's or its
/// city's, Chinese or English, English compared without case or punctuation); otherwise the typed
/// text must be the prefix of exactly one zone's names. Anything else is a usage error that lists
/// the zones.
pub fn resolve(archive: &Archive, typed: &str) -> Result<String> {
    let zones: Vec<Zone> = archive
        .zone_names()?
        .into_iter()
        .map(|z| Zone {
            en: [fold(&z.name_en), fold(&z.city_en)],
            zh: [z.name.clone(), z.city],
            name: z.name,
            name_en: z.name_en,
        })
        .collect();
    let t = typed.trim();
    let f = fold(t);
    let exact: Vec<&Zone> = zones
        .iter()
        .filter(|z| z.zh.iter().any(|n| n == t) || (!f.is_empty() && z.en.contains(&f)))
        .collect();
    let prefix: Vec<&Zone> = zones
        .iter()
        .filter(|z| {
            !t.is_empty()
                && (z.zh.iter().any(|n| n.starts_with(t))
                    || (!f.is_empty() && z.en.iter().any(|n| n.starts_with(&f))))
        })
        .collect();
    let listing = |list: &[&Zone]| {
        list.iter()
            .map(|z| format!("{} ({})", z.name, z.name_en))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (exact.as_slice(), prefix.as_slice()) {
        ([z], _) | ([], [z]) => Ok(z.name.clone()),
        ([], []) => Err(
            Error::usage(format!("unknown zone \"{typed}\""), "no zone has that name").fix(
                format!("use one of: {}", listing(&zones.iter().collect::<Vec<_>>())),
            ),
        ),
        (many, _) if many.len() > 1 => Err(Error::usage(
            format!("ambiguous zone \"{typed}\""),
            format!("it could be {}", listing(many)),
        )
        .fix("type more of the name")),
        (_, many) => Err(Error::usage(
            format!("ambiguous zone \"{typed}\""),
            format!("it could be {}", listing(many)),
        )
        .fix("type more of the name")),
    }
}
