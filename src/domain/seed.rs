//! The seed loader: turns an article directory (`article.txt`, `article.toml`, `facts.toml`) into
//! rows of the archive, checking everything on the way.
//!
//! The seed is written by people, so the loader does the error-prone work for them: it finds each
//! quote in its paragraph and stores the offsets (nobody counts characters), derives every number
//! from the phrase as written with [`crate::domain::quantity`], resolves names to rows, and checks that
//! nested and restated figures are consistent. The first problem stops the load with an error
//! naming the file, the record and the reason; the caller runs the load in one transaction, so
//! nothing is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::domain::model::{self, Cite, Cited};
use crate::domain::quantity::{self, Qualifier, Quantity};
use crate::error::{Error, Result};

/// One article directory: the page's text and the two TOML files that describe it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Where the files live, for messages (`seed/gaoxinqu-2020`).
    pub dir: &'a str,
    /// `article.txt`: the page, verbatim.
    pub text: &'a str,
    /// `article.toml`.
    pub article_toml: &'a str,
    /// `facts.toml`.
    pub facts_toml: &'a str,
}

/// The seed compiled into the binary: what `frontline init` builds the archive from.
/// A new article is one more entry here, pointing at its directory under `seed/`.
pub const EMBEDDED: &[Source<'static>] = &[Source {
    dir: "seed/gaoxinqu-2020",
    text: include_str!("../../seed/gaoxinqu-2020/article.txt"),
    article_toml: include_str!("../../seed/gaoxinqu-2020/article.toml"),
    facts_toml: include_str!("../../seed/gaoxinqu-2020/facts.toml"),
}];

/// An article directory read from disk (`frontline init --seed DIR`), owning its files.
#[derive(Debug)]
pub struct OwnedSource {
    dir: String,
    text: String,
    article_toml: String,
    facts_toml: String,
}

impl OwnedSource {
    /// Borrows it as a [`Source`] for [`parse`].
    pub fn as_source(&self) -> Source<'_> {
        Source {
            dir: &self.dir,
            text: &self.text,
            article_toml: &self.article_toml,
            facts_toml: &self.facts_toml,
        }
    }
}

/// The article directories of a seed on disk: `dir` itself when it is one (it holds
/// `article.toml`), else the directories in it that are, in name order.
pub fn article_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join("article.toml").is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::runtime(
            format!("cannot read seed directory {}", dir.display()),
            e.to_string(),
        )
        .fix("give a directory that holds article directories, or one article directory")
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("article.toml").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(Error::runtime(
            format!("cannot read seed directory {}", dir.display()),
            "it holds no article directory (none has an article.toml)",
        )
        .fix("give a directory that holds article directories, or one article directory"));
    }
    Ok(dirs)
}

/// Reads one article directory's three files.
pub fn read_article(dir: &Path) -> Result<OwnedSource> {
    let read = |path: &Path| -> Result<String> {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::runtime(
                format!("cannot read seed file {}", path.display()),
                e.to_string(),
            )
            .fix("an article directory holds article.txt, article.toml and facts.toml")
        })?;
        String::from_utf8(bytes).map_err(|e| {
            Error::runtime(
                format!("cannot read seed file {}", path.display()),
                e.to_string(),
            )
            .fix("seed files are UTF-8")
        })
    };
    Ok(OwnedSource {
        dir: dir.display().to_string(),
        text: read(&dir.join("article.txt"))?,
        article_toml: read(&dir.join("article.toml"))?,
        facts_toml: read(&dir.join("facts.toml"))?,
    })
}

/// Reads a whole seed from disk (see [`article_dirs`]).
pub fn read_dir(dir: &Path) -> Result<Vec<OwnedSource>> {
    article_dirs(dir)?.iter().map(|d| read_article(d)).collect()
}

/// Hex sha256 of a text, as stored in `article.sha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
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

/// Splits the page into paragraphs: non-blank lines, with their character offsets.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        if !line.trim().is_empty() {
            out.push(Block {
                source_position: out.len() + 1,
                char_start: offset,
                char_end: offset + len,
                text: line,
            });
        }
        offset += len + 1;
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
    let (year, rest, inferred) = match phrase.split_once('年') {
        Some((y, rest)) => (y.parse().ok()?, rest, false),
        None => (default_year, phrase, true),
    };
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let date = chrono::NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)?;
    Some((date.format("%Y-%m-%d").to_string(), inferred))
}

/// An article whose TOML has been read, ready to load.
pub struct Parsed {
    dir: String,
    text: String,
    article: model::ArticleFile,
    facts: model::FactsFile,
}

/// Parses an article's TOML files (no database needed, so it can run on another thread).
pub fn parse(src: &Source) -> Result<Parsed> {
    let article: model::ArticleFile = toml::from_str(src.article_toml)
        .map_err(|e| toml_error(src, "article.toml", src.article_toml, &e))?;
    let facts: model::FactsFile = toml::from_str(src.facts_toml)
        .map_err(|e| toml_error(src, "facts.toml", src.facts_toml, &e))?;
    Ok(Parsed {
        dir: src.dir.to_string(),
        text: src.text.to_string(),
        article,
        facts,
    })
}

