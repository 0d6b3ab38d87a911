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
    let not_a_seed = |why: &str| {
        Error::runtime(format!("cannot read seed directory {}", dir.display()), why)
            .fix("give a directory that holds article directories, or one article directory")
    };
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(not_a_seed("no such directory"));
        }
        Ok(m) if !m.is_dir() => return Err(not_a_seed("it is not a directory")),
        _ => {}
    }
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

/// The largest seed file read unless `FRONTLINE_MAX_SEED_FILE` says otherwise.
pub const MAX_SEED_FILE: u64 = 64 << 20;

/// The environment variable that changes [`MAX_SEED_FILE`] (`128M`, `1G`, bytes).
pub const MAX_SEED_FILE_VAR: &str = "FRONTLINE_MAX_SEED_FILE";

/// The limit on the size of one seed file.
fn max_seed_file() -> Result<u64> {
    match std::env::var(MAX_SEED_FILE_VAR) {
        Ok(v) => crate::size::parse(&v).map_err(|why| {
            Error::usage(format!("bad {MAX_SEED_FILE_VAR}"), why).fix("for example 128M")
        }),
        Err(_) => Ok(MAX_SEED_FILE),
    }
}

/// Reads one seed file: a regular file (never a FIFO or a device, which could block or never
/// end), of at most `limit` bytes, in UTF-8.
fn read_seed_file(path: &Path, limit: u64) -> Result<String> {
    use std::io::Read;
    let fail =
        |why: String| Error::runtime(format!("cannot read seed file {}", path.display()), why);
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer; without blocking it opens at once, and the
    // check below refuses it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| {
        fail(e.to_string())
            .fix("an article directory holds article.txt, article.toml and facts.toml")
    })?;
    let meta = file.metadata().map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(
            fail("it is not a regular file (a FIFO, a device or a directory)".into())
                .fix("give the seed as regular files"),
        );
    }
    let too_large = |size: String| {
        fail(format!(
            "it is {size}, more than the limit of {}",
            crate::size::show(limit)
        ))
        .fix(format!(
            "split the article, or raise the limit with {MAX_SEED_FILE_VAR}=SIZE (for example 256M)"
        ))
    };
    if meta.len() > limit {
        return Err(too_large(format!("{} bytes", meta.len())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: never read more than the limit.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(too_large("growing".into()));
    }
    String::from_utf8(bytes).map_err(|e| fail(e.to_string()).fix("seed files are UTF-8"))
}

/// Reads one article directory's three files.
pub fn read_article(dir: &Path) -> Result<OwnedSource> {
    let limit = max_seed_file()?;
    let read = |name: &str| read_seed_file(&dir.join(name), limit);
    Ok(OwnedSource {
        dir: dir.display().to_string(),
        text: read("article.txt")?,
        article_toml: read("article.toml")?,
        facts_toml: read("facts.toml")?,
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
    /// What the loader derives from the article alone ([`super::validate::derive`]).
    pub(super) derived: super::validate::Derived,
}

/// Parses an article's TOML files and derives what the loader needs from the article alone (no
/// database needed, so it can run on another thread).
///
/// Every text the loader stores is free of control characters other than tab and line breaks
/// (LF, or CRLF): article.txt, and every string (and key) of the TOML files, however written
/// (a raw character or an escape such as `\u0000`). SQLite's text functions stop at a NUL, and
/// an ESC would reach the terminal of whoever reads the archive.
pub fn parse(src: &Source) -> Result<Parsed> {
    no_controls(src, "article.txt", src.text)?;
    let article: model::ArticleFile = toml_file(src, "article.toml", src.article_toml)?;
    let facts: model::FactsFile = toml_file(src, "facts.toml", src.facts_toml)?;
    let derived = super::validate::derive(src.dir, src.text, &article, &facts);
    Ok(Parsed {
        dir: src.dir.to_string(),
        text: src.text.to_string(),
        article,
        facts,
        derived,
    })
}

/// Reads one TOML file into `T`, refusing control characters in its strings and keys.
fn toml_file<T: serde::de::DeserializeOwned>(src: &Source, file: &str, text: &str) -> Result<T> {
    // A byte order mark is not part of the document (TOML files are not stored).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let table = toml::de::DeTable::parse(text).map_err(|e| toml_error(src, file, text, &e))?;
    strings_without_controls(src, file, text, table.get_ref())?;
    T::deserialize(toml::de::Deserializer::from(table)).map_err(|e| toml_error(src, file, text, &e))
}

/// Walks a parsed TOML table and refuses the first string or key holding a control character,
/// naming the line and column where it is written.
fn strings_without_controls(
    src: &Source,
    file: &str,
    text: &str,
    table: &toml::de::DeTable,
) -> Result<()> {
    fn value(
        src: &Source,
        file: &str,
        text: &str,
        v: &toml::Spanned<toml::de::DeValue>,
    ) -> Result<()> {
        match v.get_ref() {
            toml::de::DeValue::String(s) => string(src, file, text, s, v.span().start),
            toml::de::DeValue::Array(items) => items
                .iter()
                .try_for_each(|item| value(src, file, text, item)),
            toml::de::DeValue::Table(t) => strings_without_controls(src, file, text, t),
            _ => Ok(()),
        }
    }
    fn string(src: &Source, file: &str, text: &str, s: &str, at: usize) -> Result<()> {
        match first_control(s) {
            Some((_, c)) => {
                let (line, column) = line_column(text, at);
                Err(control_error(
                    src,
                    file,
                    line,
                    column,
                    c,
                    "in the string that starts here",
                ))
            }
            None => Ok(()),
        }
    }
    for (k, v) in table {
        string(src, file, text, k.get_ref(), k.span().start)?;
        value(src, file, text, v)?;
    }
    Ok(())
}

/// The byte offset and the character of the first control character in `s` that a stored text
/// may not hold: anything but a tab, a line feed, and a carriage return that ends a line (CRLF).
fn first_control(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    s.char_indices().find(|&(i, c)| {
        c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    })
}

/// The 1-based line and column (in characters) of byte offset `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn control_error(
    src: &Source,
    file: &str,
    line: usize,
    column: usize,
    c: char,
    place: &str,
) -> Error {
    let name = match c {
        '\0' => " (NUL)",
        '\x1b' => " (ESC)",
        '\r' => " (a carriage return not followed by a line feed)",
        _ => "",
    };
    Error::runtime(
        format!("{}/{file}: line {line}, column {column}", src.dir),
        format!(
            "control character U+{:04X}{name} {place}; seed text may hold tabs and line breaks, no other control characters",
            u32::from(c)
        ),
    )
    .fix("remove it; nothing was written")
}

/// Refuses a control character in the raw text of a file (see [`first_control`]).
fn no_controls(src: &Source, file: &str, text: &str) -> Result<()> {
    match first_control(text) {
        Some((at, c)) => {
            let (line, column) = line_column(text, at);
            Err(control_error(src, file, line, column, c, "in the text"))
        }
        None => Ok(()),
    }
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
