//! The report: every named query in one document, read in one snapshot, as Markdown or as a
//! self-contained HTML page with charts.
//!
//! Numbers are written with their qualifier (≥15,000 for 1.5万余名, ≈50 for 约50名, <1 for 不到1),
//! unknowns as "unknown". Totals follow the same qualifier arithmetic as the views: both use
//! [`Qualifier::combine`], and a unit test checks the views against it on every combination.
//! Text goes through the same [`Value::plain`] and [`markdown_field`] as `query --format
//! markdown`, so a value reads the same in a report as in a query's output.

pub mod chart;
pub mod labels;

use crate::archive::Archive;
use crate::domain::quantity::Qualifier;
use crate::error::Result;
use crate::output::{Value, markdown_field};
use chart::esc;
use labels::label;

/// Rows of one query, with its column names (read by [`crate::archive::report`]).
pub use crate::archive::report::Rows as Table;

impl Table {
    fn col(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    /// The value of `column` in `row`.
    pub fn get(&self, row: usize, column: &str) -> &Value {
        &self.rows[row][self.col(column)]
    }

    /// Text of `column` in `row` ("" for NULL).
    pub fn text(&self, row: usize, column: &str) -> String {
        self.get(row, column).plain()
    }

    /// The rows whose `column` reads `value`, with the same columns.
    pub fn only(&self, column: &str, value: &str) -> Table {
        let c = self.col(column);
        Table {
            columns: self.columns.clone(),
            rows: self
                .rows
                .iter()
                .filter(|r| r[c].plain() == value)
                .cloned()
                .collect(),
        }
    }
}

/// The classes of teams (teams-per-zone's `class`), with the words the report uses. Totals add
/// teams of one class only.
const TEAM_CLASSES: [(&str, &str); 2] = [
    (
        "front_line_teams",
        "front-line teams (volunteer, shock and other teams)",
    ),
    (
        "command_and_working_bodies",
        "command posts and working bodies",
    ),
];

/// The kinds of money (money-by-zone's `kind`), with the words the report uses. Totals add money
/// of one kind only; an allocation is never called a donation.
const MONEY_KINDS: [(&str, &str); 4] = [
    ("raised", "money raised (yuan)"),
    ("donated", "money donated (yuan)"),
    ("special_party_dues", "special party dues (yuan)"),
    ("allocated", "party funds allocated (yuan)"),
];

/// A kind of money or goods in English words ("special party dues").
fn kind_words(kind: &str) -> String {
    labels::english(kind)
}

/// An integer with thousands separators.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A number as the report writes it: with its qualifier, or "unknown" when NULL.
pub fn qty(value: &Value, qualifier: &Value) -> String {
    match value {
        Value::Int(n) => qualified(*n, qualifier_of(qualifier)),
        Value::Null => "unknown".into(),
        other => other.plain(),
    }
}

/// The qualifier stored in a cell; `None` for NULL or a string that is no qualifier (such a
/// number is written plainly, as an exact one is).
fn qualifier_of(v: &Value) -> Option<Qualifier> {
    match v {
        Value::Text(q) => Qualifier::parse(q),
        _ => None,
    }
}

/// `n` with the sign of its qualifier: ≥ at least, < less than, ≈ approximately; an unbounded
/// sum says so in words, since no sign fits.
fn qualified(n: i64, qualifier: Option<Qualifier>) -> String {
    let n = thousands(n);
    match qualifier {
        Some(Qualifier::AtLeast) => format!("≥{n}"),
        Some(Qualifier::LessThan) => format!("<{n}"),
        Some(Qualifier::Approx) => format!("≈{n}"),
        Some(Qualifier::Unbounded) => format!("{n} (no bound)"),
        Some(Qualifier::Exact) | None => n,
    }
}

/// A national total over the zones: the sum of the known values, a lower bound when some zones
/// report nothing. Returns (value text, how many zones are unknown).
///
/// The qualifier comes from [`Qualifier::combine`], the rule the views use for their own sums; a
/// zone whose qualifier cell is not one counts as exact, as [`qty`] writes it.
fn national(table: &Table, value: &str, qualifier: &str) -> (String, usize) {
    let mut sum = Some(0i64);
    let mut quals = Vec::new();
    let mut unknown = 0;
    for r in 0..table.rows.len() {
        match table.get(r, value) {
            Value::Int(n) => {
                sum = sum.and_then(|s| s.checked_add(*n));
                quals.push(qualifier_of(table.get(r, qualifier)).unwrap_or(Qualifier::Exact));
            }
            _ => unknown += 1,
        }
    }
    if unknown == table.rows.len() {
        return ("unknown".into(), unknown);
    }
    if unknown > 0 {
        quals.push(Qualifier::AtLeast);
    }
    let Some(sum) = sum else {
        // Only an edited archive holds such values (a load refuses any above 10^15).
        return (
            format!("more than {} (too large to add)", thousands(i64::MAX)),
            unknown,
        );
    };
    (qualified(sum, Some(Qualifier::combine(quals))), unknown)
}

/// One zone's section.
pub struct ZoneSection {
    /// Chinese name.
    pub zone: String,
    /// English name.
    pub zone_en: String,
    /// The story's headline.
    pub headline: String,
    /// figures view rows of the zone, with paragraph and the quotes of the figures they are part
    /// of or restate ([`Archive::zones_figures`]).
    pub figures: Table,
    /// organizations view rows of the zone.
    pub organizations: Table,
    /// Team rows of the zone.
    pub teams: Table,
    /// people view rows of the zone.
    pub people: Table,
    /// Donation rows of the zone.
    pub donations: Table,
    /// timeline view rows of the zone.
    pub events: Table,
    /// How many rows each of the tables above has in the archive (figures, organizations,
    /// teams, people, donations, events); the tables hold the first [`ZONE_ROWS`] of them.
    pub counts: [usize; 6],
}

/// What the report covers: every zone and article, or only some.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these zones (Chinese or English names); empty for all.
    pub zones: Vec<String>,
    /// Only these articles (slugs); empty for all. The report is then made from a copy of the
    /// archive that holds only them ([`Archive::only_articles`]), so that every total is theirs.
    pub articles: Vec<String>,
}

