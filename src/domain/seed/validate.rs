//! Checking and deriving: everything the loader decides without asking the archive.
//!
//! Splitting the page into paragraphs, matching each story's paragraphs to them, locating a quote
//! in its paragraph (the offsets the archive stores), reading whole numbers, dates and quantities
//! from the phrases as written, resolving names given earlier in the same article, and checking
//! that nested and restated figures and teams agree. Nothing here runs SQL: the loader
//! (`loader`) calls these in the order the seed is read and writes what they return.
//!
//! Names resolve to row ids, because a name may stand for a row an earlier article stored; the
//! maps (`Names`) are filled by the loader as it writes.

use std::collections::{HashMap, HashSet};

use crate::archive::load::FigureLink;
use crate::domain::model::{self, Cite};
use crate::domain::quantity::{self, Qualifier, Quantity};
use crate::error::{Error, Result};

/// The file being loaded, for error messages.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'a> {
    /// The article directory (`seed/gaoxinqu-2020`).
    pub dir: &'a str,
    /// `article.toml` or `facts.toml`.
    pub file: &'static str,
}

impl Place<'_> {
    /// An error about one record of the file: the first problem stops the load.
    pub fn bad(&self, record: &str, why: impl Into<String>) -> Error {
        Error::runtime(format!("{}/{}: {record}", self.dir, self.file), why)
            .fix("correct the seed; nothing was written")
    }

    /// The archive refused a row (a CHECK or UNIQUE constraint the seed broke).
    pub fn rejected(&self, record: &str, e: &rusqlite::Error) -> Error {
        self.bad(
            record,
            format!("the archive rejects it: {}", one_line(&e.to_string())),
        )
    }
}

/// How messages name a record: `organization #3 "name"`.
pub(super) fn label(kind: &str, index: usize, name: &str) -> String {
    format!("{kind} #{} \"{name}\"", index + 1)
}

/// Collapses a multi-line message (SQLite quotes CHECK expressions verbatim) onto one line.
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph of the page: one non-blank line of `article.txt`.
#[derive(Debug, Clone)]
pub struct Block<'t> {
    /// 1-based position among the page's paragraphs.
    pub source_position: usize,
    /// Offset of its first character in the whole text (characters, 0-based).
    pub char_start: usize,
    /// Offset just past its last character.
    pub char_end: usize,
    /// Its text.
    pub text: &'t str,
}

/// Splits the page into paragraphs: non-blank lines, with their character offsets in the whole
/// text. A line break is LF or CRLF: the CR of a CRLF belongs to no paragraph, and neither does a
/// byte order mark at the start of the text (both stay in the stored text, which is the file byte
/// for byte, so offsets count them).
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let whole = raw.chars().count();
        let bom = usize::from(i == 0 && raw.starts_with('\u{feff}'));
        let line = if bom == 1 { &raw[3..] } else { raw };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let len = line.chars().count();
        if !line.trim().is_empty() {
            out.push(Block {
                source_position: out.len() + 1,
                char_start: offset + bom,
                char_end: offset + bom + len,
                text: line,
            });
        }
        offset += whole + 1;
    }
    out
}

/// Whether `phrase` (a quantity or date as written) occurs in `quote` as a whole number: not the
/// tail of a longer one ("89名" inside "189名", "1月20日" inside "11月20日").
pub fn contains_whole_number(quote: &str, phrase: &str) -> bool {
    const NUMERALS: &str = "0123456789.０１２３４５６７８９零〇一二两三四五六七八九十百千万亿";
    let starts_with_number = phrase.chars().next().is_some_and(|c| NUMERALS.contains(c));
    quote.match_indices(phrase).any(|(i, _)| {
        !starts_with_number
            || quote[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !NUMERALS.contains(c))
    })
}

/// Parses a date as printed (`1月20日`, or `2020年1月20日`) into an ISO date and whether the year
/// was filled in from `default_year`.
pub fn parse_date(phrase: &str, default_year: i32) -> Option<(String, bool)> {
    // Full-width digits (２月１２日) read as ASCII ones.
    let phrase: String = phrase
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    let (year, rest, inferred) = match phrase.split_once('年') {
        Some((y, rest)) => (y.parse().ok()?, rest, false),
        None => (default_year, phrase.as_str(), true),
    };
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let date = chrono::NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)?;
    Some((date.format("%Y-%m-%d").to_string(), inferred))
}

