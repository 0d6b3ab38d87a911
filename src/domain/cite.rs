//! A citation in its place: the passage a fact cites, the paragraph it stands in, the paragraphs
//! around it in the same story, and the facts that cite it. `frontline cite` prints this; it is a
//! struct so that the report and other callers can show the same thing.

use crate::archive::Archive;
use crate::archive::read::{CitationInPlace, ParagraphInPlace};
use crate::error::{Error, Result};

/// What `cite` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A citation by id: `86` or `c86` (as `--sources` writes it).
    Citation(i64),
    /// A paragraph by its number in reading order: `¶5` or `p5`, with its article's slug in front
    /// (`gaoxinqu-2020:¶5`) when the archive holds several.
    Paragraph {
        /// The article's slug, if given.
        article: Option<String>,
        /// The paragraph's number.
        number: i64,
    },
}

/// Reads what `cite` was given: `86`, `c86`, `¶5`, `p5`, `SLUG:¶5` or `SLUG:p5`.
pub fn parse_target(text: &str) -> Result<Target> {
    let t = text.trim();
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (article, rest) = match t.rsplit_once(':') {
        Some((slug, rest)) if !slug.is_empty() => (Some(slug.to_string()), rest),
        _ => (None, t),
    };
    if article.is_none()
        && let Some(id) = number(t).or_else(|| t.strip_prefix(['c', 'C']).and_then(number))
    {
        return Ok(Target::Citation(id));
    }
    if let Some(n) = rest.strip_prefix(['¶', 'p', 'P']).and_then(number) {
        return Ok(Target::Paragraph { article, number: n });
    }
    Err(Error::usage(
        format!("cannot read \"{text}\""),
        "it is neither a citation id nor a paragraph",
    )
    .fix("give a citation id (86 or c86) or a paragraph (¶5 or p5; gaoxinqu-2020:¶5 with several articles)"))
}

/// A paragraph with the facts citing each of its citations.
#[derive(Debug, Clone)]
pub struct CitedParagraph {
    /// The paragraph and its citations.
    pub at: ParagraphInPlace,
    /// For each citation (in the same order), the facts that cite it.
    pub cited_by: Vec<Vec<String>>,
    /// The archive holds several articles: the paragraph is named with its slug.
    pub several_articles: bool,
}

impl CitedParagraph {
    /// The paragraph's text with each citation wrapped in 【】 (overlapping ones as one).
    pub fn marked(&self) -> String {
        let mut ranges: Vec<(usize, usize)> =
            self.at.citations.iter().map(|c| (c.2, c.3)).collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut out = String::new();
        for (i, c) in self.at.text.chars().enumerate() {
            if merged.iter().any(|r| r.1 == i) {
                out.push('】');
            }
            if merged.iter().any(|r| r.0 == i) {
                out.push('【');
            }
            out.push(c);
        }
        let len = self.at.text.chars().count();
        if merged.iter().any(|r| r.1 >= len) {
            out.push('】');
        }
        out
    }
}

/// Looks up a paragraph with its citations. Without a slug the archive must hold one article;
/// a number out of range is a usage error that gives the range.
pub fn paragraph(archive: &Archive, article: Option<&str>, number: i64) -> Result<CitedParagraph> {
    let slugs = archive.article_slugs()?;
    let slug = match article {
        Some(s) if slugs.iter().any(|x| x == s) => s.to_string(),
        Some(s) => {
            return Err(Error::usage(
                format!("no article \"{s}\""),
                format!("the archive's articles are {}", slugs.join(", ")),
            )
            .fix("name one of them before the paragraph, as SLUG:¶5"));
        }
        None if slugs.len() == 1 => slugs[0].clone(),
        None if slugs.is_empty() => {
            return Err(Error::usage("no paragraph", "the archive holds no article")
                .fix("import an article first"));
        }
        None => {
            return Err(Error::usage(
                format!("paragraph {number} of which article?"),
                format!(
                    "the archive holds {} articles, each numbered from ¶1",
                    slugs.len()
                ),
            )
            .fix(format!(
                "name it with its article, as {}:¶{number}",
                slugs[0]
            )));
        }
    };
    let Some(at) = archive.paragraph_in_place(&slug, number)? else {
        let max = archive.last_paragraph(&slug)?;
        return Err(Error::usage(
            format!("no paragraph {number} in {slug}"),
            format!("its paragraphs are numbered 1 to {max}"),
        )
        .fix("take a number from `search`, `article` or `query --sources`"));
    };
    let cited_by = at
        .citations
        .iter()
        .map(|c| archive.cited_by(c.0))
        .collect::<Result<Vec<_>>>()?;
    Ok(CitedParagraph {
        at,
        cited_by,
        several_articles: slugs.len() > 1,
    })
}

/// A citation with its context.
#[derive(Debug, Clone)]
pub struct Cited {
    /// The citation's id.
    pub id: i64,
    /// The citation and its paragraph.
    pub at: CitationInPlace,
    /// The paragraph before it in the same story, if any.
    pub before: Option<String>,
    /// The paragraph after it in the same story, if any.
    pub after: Option<String>,
    /// The facts that cite it, one line each.
    pub cited_by: Vec<String>,
}

impl Cited {
    /// The paragraph's text with the quote wrapped in 【】.
    pub fn marked(&self) -> String {
        let chars: Vec<char> = self.at.text.chars().collect();
        let (s, e) = (self.at.start.min(chars.len()), self.at.end.min(chars.len()));
        chars[..s].iter().collect::<String>()
            + "【"
            + &chars[s..e].iter().collect::<String>()
            + "】"
            + &chars[e..].iter().collect::<String>()
    }
}

/// Looks up citation `id`; an id that does not exist is a usage error that gives the range.
pub fn cite(archive: &Archive, id: i64) -> Result<Cited> {
    let Some(at) = archive.citation(id)? else {
        let max = archive.last_citation_id()?;
        return Err(Error::usage(
            format!("no citation {id}"),
            format!("the archive's citations are numbered 1 to {max}"),
        )
        .fix("take an id from a citation_id column, `query --sources` or `search`"));
    };
    let before = archive.story_paragraph(at.story_id, at.paragraph - 1)?;
    let after = archive.story_paragraph(at.story_id, at.paragraph + 1)?;
    let cited_by = archive.cited_by(id)?;
    Ok(Cited {
        id,
        at,
        before,
        after,
        cited_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_citations_or_paragraphs() {
        assert_eq!(parse_target("86").unwrap(), Target::Citation(86));
        assert_eq!(parse_target("c86").unwrap(), Target::Citation(86));
        assert_eq!(parse_target(" C7 ").unwrap(), Target::Citation(7));
        let p = |a: Option<&str>, n| Target::Paragraph {
            article: a.map(String::from),
            number: n,
        };
        assert_eq!(parse_target("¶5").unwrap(), p(None, 5));
        assert_eq!(parse_target("p5").unwrap(), p(None, 5));
        assert_eq!(parse_target("P12").unwrap(), p(None, 12));
        assert_eq!(
            parse_target("gaoxinqu-2020:¶5").unwrap(),
            p(Some("gaoxinqu-2020"), 5)
        );
        assert_eq!(parse_target("a:b:p3").unwrap(), p(Some("a:b"), 3));
        for bad in [
            "",
            "abc",
            "¶",
            "p",
            "c",
            "¶-1",
            "5a",
            "¶5x",
            ":¶5x",
            "slug:86",
            "99999999999999999999",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }
}