/// Everything the report shows, read in one snapshot.
pub struct Report {
    /// Titles, sources and hashes of the first articles (up to [`ARTICLES_LISTED`]).
    pub articles: Table,
    /// How many articles the report covers.
    pub article_count: usize,
    /// `PRAGMA user_version`.
    pub schema_version: i64,
    /// When the report was made (UTC, RFC 3339).
    pub generated: String,
    /// The zones the report is limited to (Chinese names), empty for all.
    pub only_zones: Vec<String>,
    /// The articles the report is limited to (slugs), empty for all.
    pub only_articles: Vec<String>,
    /// How many articles the archive holds (more than [`Report::articles`] lists when limited).
    pub archive_articles: usize,
    /// zone_summary.
    pub summary: Table,
    /// party_members_per_zone.
    pub party_members: Table,
    /// teams_per_zone.
    pub teams: Table,
    /// money_by_zone.
    pub money: Table,
    /// donations_by_material (all zones: the query has no zone; not shown when limited to zones).
    pub donations: Table,
    /// timeline: its first [`EVENTS_LISTED`] rows, all the report lists (read by
    /// [`Archive::timeline_summary`], which counts the rest without keeping them).
    pub timeline: Table,
    /// How many dated events there are in all (`timeline` holds the first [`EVENTS_LISTED`]).
    pub timeline_count: usize,
    /// How many dated events each (zone, date) has.
    pub timeline_days: std::collections::BTreeMap<(String, String), usize>,
    /// One section per zone.
    pub zones: Vec<ZoneSection>,
}

/// Rows of the named query `name` for the zones chosen (all when `zones` is empty), in the
/// query's order (the timeline by date over all the zones chosen), in one read.
fn rows_of(archive: &Archive, name: &str, zones: &[String]) -> Result<Table> {
    archive.query_rows_in_zones(name, zones)
}

/// The reads of a report, for a progress display: the named queries and tables it draws.
const READS: usize = 12;

/// Reads every named query. The caller's connection holds one read transaction, so every number
/// comes from the same state of the archive. A zone of the filter the archive does not hold is an
/// error that names the zones it does; so is an article.
pub fn gather(archive: &Archive, filter: &Filter) -> Result<Report> {
    gather_with(archive, filter, &|_, _| {})
}

/// [`gather`], calling `step(done, total)` as each query is read (the slow part of a large
/// archive's report), so a caller can show progress.
///
/// Each query is read once for all the zones it shows, never once per zone: a view that adds up
/// over the whole archive costs as much for one zone as for all of them.
pub fn gather_with(
    archive: &Archive,
    filter: &Filter,
    step: &dyn Fn(usize, usize),
) -> Result<Report> {
    if filter.articles.is_empty() {
        return gather_from(archive, &filter.zones, false, step);
    }
    // The views add up over every article: a copy holding only these makes every total theirs.
    let copy = archive.only_articles(&filter.articles)?;
    let mut report = gather_from(&copy, &filter.zones, true, step)?;
    report.only_articles = copy.article_slugs()?;
    report.archive_articles = archive.article_slugs()?.len();
    Ok(report)
}

fn gather_from(
    archive: &Archive,
    zones: &[String],
    some_articles: bool,
    step: &dyn Fn(usize, usize),
) -> Result<Report> {
    let mut done = 0;
    let mut read = || {
        step(done, READS);
        done += 1;
    };
    read();
    let all = archive.zone_headlines()?;
    let mut chosen = Vec::new();
    for want in zones {
        let r = (0..all.rows.len())
            .find(|&r| all.text(r, "name") == *want || all.text(r, "name_en") == *want)
            .ok_or_else(|| {
                let known: Vec<String> = (0..all.rows.len()).map(|r| all.text(r, "name")).collect();
                let holder = if some_articles {
                    "the articles chosen have"
                } else {
                    "the archive has"
                };
                crate::error::Error::usage(
                    "cannot write the report",
                    format!("{holder} no zone {want}"),
                )
                .fix(format!("name one of: {}", known.join(", ")))
            })?;
        if !chosen.contains(&r) {
            chosen.push(r);
        }
    }
    chosen.sort_unstable();
    if zones.is_empty() {
        chosen = (0..all.rows.len()).collect();
    }
    let only: Vec<String> = if zones.is_empty() {
        Vec::new()
    } else {
        chosen.iter().map(|&r| all.text(r, "name")).collect()
    };
    read();
    let (articles, article_count) = archive.article_rows(ARTICLES_LISTED)?;
    // Each zone's tables show their first rows (the queries list them all); the rest are counted.
    let limit = Some(ZONE_ROWS);
    read();
    let mut figures = archive.zones_figures(&only, limit)?;
    read();
    let mut organizations = archive.query_rows_per_zone("organizations", &only, limit)?;
    read();
    let mut teams = archive.zones_teams(&only, limit)?;
    read();
    let mut people = archive.query_rows_per_zone("people", &only, limit)?;
    read();
    let mut donations = archive.zones_donations(&only, limit)?;
    read();
    let crate::archive::report::Timeline {
        first: timeline,
        count: timeline_count,
        per_zone: mut events,
        per_day: timeline_days,
    } = archive.timeline_summary(&only, EVENTS_LISTED, ZONE_ROWS)?;
    let sections = chosen
        .iter()
        .map(|&r| {
            let zone = all.text(r, "name");
            let parts = [
                figures.take(&zone),
                organizations.take(&zone),
                teams.take(&zone),
                people.take(&zone),
                donations.take(&zone),
                events.take(&zone),
            ];
            let counts = parts.each_ref().map(|(_, n)| *n);
            let [figures, organizations, teams, people, donations, events] = parts.map(|(t, _)| t);
            ZoneSection {
                zone_en: all.text(r, "name_en"),
                headline: all.text(r, "headline"),
                figures,
                organizations,
                teams,
                people,
                donations,
                events,
                counts,
                zone,
            }
        })
        .collect();
    read();
    let summary = rows_of(archive, "zone-summary", &only)?;
    read();
    let party_members = rows_of(archive, "party-members-per-zone", &only)?;
    read();
    let teams = rows_of(archive, "teams-per-zone", &only)?;
    read();
    let money = rows_of(archive, "money-by-zone", &only)?;
    let donations = if only.is_empty() {
        archive.query_rows("donations-by-material", None)?
    } else {
        Table::default()
    };
    step(READS, READS);
    Ok(Report {
        articles,
        article_count,
        schema_version: archive.version(),
        generated: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        summary,
        party_members,
        teams,
        money,
        donations,
        timeline,
        timeline_count,
        timeline_days,
        only_zones: only,
        only_articles: Vec::new(),
        archive_articles: 0,
        zones: sections,
    })
}

