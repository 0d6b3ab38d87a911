//! `frontline queries`: list the named queries.

use crate::archive::queries::QUERIES;
use crate::error::Result;
use crate::output::{self, FormatArg, Value};

/// Arguments of `frontline queries`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline queries
  frontline queries --format json")]
pub struct Args {
    #[command(flatten)]
    pub format: FormatArg,
}

/// Prints each named query with its view, parameters, list columns and description.
pub fn run(args: &Args) -> Result<()> {
    let rows = QUERIES
        .iter()
        .map(|q| {
            vec![
                Value::from(q.name),
                Value::from(q.view),
                Value::from(if q.by_zone { "--zone" } else { "" }),
                Value::shaped(
                    q.lists.iter().map(|(c, _)| *c).collect(),
                    q.lists
                        .iter()
                        .map(|(c, _)| *c)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Value::from(q.description),
            ]
        })
        .collect();
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["name", "view", "parameters", "lists", "description"],
        rows,
    )
}