/// Loads one parsed article into `conn` (which the caller has inside a transaction) and returns
/// its id and its text as read (split paragraphs joined), which [`load_parsed_all`] adds to the
/// search index.
fn load_parsed(conn: &Connection, parsed: &Parsed) -> Result<(i64, Vec<(i64, String)>)> {
    let (article, facts) = (&parsed.article, &parsed.facts);
    let mut loader = Loader {
        conn,
        article_id: 0,
        reading: Vec::new(),
        dir: &parsed.dir,
        file: "article.toml",
        year: article.article.year,
        zones: HashMap::new(),
        paragraphs: HashMap::new(),
        citations: HashMap::new(),
        orgs: HashMap::new(),
        teams: HashMap::new(),
        people: HashMap::new(),
        materials: HashMap::new(),
        figures: HashMap::new(),
    };
    // More distinct statements than rusqlite's default cache holds; re-preparing costs more than
    // the inserts themselves.
    conn.set_prepared_statement_cache_capacity(64);
    let article_id = loader.article(&parsed.text, article)?;
    loader.article_id = article_id;
    loader.file = "facts.toml";
    loader.organizations(&facts.organization)?;
    loader.teams(&facts.team)?;
    loader.people(&facts.person)?;
    loader.materials(&facts.material)?;
    loader.donations(&facts.donation)?;
    loader.figures(&facts.figure)?;
    loader.events(&facts.event)?;
    loader.documents(&facts.document)?;
    Ok((article_id, loader.reading))
}

/// Loads several articles (in the caller's transaction), then adds all their paragraphs to the
/// search index in one statement. Indexing once at the end matters: once the index has been
/// written in a transaction, SQLite makes it flush at the start of every later statement.
pub fn load_all<'s>(
    conn: &Connection,
    sources: impl IntoIterator<Item = Source<'s>>,
) -> Result<Vec<i64>> {
    load_parsed_all(conn, sources.into_iter().map(|src| parse(&src)))
}

/// Like [`load_all`], for articles parsed elsewhere (on another thread, as they are read).
pub fn load_parsed_all(
    conn: &Connection,
    parsed: impl IntoIterator<Item = Result<Parsed>>,
) -> Result<Vec<i64>> {
    let fail =
        |e: rusqlite::Error| Error::runtime("cannot index the articles for search", e.to_string());
    let mut ids = Vec::new();
    let mut reading = Vec::new();
    for p in parsed {
        let (id, text) = load_parsed(conn, &p?)?;
        ids.push(id);
        reading.extend(text);
    }
    // One statement for the whole load: an FTS5 table written by one statement flushes at the
    // start of each later one. (The `reading_text` view gives the same rows, for rebuilds.)
    let rows = serde_json::to_string(&reading)
        .map_err(|e| Error::runtime("cannot index the articles for search", e.to_string()))?;
    conn.execute(
        "INSERT INTO paragraph_fts (rowid, text) SELECT value ->> 0, value ->> 1 FROM json_each(?1)",
        [rows],
    )
    .map_err(fail)?;
    Ok(ids)
}

/// A TOML syntax or shape error as one line: the file, the line number and the message.
fn toml_error(src: &Source, file: &str, text: &str, e: &toml::de::Error) -> Error {
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
    let at = line.map_or_else(String::new, |l| format!(" line {l}"));
    Error::runtime(format!("{}/{file}:{at}", src.dir), one_line(e.message()))
        .fix("correct the file; nothing was written")
}

/// Collapses a multi-line message (SQLite quotes CHECK expressions verbatim) onto one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Para<'t> {
    id: i64,
    char_start: usize,
    text: &'t str,
}

struct FigureRow {
    id: i64,
    zone_id: i64,
    metric: String,
    value: i64,
    qualifier: Qualifier,
    restates: bool,
}

struct TeamRow {
    id: i64,
    zone_id: Option<i64>,
    count: i64,
    qualifier: Qualifier,
}

struct Loader<'a> {
    conn: &'a Connection,
    /// The article being loaded (set once it is written).
    article_id: i64,
    /// The text as read, for the search index: (first paragraph's id, split halves joined).
    reading: Vec<(i64, String)>,
    dir: &'a str,
    file: &'static str,
    year: i32,
    zones: HashMap<String, i64>,
    paragraphs: HashMap<String, Para<'a>>,
    citations: HashMap<(i64, usize, usize), i64>,
    /// Organization names and aliases.
    orgs: HashMap<String, i64>,
    teams: HashMap<String, TeamRow>,
    /// (zone id, name) → person id.
    people: HashMap<(i64, String), i64>,
    /// name → (id, unit).
    materials: HashMap<String, (i64, Option<String>)>,
    figures: HashMap<String, FigureRow>,
}

fn label(kind: &str, index: usize, name: &str) -> String {
    format!("{kind} #{} \"{name}\"", index + 1)
}

