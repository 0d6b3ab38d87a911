//! `frontline info`: what an archive holds, at a glance.

use crate::archive::ArchivePath;
use crate::error::Result;
use crate::output::{self, Value};

/// Arguments of `frontline info`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline info                      describe ./frontline.db (building it if missing)
  frontline --db news.db info")]
pub struct Args {
    #[command(flatten)]
    pub format: output::FormatArg,
}

/// Prints the archive's schema version, its articles with their sha256, and rows per table.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let archive = super::open_for_reading(archive)?;
    let mut rows: Vec<Vec<Value>> = vec![
        vec![
            "archive".into(),
            archive.path().display().to_string().into(),
        ],
        vec!["schema version".into(), archive.version().into()],
    ];
    for a in archive.articles()? {
        rows.push(vec![
            format!("article {}", a.slug).into(),
            format!("{} stories, sha256 {}", a.stories, a.sha256).into(),
        ]);
    }
    for (table, n) in archive.table_counts()? {
        rows.push(vec![format!("rows in {table}").into(), n.into()]);
    }
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["property", "value"],
        rows,
    )
}
