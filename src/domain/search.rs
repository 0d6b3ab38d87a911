//! Searching Chinese text: how a user's words become an FTS5 query, and how hits are shown.
//!
//! Chinese has no spaces, so the index uses the trigram tokenizer: a word of three characters or
//! more is looked up in the index, a word of two characters (口罩, 党员) through the trigrams that
//! start with it (see [`crate::archive::search`]), and a word of one character by a plain
//! substring scan. Words are ANDed; "a quoted phrase" is one word, spaces and all. Whatever the
//! user types is searched as text: each word becomes an FTS5 string literal, so quotes, `*`, `-`,
//! `OR` or parentheses can never produce an FTS5 syntax error.

use crate::archive::Archive;
use crate::archive::search::Lookup;
use crate::error::{Error, Result};

/// A search as the user asked for it.
#[derive(Debug, Clone)]
pub struct Request {
    /// What the user typed (the words joined by spaces).
    pub text: String,
    /// Only paragraphs of this zone's stories (a resolved Chinese zone name).
    pub zones: Vec<String>,
    /// At most this many paragraphs (`None`: all of them).
    pub limit: Option<i64>,
    /// `text` is an FTS5 query in its own syntax.
    pub raw: bool,
    /// Wrap each hit in 【】 in the snippet.
    pub mark: bool,
}

/// One paragraph that matches.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The slug of its article (paragraphs are numbered per article).
    pub article: String,
    /// The zone of its story.
    pub zone: String,
    /// The story's headline.
    pub story: String,
    /// The paragraph's number in reading order: that of the half where the first hit starts (the
    /// number `cite` gives a citation there).
    pub paragraph: i64,
    /// The text around the first hit.
    pub snippet: String,
    /// The citations that overlap a hit, in the paragraph's order.
    pub citations: Vec<i64>,
}

/// Fails with a usage error when there is nothing to search for.
pub fn require_words(typed: &str) -> Result<()> {
    if typed.trim().is_empty() {
        return Err(Error::usage("nothing to search for", "the text is empty").fix("give a word"));
    }
    Ok(())
}

/// What a search found.
#[derive(Debug, Clone)]
pub struct Results {
    /// The paragraphs shown (at most the limit).
    pub hits: Vec<Hit>,
    /// How many paragraphs match in all: more than `hits.len()` when the limit cut the result.
    pub total: usize,
}

/// Runs a search: the paragraphs that contain every word, best first, each with a snippet and the
/// citations of facts in the hit, and how many match in all. An empty text is a usage error.
pub fn search(archive: &Archive, request: &Request) -> Result<Results> {
    let typed = &request.text;
    require_words(typed)?;
    let terms: Vec<Term> = match (request.raw, terms(typed)) {
        (true, _) => Vec::new(),
        // Only quote marks: search for them as written.
        (false, t) if t.is_empty() => vec![Term(typed.trim().to_string())],
        (false, t) => t,
    };
    let lookup = Lookup {
        fts: if request.raw {
            Some(typed.clone())
        } else {
            fts_query(&terms)
        },
        long: terms
            .iter()
            .filter(|t| t.indexed())
            .map(|t| t.0.clone())
            .collect(),
        short: terms.iter().filter_map(|t| t.short_key()).collect(),
        scan: terms
            .iter()
            .filter(|t| !t.indexed() && t.short_key().is_none())
            .map(|t| t.0.clone())
            .collect(),
        zones: request.zones.clone(),
        limit: request.limit,
        raw: request.raw,
    };
    let words: Vec<String> = if request.raw {
        raw_words(typed)
    } else {
        terms.iter().map(|t| t.0.clone()).collect()
    };
    let (found, total) = archive.find_paragraphs(&lookup)?;
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let hits = hits(&f.text, &words);
        let (paragraph, citations) = cited_in_hits(archive, &f, &hits)?;
        out.push(Hit {
            snippet: snippet(&f.text, &hits, 24, 48, request.mark),
            article: f.article,
            zone: f.zone,
            story: f.story,
            paragraph,
            citations,
        });
    }
    Ok(Results { hits: out, total })
}

/// A hit's paragraph may be two halves joined (the layout split it): each half's citations that
/// overlap a hit, at their place in the joined text, and the number of the half where the first
/// hit starts.
fn cited_in_hits(
    archive: &Archive,
    found: &crate::archive::search::Found,
    hits: &[(usize, usize)],
) -> Result<(i64, Vec<i64>)> {
    let number = found.paragraph;
    let first_hit = hits.first().map_or(0, |h| h.0 as i64);
    let mut shown = number;
    let mut cited = Vec::new();
    let mut offset = 0;
    for (i, half) in archive
        .paragraph_halves(found.story_id, number)?
        .into_iter()
        .enumerate()
    {
        if i > 0 && !half.continues_previous {
            break;
        }
        if i > 0 && first_hit >= offset {
            shown = number + i as i64;
        }
        for (c, s, e) in archive.paragraph_citations(half.id)? {
            let (s, e) = (
                (offset + s - half.char_start) as usize,
                (offset + e - half.char_start) as usize,
            );
            if hits.iter().any(|h| h.0 < e && s < h.1) {
                cited.push(c);
            }
        }
        offset += half.len;
    }
    Ok((shown, cited))
}