/// Up to this many articles are listed one by one in the report's header and title.
const ARTICLES_LISTED: usize = 20;
/// With more articles than [`ARTICLES_LISTED`], each zone's tables show this many rows.
const ZONE_ROWS: usize = 25;
/// A material's donors listed by name, at most.
const DONORS_LISTED: usize = 12;
/// The timeline's table lists at most this many events.
const EVENTS_LISTED: usize = 500;
/// Up to this many dated events, the timeline draws one row each; beyond, counts per zone and week.
const TIMELINE_EVENTS: usize = 40;

/// A table ready to print: a heading row, rows of text, and a note under it.
struct Grid {
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// Where a fact comes from: its citation id and paragraph, as `cite` takes them ("[c87] ¶3").
fn source(t: &Table, r: usize) -> String {
    let c = t.text(r, "citation_id");
    let p = t.text(r, "paragraph");
    match (c.is_empty(), p.is_empty()) {
        (false, false) => format!("[c{c}] ¶{p}"),
        (false, true) => format!("[c{c}]"),
        _ => String::new(),
    }
}

/// What `basis` (party-members-per-zone) says, in words for the overview and the chart.
fn basis_words(basis: &str, figures: &str) -> String {
    let (head, rest) = match basis.split_once(", ") {
        Some((h, r)) => (h, format!(" ({r})")),
        None => (basis, String::new()),
    };
    match head {
        "zone total" => format!("zone total{rest}"),
        "sum of units" => match figures.parse::<i64>().unwrap_or(0) {
            1 => format!("one unit's figure, not the zone's membership{rest}"),
            n => format!("sum of {n} units' figures, not the zone's membership{rest}"),
        },
        "none" => "no figure".into(),
        other => format!("{other}{rest}"),
    }
}

/// Anchors of the report's sections, with their headings, for the table of contents.
struct Toc(Vec<(String, String)>);

impl Report {
    /// What a query named in a note covers, when this report covers only some articles: the
    /// query reads the whole archive.
    fn scope(&self) -> String {
        if self.only_articles.is_empty() {
            String::new()
        } else {
            " (of every article in the archive, not only this report's)".into()
        }
    }

    fn header(&self) -> Vec<(String, String)> {
        let mut h = Vec::new();
        let n = self.article_count;
        for r in 0..n.min(ARTICLES_LISTED) {
            h.push(("Article".into(), self.articles.text(r, "title")));
            h.push(("Source file".into(), self.articles.text(r, "source_file")));
            h.push(("Article sha256".into(), self.articles.text(r, "sha256")));
        }
        if n > ARTICLES_LISTED {
            h.push((
                "More articles".into(),
                format!(
                    "{} more, not listed here (frontline info lists them)",
                    thousands((n - ARTICLES_LISTED) as i64)
                ),
            ));
        }
        if !self.only_articles.is_empty() {
            h.push((
                "Limited to".into(),
                format!(
                    "{} of the archive's {} articles: {}; every number and total is theirs alone",
                    thousands(self.only_articles.len() as i64),
                    thousands(self.archive_articles as i64),
                    self.only_articles.join(", ")
                ),
            ));
        }
        if !self.only_zones.is_empty() {
            h.push(("Zones".into(), self.only_zones.join(", ")));
        }
        h.push(("Schema version".into(), self.schema_version.to_string()));
        h.push(("frontline".into(), env!("CARGO_PKG_VERSION").into()));
        h.push(("Report made".into(), self.generated.clone()));
        h
    }

    fn overview(&self) -> Grid {
        let s = &self.summary;
        let pm = &self.party_members;
        Grid {
            head: vec![
                "zone",
                "zone (English)",
                "party members",
                "party members: how counted",
                "grassroots party organizations",
                "front-line teams",
                "command and working bodies",
                "people named",
                "money (yuan), by kind",
                "dated events",
            ],
            rows: (0..s.rows.len())
                .map(|r| {
                    let zone = s.text(r, "zone");
                    let p = pm.only("zone", &zone);
                    let how = if p.rows.is_empty() {
                        String::new()
                    } else {
                        basis_words(&p.text(0, "basis"), &p.text(0, "figures"))
                    };
                    vec![
                        zone.clone(),
                        s.text(r, "zone_en"),
                        qty(
                            s.get(r, "party_members"),
                            s.get(r, "party_members_qualifier"),
                        ),
                        how,
                        qty(
                            s.get(r, "grassroots_organizations"),
                            s.get(r, "grassroots_organizations_qualifier"),
                        ),
                        qty(
                            s.get(r, "front_line_teams"),
                            s.get(r, "front_line_teams_qualifier"),
                        ),
                        qty(
                            s.get(r, "command_and_working_bodies"),
                            s.get(r, "command_and_working_bodies_qualifier"),
                        ),
                        s.text(r, "people_named"),
                        self.money_by_kind(&zone),
                        s.text(r, "dated_events"),
                    ]
                })
                .collect(),
        }
    }

    /// A zone's money, each kind it reports on its own ("raised 10,000,000; donated 20,000"),
    /// never added together; "none reported" when it reports none.
    fn money_by_kind(&self, zone: &str) -> String {
        let m = self.money.only("zone", zone);
        let parts: Vec<String> = (0..m.rows.len())
            .filter(|&r| m.text(r, "basis") != "none")
            .map(|r| {
                let amount = match m.get(r, "amount_yuan") {
                    Value::Null => "amount not reported".to_string(),
                    v => qty(v, m.get(r, "qualifier")),
                };
                format!("{} {amount}", kind_words(&m.text(r, "kind")))
            })
            .collect();
        if parts.is_empty() {
            "none reported".into()
        } else {
            parts.join("; ")
        }
    }

    /// National totals: each adds one thing over the zones (party members; teams of one class;
    /// money of one kind), never one class or kind to another.
    fn totals(&self) -> Grid {
        let n = self.party_members.rows.len();
        let note = |unknown: usize| {
            if unknown == 0 {
                "every zone reports a figure".to_string()
            } else {
                format!("{unknown} of {n} zones report no figure")
            }
        };
        let mut rows = Vec::new();
        let (members, unknown) = national(&self.party_members, "party_members", "qualifier");
        let units = (0..n)
            .filter(|&r| {
                self.party_members
                    .text(r, "basis")
                    .starts_with("sum of units")
            })
            .count();
        let mut members_note = note(unknown);
        if units > 0 {
            members_note += &format!(
                "; {units} zone{} counted by the sum of units' figures, a lower bound",
                if units == 1 { " is" } else { "s are" }
            );
        }
        rows.push(vec!["party members".into(), members, members_note]);
        for (class, words) in TEAM_CLASSES {
            let (teams, unknown) = national(&self.teams.only("class", class), "teams", "qualifier");
            rows.push(vec![words.into(), teams, note(unknown)]);
        }
        for (kind, words) in MONEY_KINDS {
            let (money, unknown) =
                national(&self.money.only("kind", kind), "amount_yuan", "qualifier");
            rows.push(vec![words.into(), money, note(unknown)]);
        }
        Grid {
            head: vec!["total", "value", "note"],
            rows,
        }
    }