/// Checks that `article.txt`, whose sha256 is `sha`, is the page `article.toml` describes.
pub(super) fn text_matches(at: &Place, sha: &str, meta: &model::ArticleMeta) -> Result<()> {
    if sha != meta.sha256 {
        return Err(at.bad(
            "[article]",
            format!(
                "article.txt has sha256 {sha}, but article.toml records {}; the text must be the page byte for byte",
                meta.sha256
            ),
        ));
    }
    Ok(())
}

/// What the loader derives from an article alone, before it writes anything: the text's sha256,
/// how messages name each record, and the numbers and dates its phrases state. Computed where
/// the article is parsed (an import's reading thread) rather than by the thread that writes.
/// Each check's result is kept, error or not, and the loader takes it where it used to make the
/// check, so the first problem reported is still the first in the file; and every value here
/// is the one the loader would have computed, by the same functions.
pub(super) struct Derived {
    pub sha256: String,
    pub organizations: Vec<OrganizationDerived>,
    pub people: Vec<PersonDerived>,
    /// The materials' labels.
    pub materials: Vec<String>,
    /// The documents' labels and quotes.
    pub documents: Vec<(String, Located)>,
    pub teams: Vec<TeamDerived>,
    pub donations: Vec<DonationDerived>,
    pub figures: Vec<FigureDerived>,
    pub events: Vec<EventDerived>,
}

/// Where a record's quote is ([`locate`]): the paragraph, by its position in reading order
/// (from 0; the loader knows its row id), and the quote's character offsets in the whole text.
pub(super) type Located = Result<(i64, usize, usize)>;

/// An organization's label and quote, and each alias's.
pub(super) struct OrganizationDerived {
    pub record: String,
    pub cite: Located,
    pub aliases: Vec<(String, Located)>,
}

/// A person's label and quote, and each role's.
pub(super) struct PersonDerived {
    pub record: String,
    pub cite: Located,
    pub roles: Vec<(String, Located)>,
}

/// A team record's label, quote, and the numbers of teams and of members it states.
pub(super) struct TeamDerived {
    pub record: String,
    pub cite: Located,
    pub count: Option<Result<Quantity>>,
    pub members: Option<Result<Quantity>>,
}

/// A donation's label and the quantity it states.
pub(super) struct DonationDerived {
    pub record: String,
    pub cite: Located,
    pub quantity: Option<Result<Quantity>>,
}

/// A figure's label, its number and the date it is as of.
pub(super) struct FigureDerived {
    pub record: String,
    pub cite: Located,
    pub quantity: Result<Quantity>,
    pub as_of: Option<Result<(String, bool)>>,
}

/// An event's label and its date.
pub(super) struct EventDerived {
    pub record: String,
    pub cite: Located,
    pub date: Result<(String, bool)>,
}

