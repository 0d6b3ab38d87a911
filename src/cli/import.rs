//! `frontline import DIR`: add articles written in the seed's format to an existing archive.
//!
//! The same validation as `init`, in one transaction: if any article in DIR fails, nothing of DIR
//! is written. Zones, organizations, materials and people an earlier article already named are
//! the same rows (matched by name; a conflicting kind or unit is an error).

use std::path::PathBuf;
use std::time::Instant;

use crate::archive::{self, ArchivePath};
use crate::domain::seed;
use crate::error::{Error, Result};
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

    #[command(flatten)]
    pub format: FormatArg,
}

/// Tables whose rows are facts (for the count of fact rows imported).
pub const FACT_TABLES: &[&str] = &[
    "organization",
    "organization_alias",
    "team",
    "person",
    "person_role",
    "material",
    "donation",
    "donation_donor",
    "figure",
    "event",
    "document",
];

/// Loads the articles in one transaction and prints the rows added per table.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let path = archive.path();
    let dirs = seed::article_dirs(&args.dir)?;
    let (mut conn, version) = archive::open_versioned(path, false)?;
    if version < archive::latest_version() {
        return Err(Error::runtime(
            format!("cannot import into {}", path.display()),
            format!(
                "its schema version is {version}, older than {}",
                archive::latest_version()
            ),
        )
        .fix("run `frontline migrate` first"));
    }
    keep_freed_memory();
    let started = Instant::now();
    let before = archive::table_counts(&conn)?;
    let fail = |e: rusqlite::Error| {
        archive::archive_error(format!("cannot import into {}", path.display()), path, &e)
    };
    // A large import touches more pages than SQLite's default 2 MB cache holds; spilling them to
    // the file mid-transaction and reading them back costs more than the inserts.
    conn.pragma_update(None, "cache_size", -65536)
        .map_err(fail)?;
    let tx = conn.transaction().map_err(fail)?;
    // Reading and parsing the TOML (a third of the work) runs on a second thread while this one
    // writes to the database.
    let loaded = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(16);
        scope.spawn(move || {
            for dir in &dirs {
                let parsed = seed::read_article(dir).and_then(|src| seed::parse(&src.as_source()));
                if sender.send(parsed).is_err() {
                    break; // the loader stopped at an error
                }
            }
        });
        seed::load_parsed_all(&tx, receiver)
    })?;
    tx.commit().map_err(fail)?;
    let elapsed = started.elapsed();
    let after = archive::table_counts(&conn)?;
    let mut facts = 0;
    let rows: Vec<Vec<Value>> = after
        .iter()
        .map(|(table, n)| {
            let was = before
                .iter()
                .find(|(t, _)| t == table)
                .map_or(0, |(_, n)| *n);
            if FACT_TABLES.contains(&table.as_str()) {
                facts += n - was;
            }
            vec![
                Value::from(table.as_str()),
                Value::Int(was),
                Value::Int(*n),
                Value::Int(n - was),
            ]
        })
        .collect();
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["table", "before", "after", "added"],
        rows,
    )?;
    eprintln!(
        "frontline: imported {} article(s), {facts} fact rows, in {:.3} s",
        loaded.len(),
        elapsed.as_secs_f64()
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