    fn donations_grid(&self) -> Grid {
        let d = &self.donations;
        Grid {
            head: vec![
                "material",
                "material (English)",
                "category",
                "how (raised, donated, special party dues, procured)",
                "quantity",
                "unit",
                "raised, given or bought by",
                "entries without quantity",
                "note",
            ],
            rows: (0..d.rows.len())
                .map(|r| {
                    vec![
                        d.text(r, "material"),
                        d.text(r, "material_en"),
                        label(&d.text(r, "category")),
                        kind_words(&d.text(r, "kind")),
                        qty(d.get(r, "quantity"), d.get(r, "qualifier")),
                        d.text(r, "unit"),
                        few(
                            &d.text(r, "donors"),
                            d.get(r, "donor_count"),
                            DONORS_LISTED,
                            &self.scope(),
                        ),
                        d.text(r, "unquantified"),
                        d.text(r, "note"),
                    ]
                })
                .collect(),
        }
    }

    /// The dated events the report lists (the first [`EVENTS_LISTED`]), and the line that says
    /// how to list the rest when there are more.
    fn events_listed(&self) -> (Grid, Option<String>) {
        let mut events = Self::timeline_grid(&self.timeline);
        let more = cut(
            &mut events,
            EVENTS_LISTED,
            self.timeline_count,
            ("timeline", None, "lists them all"),
            &self.scope(),
        );
        (events, more)
    }

    fn timeline_grid(t: &Table) -> Grid {
        Grid {
            head: vec!["date", "zone", "event", "event (English)"],
            rows: (0..t.rows.len())
                .map(|r| {
                    let inferred = if t.text(r, "year_inferred") == "1" {
                        " (year inferred)"
                    } else {
                        ""
                    };
                    vec![
                        format!("{}{inferred}", t.text(r, "date")),
                        t.text(r, "zone"),
                        t.text(r, "event"),
                        t.text(r, "event_en"),
                    ]
                })
                .collect(),
        }
    }

    /// A zone's tables: (heading, the named query that shows its rows, what that query does with
    /// them, grid).
    fn zone_grids(z: &ZoneSection) -> Vec<(&'static str, &'static str, &'static str, Grid)> {
        let f = &z.figures;
        let figures = Grid {
            head: vec![
                "figure",
                "as written",
                "what",
                "subject",
                "added to a total",
                "quote",
                "source",
            ],
            rows: (0..f.rows.len())
                .map(|r| {
                    let counted = if !f.text(r, "part_of").is_empty() {
                        format!("no: part of {}", f.text(r, "part_of_quote"))
                    } else if !f.text(r, "restates").is_empty() {
                        format!("no: restates {}", f.text(r, "restates_quote"))
                    } else {
                        f.text(r, "counted_note")
                    };
                    let as_of = f.text(r, "as_of");
                    let mut what = format!(
                        "{} ({})",
                        f.text(r, "description"),
                        label(&f.text(r, "metric"))
                    );
                    if !as_of.is_empty() {
                        what += &format!(", as of {as_of}");
                    }
                    vec![
                        format!(
                            "{} {}",
                            qty(f.get(r, "value"), f.get(r, "qualifier")),
                            f.text(r, "unit")
                        ),
                        f.text(r, "phrase"),
                        what,
                        format!(
                            "{} ({})",
                            f.text(r, "subject"),
                            labels::english(&f.text(r, "subject_kind"))
                        ),
                        counted,
                        f.text(r, "quote"),
                        source(f, r),
                    ]
                })
                .collect(),
        };
        let o = &z.organizations;
        let organizations = Grid {
            head: vec![
                "organization",
                "also written",
                "kind",
                "part of",
                "host unit",
            ],
            rows: (0..o.rows.len())
                .map(|r| {
                    vec![
                        o.text(r, "name"),
                        o.text(r, "aliases"),
                        label(&o.text(r, "kind")),
                        o.text(r, "parent"),
                        o.text(r, "host"),
                    ]
                })
                .collect(),
        };
        let t = &z.teams;
        let teams = Grid {
            head: vec![
                "team",
                "kind",
                "teams",
                "members",
                "organizer",
                "counted in",
                "quote",
                "source",
            ],
            rows: (0..t.rows.len())
                .map(|r| {
                    vec![
                        t.text(r, "name"),
                        label(&t.text(r, "kind")),
                        qty(t.get(r, "team_count"), t.get(r, "count_qualifier")),
                        qty(t.get(r, "members"), t.get(r, "members_qualifier")),
                        t.text(r, "organizer"),
                        t.text(r, "part_of"),
                        t.text(r, "quote"),
                        source(t, r),
                    ]
                })
                .collect(),
        };
        let p = &z.people;
        let people = Grid {
            head: vec![
                "name",
                "organization",
                "title",
                "title (English)",
                "party member",
            ],
            rows: (0..p.rows.len())
                .map(|r| {
                    let member = match p.get(r, "party_member") {
                        Value::Int(1) => "yes",
                        Value::Int(0) => "no",
                        _ => "not stated",
                    };
                    vec![
                        p.text(r, "name"),
                        p.text(r, "organization"),
                        p.text(r, "title"),
                        p.text(r, "title_en"),
                        member.into(),
                    ]
                })
                .collect(),
        };
        let d = &z.donations;
        let donations = Grid {
            head: vec![
                "material",
                "how",
                "quantity",
                "raised, given, bought or allocated by",
                "recipient",
                "quote",
                "source",
            ],
            rows: (0..d.rows.len())
                .map(|r| {
                    let q = qty(d.get(r, "quantity"), d.get(r, "qualifier"));
                    let q = if q == "unknown" {
                        "not reported".into()
                    } else {
                        format!("{q} {}", d.text(r, "unit"))
                    };
                    vec![
                        d.text(r, "material"),
                        label(&d.text(r, "kind")),
                        q,
                        d.text(r, "donors"),
                        d.text(r, "recipient"),
                        d.text(r, "quote"),
                        source(d, r),
                    ]
                })
                .collect(),
        };
        const ALL: &str = "lists them all";
        vec![
            ("Figures", "figures", ALL, figures),
            ("Organizations", "organizations", ALL, organizations),
            (
                "Teams and task forces",
                "teams-per-zone",
                "adds them up per class",
                teams,
            ),
            ("People", "people", ALL, people),
            (
                "Money and goods: raised, donated, special party dues, procured, allocated",
                "donations",
                "lists them all but the allocations, which money-by-zone adds up",
                donations,
            ),
            (
                "Dated events",
                "timeline",
                ALL,
                Self::timeline_grid(&z.events),
            ),
        ]
    }

