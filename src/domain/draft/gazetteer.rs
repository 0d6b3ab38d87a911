//! The gazetteer of China's national high-tech zones, shipped as `high-tech-zones.csv` (see its
//! header for the source), and finding zones named in a text.

use std::sync::OnceLock;

/// One national high-tech zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Short name as newspapers write it (成都高新区); the archive's zone name.
    pub short: String,
    /// Full official name (成都高新技术产业开发区).
    pub full: String,
    /// Other names the zone goes by.
    pub aliases: Vec<String>,
    /// English name, in the archive's convention (Chengdu Hi-tech Zone).
    pub name_en: String,
    /// City, Chinese.
    pub city: String,
    /// City, English.
    pub city_en: String,
    /// Province, Chinese.
    pub province: String,
    /// Province, English.
    pub province_en: String,
}

impl Entry {
    /// Every way of writing the zone: short name, full name, other names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.short.as_str(), self.full.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

const CSV: &str = include_str!("high-tech-zones.csv");

/// The gazetteer, parsed once.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(CSV))
}

fn parse(csv: &str) -> Vec<Entry> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // the header
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 8, "high-tech-zones.csv: bad row {line}");
            Entry {
                short: f[0].into(),
                full: f[1].into(),
                aliases: f[2]
                    .split('/')
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect(),
                name_en: f[3].into(),
                city: f[4].into(),
                city_en: f[5].into(),
                province: f[6].into(),
                province_en: f[7].into(),
            }
        })
        .collect()
}

/// A zone named in a text: which entry, and the byte span of the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`entries`].
    pub entry: usize,
    /// Byte offset of the name.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
}

/// The zones a text names, in order; at each place the longest name wins (厦门火炬高新区 over
/// 厦门高新区 does not arise, but 长春净月高新区 over 长春高新区 does).
pub fn mentions(text: &str) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    for (i, e) in entries().iter().enumerate() {
        for name in e.names() {
            for (at, _) in text.match_indices(name) {
                found.push(Mention {
                    entry: i,
                    start: at,
                    end: at + name.len(),
                });
            }
        }
    }
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<Mention> = Vec::new();
    for m in found {
        if out.last().is_none_or(|l| m.start >= l.end) {
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_gazetteer_has_the_right_shape_and_no_duplicates() {
        let e = entries();
        assert!(e.len() >= 160, "{} zones", e.len());
        let mut names = HashSet::new();
        let mut english = HashSet::new();
        for z in e {
            for field in [&z.short, &z.full, &z.name_en, &z.city, &z.city_en] {
                assert!(!field.is_empty(), "{z:?}");
            }
            assert!(
                z.province.ends_with('省')
                    || z.province.ends_with('市')
                    || z.province.ends_with("自治区"),
                "{z:?}"
            );
            assert!(z.name_en.is_ascii(), "{z:?}");
            for n in z.names() {
                assert!(names.insert(n.to_string()), "name {n} twice");
            }
            assert!(
                english.insert(z.name_en.clone()),
                "English {} twice",
                z.name_en
            );
        }
    }

    /// A draft naming a zone the archive already holds must write it as the archive does (the
    /// loader refuses a zone under another English name): the embedded articles' zones agree.
    #[test]
    fn the_embedded_articles_zones_agree_with_the_gazetteer() {
        for src in crate::domain::seed::EMBEDDED {
            let article: crate::domain::model::ArticleFile =
                toml::from_str(src.article_toml).unwrap();
            for z in &article.zone {
                let e = entries()
                    .iter()
                    .find(|e| e.short == z.name)
                    .unwrap_or_else(|| panic!("{} is not in the gazetteer", z.name));
                assert_eq!(
                    (&e.name_en, &e.city, &e.city_en, &e.province, &e.province_en),
                    (&z.name_en, &z.city, &z.city_en, &z.province, &z.province_en),
                    "{}",
                    z.name
                );
            }
        }
    }

    #[test]
    fn zones_are_found_by_any_of_their_names() {
        let m = mentions("在厦门火炬高新区和武汉东湖高新区,东湖高新区");
        let names: Vec<&str> = m
            .iter()
            .map(|m| entries()[m.entry].short.as_str())
            .collect();
        assert_eq!(
            names,
            ["厦门火炬高新区", "武汉东湖高新区", "武汉东湖高新区"]
        );
    }
}