/// Derives [`Derived`] from an article in directory `dir`.
pub(super) fn derive(
    dir: &str,
    text: &str,
    article: &model::ArticleFile,
    facts: &model::FactsFile,
) -> Derived {
    let at = Place {
        dir,
        file: "facts.toml",
    };
    let year = article.article.year;
    let paragraphs = paragraphs_by_key(dir, text, article);
    let locate = |record: &str, r: &dyn model::Cited| locate(&at, record, &paragraphs, r.cite());
    let organizations = facts
        .organization
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let record = label("organization", i, &o.name);
            let aliases = o
                .aliases
                .iter()
                .map(|a| {
                    let arecord = format!("{record}, alias \"{}\"", a.name);
                    let cite = locate(&arecord, a);
                    (arecord, cite)
                })
                .collect();
            OrganizationDerived {
                cite: locate(&record, o),
                aliases,
                record,
            }
        })
        .collect();
    let people = facts
        .person
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let record = label("person", i, &p.name);
            let roles = p
                .roles
                .iter()
                .enumerate()
                .map(|(ri, r)| {
                    let rrecord = format!("{record}, role #{}", ri + 1);
                    let cite = locate(&rrecord, r);
                    (rrecord, cite)
                })
                .collect();
            PersonDerived {
                cite: locate(&record, p),
                roles,
                record,
            }
        })
        .collect();
    let teams = facts
        .team
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let record = label("team", i, t.key.as_deref().unwrap_or(&t.name));
            let quantity = |phrase: &Option<String>| {
                phrase
                    .as_deref()
                    .map(|c| quantity(&at, &record, c, &t.quote))
            };
            TeamDerived {
                cite: locate(&record, t),
                count: quantity(&t.count),
                members: quantity(&t.members),
                record,
            }
        })
        .collect();
    let donations = facts
        .donation
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let record = label(
                "donation",
                i,
                &format!("{} {}", d.material, d.quantity.as_deref().unwrap_or("")),
            );
            DonationDerived {
                cite: locate(&record, d),
                quantity: d
                    .quantity
                    .as_deref()
                    .map(|q| quantity(&at, &record, q, &d.quote)),
                record,
            }
        })
        .collect();
    let figures = facts
        .figure
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let record = label("figure", i, f.key.as_deref().unwrap_or(&f.phrase));
            FigureDerived {
                cite: locate(&record, f),
                quantity: quantity(&at, &record, &f.phrase, &f.quote),
                as_of: f
                    .as_of
                    .as_deref()
                    .map(|d| date(&at, &record, d, &f.quote, year)),
                record,
            }
        })
        .collect();
    let events = facts
        .event
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let record = label("event", i, &e.date);
            EventDerived {
                cite: locate(&record, e),
                date: date(&at, &record, &e.date, &e.quote, year),
                record,
            }
        })
        .collect();
    Derived {
        sha256: super::sha256_hex(text.as_bytes()),
        organizations,
        people,
        materials: facts
            .material
            .iter()
            .enumerate()
            .map(|(i, m)| label("material", i, &m.name))
            .collect(),
        documents: facts
            .document
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let record = label("document", i, &d.title);
                let cite = locate(&record, d);
                (record, cite)
            })
            .collect(),
        teams,
        donations,
        figures,
        events,
    }
}

/// The largest quantity a load accepts: 10^15, a thousand times the largest sum of money a news
/// report plausibly states in yuan. Far below `i64::MAX` (about 9.2 × 10^18), so that thousands
/// of such values still add up in SQL and in the report without overflowing.
pub const MAX_QUANTITY: i64 = 1_000_000_000_000_000;

/// The number a phrase states, checked to occur whole in the record's quote and to be at most
/// [`MAX_QUANTITY`].
pub(super) fn quantity(at: &Place, record: &str, phrase: &str, quote: &str) -> Result<Quantity> {
    if !contains_whole_number(quote, phrase) {
        return Err(at.bad(record, format!("quantity \"{phrase}\" is not in its quote")));
    }
    let q = quantity::parse(phrase).map_err(|e| at.bad(record, e.to_string()))?;
    if q.value > MAX_QUANTITY {
        return Err(at.bad(
            record,
            format!(
                "quantity \"{phrase}\" is {}, more than 1,000,000,000,000,000 (10^15), the largest a load accepts; check the phrase",
                q.value
            ),
        ));
    }
    Ok(q)
}

/// The ISO date a phrase states (and whether its year was inferred), checked to occur whole in
/// the record's quote.
pub(super) fn date(
    at: &Place,
    record: &str,
    phrase: &str,
    quote: &str,
    year: i32,
) -> Result<(String, bool)> {
    if !contains_whole_number(quote, phrase) {
        return Err(at.bad(record, format!("date \"{phrase}\" is not in its quote")));
    }
    parse_date(phrase, year).ok_or_else(|| {
        at.bad(
            record,
            format!("cannot read date \"{phrase}\": write it as printed, like 1月20日"),
        )
    })
}

/// A story checked against the page: its paragraphs matched to blocks, ready to write.
pub(super) struct Story<'a> {
    /// How messages name it.
    pub record: String,
    pub zone_id: i64,
    /// The text of its headline and byline paragraphs.
    pub headline: Option<&'a str>,
    pub byline: Option<&'a str>,
    /// Authors, each checked to be in the byline.
    pub authors: &'a [String],
    /// Its paragraphs in reading order, each with the block of the page it is.
    pub paragraphs: Vec<(&'a model::Paragraph, Block<'a>)>,
}

