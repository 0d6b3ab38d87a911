//! `frontline info`: what an archive holds, at a glance.

use crate::archive::{self, ArchivePath};
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
    let conn = super::open_for_reading(archive)?;
    let path = archive.path();
    let fail = archive::read_error(path);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(fail)?;
    let mut rows: Vec<Vec<Value>> = vec![
        vec![
            "archive".into(),
            archive.path().display().to_string().into(),
        ],
        vec!["schema version".into(), version.into()],
    ];
    let mut stmt = conn
        .prepare("SELECT slug, sha256, (SELECT count(*) FROM story WHERE article_id = article.id) FROM article ORDER BY id")
        .map_err(fail)?;
    let articles = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(fail)?;
    for a in articles {
        let (slug, sha, stories) = a.map_err(fail)?;
        rows.push(vec![
            format!("article {slug}").into(),
            format!("{stories} stories, sha256 {sha}").into(),
        ]);
    }
    for (table, n) in archive::table_counts(&conn)? {
        rows.push(vec![format!("rows in {table}").into(), n.into()]);
    }
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["property", "value"],
        rows,
    )
}
