//! Naming a zone on the command line: users type 成都, 成都高新区, Chengdu or chengdu hi-tech zone.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Resolves what the user typed to a zone's Chinese name: an exact Chinese or English name (English
/// case-insensitive), else an unambiguous prefix of either. Anything else is a usage error that
/// lists the zones.
pub fn resolve(conn: &Connection, typed: &str) -> Result<String> {
    let fail = |e: rusqlite::Error| Error::runtime("cannot read the zones", e.to_string());
    let mut stmt = conn
        .prepare("SELECT name, name_en FROM zone ORDER BY id")
        .map_err(fail)?;
    let zones: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(fail)?
        .collect::<rusqlite::Result<_>>()
        .map_err(fail)?;
    let t = typed.trim();
    let lower = t.to_lowercase();
    if let Some((name, _)) = zones
        .iter()
        .find(|(zh, en)| zh == t || en.to_lowercase() == lower)
    {
        return Ok(name.clone());
    }
    let hits: Vec<&(String, String)> = zones
        .iter()
        .filter(|(zh, en)| {
            !t.is_empty() && (zh.starts_with(t) || en.to_lowercase().starts_with(&lower))
        })
        .collect();
    let listing = |list: &[&(String, String)]| {
        list.iter()
            .map(|(zh, en)| format!("{zh} ({en})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match hits.as_slice() {
        [(name, _)] => Ok(name.clone()),
        [] => Err(
            Error::usage(format!("unknown zone \"{typed}\""), "no zone has that name").fix(
                format!("use one of: {}", listing(&zones.iter().collect::<Vec<_>>())),
            ),
        ),
        many => Err(Error::usage(
            format!("ambiguous zone \"{typed}\""),
            format!("it could be {}", listing(many)),
        )
        .fix("type more of the name")),
    }
}
