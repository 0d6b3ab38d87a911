//! `frontline import DIR`: add articles written in the seed's format to an existing archive.
//!
//! The same validation as `init`, in one transaction: if any article in DIR fails, nothing of DIR
//! is written. Zones, organizations, materials and people an earlier article already named are
//! the same rows (matched by name; a conflicting kind or unit is an error).

use std::path::PathBuf;
use std::time::Instant;

use crate::archive::{Archive, ArchivePath, Mode};
use crate::domain::{load, seed};
use crate::error::Result;
use crate::output::{self, FormatArg, Value};

/// Arguments of `frontline import`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline import seed/another-article          one article directory
  frontline import articles/                     every article directory in it, in name order

An article directory holds article.txt (the text, byte for byte), article.toml (zones and the
stories' paragraphs in reading order) and facts.toml (the facts, each citing a quote); see README.md.")]
pub struct Args {
    /// An article directory, or a directory of them.
    pub dir: PathBuf,

    /// Run every check of the import and print what it would add, then roll back: the archive
    /// is left as it was.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Loads the articles in one transaction and prints the rows added per table.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let dirs = seed::article_dirs(&args.dir)?;
    let mut archive = Archive::open(archive.path(), Mode::Write)?;
    keep_freed_memory();
    if args.dry_run {
        return dry_run(&mut archive, &dirs, args);
    }
    let started = Instant::now();
    let bar = super::progress::articles(dirs.len(), "importing");
    let imported = load::import(&mut archive, &dirs, &|| bar.inc(1));
    bar.finish_and_clear();
    let imported = imported?;
    let elapsed = started.elapsed();
    print_tables(args, std::io::stdout().lock(), &imported.tables)?;
    eprintln!(
        "frontline: imported {} article(s), {} fact rows, in {:.3} s",
        imported.articles,
        imported.fact_rows,
        elapsed.as_secs_f64()
    );
    Ok(())
}

/// Rows added per table: what `import` and `--dry-run` print first. Not the tables' totals
/// (`frontline info` counts them): counting a table reads all of it, and an import's cost should
/// grow with what it adds, not with the archive.
fn print_tables(args: &Args, out: impl std::io::Write, tables: &[(String, i64)]) -> Result<()> {
    let rows: Vec<Vec<Value>> = tables
        .iter()
        .map(|(table, n)| vec![Value::from(table.as_str()), Value::Int(*n)])
        .collect();
    output::print_rows(args.format.format, out, &["table", "added"], rows)
}

/// `--dry-run`: the rows per table the import would add, then the records themselves.
fn dry_run(archive: &mut Archive, dirs: &[PathBuf], args: &Args) -> Result<()> {
    let would = load::dry_run(archive, dirs)?;
    let mut out = std::io::stdout().lock();
    print_tables(args, &mut out, &would.tables)?;
    let records = would
        .records
        .into_iter()
        .map(|(table, id, record)| {
            vec![
                Value::from(table.as_str()),
                Value::Int(id),
                Value::from(record.as_str()),
            ]
        })
        .collect();
    output::print_rows(
        args.format.format,
        &mut out,
        &["table", "id", "record"],
        records,
    )?;
    eprintln!(
        "frontline: dry run: {} article(s) pass every check and would add {} fact rows; nothing was written",
        would.articles, would.fact_rows
    );
    Ok(())
}

/// A large import allocates and frees SQLite pages at a high rate; by default glibc hands freed
/// memory back to the kernel and faults it in again, which costs about a fifth of the import's
/// time (measured in BENCHMARKS.md). Keep up to 256 MiB of freed memory for reuse instead.
fn keep_freed_memory() {
    #[cfg(all(unix, target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator's thresholds; called before the import allocates.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 20);
    }
}
