//! `frontline query NAME`: run a named query (a view of the archive).

use crate::archive::ArchivePath;
use crate::archive::queries;
use crate::archive::sources::Sources;
use crate::domain::zone;
use crate::error::{Error, Result};
use crate::output::{self, FormatArg};

/// Arguments of `frontline query`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline query party-members-per-zone
  frontline query people --zone 成都
  frontline query figures --zone 成都 --zone 西安     several zones
  frontline query money-by-zone --zone Hefei --format json
  frontline query donations-by-material --format csv > donations.csv
  frontline query party-members-per-zone --sources   the passages behind each row

`frontline queries` lists the names. Each is a view in the archive, so
  sqlite3 frontline.db 'SELECT * FROM party_members_per_zone'
gives the same rows.")]
pub struct Args {
    /// The query's name (see `frontline queries`).
    pub name: String,

    /// A zone written without --zone: refused with the hint to write --zone.
    #[arg(hide = true, value_name = "ZONE")]
    pub stray: Vec<String>,

    /// Only rows of this zone: its Chinese or English name, or an unambiguous prefix (成都,
    /// Chengdu). Repeat it for several zones.
    #[arg(long, short = 'z')]
    pub zone: Vec<String>,

    /// Add a `sources` column: the passages behind each row, `[c86] ¶5 “quote”` (`cite 86`).
    #[arg(long)]
    pub sources: bool,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Runs the query and prints its rows.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let query = queries::find(&args.name).ok_or_else(|| {
        let close = queries::suggestions(&args.name);
        let why = if close.is_empty() {
            "no query has that name".to_string()
        } else {
            format!("did you mean {}?", close.join(" or "))
        };
        Error::usage(format!("unknown query \"{}\"", args.name), why)
            .fix("run `frontline queries` for the list")
    })?;
    if let Some(stray) = args.stray.first() {
        let e = Error::usage(
            format!("unexpected argument \"{stray}\""),
            "query takes one name",
        );
        return Err(if query.by_zone {
            e.fix(format!(
                "for one zone's rows, write --zone {}",
                super::shell_word(stray)
            ))
        } else {
            e.fix(format!(
                "query {} has no --zone: its rows are not per zone",
                query.name
            ))
        });
    }
    if !args.zone.is_empty() && !query.by_zone {
        return Err(Error::usage(
            format!("query {} has no --zone", query.name),
            "its rows are not per zone",
        )
        .fix("run it without --zone"));
    }
    let archive = super::open_for_reading(archive)?;
    archive.require_current_views("query")?;
    let zones = zone::resolve_all(&archive, &args.zone)?;
    let (mut stmt, params) = archive.named_query(query, &zones)?;
    let fail = archive.error(format!("query {} failed", query.name));
    let columns: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut sources = if args.sources {
        Some(Sources::for_query(&archive, query, &columns, &zones)?)
    } else {
        None
    };
    let mut lookup = |row: &[output::Value]| match sources.as_mut() {
        Some(s) => s.lookup(row),
        None => Ok(output::Value::Null),
    };
    let extra: Option<output::Extra<'_>> = args.sources.then_some(("sources", &mut lookup));
    output::print_statement(
        &mut stmt,
        rusqlite::params_from_iter(params.iter()),
        args.format.format,
        std::io::stdout().lock(),
        fail,
        extra,
        query.lists,
    )?;
    Ok(())
}
