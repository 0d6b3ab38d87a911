//! `frontline draft`: the first reading of a new article. Turns the plain text of a page into an
//! article directory in the seed's format (`article.toml`, `facts.toml`), every drafted record
//! citing its passage and carrying `# review:` notes that say how it was found and what is
//! uncertain, so that a person reviews and corrects instead of typing.
//!
//! The draft is deterministic (the same text gives the same bytes), needs no archive and no
//! network, and an unedited draft imports: it follows every rule of the loader
//! ([`crate::domain::seed`]). Nothing here is specific to one article: the rules read layout,
//! suffixes, units and titles, and the only data are the gazetteer of national high-tech zones and
//! jieba's dictionary.

pub mod events;
pub mod gazetteer;
pub mod layout;
pub mod numbers;
pub mod orgs;
pub mod people;
pub mod text;
mod write;

use std::collections::BTreeMap;

use crate::domain::model::ParagraphKind;
use layout::Layout;
use numbers::Meaning;
use text::{Quote, cite, quote_exact, sentence};

/// What the caller knows about the article.
#[derive(Debug, Clone)]
pub struct Options {
    /// The article's slug.
    pub slug: String,
    /// The file the text came from (its name only).
    pub source_file: String,
    /// The year of dates printed without one; `None` means: find it in the text.
    pub year: Option<i32>,
}

/// Why a text cannot be drafted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No year given and none printed.
    NoYear,
    /// No story could be read, and why.
    NoStory(String),
}