impl<'a> Loader<'a> {
    /// An error about one record of the current file.
    fn bad(&self, record: &str, why: impl Into<String>) -> Error {
        Error::runtime(format!("{}/{}: {record}", self.dir, self.file), why)
            .fix("correct the seed; nothing was written")
    }

    /// Runs an INSERT (statements are prepared once per load) and returns the new row's id.
    fn insert(&self, record: &str, sql: &str, params: impl rusqlite::Params) -> Result<i64> {
        self.sql(
            record,
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.insert(params)),
        )
    }

    /// Runs a statement that changes rows (prepared once per load).
    fn exec(&self, record: &str, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.sql(
            record,
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.execute(params)),
        )
    }

    fn sql<T>(&self, record: &str, r: rusqlite::Result<T>) -> Result<T> {
        r.map_err(|e| {
            self.bad(
                record,
                format!("the archive rejects it: {}", one_line(&e.to_string())),
            )
        })
    }

    fn zone(&self, record: &str, name: &str) -> Result<i64> {
        self.zones.get(name).copied().ok_or_else(|| {
            let mut known: Vec<_> = self.zones.keys().map(String::as_str).collect();
            known.sort_unstable();
            self.bad(
                record,
                format!("unknown zone \"{name}\" (zones: {})", known.join(", ")),
            )
        })
    }

    fn org(&self, record: &str, name: &str) -> Result<i64> {
        self.orgs
            .get(name)
            .copied()
            .ok_or_else(|| self.bad(record, format!("unknown organization \"{name}\"")))
    }

    fn team(&self, record: &str, key: &str) -> Result<&TeamRow> {
        self.teams
            .get(key)
            .ok_or_else(|| self.bad(record, format!("unknown team key \"{key}\"")))
    }

    fn person(&self, record: &str, zone_id: i64, name: &str) -> Result<i64> {
        self.people
            .get(&(zone_id, name.to_string()))
            .copied()
            .ok_or_else(|| self.bad(record, format!("unknown person \"{name}\" in this zone")))
    }

    fn quantity(&self, record: &str, phrase: &str, quote: &str) -> Result<Quantity> {
        if !contains_whole_number(quote, phrase) {
            return Err(self.bad(record, format!("quantity \"{phrase}\" is not in its quote")));
        }
        quantity::parse(phrase).map_err(|e| self.bad(record, e.to_string()))
    }

    fn date(&self, record: &str, phrase: &str, quote: &str) -> Result<(String, bool)> {
        if !contains_whole_number(quote, phrase) {
            return Err(self.bad(record, format!("date \"{phrase}\" is not in its quote")));
        }
        parse_date(phrase, self.year).ok_or_else(|| {
            self.bad(
                record,
                format!("cannot read date \"{phrase}\": write it as printed, like 1月20日"),
            )
        })
    }

    /// Locates a quote in its paragraph and returns the citation's id (one row per passage).
    fn cite(&mut self, record: &str, c: Cite) -> Result<i64> {
        let Some(para) = self.paragraphs.get(c.p) else {
            return Err(self.bad(record, format!("unknown paragraph key \"{}\"", c.p)));
        };
        if c.quote.is_empty() {
            return Err(self.bad(record, "the quote is empty"));
        }
        let hits: Vec<usize> = para.text.match_indices(c.quote).map(|(i, _)| i).collect();
        let byte = match (hits.len(), c.nth) {
            (0, _) => {
                return Err(self.bad(
                    record,
                    format!(
                        "quote \"{}\" is not in paragraph {}; copy it verbatim from article.txt",
                        c.quote, c.p
                    ),
                ));
            }
            (1, None | Some(1)) => hits[0],
            (n, None) => {
                return Err(self.bad(
                    record,
                    format!(
                        "quote \"{}\" occurs {n} times in paragraph {}; lengthen it or add nth = 1..{n}",
                        c.quote, c.p
                    ),
                ));
            }
            (n, Some(k)) if k == 0 || k > n => {
                return Err(self.bad(
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
        let key = (para.id, start, end);
        if let Some(id) = self.citations.get(&key) {
            return Ok(*id);
        }
        let id = self.insert(
            record,
                    "INSERT INTO citation (paragraph_id, char_start, char_end, quote) VALUES (?1, ?2, ?3, ?4)",
                    params![para.id, start as i64, end as i64, c.quote],
        )?;
        self.citations.insert(key, id);
        Ok(id)
    }

    fn cite_record(&mut self, record: &str, r: &impl Cited) -> Result<i64> {
        self.cite(record, r.cite())
    }

    /// Writes the article, its zones, stories and paragraphs; returns the article's id.
    fn article(&mut self, text: &'a str, a: &'a model::ArticleFile) -> Result<i64> {
        let meta = &a.article;
        let sha = sha256_hex(text.as_bytes());
        if sha != meta.sha256 {
            return Err(self.bad(
                "[article]",
                format!(
                    "article.txt has sha256 {sha}, but article.toml records {}; the text must be the page byte for byte",
                    meta.sha256
                ),
            ));
        }
        let known: Option<String> = self.sql(
            "[article]",
            self.conn
                .query_row(
                    "SELECT slug FROM article WHERE slug = ?1 OR sha256 = ?2",
                    [&meta.slug, &sha],
                    |r| r.get(0),
                )
                .optional(),
        )?;
        if let Some(slug) = known {
            return Err(self.bad(
                "[article]",
                format!("the archive already holds this article (as \"{slug}\"): the same slug or the same text"),
            ));
        }
        let article_id = self.sql(
            "[article]",
            self.conn
                .execute(
                    "INSERT INTO article (slug, title, source_file, year, text, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![meta.slug, meta.title, meta.source_file, meta.year, text, sha],
                )
                .map(|_| self.conn.last_insert_rowid()),
        )?;

        for (i, z) in a.zone.iter().enumerate() {
            let record = label("zone", i, &z.name);
            let existing: Option<(i64, String)> = self.sql(
                &record,
                self.conn
                    .query_row(
                        "SELECT id, name_en FROM zone WHERE name = ?1",
                        [&z.name],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional(),
            )?;
            let id = match existing {
                Some((id, name_en)) if name_en == z.name_en => id,
                Some((_, name_en)) => {
                    return Err(self.bad(
                        &record,
                        format!("the archive already has this zone as \"{name_en}\""),
                    ));
                }
                None => self.insert(
                    &record,
                            "INSERT INTO zone (name, name_en, city, city_en, province, province_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![z.name, z.name_en, z.city, z.city_en, z.province, z.province_en],
                )?,
            };
            if self.zones.insert(z.name.clone(), id).is_some() {
                return Err(self.bad(&record, "zone listed twice"));
            }
        }

        let blocks = blocks(text);
        let mut used = vec![None::<String>; blocks.len()];
        let mut reading = 0;
        for (si, s) in a.story.iter().enumerate() {
            let record = label("story", si, &s.zone);
            let zone_id = self.zone(&record, &s.zone)?;
            let find = |kind: model::ParagraphKind| -> Vec<&model::Paragraph> {
                s.paragraphs.iter().filter(|p| p.kind == kind).collect()
            };
            let headline = match find(model::ParagraphKind::Headline).as_slice() {
                [h] => h.starts.as_str(),
                hs => {
                    return Err(self.bad(
                        &record,
                        format!(
                            "a story needs exactly one headline paragraph, this one has {}",
                            hs.len()
                        ),
                    ));
                }
            };
            let bylines = find(model::ParagraphKind::Byline);
            if bylines.len() > 1 {
                return Err(self.bad(&record, "a story has at most one byline paragraph"));
            }
            // Headline and byline text come from their paragraphs, resolved below.
            let mut headline_text = None;
            let mut byline_text = None;
            let mut resolved = Vec::new();
            for (pi, p) in s.paragraphs.iter().enumerate() {
                let precord = format!("{record}, paragraph {} ({})", pi + 1, p.key);
                if p.starts.trim().is_empty() {
                    return Err(self.bad(&precord, "`starts` is empty"));
                }
                let matches: Vec<&Block> = blocks
                    .iter()
                    .filter(|b| b.text.starts_with(&p.starts))
                    .collect();
                let b = match matches.as_slice() {
                    [b] => *b,
                    [] => {
                        return Err(self.bad(
                            &precord,
                            format!("no paragraph of article.txt starts with \"{}\"", p.starts),
                        ));
                    }
                    _ => {
                        return Err(self.bad(
                            &precord,
                            format!(
                                "{} paragraphs of article.txt start with \"{}\"; give more of the text",
                                matches.len(),
                                p.starts
                            ),
                        ));
                    }
                };
                if let Some(other) = &used[b.source_position - 1] {
                    return Err(self.bad(
                        &precord,
                        format!(
                            "the paragraph starting \"{}\" is already listed as {other}",
                            p.starts
                        ),
                    ));
                }
                used[b.source_position - 1] = Some(p.key.clone());
                if p.continues && pi == 0 {
                    return Err(self.bad(
                        &precord,
                        "the first paragraph of a story cannot continue another",
                    ));
                }
                if p.continues && s.paragraphs[pi - 1].continues {
                    return Err(self.bad(
                        &precord,
                        "a split paragraph has two halves: this one continues a continuation",
                    ));
                }
                if p.kind == model::ParagraphKind::Headline && p.starts == headline {
                    headline_text = Some(b.text);
                }
                if p.kind == model::ParagraphKind::Byline {
                    byline_text = Some(b.text);
                }
                resolved.push((p, b));
            }
            let story_id = self.insert(
                &record,
                        "INSERT INTO story (article_id, position, zone_id, headline, byline) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![article_id, si as i64 + 1, zone_id, headline_text, byline_text],
            )?;
            for (ai, author) in s.authors.iter().enumerate() {
                if !byline_text.is_some_and(|b| b.contains(author.as_str())) {
                    return Err(self.bad(
                        &record,
                        format!("author \"{author}\" is not in the story's byline"),
                    ));
                }
                self.exec(
                    &record,
                    "INSERT INTO story_author (story_id, position, name) VALUES (?1, ?2, ?3)",
                    params![story_id, ai as i64 + 1, author],
                )?;
            }
            for (p, b) in resolved {
                reading += 1;
                match self.reading.last_mut() {
                    Some((_, text)) if p.continues => text.push_str(b.text),
                    _ => {}
                }
                let precord = format!("{record}, paragraph {}", p.key);
                let id = self.insert(
                    &precord,
                            "INSERT INTO paragraph (story_id, source_position, reading_position, kind, continues_previous, char_start, char_end, text) \
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            params![
                                story_id,
                                b.source_position as i64,
                                reading,
                                p.kind.as_str(),
                                p.continues,
                                b.char_start as i64,
                                b.char_end as i64,
                                b.text
                            ],
                )?;
                if !p.continues {
                    self.reading.push((id, b.text.to_string()));
                }
                let para = Para {
                    id,
                    char_start: b.char_start,
                    text: b.text,
                };
                if self.paragraphs.insert(p.key.clone(), para).is_some() {
                    return Err(self.bad(
                        &precord,
                        format!("paragraph key \"{}\" is used twice", p.key),
                    ));
                }
            }
        }
        if let Some(missing) = blocks
            .iter()
            .find(|b| used[b.source_position - 1].is_none())
        {
            let start: String = missing.text.chars().take(16).collect();
            return Err(self.bad(
                "[[story]]",
                format!(
                    "paragraph {} of article.txt (\"{start}…\") belongs to no story; list it under the story it belongs to",
                    missing.source_position
                ),
            ));
        }
        Ok(article_id)
    }

    fn organizations(&mut self, orgs: &[model::Organization]) -> Result<()> {
        let mut ids = Vec::with_capacity(orgs.len());
        for (i, o) in orgs.iter().enumerate() {
            let record = label("organization", i, &o.name);
            let zone_id = o
                .zone
                .as_deref()
                .map(|z| self.zone(&record, z))
                .transpose()?;
            let citation = self.cite_record(&record, o)?;
            // An organization an earlier article already named is the same row.
            let known: Option<(i64, String)> = self.sql(
                &record,
                self.conn
                    .prepare_cached(
                        "SELECT o.id, o.kind FROM organization o WHERE o.name = ?1 \
                         UNION ALL SELECT o.id, o.kind FROM organization_alias a \
                         JOIN organization o ON o.id = a.organization_id WHERE a.alias = ?1",
                    )
                    .and_then(|mut s| {
                        s.query_row([&o.name], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()
                    }),
            )?;
            let id = match known {
                Some((id, kind)) if kind == o.kind => id,
                Some((_, kind)) => {
                    return Err(self.bad(
                        &record,
                        format!("the archive already has this organization as a {kind}, not a {}", o.kind),
                    ));
                }
                None => self.insert(
                    &record,
                    "INSERT INTO organization (name, kind, zone_id, citation_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![o.name, o.kind, zone_id, citation, o.note],
                )?,
            };
            self.name_org(&record, &o.name, id)?;
            for a in &o.aliases {
                let arecord = format!("{record}, alias \"{}\"", a.name);
                if !a.quote.contains(&a.name) {
                    return Err(self.bad(&arecord, "the alias is not in its quote"));
                }
                let citation = self.cite_record(&arecord, a)?;
                self.exec(
                    &arecord,
                    "INSERT INTO organization_alias (organization_id, alias, citation_id) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (alias) DO NOTHING",
                    params![id, a.name, citation],
                )?;
                self.name_org(&arecord, &a.name, id)?;
            }
            ids.push(id);
        }
        // Parents and hosts may be listed after the organizations that name them.
        for (i, (o, id)) in orgs.iter().zip(&ids).enumerate() {
            let record = label("organization", i, &o.name);
            let parent = o
                .parent
                .as_deref()
                .map(|p| self.org(&record, p))
                .transpose()?;
            let host = o
                .host
                .as_deref()
                .map(|h| self.org(&record, h))
                .transpose()?;
            if parent == Some(*id) || host == Some(*id) {
                return Err(self.bad(&record, "an organization cannot be its own parent or host"));
            }
            if parent.is_some() || host.is_some() {
                self.exec(
                    &record,
                    "UPDATE organization SET parent_id = coalesce(?1, parent_id), host_id = coalesce(?2, host_id) WHERE id = ?3",
                    params![parent, host, id],
                )?;
            }
        }
        Ok(())
    }

    fn name_org(&mut self, record: &str, name: &str, id: i64) -> Result<()> {
        match self.orgs.insert(name.to_string(), id) {
            Some(_) => Err(self.bad(
                record,
                format!("the name \"{name}\" is already used by another organization"),
            )),
            None => Ok(()),
        }
    }

    fn teams(&mut self, teams: &[model::Team]) -> Result<()> {
        let mut rows = Vec::with_capacity(teams.len());
        for (i, t) in teams.iter().enumerate() {
            let record = label("team", i, t.key.as_deref().unwrap_or(&t.name));
            let zone_id = t
                .zone
                .as_deref()
                .map(|z| self.zone(&record, z))
                .transpose()?;
            let organizer = t
                .organizer
                .as_deref()
                .map(|o| self.org(&record, o))
                .transpose()?;
            let count = t
                .count
                .as_deref()
                .map(|c| self.quantity(&record, c, &t.quote))
                .transpose()?;
            let members = t
                .members
                .as_deref()
                .map(|m| self.quantity(&record, m, &t.quote))
                .transpose()?;
            if count.as_ref().is_some_and(|c| c.value < 1) {
                return Err(self.bad(&record, "a team record stands for at least one team"));
            }
            let citation = self.cite_record(&record, t)?;
            let (team_count, count_qualifier) = count
                .as_ref()
                .map_or((1, Qualifier::Exact), |c| (c.value, c.qualifier));
            let id = self.insert(
                &record,
                        "INSERT INTO team (zone_id, kind, name, organizer_id, team_count, count_phrase, count_qualifier, \
                         members, members_phrase, members_qualifier, citation_id, note) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                        params![
                            zone_id,
                            t.kind,
                            t.name,
                            organizer,
                            team_count,
                            t.count,
                            count_qualifier.as_str(),
                            members.as_ref().map(|m| m.value),
                            t.members,
                            members.as_ref().map(|m| m.qualifier.as_str()),
                            citation,
                            t.note
                        ],
            )?;
            if let Some(key) = &t.key {
                let row = TeamRow {
                    id,
                    zone_id,
                    count: team_count,
                    qualifier: count_qualifier,
                };
                if self.teams.insert(key.clone(), row).is_some() {
                    return Err(self.bad(&record, format!("team key \"{key}\" is used twice")));
                }
            }
            rows.push((record, id, zone_id, team_count));
        }
        // part_of: the parent must be in the same zone and hold at least as many teams as the
        // records nested in it.
        let mut nested: HashMap<i64, i64> = HashMap::new();
        for (t, (record, id, zone_id, count)) in teams.iter().zip(&rows) {
            let Some(key) = &t.part_of else { continue };
            let parent = self.team(record, key)?;
            if parent.id == *id {
                return Err(self.bad(record, "a team cannot be part of itself"));
            }
            if parent.zone_id != *zone_id {
                return Err(self.bad(record, format!("team \"{key}\" is in another zone")));
            }
            let (parent_id, parent_count, parent_qualifier) =
                (parent.id, parent.count, parent.qualifier);
            let sum = nested.entry(parent_id).or_insert(0);
            *sum += count;
            if matches!(parent_qualifier, Qualifier::Exact | Qualifier::AtLeast)
                && *sum > parent_count
            {
                return Err(self.bad(
                    record,
                    format!("the records part of \"{key}\" add up to {sum} teams, more than its {parent_count}"),
                ));
            }
            self.exec(
                record,
                "UPDATE team SET part_of_id = ?1 WHERE id = ?2",
                params![parent_id, id],
            )?;
        }
        Ok(())
    }

    fn people(&mut self, people: &[model::Person]) -> Result<()> {
        for (i, p) in people.iter().enumerate() {
            let record = label("person", i, &p.name);
            let zone_id = self.zone(&record, &p.zone)?;
            if !p.quote.contains(&p.name) {
                return Err(self.bad(&record, "the name is not in the quote"));
            }
            let citation = self.cite_record(&record, p)?;
            // A person an earlier article named in the same zone is the same row.
            let known: Option<i64> = self.sql(
                &record,
                self.conn
                    .prepare_cached("SELECT id FROM person WHERE zone_id = ?1 AND name = ?2")
                    .and_then(|mut s| {
                        s.query_row(params![zone_id, p.name], |r| r.get(0))
                            .optional()
                    }),
            )?;
            let id = match known {
                Some(id) => {
                    self.exec(
                        &record,
                        "UPDATE person SET party_member = coalesce(party_member, ?1) WHERE id = ?2",
                        params![p.party_member, id],
                    )?;
                    id
                }
                None => self.insert(
                    &record,
                    "INSERT INTO person (name, zone_id, party_member, citation_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![p.name, zone_id, p.party_member, citation, p.note],
                )?,
            };
            if self.people.insert((zone_id, p.name.clone()), id).is_some() {
                return Err(self.bad(&record, "this person is listed twice in the zone"));
            }
            for (ri, r) in p.roles.iter().enumerate() {
                let rrecord = format!("{record}, role #{}", ri + 1);
                let (org, team) = match (&r.org, &r.team) {
                    (Some(o), None) => (Some(self.org(&rrecord, o)?), None),
                    (None, Some(t)) => (None, Some(self.team(&rrecord, t)?.id)),
                    _ => return Err(self.bad(&rrecord, "a role names either `org` or `team`")),
                };
                if !r.quote.contains(&r.title) {
                    return Err(self.bad(
                        &rrecord,
                        format!("the title \"{}\" is not in the quote", r.title),
                    ));
                }
                let citation = self.cite_record(&rrecord, r)?;
                self.exec(
                    &rrecord,
                        "INSERT INTO person_role (person_id, organization_id, team_id, title, title_en, citation_id) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![id, org, team, r.title, r.title_en, citation],
                )?;
            }
        }
        Ok(())
    }

    fn materials(&mut self, materials: &[model::Material]) -> Result<()> {
        for (i, m) in materials.iter().enumerate() {
            let record = label("material", i, &m.name);
            // A material an earlier article already uses is the same row, in the same unit.
            let known: Option<(i64, Option<String>)> = self.sql(
                &record,
                self.conn
                    .prepare_cached("SELECT id, unit FROM material WHERE name = ?1")
                    .and_then(|mut s| {
                        s.query_row([&m.name], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()
                    }),
            )?;
            let id = match known {
                Some((id, unit)) if unit == m.unit => id,
                Some((_, unit)) => {
                    return Err(self.bad(
                        &record,
                        format!(
                            "the archive counts this material in {}",
                            unit.as_deref().unwrap_or("no unit")
                        ),
                    ));
                }
                None => self.insert(
                    &record,
                    "INSERT INTO material (name, name_en, category, unit) VALUES (?1, ?2, ?3, ?4)",
                    params![m.name, m.name_en, m.category, m.unit],
                )?,
            };
            self.materials.insert(m.name.clone(), (id, m.unit.clone()));
        }
        Ok(())
    }

    fn donations(&mut self, donations: &[model::Donation]) -> Result<()> {
        for (i, d) in donations.iter().enumerate() {
            let record = label(
                "donation",
                i,
                &format!("{} {}", d.material, d.quantity.as_deref().unwrap_or("")),
            );
            let zone_id = self.zone(&record, &d.zone)?;
            let (material_id, unit) =
                self.materials.get(&d.material).cloned().ok_or_else(|| {
                    self.bad(&record, format!("unknown material \"{}\"", d.material))
                })?;
            let quantity = d
                .quantity
                .as_deref()
                .map(|q| self.quantity(&record, q, &d.quote))
                .transpose()?;
            if let Some(q) = &quantity
                && unit.as_deref() != Some(q.unit.as_str())
            {
                return Err(self.bad(
                    &record,
                    format!(
                        "the quantity is in {}, but {} is counted in {}",
                        q.unit,
                        d.material,
                        unit.as_deref().unwrap_or("no unit")
                    ),
                ));
            }
            if d.recipient.is_some() && d.recipient_text.is_some() {
                return Err(self.bad(&record, "give `recipient` or `recipient_text`, not both"));
            }
            let recipient = d
                .recipient
                .as_deref()
                .map(|r| self.org(&record, r))
                .transpose()?;
            let donors = d
                .donors
                .iter()
                .map(|n| self.org(&record, n))
                .collect::<Result<Vec<_>>>()?;
            let citation = self.cite_record(&record, d)?;
            let id = self.insert(
                &record,
                        "INSERT INTO donation (zone_id, kind, material_id, quantity, quantity_phrase, unit, qualifier, \
                         recipient_id, recipient, purpose, citation_id, note) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                        params![
                            zone_id,
                            d.kind,
                            material_id,
                            quantity.as_ref().map(|q| q.value),
                            d.quantity,
                            unit,
                            quantity.as_ref().map(|q| q.qualifier.as_str()),
                            recipient,
                            d.recipient_text,
                            d.purpose,
                            citation,
                            d.note
                        ],
            )?;
            for donor in donors {
                self.exec(
                    &record,
                    "INSERT INTO donation_donor (donation_id, organization_id) VALUES (?1, ?2)",
                    params![id, donor],
                )?;
            }
        }
        Ok(())
    }

    fn figures(&mut self, figures: &[model::Figure]) -> Result<()> {
        let mut inserted = Vec::with_capacity(figures.len());
        for (i, f) in figures.iter().enumerate() {
            let record = label("figure", i, f.key.as_deref().unwrap_or(&f.phrase));
            let zone_id = self.zone(&record, &f.zone)?;
            let subjects = [f.org.is_some(), f.team.is_some(), f.person.is_some()];
            if subjects.iter().filter(|s| **s).count() > 1 {
                return Err(self.bad(
                    &record,
                    "a figure has one subject: `org`, `team` or `person`",
                ));
            }
            let org = f.org.as_deref().map(|o| self.org(&record, o)).transpose()?;
            let team = f
                .team
                .as_deref()
                .map(|t| self.team(&record, t).map(|t| t.id))
                .transpose()?;
            let person = f
                .person
                .as_deref()
                .map(|p| self.person(&record, zone_id, p))
                .transpose()?;
            let q = self.quantity(&record, &f.phrase, &f.quote)?;
            let as_of = f
                .as_of
                .as_deref()
                .map(|d| self.date(&record, d, &f.quote))
                .transpose()?;
            let citation = self.cite_record(&record, f)?;
            let id = self.insert(
                &record,
                        "INSERT INTO figure (zone_id, organization_id, team_id, person_id, metric, description, phrase, \
                         value, unit, qualifier, as_of, as_of_year_inferred, citation_id, note, article_id) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                        params![
                            zone_id,
                            org,
                            team,
                            person,
                            f.metric,
                            f.description,
                            f.phrase,
                            q.value,
                            q.unit,
                            q.qualifier.as_str(),
                            as_of.as_ref().map(|(d, _)| d),
                            as_of.as_ref().map(|(_, inferred)| *inferred),
                            citation,
                            f.note,
                            self.article_id
                        ],
            )?;
            if let Some(key) = &f.key {
                let row = FigureRow {
                    id,
                    zone_id,
                    metric: f.metric.clone(),
                    value: q.value,
                    qualifier: q.qualifier,
                    restates: f.restates.is_some(),
                };
                if self.figures.insert(key.clone(), row).is_some() {
                    return Err(self.bad(&record, format!("figure key \"{key}\" is used twice")));
                }
            }
            inserted.push((record, id, zone_id, q));
        }
        for (f, (record, id, zone_id, q)) in figures.iter().zip(&inserted) {
            if f.part_of.is_some() && f.restates.is_some() {
                return Err(self.bad(
                    record,
                    "a figure is either `part_of` or `restates` another, not both",
                ));
            }
            let (column, key) = match (&f.part_of, &f.restates) {
                (Some(k), None) => ("part_of_id", k),
                (None, Some(k)) => ("restates_id", k),
                _ => continue,
            };
            let target = self
                .figures
                .get(key)
                .ok_or_else(|| self.bad(record, format!("unknown figure key \"{key}\"")))?;
            if target.id == *id {
                return Err(self.bad(record, "a figure cannot refer to itself"));
            }
            if target.restates {
                return Err(self.bad(
                    record,
                    format!("figure \"{key}\" restates another; refer to that one"),
                ));
            }
            if target.zone_id != *zone_id || target.metric != f.metric {
                return Err(self.bad(
                    record,
                    format!("figure \"{key}\" counts something else (zone or metric differ)"),
                ));
            }
            if f.restates.is_some() && target.value != q.value {
                return Err(self.bad(
                    record,
                    format!(
                        "it restates \"{key}\" but says {} where that says {}",
                        q.value, target.value
                    ),
                ));
            }
            if f.part_of.is_some() && target.qualifier == Qualifier::Exact && q.value > target.value
            {
                return Err(self.bad(
                    record,
                    format!(
                        "it is part of \"{key}\" but larger ({} > {})",
                        q.value, target.value
                    ),
                ));
            }
            let target_id = target.id;
            self.exec(
                record,
                &format!("UPDATE figure SET {column} = ?1 WHERE id = ?2"),
                params![target_id, id],
            )?;
        }
        Ok(())
    }

    fn events(&mut self, events: &[model::Event]) -> Result<()> {
        for (i, e) in events.iter().enumerate() {
            let record = label("event", i, &e.date);
            let zone_id = self.zone(&record, &e.zone)?;
            let (date, inferred) = self.date(&record, &e.date, &e.quote)?;
            let org = e.org.as_deref().map(|o| self.org(&record, o)).transpose()?;
            let person = e
                .person
                .as_deref()
                .map(|p| self.person(&record, zone_id, p))
                .transpose()?;
            let citation = self.cite_record(&record, e)?;
            self.exec(
                &record,
                    "INSERT INTO event (zone_id, date, date_phrase, year_inferred, organization_id, person_id, \
                     description, description_en, citation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![zone_id, date, e.date, inferred, org, person, e.description, e.description_en, citation],
            )?;
        }
        Ok(())
    }

    fn documents(&mut self, documents: &[model::Document]) -> Result<()> {
        for (i, d) in documents.iter().enumerate() {
            let record = label("document", i, &d.title);
            let zone_id = self.zone(&record, &d.zone)?;
            if !d.quote.contains(&d.title) {
                return Err(self.bad(&record, "the title is not in the quote"));
            }
            let issuer = d
                .issuer
                .as_deref()
                .map(|o| self.org(&record, o))
                .transpose()?;
            let citation = self.cite_record(&record, d)?;
            self.exec(
                &record,
                    "INSERT INTO document (zone_id, title, title_en, issuer_id, citation_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![zone_id, d.title, d.title_en, issuer, citation],
            )?;
        }
        Ok(())
    }
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
        assert_eq!(parse_date("二月二日", 2020), None);
        assert_eq!(parse_date("1月", 2020), None);
    }

    #[test]
    fn the_embedded_seed_loads() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::archive::configure(&conn).unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let tx = conn.transaction().unwrap();
        load_all(&tx, EMBEDDED.iter().copied()).unwrap();
        tx.commit().unwrap();
        let bad: i64 = conn
            .query_row(
                "SELECT count(*) FROM citation c JOIN paragraph p ON p.id = c.paragraph_id \
                 JOIN story s ON s.id = p.story_id JOIN article a ON a.id = s.article_id \
                 WHERE substr(a.text, c.char_start + 1, c.char_end - c.char_start) <> c.quote \
                    OR c.char_start < p.char_start OR c.char_end > p.char_end",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(bad, 0);
    }
}