/// Checks story `si` against the page's `blocks`: one headline, at most one byline, each
/// paragraph's `starts` matching exactly one block not listed before (`used` records by whom),
/// split paragraphs in pairs, and authors in the byline.
pub(super) fn story<'a>(
    at: &Place,
    names: &Names,
    si: usize,
    s: &'a model::Story,
    blocks: &[Block<'a>],
    used: &mut [Option<&'a str>],
) -> Result<Story<'a>> {
    let record = label("story", si, &s.zone);
    let zone_id = names.zone(at, &record, &s.zone)?;
    let find = |kind: model::ParagraphKind| -> Vec<&model::Paragraph> {
        s.paragraphs.iter().filter(|p| p.kind == kind).collect()
    };
    let headline = match find(model::ParagraphKind::Headline).as_slice() {
        [h] => h.starts.as_str(),
        hs => {
            return Err(at.bad(
                &record,
                format!(
                    "a story needs exactly one headline paragraph, this one has {}",
                    hs.len()
                ),
            ));
        }
    };
    if find(model::ParagraphKind::Byline).len() > 1 {
        return Err(at.bad(&record, "a story has at most one byline paragraph"));
    }
    // Headline and byline text come from their paragraphs.
    let mut headline_text = None;
    let mut byline_text = None;
    let mut paragraphs = Vec::with_capacity(s.paragraphs.len());
    for (pi, p) in s.paragraphs.iter().enumerate() {
        let b = paragraph_block(at, &record, s, pi, blocks, used)?;
        if p.kind == model::ParagraphKind::Headline && p.starts == headline {
            headline_text = Some(b.text);
        }
        if p.kind == model::ParagraphKind::Byline {
            byline_text = Some(b.text);
        }
        paragraphs.push((p, b.clone()));
    }
    for author in &s.authors {
        if !byline_text.is_some_and(|b| b.contains(author.as_str())) {
            return Err(at.bad(
                &record,
                format!("author \"{author}\" is not in the story's byline"),
            ));
        }
    }
    Ok(Story {
        record,
        zone_id,
        headline: headline_text,
        byline: byline_text,
        authors: &s.authors,
        paragraphs,
    })
}

/// The block of the page that paragraph `pi` of story `s` is.
fn paragraph_block<'b, 'a>(
    at: &Place,
    record: &str,
    s: &'a model::Story,
    pi: usize,
    blocks: &'b [Block<'a>],
    used: &mut [Option<&'a str>],
) -> Result<&'b Block<'a>> {
    let p = &s.paragraphs[pi];
    let precord = || format!("{record}, paragraph {} ({})", pi + 1, p.key);
    if p.starts.trim().is_empty() {
        return Err(at.bad(&precord(), "`starts` is empty"));
    }
    let mut matches: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.text.starts_with(&p.starts))
        .collect();
    // A paragraph whose whole text starts others (a short line printed again at the start of a
    // longer one) is the one that is exactly `starts`; a line printed several times word for word
    // (the same byline over two stories) is listed as often, each listing taking the next copy.
    if matches.len() > 1 && matches.iter().any(|b| b.text == p.starts) {
        matches.retain(|b| b.text == p.starts);
        if matches.len() > 1 {
            let next = matches
                .iter()
                .copied()
                .find(|b| used[b.source_position - 1].is_none());
            matches = next.into_iter().collect();
            if matches.is_empty() {
                return Err(at.bad(
                    &precord(),
                    format!(
                        "every paragraph of article.txt that is exactly \"{}\" is already listed",
                        p.starts
                    ),
                ));
            }
        }
    }
    let b = match matches.as_slice() {
        [b] => *b,
        [] => {
            return Err(at.bad(
                &precord(),
                format!("no paragraph of article.txt starts with \"{}\"", p.starts),
            ));
        }
        _ => {
            return Err(at.bad(
                &precord(),
                format!(
                    "{} paragraphs of article.txt start with \"{}\"; give more of the text",
                    matches.len(),
                    p.starts
                ),
            ));
        }
    };
    if let Some(other) = &used[b.source_position - 1] {
        return Err(at.bad(
            &precord(),
            format!(
                "the paragraph starting \"{}\" is already listed as {other}",
                p.starts
            ),
        ));
    }
    used[b.source_position - 1] = Some(&p.key);
    if p.continues && pi == 0 {
        return Err(at.bad(
            &precord(),
            "the first paragraph of a story cannot continue another",
        ));
    }
    if p.continues && s.paragraphs[pi - 1].continues {
        return Err(at.bad(
            &precord(),
            "a split paragraph has two halves: this one continues a continuation",
        ));
    }
    Ok(b)
}