/// A drafted article directory: the two TOML files and what they hold.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `article.toml`.
    pub article_toml: String,
    /// `facts.toml`.
    pub facts_toml: String,
    /// Records drafted per kind (stories, zones, organizations, ...), for the summary.
    pub counts: Vec<(&'static str, usize)>,
    /// The year used, and where it came from.
    pub year: (i32, &'static str),
}

/// A drafted record's citation.
#[derive(Debug, Clone)]
pub struct Cited {
    /// Paragraph key.
    pub p: String,
    /// Quote and occurrence.
    pub quote: Quote,
}

#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub name: String,
    pub kind: &'static str,
    pub zone: Option<String>,
    pub parent: Option<String>,
    pub host: Option<String>,
    pub cite: Cited,
    pub review: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub name: String,
    pub kind: &'static str,
    pub zone: String,
    pub count: String,
    pub cite: Cited,
    pub review: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub org: String,
    pub title: String,
    pub cite: Cited,
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub name: String,
    pub zone: String,
    pub party_member: Option<bool>,
    pub roles: Vec<Role>,
    pub cite: Cited,
    pub review: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Material {
    pub name: String,
    pub category: &'static str,
    pub unit: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Donation {
    pub zone: String,
    pub kind: &'static str,
    pub material: String,
    pub quantity: String,
    pub donors: Vec<String>,
    pub recipient: Option<String>,
    pub cite: Cited,
    pub review: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub key: Option<String>,
    pub zone: String,
    pub metric: String,
    pub description: String,
    pub phrase: String,
    pub value: i64,
    pub unit: String,
    pub as_of: Option<String>,
    pub restates: Option<String>,
    pub headline: bool,
    pub cite: Cited,
    pub review: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub zone: String,
    pub date: String,
    pub iso: String,
    pub org: Option<String>,
    pub person: Option<String>,
    pub description: String,
    pub cite: Cited,
    pub review: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub zone: String,
    pub title: String,
    pub cite: Cited,
    pub review: Vec<String>,
}

/// Everything drafted from one page.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub orgs: Vec<Org>,
    pub teams: Vec<Team>,
    pub people: Vec<Person>,
    pub materials: Vec<Material>,
    pub donations: Vec<Donation>,
    pub figures: Vec<Figure>,
    pub events: Vec<Event>,
    pub documents: Vec<Document>,
}

/// The year of the article: given, else the first year printed (2020年), else refused.
pub fn year(text: &str, given: Option<i32>) -> Result<(i32, &'static str), Refusal> {
    if let Some(y) = given {
        return Ok((y, "given with --year"));
    }
    let mut from = 0;
    while let Some(at) = text[from..].find('年') {
        let end = from + at;
        let digits: Vec<u32> = text[..end]
            .chars()
            .rev()
            .map_while(text::digit_value)
            .collect();
        if digits.len() == 4 {
            let y = digits.iter().rev().fold(0, |y, d| y * 10 + d);
            if (1900..=2100).contains(&y) {
                return Ok((y as i32, "the first year printed in the article"));
            }
        }
        from = end + '年'.len_utf8();
    }
    Err(Refusal::NoYear)
}

/// Drafts the article directory for `text`.
pub fn draft(text: &str, opts: &Options) -> Result<Draft, Refusal> {
    let layout = layout::read(text).map_err(|e| Refusal::NoStory(e.0))?;
    let (year, year_source) = year(text, opts.year)?;
    let facts = extract(&layout, year);
    let article_toml = write::article(text, opts, year, year_source, &layout);
    let facts_toml = write::facts(&facts);
    let zones = layout
        .stories
        .iter()
        .map(|s| s.zone.name())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    Ok(Draft {
        article_toml,
        facts_toml,
        counts: vec![
            ("stories", layout.stories.len()),
            ("zones", zones),
            ("paragraphs", layout.paras.len()),
            ("organizations", facts.orgs.len()),
            ("teams", facts.teams.len()),
            ("people", facts.people.len()),
            ("donations", facts.donations.len()),
            ("figures", facts.figures.len()),
            ("events", facts.events.len()),
            ("documents", facts.documents.len()),
        ],
        year: (year, year_source),
    })
}

fn cited(p: &str, quote: Quote) -> Cited {
    Cited {
        p: p.to_string(),
        quote,
    }
}

/// Whether an organization stands outside the zones (a province's or county's body).
fn outside(name: &str, kind: &str, zone_names: &[String]) -> bool {
    !zone_names.iter().any(|z| name.contains(z.as_str()))
        && (name.contains('省')
            || kind == "county"
            || name.ends_with("市委")
            || name.ends_with("县委"))
}

fn extract(layout: &Layout, year: i32) -> Facts {
    let mut f = Facts::default();
    let authors: Vec<&String> = layout.stories.iter().flat_map(|s| &s.authors).collect();
    let mut zone_names: Vec<String> = layout
        .stories
        .iter()
        .map(|s| s.zone.name().to_string())
        .collect();
    for s in &layout.stories {
        if let Some(e) = s.zone.entry() {
            zone_names.extend(e.names().map(String::from));
        }
    }
    for (pi, para) in layout.paras.iter().enumerate() {
        if para.kind == ParagraphKind::Byline {
            continue;
        }
        let zone = layout.zone_of(pi).name().to_string();
        let t = para.text;
        let key = &para.key;

        // Organizations.
        let found_orgs = orgs::find(t, &zone_names);
        for o in &found_orgs {
            if f.orgs.iter().any(|x| x.name == o.name) {
                continue;
            }
            let is_outside = outside(&o.name, o.kind, &zone_names);
            let mut review = vec![format!("organization: {}", o.how)];
            review.push(if is_outside {
                "no zone: the name shows a body outside the zone; check".into()
            } else {
                format!("zone {zone} is the story's; check that it stands in the zone")
            });
            f.orgs.push(Org {
                name: o.name.clone(),
                kind: o.kind,
                zone: (!is_outside).then(|| zone.clone()),
                parent: o.parent.clone(),
                host: o.host.clone(),
                cite: cited(
                    key,
                    quote_exact(t, o.start, o.end).unwrap_or_else(|| cite(t, o.start, o.end)),
                ),
                review,
            });
        }

        // People.
        if para.kind == ParagraphKind::Body {
            for p in people::find(t) {
                if authors.contains(&&p.name)
                    || f.people.iter().any(|x| x.name == p.name && x.zone == zone)
                {
                    continue;
                }
                let mut review = vec![format!("person: {}", p.how)];
                let mut roles = Vec::new();
                let mut span_start = p.start;
                let mut party = None;
                if let Some((title, ts)) = &p.title {
                    let org = found_orgs
                        .iter()
                        .filter(|o| {
                            o.name_end <= *ts
                                && t[o.name_end..*ts].chars().all(text::is_han)
                                && t[o.name_end..*ts].chars().count() <= 10
                        })
                        .max_by_key(|o| o.name_end);
                    match org {
                        Some(o) if f.orgs.iter().any(|x| x.name == o.name) => {
                            let full_title = &t[o.name_end..p.start];
                            if let Some(q) = quote_exact(t, o.start.min(*ts), p.end) {
                                roles.push(Role {
                                    org: o.name.clone(),
                                    title: full_title.to_string(),
                                    cite: cited(key, q),
                                });
                                span_start = o.start.min(*ts);
                                review.push(format!("role {full_title} in {} (written before the name); title_en to translate", o.name));
                            }
                        }
                        _ => {
                            span_start = *ts;
                            review.push(format!("title {title}: no organization written with it, so no role is drafted"));
                        }
                    }
                    let before = &t[..*ts];
                    if title.contains("书记")
                        || title.contains("党委")
                        || before.ends_with("党员、")
                        || before.ends_with("共产党员")
                        || title == "党员"
                    {
                        party = Some(true);
                        review.push("party_member: the title or the words before it say so".into());
                    }
                }
                if party.is_none() {
                    review.push("party_member left out: the text does not say it next to the name; add it only if the page says so".into());
                }
                let q =
                    quote_exact(t, span_start, p.end).unwrap_or_else(|| cite(t, p.start, p.end));
                f.people.push(Person {
                    name: p.name,
                    zone: zone.clone(),
                    party_member: party,
                    roles,
                    cite: cited(key, q),
                    review,
                });
            }
        }

        // Quantities.
        let dates = events::dates(t, year);
        for ph in numbers::phrases(t) {
            let m = numbers::meaning(t, &ph);
            let q = &ph.quantity;
            let base = format!(
                "quantity {} read as {} {} ({})",
                ph.text,
                q.value,
                q.unit,
                q.qualifier.as_str()
            );
            let (ss, _) = sentence(t, ph.start, ph.end);
            let orgs_before: Vec<&orgs::Found> = found_orgs
                .iter()
                .filter(|o| o.end <= ph.start && o.start >= ss)
                .collect();
            let clause_quote = cite(t, ph.start, ph.end);
            match &m {
                // The archive counts one team or more; 0支 is a figure.
                Meaning::Teams { name, kind } if q.value >= 1 => f.teams.push(Team {
                    name: name.clone(),
                    kind,
                    zone: zone.clone(),
                    count: ph.text.clone(),
                    cite: cited(key, clause_quote),
                    review: vec![base, format!("teams: {name} counted by {}; kind {kind} from the name's ending; organizer not drafted", ph.text)],
                }),
                Meaning::Money { kind, why } | Meaning::Material { kind, why, .. } => {
                    let (material, category, unit) = match &m {
                        Meaning::Material { name, category, .. } => (material_name(name, &q.unit), *category, q.unit.clone()),
                        _ => ("资金".to_string(), "money", q.unit.clone()),
                    };
                    if !f.materials.iter().any(|x| x.name == material) {
                        f.materials.push(Material { name: material.clone(), category, unit });
                    }
                    let donor = orgs_before.iter().rev().find(|o| !o.recipient).map(|o| o.name.clone());
                    let recipient = found_orgs.iter().find(|o| o.recipient && o.start >= ss && f.orgs.iter().any(|x| x.name == o.name)).map(|o| o.name.clone());
                    let mut review = vec![base, format!("donation ({kind}): {why}")];
                    if let Meaning::Material { name, .. } = &m
                        && *name != material
                    {
                        review.push(format!("material {material}: the archive counts a material in one unit, and {name} is counted in {} only when that is its usual unit; merge it by converting the count if you can", usual_unit(name).unwrap_or("no usual unit")));
                    }
                    review.push(match &donor {
                        Some(d) => format!("donor {d}: the last organization written before it in the sentence; check"),
                        None => "no donor organization found in the sentence: add donors".into(),
                    });
                    f.donations.push(Donation {
                        zone: zone.clone(),
                        kind,
                        material,
                        quantity: ph.text.clone(),
                        donors: donor.into_iter().collect(),
                        recipient,
                        cite: cited(key, clause_quote),
                        review,
                    });
                }
                _ => {
                    let (metric, sure, why) = match m {
                        Meaning::Figure { metric, sure, why } => (metric, sure, why),
                        Meaning::Teams { name, .. } => ("teams".to_string(), false, format!("a count of {name} below one")),
                        _ => unreachable!("money and materials are handled above"),
                    };
                    let mut review = vec![base, format!("figure, metric {metric}: {why}")];
                    if !sure {
                        review.push("what is counted is uncertain: check the metric".into());
                    }
                    review.push("subject: the zone; set org, team or person if the count is theirs, and part_of if a larger figure contains it".into());
                    // 截至2月2日, … 1万余家: the figure is as of that date.
                    let mut as_of = None;
                    let mut quote = clause_quote;
                    if let Some(d) = dates.iter().rev().find(|d| d.end <= ph.start && d.start >= ss && (t[..d.start].ends_with("截至") || t[..d.start].ends_with("截止")))
                        && let Some(qq) = quote_exact(t, d.start - "截至".len(), text::clause(t, ph.start, ph.end).1)
                    {
                        as_of = Some(d.phrase.clone());
                        quote = qq;
                        review.push(format!("as_of {}: written 截至 before it", d.phrase));
                    }
                    let description = text::clause(t, ph.start, ph.end);
                    f.figures.push(Figure {
                        key: None,
                        zone: zone.clone(),
                        metric,
                        description: t[description.0..description.1].to_string(),
                        phrase: ph.text.clone(),
                        value: q.value,
                        unit: q.unit.clone(),
                        as_of,
                        restates: None,
                        headline: para.kind == ParagraphKind::Headline,
                        cite: cited(key, quote),
                        review,
                    });
                }
            }
        }

        // Events.
        if para.kind == ParagraphKind::Body {
            for d in &dates {
                let (s, e) = events::event_span(t, d);
                let Some(q) = quote_exact(t, s, e) else {
                    continue;
                };
                let (ss, se) = sentence(t, d.start, d.end);
                let sent = &t[ss..se];
                let person = f
                    .people
                    .iter()
                    .find(|p| p.zone == zone && sent.contains(p.name.as_str()))
                    .map(|p| p.name.clone());
                let org = found_orgs
                    .iter()
                    .find(|o| {
                        o.start >= ss && o.end <= se && f.orgs.iter().any(|x| x.name == o.name)
                    })
                    .map(|o| o.name.clone());
                let description: String = d.what.chars().take(60).collect();
                let mut review = vec![format!(
                    "event: the date {} ({}) and the sentence it opens",
                    d.phrase, d.iso
                )];
                if !d.phrase.contains('年') {
                    review.push(format!("year {year} filled in (marked inferred)"));
                }
                review.push("description is the sentence as written; description_en is a placeholder to translate (the schema requires one)".into());
                f.events.push(Event {
                    zone: zone.clone(),
                    date: d.phrase.clone(),
                    iso: d.iso.clone(),
                    org,
                    person,
                    description,
                    cite: cited(key, q),
                    review,
                });
            }
        }

        // Documents.
        for (title, s, e) in events::documents(t) {
            if f.documents
                .iter()
                .any(|d| d.title == title && d.zone == zone)
            {
                continue;
            }
            let q = text::clause(t, s, e);
            let quote = quote_exact(t, q.0, q.1)
                .or_else(|| quote_exact(t, s, e))
                .unwrap_or_else(|| cite(t, s, e));
            f.documents.push(Document {
                zone: zone.clone(),
                title,
                cite: cited(key, quote),
                review: vec!["document: a title in 《》; title_en left empty, to translate; issuer not drafted".into()],
            });
        }
    }
    restates(&mut f.figures);
    f
}

/// The unit a common material is counted in. The archive keeps one unit per material, and the
/// draft cannot see the archive, so a material is drafted under its plain name only in its usual
/// unit; in any other unit (or with no usual unit) the name carries the unit (口罩（只）), which
/// keeps every draft importable next to any other. Merging is a reviewer's decision.
const USUAL_UNITS: &[(&str, &str)] = &[
    ("口罩", "个"),
    ("医用口罩", "个"),
    ("防护服", "套"),
    ("医用防护服", "套"),
    ("隔离衣", "件"),
    ("护目镜", "副"),
    ("手套", "副"),
    ("医用手套", "副"),
    ("消毒液", "瓶"),
    ("洗手液", "瓶"),
];

fn usual_unit(name: &str) -> Option<&'static str> {
    USUAL_UNITS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, u)| *u)
}