/// The literal words of a raw FTS5 query, for highlighting: its quoted strings and bare words,
/// without operators.
fn raw_words(q: &str) -> Vec<String> {
    terms(q)
        .into_iter()
        .map(|t| t.0)
        .flat_map(|w| {
            w.split(|c: char| "()*^:+-".contains(c) || c.is_whitespace())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty() && !matches!(w.as_str(), "AND" | "OR" | "NOT" | "NEAR"))
        .collect()
}

/// One word of a search, as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term(pub String);

impl Term {
    /// Whether the trigram index can look this word up (three characters or more).
    pub fn indexed(&self) -> bool {
        self.0.chars().count() >= 3
    }

    /// A two-character word the index can serve through its trigrams' prefixes, as the index
    /// stores it (Latin letters lower-cased). `None` for other lengths, and for letters outside
    /// ASCII that have case: the trigram tokenizer folds those by Unicode rules, which `instr`
    /// and `lower` do not, so they are checked by a scan.
    pub fn short_key(&self) -> Option<String> {
        let chars: Vec<char> = self.0.chars().collect();
        let caseless =
            |c: &char| c.is_ascii() || (c.to_lowercase().eq([*c]) && c.to_uppercase().eq([*c]));
        (chars.len() == 2 && chars.iter().all(caseless))
            .then(|| chars.iter().map(|c| c.to_ascii_lowercase()).collect())
    }
}

/// Splits what the user typed into words: whitespace separates words, except inside ASCII double
/// quotes, which make one word of a phrase (an unclosed quote runs to the end).
pub fn terms(input: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                if quoted || !current.is_empty() {
                    push(&mut out, &mut current, quoted);
                }
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => push(&mut out, &mut current, false),
            c => current.push(c),
        }
    }
    push(&mut out, &mut current, quoted);
    out
}

fn push(out: &mut Vec<Term>, current: &mut String, keep_spaces: bool) {
    let word = if keep_spaces {
        current.clone()
    } else {
        current.trim().to_string()
    };
    if !word.trim().is_empty() {
        out.push(Term(word));
    }
    current.clear();
}

/// The FTS5 query for the indexed words: each one a string literal (double quotes doubled), ANDed.
/// `None` when no word is long enough for the index.
pub fn fts_query(terms: &[Term]) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .filter(|t| t.indexed())
        .map(|t| format!("\"{}\"", t.0.replace('"', "\"\"")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Character ranges (start, end) in `text` where any of the words occurs, merged and sorted.
/// Matching ignores ASCII case, as the index does.
pub fn hits(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let hay: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut ranges = Vec::new();
    for t in terms {
        let needle: Vec<char> = t.chars().map(|c| c.to_ascii_lowercase()).collect();
        if needle.is_empty() || needle.len() > hay.len() {
            continue;
        }
        for i in 0..=hay.len() - needle.len() {
            if hay[i..i + needle.len()] == needle[..] {
                ranges.push((i, i + needle.len()));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The text around the first hit: up to `before` characters before it and `after` after its start,
/// with … where the paragraph is cut. With `mark`, every hit in the window is wrapped in 【】.
pub fn snippet(
    text: &str,
    hits: &[(usize, usize)],
    before: usize,
    after: usize,
    mark: bool,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first = hits.first().map_or(0, |h| h.0);
    let start = first.saturating_sub(before);
    let end = (first + after)
        .min(chars.len())
        .max(hits.first().map_or(0, |h| h.1).min(chars.len()));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        if mark && hits.iter().any(|h| h.0 == i) {
            out.push('【');
        }
        out.push(*c);
        if mark && hits.iter().any(|h| h.1 == i + 1) {
            out.push('】');
        }
    }
    // A hit cut by the window's end still gets its closing mark.
    if mark && hits.iter().any(|h| h.0 < end && h.1 > end) {
        out.push('】');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<String> {
        terms(input).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn words_split_on_whitespace_and_quotes_make_phrases() {
        assert_eq!(words("口罩  党员"), ["口罩", "党员"]);
        assert_eq!(words("\"党员 志愿\" 成都"), ["党员 志愿", "成都"]);
        assert_eq!(words("\"unclosed phrase"), ["unclosed phrase"]);
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("a\"b"), ["a", "b"]);
    }

    #[test]
    fn user_syntax_is_quoted_into_literals() {
        let t = terms("\"OR\" -x* (党员 AND");
        assert_eq!(
            fts_query(&t).as_deref(),
            Some("\"-x*\" AND \"(党员\" AND \"AND\"")
        );
        let t = vec![Term("say \"hi\"".into()), Term("口罩".into())];
        assert_eq!(fts_query(&t).as_deref(), Some("\"say \"\"hi\"\"\""));
        assert_eq!(fts_query(&terms("口罩 党员")), None);
    }

    #[test]
    fn hits_merge_and_snippets_mark_them() {
        let text = "在疫情防控的第一线,还有无数的党员冲锋在前";
        let h = hits(text, &["党员".into(), "无数的党".into()]);
        assert_eq!(h, vec![(12, 17)]);
        assert_eq!(snippet(text, &h, 3, 8, true), "…,还有【无数的党员】冲锋在…");
        assert_eq!(snippet(text, &h, 3, 8, false), "…,还有无数的党员冲锋在…");
        assert_eq!(
            snippet("短文", &hits("短文", &["短".into()]), 10, 10, true),
            "【短】文"
        );
        assert_eq!(hits("Chengdu", &["chENG".into()]), vec![(0, 5)]);
    }
}