/// Checks that every block of the page belongs to some story.
pub(super) fn every_block_used(at: &Place, blocks: &[Block], used: &[Option<&str>]) -> Result<()> {
    if let Some(missing) = blocks
        .iter()
        .find(|b| used[b.source_position - 1].is_none())
    {
        let start: String = missing.text.chars().take(16).collect();
        return Err(at.bad(
            "[[story]]",
            format!(
                "paragraph {} of article.txt (\"{start}…\") belongs to no story; list it under the story it belongs to",
                missing.source_position
            ),
        ));
    }
    Ok(())
}

/// A paragraph of the page, as quotes are located in it.
pub(super) struct Para<'t> {
    /// Its position in reading order, from 0.
    pub id: i64,
    pub char_start: usize,
    pub text: &'t str,
}

/// The article's paragraphs by key, as the loader matches them to the page ([`story`]): each
/// story's paragraphs in order, the first listing of a key standing. Matching stops at the
/// first paragraph that does not match; the loader stops there too, before locating any quote.
fn paragraphs_by_key<'t>(
    dir: &str,
    text: &'t str,
    article: &'t model::ArticleFile,
) -> HashMap<&'t str, Para<'t>> {
    let at = Place {
        dir,
        file: "article.toml",
    };
    let blocks = blocks(text);
    let mut used = vec![None; blocks.len()];
    let mut paragraphs = HashMap::new();
    let mut reading = 0;
    for s in &article.story {
        for (pi, p) in s.paragraphs.iter().enumerate() {
            let Ok(b) = paragraph_block(&at, "", s, pi, &blocks, &mut used) else {
                return paragraphs;
            };
            paragraphs.entry(p.key.as_str()).or_insert(Para {
                id: reading,
                char_start: b.char_start,
                text: b.text,
            });
            reading += 1;
        }
    }
    paragraphs
}

/// Locates a quote in its paragraph: the paragraph's id and the quote's character offsets in the
/// whole text.
pub(super) fn locate(
    at: &Place,
    record: &str,
    paragraphs: &HashMap<&str, Para>,
    c: Cite,
) -> Result<(i64, usize, usize)> {
    let Some(para) = paragraphs.get(c.p) else {
        return Err(at.bad(record, format!("unknown paragraph key \"{}\"", c.p)));
    };
    if c.quote.is_empty() {
        return Err(at.bad(record, "the quote is empty"));
    }
    let hits: Vec<usize> = para.text.match_indices(c.quote).map(|(i, _)| i).collect();
    let byte = match (hits.len(), c.nth) {
        (0, _) => {
            return Err(at.bad(
                record,
                format!(
                    "quote \"{}\" is not in paragraph {}; copy it verbatim from article.txt",
                    c.quote, c.p
                ),
            ));
        }
        (1, None | Some(1)) => hits[0],
        (n, None) => {
            return Err(at.bad(
                record,
                format!(
                    "quote \"{}\" occurs {n} times in paragraph {}; lengthen it or add nth = 1..{n}",
                    c.quote, c.p
                ),
            ));
        }
        (n, Some(k)) if k == 0 || k > n => {
            return Err(at.bad(
                record,
                format!(
                    "nth = {k}, but the quote occurs {n} times in paragraph {}",
                    c.p
                ),
            ));
        }
        (_, Some(k)) => hits[k - 1],
    };
    let start = para.char_start + para.text[..byte].chars().count();
    let end = start + c.quote.chars().count();
    Ok((para.id, start, end))
}