/// The material's name as drafted: as written in its usual unit, else with the unit.
fn material_name(name: &str, unit: &str) -> String {
    if usual_unit(name) == Some(unit) {
        name.to_string()
    } else {
        format!("{name}（{unit}）")
    }
}

/// A number repeated in the same zone for the same metric (a headline's, or the body's again)
/// restates the first body figure with that value.
fn restates(figures: &mut [Figure]) {
    let mut groups: BTreeMap<(String, String, i64, String), Vec<usize>> = BTreeMap::new();
    for (i, fig) in figures.iter().enumerate() {
        groups
            .entry((
                fig.zone.clone(),
                fig.metric.clone(),
                fig.value,
                fig.unit.clone(),
            ))
            .or_default()
            .push(i);
    }
    let mut n = 0;
    for ((_, metric, _, _), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let target = members
            .iter()
            .copied()
            .find(|&i| !figures[i].headline)
            .unwrap_or(members[0]);
        let any_headline = members.iter().any(|&i| figures[i].headline);
        if metric == "unclassified" && !any_headline {
            continue;
        }
        n += 1;
        let key = format!("f{n}");
        figures[target].key = Some(key.clone());
        for &i in &members {
            if i != target {
                figures[i].restates = Some(key.clone());
                let what = if figures[i].headline {
                    "a headline number"
                } else {
                    "the same number again"
                };
                figures[i].review.push(format!("restates {key}: {what} for the same zone and metric; check it is the same count"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_material_keeps_its_plain_name_only_in_its_usual_unit() {
        assert_eq!(material_name("口罩", "个"), "口罩");
        assert_eq!(material_name("口罩", "只"), "口罩（只）");
        assert_eq!(material_name("测温仪", "台"), "测温仪（台）");
    }

    #[test]
    fn the_year_comes_from_the_flag_or_the_text() {
        assert_eq!(year("2月3日", Some(2021)).unwrap().0, 2021);
        assert_eq!(year("2020年2月3日", None).unwrap().0, 2020);
        assert_eq!(year("12345年", None), Err(Refusal::NoYear));
        assert_eq!(year("2月3日", None), Err(Refusal::NoYear));
        assert_eq!(year("本报讯 ２０２０年２月以来", None).unwrap().0, 2020);
    }
}
