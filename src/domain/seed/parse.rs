//! Reading a seed: article directories from disk, and their TOML into the model
//! ([`crate::domain::model`]). Nothing here needs the archive, so an import reads and parses on
//! another thread while the loader writes.

use std::path::{Path, PathBuf};

use super::validate::one_line;
use super::{OwnedSource, Source};
use crate::domain::model;
use crate::error::{Error, Result};

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

/// An article whose TOML has been read, ready to load.
pub struct Parsed {
    pub(super) dir: String,
    pub(super) text: String,
    pub(super) article: model::ArticleFile,
    pub(super) facts: model::FactsFile,
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

/// A TOML syntax or shape error as one line: the file, the line number and the message.
fn toml_error(src: &Source, file: &str, text: &str, e: &toml::de::Error) -> Error {
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
    let at = line.map_or_else(String::new, |l| format!(" line {l}"));
    Error::runtime(format!("{}/{file}:{at}", src.dir), one_line(e.message()))
        .fix("correct the file; nothing was written")
}