    fn title(&self) -> String {
        let n = self.article_count;
        let zones = if self.only_zones.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.only_zones.join(", "))
        };
        if n <= 3 {
            let titles: Vec<String> = (0..n).map(|r| self.articles.text(r, "title")).collect();
            format!("frontline report: {}{zones}", titles.join(" / "))
        } else {
            format!("frontline report: {} articles{zones}", thousands(n as i64))
        }
    }

    /// The sections, for the table of contents: (anchor, heading).
    fn toc(&self) -> Toc {
        let mut t = vec![
            ("overview".to_string(), self.overview_heading()),
            ("totals".to_string(), "Totals over all zones".to_string()),
        ];
        if !self.donations.rows.is_empty() {
            t.push((
                "materials".into(),
                "Money and goods by material and kind".into(),
            ));
        }
        t.push(("timeline".into(), "Timeline".into()));
        for (i, z) in self.zones.iter().enumerate() {
            t.push((
                format!("zone-{}", i + 1),
                format!("{} ({})", z.zone, z.zone_en),
            ));
        }
        Toc(t)
    }

    fn overview_heading(&self) -> String {
        format!("Overview of the {} zones", self.summary.rows.len())
    }

    /// Counts of dated events per zone and week (weeks starting on Mondays), for the timeline
    /// when there are too many events to draw one by one.
    fn weekly(&self) -> (Vec<String>, Vec<(String, Vec<usize>)>) {
        use chrono::Datelike;
        let dates: Vec<(&str, Option<chrono::NaiveDate>, usize)> = self
            .timeline_days
            .iter()
            .map(|((zone, date), n)| {
                let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
                (zone.as_str(), d, *n)
            })
            .collect();
        let monday = |d: chrono::NaiveDate| {
            d - chrono::Duration::days(d.weekday().num_days_from_monday().into())
        };
        let (Some(first), Some(last)) = (
            dates.iter().filter_map(|(_, d, _)| *d).min(),
            dates.iter().filter_map(|(_, d, _)| *d).max(),
        ) else {
            return (Vec::new(), Vec::new());
        };
        let (first, last) = (monday(first), monday(last));
        let weeks = ((last - first).num_days() / 7 + 1) as usize;
        let names: Vec<String> = (0..weeks)
            .map(|w| {
                (first + chrono::Duration::days(7 * w as i64))
                    .format("%m-%d")
                    .to_string()
            })
            .collect();
        let mut rows: Vec<(String, Vec<usize>)> = self
            .zones
            .iter()
            .map(|z| (z.zone.clone(), vec![0; weeks]))
            .collect();
        for (zone, d, n) in dates {
            let Some(d) = d else { continue };
            let w = ((monday(d) - first).num_days() / 7) as usize;
            if let Some(row) = rows.iter_mut().find(|(z, _)| z == zone) {
                row.1[w] += n;
            }
        }
        rows.retain(|(_, c)| c.iter().any(|&n| n > 0));
        (names, rows)
    }

    /// The report as GitHub-flavoured Markdown.
    pub fn markdown(&self) -> String {
        let mut s = format!("# {}\n\n", markdown_field(&self.title()));
        s += &md_table(&Grid {
            head: vec!["", ""],
            rows: self.header().into_iter().map(|(k, v)| vec![k, v]).collect(),
        });
        s += &format!("\n{LEGEND}\n\n## Contents\n\n");
        for (anchor, heading) in self.toc().0 {
            s += &format!(
                "- [{}](#{})\n",
                markdown_field(&heading),
                md_anchor(&heading)
            );
            let _ = anchor;
        }
        s += &format!("\n## {}\n\n", self.overview_heading());
        s += &md_table(&self.overview());
        s += "\n## Totals over all zones\n\n";
        s += &md_table(&self.totals());
        if !self.donations.rows.is_empty() {
            s += "\n## Money and goods by material and kind\n\n";
            s += &md_table(&self.donations_grid());
        }
        s += "\n## Timeline\n\n";
        if self.timeline_count > TIMELINE_EVENTS {
            let (weeks, rows) = self.weekly();
            s += "Dated events per zone and week (the week starting on the date named):\n\n";
            let mut head = vec!["zone".to_string()];
            head.extend(weeks);
            s += &md_rows(
                &head,
                rows.iter().map(|(z, c)| {
                    std::iter::once(z.clone())
                        .chain(c.iter().map(|n| n.to_string()))
                        .collect()
                }),
            );
            s += "\nThe dated events:\n\n";
        }
        let (events, more) = self.events_listed();
        s += &md_table(&events);
        if let Some(more) = more {
            s += &format!("\n{}\n", markdown_field(&more));
        }
        for z in &self.zones {
            s += &format!(
                "\n## {} ({})\n\nStory: {}\n",
                markdown_field(&z.zone),
                markdown_field(&z.zone_en),
                markdown_field(&z.headline)
            );
            for ((title, query, does, mut grid), total) in
                Self::zone_grids(z).into_iter().zip(z.counts)
            {
                s += &format!("\n### {title}\n\n");
                let more = cut(
                    &mut grid,
                    ZONE_ROWS,
                    total,
                    (query, Some(&z.zone), does),
                    &self.scope(),
                );
                if grid.rows.is_empty() {
                    s += "None reported.\n";
                } else {
                    s += &md_table(&grid);
                }
                if let Some(more) = more {
                    s += &format!("\n{}\n", markdown_field(&more));
                }
            }
        }
        s
    }

    /// The party-members chart: one bar per zone, its fill saying how the zone was counted.
    fn party_members_chart(&self) -> String {
        let pm = &self.party_members;
        let styles = [
            chart::Style {
                fill: "#b22222",
                meaning: "zone total: the zone's own figure for its membership",
            },
            chart::Style {
                fill: "#e8a33d",
                meaning: "sum of units' figures: a lower bound, not the zone's membership",
            },
        ];
        let bars: Vec<chart::Bar> = (0..pm.rows.len())
            .map(|r| {
                let basis = pm.text(r, "basis");
                let value = qty(pm.get(r, "party_members"), pm.get(r, "qualifier"));
                let text = if basis == "none" {
                    "unknown: no figure".to_string()
                } else {
                    format!("{value} · {}", basis_words(&basis, &pm.text(r, "figures")))
                };
                chart::Bar {
                    label: pm.text(r, "zone"),
                    value: as_f64(pm.get(r, "party_members")),
                    text,
                    style: usize::from(basis.starts_with("sum of units")),
                }
            })
            .collect();
        chart::bars(
            "chart-party-members",
            "Party members per zone, by how the article counts them",
            &[chart::Group {
                title: String::new(),
                bars,
            }],
            &styles,
        )
    }

    /// Money per zone, one group per kind (kinds are never added), in yuan.
    fn money_chart(&self) -> String {
        let m = &self.money;
        let groups: Vec<chart::Group> = MONEY_KINDS
            .iter()
            .filter_map(|(kind, words)| {
                let k = m.only("kind", kind);
                let mut rows: Vec<usize> = (0..k.rows.len())
                    .filter(|&r| k.text(r, "basis") != "none")
                    .collect();
                rows.sort_by(|&a, &b| {
                    as_f64(k.get(b, "amount_yuan"))
                        .unwrap_or(-1.0)
                        .total_cmp(&as_f64(k.get(a, "amount_yuan")).unwrap_or(-1.0))
                });
                let bars: Vec<chart::Bar> = rows
                    .into_iter()
                    .map(|r| chart::Bar {
                        label: k.text(r, "zone"),
                        value: as_f64(k.get(r, "amount_yuan")),
                        text: match k.get(r, "amount_yuan") {
                            Value::Null => "amount not reported".into(),
                            v => format!("{} 元", qty(v, k.get(r, "qualifier"))),
                        },
                        style: 0,
                    })
                    .collect();
                (!bars.is_empty()).then(|| chart::Group {
                    title: format!("{} · {words}", labels::label(kind)),
                    bars,
                })
            })
            .collect();
        chart::bars(
            "chart-money",
            "Money per zone, each kind on its own (yuan)",
            &groups,
            &[],
        )
    }

    /// Goods with a quantity, one group per unit, largest first (money is in its own chart).
    fn materials_chart(&self) -> String {
        let d = &self.donations;
        let mut units: Vec<String> = Vec::new();
        for r in 0..d.rows.len() {
            let u = d.text(r, "unit");
            if d.text(r, "category") != "money" && !units.contains(&u) {
                units.push(u);
            }
        }
        let groups: Vec<chart::Group> = units
            .iter()
            .filter_map(|unit| {
                let mut rows: Vec<usize> = (0..d.rows.len())
                    .filter(|&r| {
                        d.text(r, "category") != "money"
                            && d.text(r, "unit") == *unit
                            && !matches!(d.get(r, "quantity"), Value::Null)
                    })
                    .collect();
                rows.sort_by(|&a, &b| {
                    as_f64(d.get(b, "quantity"))
                        .unwrap_or(0.0)
                        .total_cmp(&as_f64(d.get(a, "quantity")).unwrap_or(0.0))
                });
                let bars: Vec<chart::Bar> = rows
                    .into_iter()
                    .map(|r| chart::Bar {
                        label: format!("{} ({})", d.text(r, "material"), label(&d.text(r, "kind"))),
                        value: as_f64(d.get(r, "quantity")),
                        text: format!(
                            "{} {unit}",
                            qty(d.get(r, "quantity"), d.get(r, "qualifier"))
                        ),
                        style: 0,
                    })
                    .collect();
                (!bars.is_empty()).then(|| chart::Group {
                    title: format!("counted in {unit}"),
                    bars,
                })
            })
            .collect();
        chart::bars(
            "chart-donations",
            "Goods by material and kind, grouped by unit",
            &groups,
            &[],
        )
    }

    /// The report as one self-contained HTML page with inline SVG charts.
    pub fn html(&self) -> String {
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            esc(&self.title())
        );
        s += &format!("<header>\n<h1>{}</h1>\n", esc(&self.title()));
        s += &html_table(
            &Grid {
                head: vec!["", ""],
                rows: self.header().into_iter().map(|(k, v)| vec![k, v]).collect(),
            },
            "meta",
        );
        s += &format!("<p class=\"legend\">{}</p>\n", esc(LEGEND));
        s += "<nav class=\"toc\"><h2>Contents</h2><ol>";
        for (anchor, heading) in self.toc().0 {
            s += &format!("<li><a href=\"#{anchor}\">{}</a></li>", esc(&heading));
        }
        s += "</ol></nav>\n</header>\n";

        s += &format!(
            "<section id=\"overview\">\n<h2>{}</h2>\n",
            esc(&self.overview_heading())
        );
        s += &html_table(&self.overview(), "overview");
        s += &figure(&self.party_members_chart());
        let t = &self.teams.only("class", TEAM_CLASSES[0].0);
        let bars: Vec<chart::Bar> = (0..t.rows.len())
            .map(|r| chart::Bar {
                label: t.text(r, "zone"),
                value: as_f64(t.get(r, "teams")),
                text: qty(t.get(r, "teams"), t.get(r, "qualifier")),
                style: 0,
            })
            .collect();
        s += &figure(&chart::bars(
            "chart-teams",
            "Front-line teams per zone",
            &[chart::Group {
                title: String::new(),
                bars,
            }],
            &[],
        ));
        s += "</section>\n";

        s += "<section id=\"totals\">\n<h2>Totals over all zones</h2>\n";
        s += &html_table(&self.totals(), "totals");
        s += &figure(&self.money_chart());
        s += "</section>\n";

        if !self.donations.rows.is_empty() {
            s += "<section id=\"materials\">\n<h2>Money and goods by material and kind</h2>\n";
            s += &html_table(&self.donations_grid(), "donations");
            s += &figure(&self.materials_chart());
            let d = &self.donations;
            let unquantified: Vec<String> = (0..d.rows.len())
                .filter(|&r| matches!(d.get(r, "quantity"), Value::Null))
                .map(|r| format!("{} ({})", d.text(r, "material"), label(&d.text(r, "kind"))))
                .collect();
            if !unquantified.is_empty() {
                s += &format!(
                    "<p class=\"note\">Without a quantity: {}.</p>\n",
                    esc(&unquantified.join("; "))
                );
            }
            s += "</section>\n";
        }

        s += "<section id=\"timeline\">\n<h2>Timeline</h2>\n";
        let tl = &self.timeline;
        if self.timeline_count > TIMELINE_EVENTS {
            let (weeks, rows) = self.weekly();
            s += &figure(&chart::weekly(
                "chart-timeline",
                &format!(
                    "Dated events per zone and week ({} events; year 2020 inferred)",
                    thousands(self.timeline_count as i64)
                ),
                &weeks,
                &rows,
            ));
        } else {
            let events: Vec<chart::Event> = (0..tl.rows.len())
                .filter_map(|r| {
                    let date =
                        chrono::NaiveDate::parse_from_str(&tl.text(r, "date"), "%Y-%m-%d").ok()?;
                    Some(chart::Event {
                        date,
                        label: tl.text(r, "zone"),
                        text: tl.text(r, "event_en"),
                    })
                })
                .collect();
            s += &figure(&chart::timeline(
                "chart-timeline",
                "Dated events (year 2020 inferred)",
                &events,
            ));
        }
        let (events, more) = self.events_listed();
        s += &html_table(&events, "timeline");
        if let Some(more) = more {
            s += &format!("<p class=\"note\">{}</p>\n", esc(&more));
        }
        s += "</section>\n";

        for (i, z) in self.zones.iter().enumerate() {
            s += &format!(
                "<section class=\"zone\" id=\"zone-{}\">\n<h2>{} <span class=\"en\">{}</span></h2>\n<p class=\"story\">{}</p>\n",
                i + 1,
                esc(&z.zone),
                esc(&z.zone_en),
                esc(&z.headline)
            );
            for ((title, query, does, mut grid), total) in
                Self::zone_grids(z).into_iter().zip(z.counts)
            {
                s += &format!("<h3>{title}</h3>\n");
                let more = cut(
                    &mut grid,
                    ZONE_ROWS,
                    total,
                    (query, Some(&z.zone), does),
                    &self.scope(),
                );
                if grid.rows.is_empty() {
                    s += "<p class=\"none\">None reported.</p>\n";
                } else {
                    s += &html_table(&grid, "");
                }
                if let Some(more) = more {
                    s += &format!("<p class=\"note\">{}</p>\n", esc(&more));
                }
            }
            s += "</section>\n";
        }
        s += "</body>\n</html>\n";
        s
    }
}

