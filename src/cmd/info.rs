//! `frontline info`: what an archive holds, at a glance.

use crate::db::{self, ArchivePath};
use crate::error::{Error, Result};
use crate::output;

/// Arguments of `frontline info`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline info                      describe ./frontline.db (building it if missing)
  frontline --db news.db info")]
pub struct Args {}

/// Prints the archive's schema version, its articles with their sha256, and rows per table.
pub fn run(archive: &ArchivePath, _args: &Args) -> Result<()> {
    let conn = super::open_for_reading(archive)?;
    let fail = |e: rusqlite::Error| Error::runtime("cannot read the archive", e.to_string());
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(fail)?;
    let mut rows = vec![
        vec!["archive".to_string(), archive.path().display().to_string()],
        vec!["schema version".to_string(), version.to_string()],
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
            format!("article {slug}"),
            format!("{stories} stories, sha256 {sha}"),
        ]);
    }
    for (table, n) in db::table_counts(&conn)? {
        rows.push(vec![format!("rows in {table}"), n.to_string()]);
    }
    let stdout = std::io::stdout();
    output::print_table(&mut stdout.lock(), &["", ""], &rows)
}