/// A figure with a key, as later figures refer to it.
pub(super) struct FigureRow {
    pub id: i64,
    pub zone_id: i64,
    pub metric: String,
    pub value: i64,
    pub qualifier: Qualifier,
    pub restates: bool,
}

/// A team with a key, as later records refer to it.
pub(super) struct TeamRow {
    pub id: i64,
    pub zone_id: Option<i64>,
    pub count: i64,
    pub qualifier: Qualifier,
}

/// The names the article has given so far, resolved to row ids (which may be rows an earlier
/// article stored).
#[derive(Default)]
pub(super) struct Names<'a> {
    pub zones: HashMap<String, i64>,
    /// The keys of the paragraphs written so far.
    pub paragraphs: HashSet<&'a str>,
    /// Organization names and aliases.
    pub orgs: HashMap<String, i64>,
    pub teams: HashMap<String, TeamRow>,
    /// (zone id, name) → person id.
    pub people: HashMap<(i64, String), i64>,
    /// name → (id, unit).
    pub materials: HashMap<String, (i64, Option<String>)>,
    pub figures: HashMap<String, FigureRow>,
}

impl Names<'_> {
    pub fn zone(&self, at: &Place, record: &str, name: &str) -> Result<i64> {
        self.zones.get(name).copied().ok_or_else(|| {
            let mut known: Vec<_> = self.zones.keys().map(String::as_str).collect();
            known.sort_unstable();
            at.bad(
                record,
                format!("unknown zone \"{name}\" (zones: {})", known.join(", ")),
            )
        })
    }

    pub fn org(&self, at: &Place, record: &str, name: &str) -> Result<i64> {
        self.orgs
            .get(name)
            .copied()
            .ok_or_else(|| at.bad(record, format!("unknown organization \"{name}\"")))
    }

    /// Gives an organization one more name; a name stands for one organization only.
    pub fn name_org(&mut self, at: &Place, record: &str, name: &str, id: i64) -> Result<()> {
        match self.orgs.insert(name.to_string(), id) {
            Some(_) => Err(at.bad(
                record,
                format!("the name \"{name}\" is already used by another organization"),
            )),
            None => Ok(()),
        }
    }

    pub fn team(&self, at: &Place, record: &str, key: &str) -> Result<&TeamRow> {
        self.teams
            .get(key)
            .ok_or_else(|| at.bad(record, format!("unknown team key \"{key}\"")))
    }

    pub fn person(&self, at: &Place, record: &str, zone_id: i64, name: &str) -> Result<i64> {
        self.people
            .get(&(zone_id, name.to_string()))
            .copied()
            .ok_or_else(|| at.bad(record, format!("unknown person \"{name}\" in this zone")))
    }

    pub fn material(&self, at: &Place, record: &str, name: &str) -> Result<(i64, Option<String>)> {
        self.materials
            .get(name)
            .cloned()
            .ok_or_else(|| at.bad(record, format!("unknown material \"{name}\"")))
    }
}

/// Checks a team record nested in team `key` (`part_of`): another team, in the same zone, and
/// the records nested in it (`nested`: parent id → teams so far) not counting more teams than it
/// has. Returns the parent's id.
pub(super) fn team_part_of(
    at: &Place,
    names: &Names,
    record: &str,
    key: &str,
    (id, zone_id, count): (i64, Option<i64>, i64),
    nested: &mut HashMap<i64, i64>,
) -> Result<i64> {
    let parent = names.team(at, record, key)?;
    if parent.id == id {
        return Err(at.bad(record, "a team cannot be part of itself"));
    }
    if parent.zone_id != zone_id {
        return Err(at.bad(record, format!("team \"{key}\" is in another zone")));
    }
    let (parent_id, parent_count, parent_qualifier) = (parent.id, parent.count, parent.qualifier);
    let sum = nested.entry(parent_id).or_insert(0);
    *sum = sum.saturating_add(count);
    if matches!(parent_qualifier, Qualifier::Exact | Qualifier::AtLeast) && *sum > parent_count {
        return Err(at.bad(
            record,
            format!(
                "the records part of \"{key}\" add up to {sum} teams, more than its {parent_count}"
            ),
        ));
    }
    Ok(parent_id)
}