const LEGEND: &str = "Numbers carry their qualifier: ≥ at least (余, 多, 上…), < less than (不到), ≈ approximately (约, 近); \
                      \"unknown\" where the article gives no figure. Totals never add a figure that is part of, or repeats, \
                      another; a zone's total made of its units' figures is a lower bound, not the zone's membership. \
                      Totals add only like with like: front-line teams apart from command and working bodies, and money \
                      raised, donated, paid as special party dues or allocated each on its own (an allocation is no \
                      donation; goods procured are not said to be given). A source [c87] ¶3 is citation 87 in paragraph 3 \
                      (frontline cite 87 shows it).";

const CSS: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei','Droid Sans Fallback',sans-serif;\
margin:2em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em;border-bottom:3px solid #b22222;padding-bottom:.3em}h2{color:#b22222;margin-top:2em}\
.scroll{overflow-x:auto}\
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em;width:100%}\
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}\
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.nw{white-space:nowrap}\
table.meta{width:auto}table.meta td:first-child{font-weight:bold}.legend,.note,.story{color:#555;font-size:.9em}\
nav.toc h2{margin-top:1em}nav.toc ol{columns:2;font-size:.95em}\
.en{color:#777;font-weight:normal;font-size:.8em}figure{margin:1em 0}svg.chart{max-width:100%;height:auto}\
@media print{body{margin:0;max-width:none}.scroll{overflow:visible}nav.toc{break-after:page}section.zone{break-before:page}figure,tr{break-inside:avoid}h2,h3{break-after:avoid}}";

