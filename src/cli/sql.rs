//! `frontline sql`: one ad-hoc, strictly read-only SQL statement.
//!
//! Read-only is enforced in layers, so that no statement can change the archive: the file is opened
//! read-only, `query_only` is on, and an authorizer refuses writes, schema changes, ATTACH,
//! state-changing pragmas and extension loading. Parameters are bound, never spliced into the SQL.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use crate::archive::ArchivePath;
use crate::archive::sources::Sources;
use crate::error::{Error, Result};
use crate::output::{self, FormatArg};

/// Arguments of `frontline sql`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline sql \"SELECT name, name_en FROM zone\"
  frontline sql \"SELECT * FROM figures WHERE zone = :zone\" --param zone=成都高新区 --format csv
  echo \"SELECT count(*) FROM citation\" | frontline sql -
  frontline sql --file report.sql --format json
  frontline sql \"SELECT phrase, citation_id FROM figure\" --sources

Parameters: write :name in the statement and pass --param name=VALUE. A value written as an
integer (12, -3) is bound as an integer, anything else as text (01 and +5 stay text). A named
query is its view in SQL: party_members_per_zone. The statement may only read, and is exactly one
statement: a second one (after a ;) is a usage error, and so is a NUL character. A statement may
start with a comment (\"-- ...\"); after a lone -- every argument is SQL.")]
pub struct Args {
    /// The statement, or - to read it from standard input.
    #[arg(
        value_name = "SQL",
        required_unless_present = "file",
        conflicts_with = "file",
        allow_hyphen_values = true
    )]
    pub sql: Option<String>,

    /// Read the statement from this file.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// A named parameter, NAME=VALUE (repeatable).
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Add a `sources` column with the passage behind each row's `citation_id`.
    #[arg(long)]
    pub sources: bool,

    /// Interrupt the statement after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,

    /// Stop the statement when SQLite needs more memory than this (bytes, or with K, M, G). One
    /// value printed may be an eighth of it at most.
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = memory_size)]
    pub max_memory: u64,

    #[command(flatten)]
    pub format: FormatArg,
}

/// The smallest --max-memory: SQLite needs some memory to open the archive at all.
const MIN_MEMORY: u64 = 1 << 20;

fn memory_size(s: &str) -> std::result::Result<u64, String> {
    let n = crate::size::parse(s)?;
    if n < MIN_MEMORY {
        return Err(format!(
            "{s} is less than the 1M that SQLite needs to read the archive"
        ));
    }
    Ok(n)
}

/// A parameter value as bound: integers as integers, the rest as text.
enum Param {
    Int(i64),
    Text(String),
}

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Param::Int(i) => i.to_sql(),
            Param::Text(t) => t.to_sql(),
        }
    }
}

fn parse_params(raw: &[String]) -> Result<BTreeMap<String, Param>> {
    let mut out = BTreeMap::new();
    for p in raw {
        let Some((name, value)) = p.split_once('=') else {
            return Err(Error::usage(format!("bad --param \"{p}\""), "it has no =")
                .fix("write --param NAME=VALUE"));
        };
        let name = name.trim_start_matches([':', '@', '$']);
        if name.is_empty() {
            return Err(
                Error::usage(format!("bad --param \"{p}\""), "the name is empty")
                    .fix("write --param NAME=VALUE"),
            );
        }
        // An integer only when it reads back the same (007 and +5 stay text).
        let v = match value.parse::<i64>() {
            Ok(i) if i.to_string() == value => Param::Int(i),
            _ => Param::Text(value.to_string()),
        };
        if out.insert(name.to_string(), v).is_some() {
            return Err(Error::usage(
                format!("bad --param \"{p}\""),
                format!("{name} is given twice"),
            )
            .fix("give each parameter once"));
        }
    }
    Ok(out)
}

/// A statement that names a query as `frontline query` spells it (`party-members-per-zone`) fails
/// as SQL: SQLite reads the dashes as minus signs. The error then says the view's name.
fn hint_view_names(e: Error, sql: &str) -> Error {
    let named: Vec<String> = crate::archive::queries::QUERIES
        .iter()
        .filter(|q| q.name.contains('-') && sql.contains(q.name))
        .map(|q| format!("{} for {}", q.view, q.name))
        .collect();
    if named.is_empty() {
        return e;
    }
    e.fix(format!(
        "in SQL a named query is its view, written with underscores: {}",
        named.join(", ")
    ))
}