/// Checks how figure `f` (written as `id`, in `zone_id`, stating `q`) refers to another: a figure
/// with a key, not itself, not a restatement, counting the same thing, restating the same number
/// or, as a part, not exceeding an exact whole. Returns the link to write, if any.
pub(super) fn figure_link(
    at: &Place,
    figures: &HashMap<String, FigureRow>,
    record: &str,
    f: &model::Figure,
    (id, zone_id, q): (i64, i64, &Quantity),
) -> Result<Option<(FigureLink, i64)>> {
    if f.part_of.is_some() && f.restates.is_some() {
        return Err(at.bad(
            record,
            "a figure is either `part_of` or `restates` another, not both",
        ));
    }
    let (link, key) = match (&f.part_of, &f.restates) {
        (Some(k), None) => (FigureLink::PartOf, k),
        (None, Some(k)) => (FigureLink::Restates, k),
        _ => return Ok(None),
    };
    let target = figures
        .get(key)
        .ok_or_else(|| at.bad(record, format!("unknown figure key \"{key}\"")))?;
    if target.id == id {
        return Err(at.bad(record, "a figure cannot refer to itself"));
    }
    if target.restates {
        return Err(at.bad(
            record,
            format!("figure \"{key}\" restates another; refer to that one"),
        ));
    }
    if target.zone_id != zone_id || target.metric != f.metric {
        return Err(at.bad(
            record,
            format!("figure \"{key}\" counts something else (zone or metric differ)"),
        ));
    }
    if link == FigureLink::Restates && target.value != q.value {
        return Err(at.bad(
            record,
            format!(
                "it restates \"{key}\" but says {} where that says {}",
                q.value, target.value
            ),
        ));
    }
    if link == FigureLink::PartOf && target.qualifier == Qualifier::Exact && q.value > target.value
    {
        return Err(at.bad(
            record,
            format!(
                "it is part of \"{key}\" but larger ({} > {})",
                q.value, target.value
            ),
        ));
    }
    Ok(Some((link, target.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_skip_blank_lines_and_count_characters() {
        let b = blocks("\n\n甲乙\n\n丙\n");
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].char_start, b[0].char_end, b[0].text), (2, 4, "甲乙"));
        assert_eq!(
            (b[1].source_position, b[1].char_start, b[1].text),
            (2, 6, "丙")
        );
    }

    #[test]
    fn crlf_and_a_byte_order_mark_belong_to_no_paragraph_but_count_in_offsets() {
        let text = "\u{feff}甲乙\r\n\r\n丙\r\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].char_start, b[0].char_end, b[0].text), (1, 3, "甲乙"));
        assert_eq!((b[1].char_start, b[1].char_end, b[1].text), (7, 8, "丙"));
        let chars: Vec<char> = text.chars().collect();
        for block in &b {
            let at: String = chars[block.char_start..block.char_end].iter().collect();
            assert_eq!(at, block.text);
        }
    }

    #[test]
    fn a_number_is_found_whole_or_not_at_all() {
        assert!(contains_whole_number(
            "发动社区4个党组织和189名党员",
            "189名"
        ));
        assert!(!contains_whole_number(
            "发动社区4个党组织和189名党员",
            "89名"
        ));
        assert!(!contains_whole_number("截至11月20日", "1月20日"));
        assert!(contains_whole_number("上千余名机关党员", "上千余名"));
        assert!(contains_whole_number("用了不到1周的时间", "不到1周"));
        assert!(!contains_whole_number("共计1.5万余名", "5万余名"));
    }

    #[test]
    fn dates_without_a_year_are_inferred() {
        assert_eq!(
            parse_date("1月20日", 2020),
            Some(("2020-01-20".into(), true))
        );
        assert_eq!(
            parse_date("2019年12月31日", 2020),
            Some(("2019-12-31".into(), false))
        );
        assert_eq!(parse_date("2月30日", 2020), None);
        assert_eq!(
            parse_date("２０２０年２月１２日", 2019),
            Some(("2020-02-12".into(), false))
        );
        assert_eq!(parse_date("二月二日", 2020), None);
        assert_eq!(parse_date("1月", 2020), None);
    }
}
