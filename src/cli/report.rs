//! `frontline report`: every named query in one document, Markdown or self-contained HTML.

use std::path::PathBuf;

use crate::archive::ArchivePath;
use crate::error::Result;
use crate::report;

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page with SVG charts.
    Html,
}

/// Arguments of `frontline report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline report > report.md
  frontline report --format html -o report.html
  frontline --db news.db report --format markdown -o news.md
  frontline report --zone 成都高新区 --zone Hefei --format html -o two-zones.html
  frontline report --article gaoxinqu-2020 -o one-article.md

With --article, the report is made from a copy of the archive that holds only those articles,
so every number and total is theirs alone; `frontline info` lists the articles' slugs.

The HTML page needs nothing else: no network, fonts, scripts or images (charts are inline SVG).")]
pub struct Args {
    /// Markdown or HTML.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,

    /// Write to this file (replaced atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only this zone (Chinese or English name); repeat for more zones.
    #[arg(long, value_name = "ZONE")]
    pub zone: Vec<String>,

    /// Only this article (its slug), with totals of its own; repeat for more articles.
    #[arg(long, value_name = "SLUG")]
    pub article: Vec<String>,
}

/// Reads every query in one snapshot (of a copy holding only the articles chosen, with
/// `--article`) and writes the document.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let archive = super::open_snapshot(archive)?;
    archive.require_current_views("report on")?;
    let filter = report::Filter {
        zones: args.zone.clone(),
        articles: args.article.clone(),
    };
    let bar = super::progress::steps(0, "reading the archive", "queries");
    let data = report::gather_with(&archive, &filter, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    drop(archive);
    let text = match args.format {
        ReportFormat::Markdown => data.markdown(),
        ReportFormat::Html => data.html(),
    };
    super::write_output(args.output.as_deref(), text.as_bytes())
}
