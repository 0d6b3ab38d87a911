//! The seed loader: turns an article directory (`article.txt`, `article.toml`, `facts.toml`) into
//! rows of the archive, checking everything on the way.
//!
//! The seed is written by people, so the loader does the error-prone work for them: it finds each
//! quote in its paragraph and stores the offsets (nobody counts characters), derives every number
//! from the phrase as written with [`crate::domain::quantity`], resolves names to rows, and checks that
//! nested and restated figures are consistent. The first problem stops the load with an error
//! naming the file, the record and the reason; the caller runs the load in one transaction, so
//! nothing is written.
//!
//! The work is split by what each part needs, so that each can be read (and tested, and sped up)
//! on its own:
//!
//! - `parse` reads files and TOML into the model, and has `validate::derive` compute what needs
//!   only the article: its sha256, quotes located in their paragraphs, numbers and dates read,
//!   each record's label for messages. None of it needs the archive, which is why an import runs
//!   it on a second thread, and the thread that writes does not.
//! - `validate` checks and derives: paragraphs matched to the page, quotes located, numbers and
//!   dates read, names resolved, nesting checked. It runs no SQL, so its rules are plain functions
//!   of the seed; a story is validated into the rows to write before any of it is written. What
//!   `derive` computes ahead is kept as results, errors included, which the loader takes where
//!   it used to compute them: the first problem reported is still the first in the file.
//! - `loader` walks the records in file order, calls the checks, and writes through
//!   [`crate::archive::load::Writer`], which holds every statement. The loader stays interleaved
//!   record by record rather than validating a whole article first, for two reasons: a name may
//!   stand for a row an earlier article stored (an organization, zone, material or person), so
//!   some checks (conflicting kind, unit or English name) need the archive; and the first
//!   problem reported must stay the first problem in the file, wherever it is found.

mod loader;
mod parse;
mod validate;

use sha2::{Digest, Sha256};

use crate::archive::load::{Finishing, Writer};
use crate::error::Result;

pub use parse::{Parsed, article_dirs, parse, read_article, read_dir};
pub use validate::{Block, blocks, contains_whole_number, parse_date};

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
    text: include_str!("../../../seed/gaoxinqu-2020/article.txt"),
    article_toml: include_str!("../../../seed/gaoxinqu-2020/article.toml"),
    facts_toml: include_str!("../../../seed/gaoxinqu-2020/facts.toml"),
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
    /// Borrows it as a [`Source`] for [`parse()`].
    pub fn as_source(&self) -> Source<'_> {
        Source {
            dir: &self.dir,
            text: &self.text,
            article_toml: &self.article_toml,
            facts_toml: &self.facts_toml,
        }
    }
}

/// Hex sha256 of a text, as stored in `article.sha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// What is left of an article once it is loaded: its text and parsed records. Freeing them is a
/// few percent of the loader's work, which an import has another thread do.
pub struct Spent {
    _held: Box<dyn Send>,
}

/// Loads several articles in the caller's transaction and returns how many; see
/// [`load_parsed_all`].
pub fn load_all<'s>(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    sources: impl ExactSizeIterator<Item = Source<'s>>,
) -> Result<usize> {
    let articles = sources.len();
    load_parsed_all(conn, path, articles, sources.map(|src| parse(&src)), drop)
}

/// Loads `articles` articles parsed elsewhere (on another thread, as they are read), in the
/// caller's transaction, and returns how many were loaded. `path` is the archive's file, for
/// messages. Each article, once loaded, is handed to `spent` to be freed.
///
/// A load streams: each article is written as it arrives and nothing of it is kept once it is
/// written, so memory does not grow with the number of articles. What is derived from the rows
/// (indexes set aside for a large load, the search index) is written once, at the end
/// ([`Writer::finish`]).
pub fn load_parsed_all(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    articles: usize,
    parsed: impl IntoIterator<Item = Result<Parsed>>,
    mut spent: impl FnMut(Spent),
) -> Result<usize> {
    let writer = Writer::new(conn, path);
    let fail =
        |what: &str, e: &rusqlite::Error| crate::archive::archive_error(what.into(), path, e);
    let pending = writer.begin(articles).map_err(|e| {
        fail(
            &format!("cannot prepare {} for the load", path.display()),
            &e,
        )
    })?;
    let mut loaded = 0;
    for p in parsed {
        spent(loader::load(&writer, p?)?);
        loaded += 1;
    }
    writer.finish(pending).map_err(|(step, e)| {
        let what = match step {
            Finishing::Indexes => format!("cannot build the indexes of {}", path.display()),
            Finishing::Search => "cannot index the articles for search".to_string(),
            Finishing::Rollups => format!("cannot update the rollups of {}", path.display()),
        };
        fail(&what, &e)
    })?;
    Ok(loaded)
}