/// The first `n` of a "; "-separated list of the first donors of `count` (NULL: the list names
/// them all), and how many more there are.
fn few(list: &str, count: &Value, n: usize, scope: &str) -> String {
    let items: Vec<&str> = list.split("; ").collect();
    // The view names only the first donors and counts them all: the count says how many there
    // are (without one, the list is all there is).
    let total = match count {
        Value::Int(c) => (*c).max(0) as usize,
        _ => items.len(),
    };
    if total <= n && items.len() <= n {
        return list.to_string();
    }
    let shown = n.min(items.len());
    format!(
        "{}; and {} more (frontline query donations lists them{scope})",
        items[..shown].join("; "),
        thousands(total.saturating_sub(shown) as i64)
    )
}

/// Keeps the first `n` rows of `grid`, of `total` rows there are; when there are more, a note
/// naming the query that shows them: (query, its zone, what it does with the rows). `scope` says
/// which articles that query covers.
fn cut(
    grid: &mut Grid,
    n: usize,
    total: usize,
    (query, zone, does): (&str, Option<&str>, &str),
    scope: &str,
) -> Option<String> {
    if total <= n {
        return None;
    }
    grid.rows.truncate(n);
    let zone = zone.map_or(String::new(), |z| format!(" --zone {z}"));
    Some(format!(
        "The first {n} of {} rows; frontline query {query}{zone} {does}{scope}.",
        thousands(total as i64)
    ))
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Real(f) => Some(*f),
        _ => None,
    }
}

fn figure(svg: &str) -> String {
    format!("<figure>{svg}</figure>\n")
}

/// GitHub's anchor for a heading: lower case, spaces to hyphens, punctuation dropped.
fn md_anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_lowercase().next()?),
            _ => None,
        })
        .collect()
}

