//! `frontline draft ARTICLE.txt -o DIR`: the first reading of a new article, written as an article
//! directory in the seed's format for a person to review (see [`crate::domain::draft`]).
//!
//! Needs no archive. Refuses bad input (empty, not UTF-8, binary, no story) before writing
//! anything, and a non-empty DIR without `--force`.

use std::path::{Path, PathBuf};

use crate::domain::draft::{self, Options, Refusal};
use crate::error::{Error, Result};
use crate::output::{self, FormatArg, Value};

/// Arguments of `frontline draft`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline draft page.txt -o articles/page --year 2020
  frontline import --dry-run articles/page     every check of an import, nothing written
  frontline import articles/page

The draft cites every record and notes above it (# review:) how it was found and what is
uncertain. Review the notes, correct the files, then import.")]
pub struct Args {
    /// The article's plain text (UTF-8).
    pub article: PathBuf,

    /// The article directory to write (article.txt, article.toml, facts.toml).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,

    /// The year of dates printed without one [default: the first year printed in the article].
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2100))]
    pub year: Option<i32>,

    /// The article's slug in the archive [default: the file's stem, made a valid slug].
    #[arg(long)]
    pub slug: Option<String>,

    /// Write into DIR even if it is not empty (the three files are replaced).
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub format: FormatArg,
}

/// A slug: lowercase ASCII letters, digits and single hyphens.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn read_text(path: &Path) -> Result<String> {
    let what = || format!("cannot draft {}", path.display());
    let bytes = std::fs::read(path).map_err(|e| Error::file("read", path, e))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::runtime(what(), "the file is empty")
            .fix("give the plain text of a news article"));
    }
    if bytes.contains(&0) {
        return Err(
            Error::runtime(what(), "it holds binary data (NUL bytes), not text")
                .fix("extract the article's plain text to a UTF-8 file first"),
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::runtime(what(), format!("it is not UTF-8 text ({e})"))
            .fix("convert it to UTF-8 first (for example with iconv -f GB18030 -t UTF-8)")
    })?;
    if text
        .chars()
        .all(|c| c.is_whitespace() || c == '\u{feff}' || c.is_control())
    {
        return Err(
            Error::runtime(what(), "the file is empty (only blanks and line ends)")
                .fix("give the plain text of a news article"),
        );
    }
    Ok(text)
}

/// Drafts the article and writes the directory.
pub fn run(args: &Args) -> Result<()> {
    let text = read_text(&args.article)?;
    let slug = match &args.slug {
        Some(s) if slugify(s) == *s && !s.is_empty() => s.clone(),
        Some(s) => {
            return Err(Error::usage(
                format!("invalid --slug \"{s}\""),
                "a slug is lowercase letters, digits and hyphens",
            )
            .fix(format!(
                "for example --slug {}",
                if slugify(s).is_empty() {
                    "article-1".into()
                } else {
                    slugify(s)
                }
            )));
        }
        None => {
            let stem = args
                .article
                .file_stem()
                .map(|s| slugify(&s.to_string_lossy()))
                .unwrap_or_default();
            if stem.is_empty() {
                format!(
                    "article-{}",
                    &crate::domain::seed::sha256_hex(text.as_bytes())[..8]
                )
            } else {
                stem
            }
        }
    };
    let source_file = args
        .article
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let opts = Options {
        slug,
        source_file,
        year: args.year,
    };
    let what = format!("cannot draft {}", args.article.display());
    let d = draft::draft(&text, &opts).map_err(|r| match r {
        Refusal::NoYear => Error::usage(
            what.clone(),
            "its dates print no year, and no year (such as 2020年) is printed in the article",
        )
        .fix("pass --year YYYY"),
        Refusal::NoStory(why) => {
            Error::runtime(what.clone(), format!("no recognisable story: {why}"))
                .fix("give the plain text of a news report, its headline on a line of its own")
        }
    })?;
    write_dir(&args.out, args.force, &text, &d)?;
    let rows = d
        .counts
        .iter()
        .map(|(k, n)| vec![Value::from(*k), Value::Int(*n as i64)])
        .collect();
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["drafted", "records"],
        rows,
    )?;
    eprintln!(
        "frontline: drafted {} (year {}: {}); review the `# review:` notes, then run frontline import --dry-run {}",
        args.out.display(),
        d.year.0,
        d.year.1,
        args.out.display()
    );
    Ok(())
}

fn write_dir(dir: &Path, force: bool, text: &str, d: &draft::Draft) -> Result<()> {
    if dir.exists() {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::file("write into", dir, e))?;
        if entries.count() > 0 && !force {
            return Err(Error::runtime(
                format!("will not write into {}", dir.display()),
                "it is not empty",
            )
            .fix("give a new or empty directory, or pass --force to replace its article files"));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::file("create", dir, e))?;
    for (name, body) in [
        ("article.txt", text),
        ("article.toml", d.article_toml.as_str()),
        ("facts.toml", d.facts_toml.as_str()),
    ] {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, body).map_err(|e| Error::file("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::file("write", &path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Gaoxinqu 2020_page"), "gaoxinqu-2020-page");
        assert_eq!(slugify("成都"), "");
        assert_eq!(slugify("--a--b--"), "a-b");
    }
}
