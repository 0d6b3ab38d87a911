//! A citation in its place: the passage a fact cites, the paragraph it stands in, the paragraphs
//! around it in the same story, and the facts that cite it. `frontline cite` prints this; it is a
//! struct so that the report and other callers can show the same thing.

use crate::archive::Archive;
use crate::archive::read::CitationInPlace;
use crate::error::{Error, Result};

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