fn read_statement(args: &Args) -> Result<String> {
    // A statement is at most as large as one value may be.
    let limit = args.max_memory / 8;
    let read = |what: String, from: &mut dyn Read| -> Result<String> {
        let mut bytes = Vec::new();
        from.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| Error::runtime(format!("cannot read {what}"), e.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(Error::usage(
                format!("cannot read {what}"),
                format!(
                    "the statement is larger than {} (an eighth of --max-memory)",
                    crate::size::show(limit)
                ),
            )
            .fix("shorten it, or raise --max-memory"));
        }
        String::from_utf8(bytes).map_err(|e| {
            Error::runtime(format!("cannot read {what}"), e.to_string()).fix("save it as UTF-8")
        })
    };
    match (&args.sql, &args.file) {
        (Some(s), _) if s == "-" => read(
            "the statement from standard input".into(),
            &mut std::io::stdin().lock(),
        ),
        (Some(s), _) => Ok(s.clone()),
        (None, Some(f)) => {
            let mut file = std::fs::File::open(f).map_err(|e| {
                Error::runtime(format!("cannot read {}", f.display()), e.to_string())
                    .fix("check the path")
            })?;
            read(f.display().to_string(), &mut file)
        }
        (None, None) => Err(Error::usage("no statement", "give SQL, - or --file FILE")),
    }
}

/// Runs the statement read-only and prints its rows.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let timeout_duration = match Duration::try_from_secs_f64(args.timeout) {
        Ok(d) if !d.is_zero() && args.timeout <= 86_400.0 => d,
        _ => {
            return Err(Error::usage(
                format!("bad --timeout {}", args.timeout),
                "it must be a number of seconds above 0 and at most 86400",
            )
            .fix("for example --timeout 60"));
        }
    };
    let params = parse_params(&args.params)?;
    let sql = read_statement(args)?;
    let mut archive = super::open_for_reading(archive)?;
    let stale = archive.stale_views()?;
    if !stale.is_empty() {
        eprintln!(
            "frontline: note: the archive's views {} differ from this frontline's; `frontline migrate` updates them",
            stale.join(", ")
        );
    }
    archive.set_timeout(timeout_duration)?;
    // Both bounds are process-wide, and this process runs one statement.
    crate::archive::limit_memory(args.max_memory);
    output::set_max_value_bytes(usize::try_from(args.max_memory / 8).unwrap_or(usize::MAX));
    let mut stmt = archive
        .prepare_adhoc(&sql, timeout_duration)
        .map_err(|e| hint_view_names(e, &sql))?;
    let fail = archive.adhoc_error(timeout_duration);
    let mut bound = Vec::new();
    for i in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(i) else {
            return Err(
                Error::usage("positional parameter in the statement", "? has no name")
                    .fix("write :name and pass --param name=VALUE"),
            );
        };
        let key = name.trim_start_matches([':', '@', '$']).to_string();
        if !params.contains_key(&key) {
            return Err(
                Error::usage(format!("parameter {name} has no value"), "it is not given")
                    .fix(format!("pass --param {key}=VALUE")),
            );
        }
        bound.push(key);
    }
    if let Some(unused) = params.keys().find(|k| !bound.contains(k)) {
        return Err(Error::usage(
            format!("--param {unused} is not used"),
            "the statement has no such parameter",
        )
        .fix("check its spelling against the :names in the statement"));
    }
    let values: Vec<&dyn rusqlite::ToSql> = bound
        .iter()
        .map(|k| &params[k] as &dyn rusqlite::ToSql)
        .collect();
    let columns: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut sources = if args.sources {
        Some(Sources::for_citation_column(&archive, &columns)?)
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
        values.as_slice(),
        args.format.format,
        std::io::stdout().lock(),
        &fail,
        extra,
        &[],
    )?;
    Ok(())
}
