//! `frontline export`: the archive for other tools: Datasette metadata, CSV files, an SQL dump.
//! The Datasette files are built in [`crate::domain::datasette`].

use std::path::{Path, PathBuf};

use crate::archive::{Archive, ArchivePath};
use crate::domain::datasette;
use crate::error::{Error, Result};
use crate::output::{self, Format, Value};

/// Arguments of `frontline export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline export datasette -o metadata.json && datasette frontline.db -m metadata.json
  frontline export csv tables/
  frontline export sql | sqlite3 copy.db")]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to export.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Datasette metadata: titles and descriptions, search on the paragraphs, helpers hidden, and
    /// every named query as a canned query (with --config: Datasette 1.0's datasette.yaml).
    #[command(
        after_help = "Datasette 0.65 reads everything from the metadata; Datasette 1.0 reads the canned queries and \
table settings from datasette.yaml (--config) and the descriptions from the metadata.

Examples:
  frontline export datasette -o metadata.json
  datasette frontline.db -m metadata.json
  frontline export datasette --config -o datasette.yaml
  datasette frontline.db -m metadata.json -c datasette.yaml   # Datasette 1.0"
    )]
    Datasette {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The database's name in Datasette [default: the archive's file name without .db].
        #[arg(long)]
        database: Option<String>,
        /// Write Datasette 1.0's configuration (datasette.yaml: canned queries, search, hidden
        /// tables) instead of the metadata.
        #[arg(long)]
        config: bool,
    },
    /// Every table as one CSV file (header row, UTF-8, RFC 4180) in DIR.
    #[command(after_help = "Examples:
  frontline export csv tables/
  frontline --db news.db export csv /tmp/news-csv")]
    Csv {
        /// The directory to write into (created if missing).
        dir: PathBuf,
    },
    /// An SQL dump the sqlite3 CLI can load into a new database.
    #[command(after_help = "Examples:
  frontline export sql > frontline.sql
  frontline export sql | sqlite3 copy.db")]
    Sql {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Runs the export.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let archive = super::open_snapshot(archive)?;
    match &args.what {
        What::Datasette {
            output,
            database,
            config,
        } => {
            archive.require_current_views("describe")?;
            let name = match database {
                Some(n) => n.clone(),
                None => archive
                    .path()
                    .file_stem()
                    .map_or("frontline".into(), |s| s.to_string_lossy().into_owned()),
            };
            let text = if *config {
                let head = "# Datasette 1.0 configuration, from `frontline export datasette --config`.\n\
                            # datasette ARCHIVE.db -m metadata.json -c datasette.yaml\n";
                format!("{head}{}", datasette::config(&archive, &name)?.to_yaml())
            } else {
                let meta = datasette::metadata(&archive, &name)?.to_json();
                let text = serde_json::to_string_pretty(&meta)
                    .map_err(|e| Error::runtime("cannot write the metadata", e.to_string()))?;
                format!("{text}\n")
            };
            super::write_output(output.as_deref(), text.as_bytes())
        }
        What::Csv { dir } => csv(&archive, dir),
        What::Sql { output } => sql(&archive, output.as_deref()),
    }
}

/// `export sql`: the script streams into standard output, or into `output` by
/// [`super::write_streamed`], so a failure never leaves half a script under the name.
fn sql(archive: &Archive, output: Option<&Path>) -> Result<()> {
    use std::io::Write;
    let Some(path) = output else {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        archive.dump(&mut out, &Error::output)?;
        return out.flush().map_err(Error::output);
    };
    super::write_streamed(path, |out| archive.dump(out, &Error::output))
}

/// `export csv`: one file per table, each streamed into place as [`super::write_streamed`] does
/// (a table of the 100,001-article archive is over a gigabyte of CSV).
fn csv(archive: &Archive, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::file("create", dir, e).fix("check the path and permissions"))?;
    let mut summary = Vec::new();
    for table in archive.tables()? {
        let file = dir.join(csv_file_name(&table));
        let rows = super::write_streamed(&file, |out| {
            let mut stmt = archive.table_rows(&table)?;
            output::print_statement(
                &mut stmt,
                [],
                Format::Csv,
                out,
                archive.read_error(),
                None,
                &[],
            )
        })?;
        summary.push(vec![
            Value::from(table),
            Value::Int(rows as i64),
            Value::from(file.display().to_string()),
        ]);
    }
    output::print_rows(
        Format::Table,
        std::io::stdout().lock(),
        &["table", "rows", "file"],
        summary,
    )
}

/// The file `export csv` writes a table to: its name and `.csv`, with `/`, `\\` and `%` written
/// as `%2F`, `%5C` and `%25`, a leading `.` as `%2E`, and an empty name (SQLite allows `""`) as
/// `%` (no other name escapes to a `%` without two hex digits after it). A table may be called
/// anything (a user can add tables to the archive, and an archive can come from someone else): a
/// name such as `../x` must not write outside the directory, nor `.x` or the empty name hide its
/// file. Names differ after escaping exactly when they differed before.
fn csv_file_name(table: &str) -> String {
    let mut name = String::with_capacity(table.len() + 4);
    if table.is_empty() {
        name.push('%');
    }
    for (i, c) in table.chars().enumerate() {
        match c {
            '/' => name.push_str("%2F"),
            '\\' => name.push_str("%5C"),
            '%' => name.push_str("%25"),
            '.' if i == 0 => name.push_str("%2E"),
            c => name.push(c),
        }
    }
    name.push_str(".csv");
    name
}

#[cfg(test)]
mod tests {
    use super::csv_file_name;

    #[test]
    fn csv_file_names_stay_in_the_directory_and_apart() {
        assert_eq!(csv_file_name("zone"), "zone.csv");
        assert_eq!(csv_file_name("../x"), "%2E.%2Fx.csv");
        assert_eq!(csv_file_name("a\\b"), "a%5Cb.csv");
        assert_eq!(csv_file_name(".hidden"), "%2Ehidden.csv");
        assert_eq!(csv_file_name("a.b"), "a.b.csv");
        assert_eq!(csv_file_name(""), "%.csv");
        // Escaping is one-to-one: a name that looks escaped stays apart from the one it looks like.
        assert_eq!(csv_file_name("a%2Fb"), "a%252Fb.csv");
        assert_ne!(csv_file_name("a/b"), csv_file_name("a%2Fb"));
        for name in ["", "..", ".", "/", "a/../../b", "\\..\\x"] {
            let file = csv_file_name(name);
            assert!(
                !file.contains('/') && !file.contains('\\') && !file.starts_with('.'),
                "{file}"
            );
        }
    }
}