fn md_rows(head: &[String], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut s = format!(
        "| {} |\n|{}\n",
        head.iter()
            .map(|h| markdown_field(h))
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(head.len())
    );
    for r in rows {
        s += &format!(
            "| {} |\n",
            r.iter()
                .map(|c| markdown_field(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    s
}

fn md_table(g: &Grid) -> String {
    let head: Vec<String> = g.head.iter().map(|h| h.to_string()).collect();
    md_rows(&head, g.rows.iter().cloned())
}

/// Whether a cell is a number as the report writes it (≥15,000, ≈50, 3 个, unknown), for right
/// alignment.
fn numeric(cell: &str) -> bool {
    let t = cell.trim_start_matches(['≥', '<', '≈']);
    let (n, rest) = t.split_once(' ').unwrap_or((t, ""));
    !n.is_empty()
        && n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && (rest.is_empty()
            || rest == "(no bound)"
            || (rest.chars().count() <= 2 && rest.chars().all(|c| !c.is_ascii())))
}

/// A column is numeric when every cell with text is a number or "unknown".
fn numeric_columns(g: &Grid) -> Vec<bool> {
    (0..g.head.len())
        .map(|c| {
            let cells: Vec<&str> = g
                .rows
                .iter()
                .map(|r| r[c].as_str())
                .filter(|s| !s.is_empty() && *s != "unknown" && *s != "not reported")
                .collect();
            !cells.is_empty() && cells.iter().all(|s| numeric(s))
        })
        .collect()
}

/// Short cells (names, short Chinese terms, numbers) are not broken mid-word; long ones (quotes)
/// wrap.
fn short(cell: &str) -> bool {
    cell.chars().count() <= 14
}

fn html_table(g: &Grid, class: &str) -> String {
    let num = numeric_columns(g);
    let mut s = if class.is_empty() {
        "<div class=\"scroll\"><table>".to_string()
    } else {
        format!("<div class=\"scroll\"><table class=\"{class}\">")
    };
    if g.head.iter().any(|h| !h.is_empty()) {
        s += &format!(
            "<thead><tr>{}</tr></thead>",
            g.head
                .iter()
                .zip(&num)
                .map(|(h, n)| if *n {
                    format!("<th class=\"num\">{}</th>", esc(h))
                } else {
                    format!("<th>{}</th>", esc(h))
                })
                .collect::<String>()
        );
    }
    s += "<tbody>";
    for r in &g.rows {
        s += "<tr>";
        for (c, n) in r.iter().zip(&num) {
            let class = match (*n, short(c)) {
                (true, _) => " class=\"num nw\"",
                (false, true) => " class=\"nw\"",
                (false, false) => "",
            };
            s += &format!("<td{class}>{}</td>", esc(c));
        }
        s += "</tr>";
    }
    s += "</tbody></table></div>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_their_qualifier() {
        assert_eq!(qty(&Value::Int(15000), &Value::from("at_least")), "≥15,000");
        assert_eq!(qty(&Value::Int(1), &Value::from("less_than")), "<1");
        assert_eq!(qty(&Value::Int(50), &Value::from("approx")), "≈50");
        assert_eq!(
            qty(&Value::Int(10_323_000), &Value::from("exact")),
            "10,323,000"
        );
        assert_eq!(qty(&Value::Null, &Value::Null), "unknown");
        assert_eq!(thousands(-1234567), "-1,234,567");
    }

    #[test]
    fn a_donor_list_says_how_many_donors_there_are_in_all() {
        let named: Vec<String> = (1..=20).map(|i| format!("单位{i}")).collect();
        let named = named.join("; ");
        // The view names 20 of 1,234: the report shows 12 and counts the rest from donor_count,
        // not from the names it was given.
        let shown = few(&named, &Value::Int(1234), 12, "");
        assert!(shown.starts_with("单位1; 单位2; "), "{shown}");
        assert!(shown.contains("; 单位12; and 1,222 more (frontline query donations"));
        assert!(!shown.contains("单位13"), "{shown}");
        // A short list stands as it is; so does one without a count.
        assert_eq!(few("甲; 乙", &Value::Int(2), 12, ""), "甲; 乙");
        assert_eq!(few("甲; 乙", &Value::Null, 12, ""), "甲; 乙");
        assert_eq!(few("", &Value::Null, 12, ""), "");
        let unnamed = few("甲; 乙", &Value::Int(14), 12, "");
        assert_eq!(
            unnamed,
            "甲; 乙; and 12 more (frontline query donations lists them)"
        );
    }

    #[test]
    fn unbounded_sums_and_unknown_qualifiers() {
        assert_eq!(
            qty(&Value::Int(15), &Value::from("unbounded")),
            "15 (no bound)"
        );
        // Not a qualifier (or none): the number is written plainly.
        assert_eq!(qty(&Value::Int(7), &Value::from("roughly")), "7");
        assert_eq!(qty(&Value::Int(7), &Value::Null), "7");
    }

    #[test]
    fn national_totals_are_lower_bounds_when_a_zone_is_unknown() {
        let table = |rows: Vec<(Value, Value)>| Table {
            columns: vec!["n".into(), "q".into()],
            rows: rows.into_iter().map(|(n, q)| vec![n, q]).collect(),
        };
        let t = table(vec![
            (Value::Int(1000), Value::from("exact")),
            (Value::Int(5), Value::from("approx")),
        ]);
        assert_eq!(national(&t, "n", "q"), ("≈1,005".into(), 0));
        let t = table(vec![
            (Value::Int(10), Value::from("less_than")),
            (Value::Null, Value::Null),
        ]);
        assert_eq!(national(&t, "n", "q"), ("10 (no bound)".into(), 1));
        let t = table(vec![(Value::Null, Value::Null)]);
        assert_eq!(national(&t, "n", "q"), ("unknown".into(), 1));
        let t = table(vec![
            (Value::Int(i64::MAX), Value::from("exact")),
            (Value::Int(1), Value::from("exact")),
        ]);
        assert!(national(&t, "n", "q").0.contains("too large to add"));
    }

    #[test]
    fn numbers_are_told_from_text() {
        for n in [
            "15,000",
            "≥15,000",
            "<1",
            "≈50 名",
            "10,000,000 元",
            "15 (no bound)",
            "3",
        ] {
            assert!(numeric(n), "{n}");
        }
        for t in [
            "4 of 8 zones report no figure",
            "2020-01-20",
            "成都",
            "1.5万余名",
            "",
            "≥",
        ] {
            assert!(!numeric(t), "{t}");
        }
    }

    #[test]
    fn report_cells_are_escaped_like_markdown_output() {
        // The report shares output::markdown_field: a line break is <br> (it used to be a space
        // here, <br> in `--format markdown`), so both say the same about the same text.
        let grid = Grid {
            head: vec!["a|b"],
            rows: vec![vec!["x\\y\r\nz|w".into()]],
        };
        assert_eq!(md_table(&grid), "| a\\|b |\n|---|\n| x\\\\y<br>z\\|w |\n");
    }
}
