//! The report: every named query in one document, read in one snapshot, as Markdown or as a
//! self-contained HTML page with charts.
//!
//! Numbers are written with their qualifier (≥15,000 for 1.5万余名, ≈50 for 约50名, <1 for 不到1),
//! unknowns as "unknown". Totals follow the same qualifier arithmetic as the views: both use
//! [`Qualifier::combine`], and a unit test checks the views against it on every combination.
//! Text goes through the same [`Value::plain`] and [`markdown_field`] as `query --format
//! markdown`, so a value reads the same in a report as in a query's output.

pub mod chart;

use crate::archive::Archive;
use crate::domain::quantity::Qualifier;
use crate::error::Result;
use crate::output::{Value, markdown_field};
use chart::esc;

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

/// A donation kind in words.
fn kind_words(kind: &str) -> String {
    kind.replace('_', " ")
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
    /// figures view rows of the zone.
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
}

/// Everything the report shows, read in one snapshot.
pub struct Report {
    /// Article titles, sources and hashes.
    pub articles: Table,
    /// `PRAGMA user_version`.
    pub schema_version: i64,
    /// When the report was made (UTC, RFC 3339).
    pub generated: String,
    /// zone_summary.
    pub summary: Table,
    /// party_members_per_zone.
    pub party_members: Table,
    /// teams_per_zone.
    pub teams: Table,
    /// money_by_zone.
    pub money: Table,
    /// donations_by_material.
    pub donations: Table,
    /// timeline.
    pub timeline: Table,
    /// One section per zone.
    pub zones: Vec<ZoneSection>,
}

/// Reads every named query. The caller's connection holds one read transaction, so every number
/// comes from the same state of the archive.
pub fn gather(archive: &Archive) -> Result<Report> {
    let zones = archive.zone_headlines()?;
    let mut sections = Vec::new();
    for r in 0..zones.rows.len() {
        let zone = zones.text(r, "name");
        let z = Some(zone.as_str());
        sections.push(ZoneSection {
            zone_en: zones.text(r, "name_en"),
            headline: zones.text(r, "headline"),
            figures: archive.query_rows("figures", z)?,
            organizations: archive.query_rows("organizations", z)?,
            teams: archive.zone_teams(&zone)?,
            people: archive.query_rows("people", z)?,
            donations: archive.zone_donations(&zone)?,
            events: archive.query_rows("timeline", z)?,
            zone,
        });
    }
    Ok(Report {
        articles: archive.article_rows()?,
        schema_version: archive.version(),
        generated: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        summary: archive.query_rows("zone-summary", None)?,
        party_members: archive.query_rows("party-members-per-zone", None)?,
        teams: archive.query_rows("teams-per-zone", None)?,
        money: archive.query_rows("money-by-zone", None)?,
        donations: archive.query_rows("donations-by-material", None)?,
        timeline: archive.query_rows("timeline", None)?,
        zones: sections,
    })
}

/// A table ready to print: a heading row and rows of text.
struct Grid {
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Report {
    fn header(&self) -> Vec<(String, String)> {
        let mut h = Vec::new();
        for r in 0..self.articles.rows.len() {
            h.push(("Article".into(), self.articles.text(r, "title")));
            h.push(("Source file".into(), self.articles.text(r, "source_file")));
            h.push(("Article sha256".into(), self.articles.text(r, "sha256")));
        }
        h.push(("Schema version".into(), self.schema_version.to_string()));
        h.push(("frontline".into(), env!("CARGO_PKG_VERSION").into()));
        h.push(("Report made".into(), self.generated.clone()));
        h
    }

    fn overview(&self) -> Grid {
        let s = &self.summary;
        Grid {
            head: vec![
                "zone",
                "zone (English)",
                "party members",
                "grassroots party organizations",
                "front-line teams",
                "command and working bodies",
                "people named",
                "money (yuan), by kind",
                "dated events",
            ],
            rows: (0..s.rows.len())
                .map(|r| {
                    vec![
                        s.text(r, "zone"),
                        s.text(r, "zone_en"),
                        qty(
                            s.get(r, "party_members"),
                            s.get(r, "party_members_qualifier"),
                        ),
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
                        self.money_by_kind(&s.text(r, "zone")),
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
        rows.push(vec!["party members".into(), members, note(unknown)]);
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
                        d.text(r, "category"),
                        kind_words(&d.text(r, "kind")),
                        qty(d.get(r, "quantity"), d.get(r, "qualifier")),
                        d.text(r, "unit"),
                        d.text(r, "donors"),
                        d.text(r, "unquantified"),
                        d.text(r, "note"),
                    ]
                })
                .collect(),
        }
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

    fn zone_grids(z: &ZoneSection) -> Vec<(&'static str, Grid)> {
        let f = &z.figures;
        let figures = Grid {
            head: vec![
                "figure",
                "as written",
                "what",
                "subject",
                "added to a total",
                "quote",
            ],
            rows: (0..f.rows.len())
                .map(|r| {
                    let counted = f.text(r, "counted_note");
                    let as_of = f.text(r, "as_of");
                    let what = if as_of.is_empty() {
                        format!("{} ({})", f.text(r, "description"), f.text(r, "metric"))
                    } else {
                        format!(
                            "{} ({}), as of {as_of}",
                            f.text(r, "description"),
                            f.text(r, "metric")
                        )
                    };
                    vec![
                        format!(
                            "{} {}",
                            qty(f.get(r, "value"), f.get(r, "qualifier")),
                            f.text(r, "unit")
                        ),
                        f.text(r, "phrase"),
                        what,
                        f.text(r, "subject"),
                        counted,
                        f.text(r, "quote"),
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
                        o.text(r, "kind"),
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
            ],
            rows: (0..t.rows.len())
                .map(|r| {
                    vec![
                        t.text(r, "name"),
                        t.text(r, "kind"),
                        qty(t.get(r, "team_count"), t.get(r, "count_qualifier")),
                        qty(t.get(r, "members"), t.get(r, "members_qualifier")),
                        t.text(r, "organizer"),
                        t.text(r, "part_of"),
                        t.text(r, "quote"),
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
                        kind_words(&d.text(r, "kind")),
                        q,
                        d.text(r, "donors"),
                        d.text(r, "recipient"),
                        d.text(r, "quote"),
                    ]
                })
                .collect(),
        };
        vec![
            ("Figures", figures),
            ("Organizations", organizations),
            ("Teams and task forces", teams),
            ("People", people),
            (
                "Money and goods: raised, donated, special party dues, procured, allocated",
                donations,
            ),
            ("Dated events", Self::timeline_grid(&z.events)),
        ]
    }

    fn title(&self) -> String {
        let titles: Vec<String> = (0..self.articles.rows.len())
            .map(|r| self.articles.text(r, "title"))
            .collect();
        format!("frontline report: {}", titles.join(" / "))
    }

    /// The report as GitHub-flavoured Markdown.
    pub fn markdown(&self) -> String {
        let mut s = format!("# {}\n\n", markdown_field(&self.title()));
        s += &md_table(&Grid {
            head: vec!["", ""],
            rows: self.header().into_iter().map(|(k, v)| vec![k, v]).collect(),
        });
        s += &format!(
            "\n{LEGEND}\n\n## Overview of the {} zones\n\n",
            self.summary.rows.len()
        );
        s += &md_table(&self.overview());
        s += "\n## Totals over all zones\n\n";
        s += &md_table(&self.totals());
        s += "\n### Money and goods by material and kind\n\n";
        s += &md_table(&self.donations_grid());
        s += "\n## Timeline\n\n";
        s += &md_table(&Self::timeline_grid(&self.timeline));
        for z in &self.zones {
            s += &format!(
                "\n## {} ({})\n\nStory: {}\n",
                markdown_field(&z.zone),
                markdown_field(&z.zone_en),
                markdown_field(&z.headline)
            );
            for (title, grid) in Self::zone_grids(z) {
                s += &format!("\n### {title}\n\n");
                if grid.rows.is_empty() {
                    s += "None reported.\n";
                } else {
                    s += &md_table(&grid);
                }
            }
        }
        s
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
        s += &format!("<p class=\"legend\">{}</p>\n</header>\n", esc(LEGEND));

        s += &format!(
            "<section id=\"overview\">\n<h2>Overview of the {} zones</h2>\n",
            self.summary.rows.len()
        );
        s += &html_table(&self.overview(), "overview");
        let pm = &self.party_members;
        let bars: Vec<chart::Bar> = (0..pm.rows.len())
            .map(|r| chart::Bar {
                label: pm.text(r, "zone"),
                value: as_f64(pm.get(r, "party_members")),
                text: qty(pm.get(r, "party_members"), pm.get(r, "qualifier")),
            })
            .collect();
        s += &figure(&chart::log_bars(
            "chart-party-members",
            "Party members per zone (log scale)",
            &bars,
        ));
        let t = &self.teams.only("class", TEAM_CLASSES[0].0);
        let bars: Vec<chart::Bar> = (0..t.rows.len())
            .map(|r| chart::Bar {
                label: t.text(r, "zone"),
                value: as_f64(t.get(r, "teams")),
                text: qty(t.get(r, "teams"), t.get(r, "qualifier")),
            })
            .collect();
        s += &figure(&chart::log_bars(
            "chart-teams",
            "Front-line teams per zone (log scale)",
            &bars,
        ));
        s += "</section>\n";

        s += "<section id=\"totals\">\n<h2>Totals over all zones</h2>\n";
        s += &html_table(&self.totals(), "totals");
        s += "<h3>Money and goods by material and kind</h3>\n";
        s += &html_table(&self.donations_grid(), "donations");
        let d = &self.donations;
        let quantified: Vec<chart::Bar> = (0..d.rows.len())
            .filter(|&r| !matches!(d.get(r, "quantity"), Value::Null))
            .map(|r| chart::Bar {
                label: format!(
                    "{} ({}, {})",
                    d.text(r, "material"),
                    d.text(r, "unit"),
                    kind_words(&d.text(r, "kind"))
                ),
                value: as_f64(d.get(r, "quantity")),
                text: qty(d.get(r, "quantity"), d.get(r, "qualifier")),
            })
            .collect();
        s += &figure(&chart::log_bars(
            "chart-donations",
            "Money and goods by material and kind (log scale)",
            &quantified,
        ));
        let unquantified: Vec<String> = (0..d.rows.len())
            .filter(|&r| matches!(d.get(r, "quantity"), Value::Null))
            .map(|r| {
                format!(
                    "{} ({})",
                    d.text(r, "material"),
                    kind_words(&d.text(r, "kind"))
                )
            })
            .collect();
        if !unquantified.is_empty() {
            s += &format!(
                "<p class=\"note\">Without a quantity: {}.</p>\n",
                esc(&unquantified.join("; "))
            );
        }
        s += "</section>\n";

        s += "<section id=\"timeline\">\n<h2>Timeline</h2>\n";
        let tl = &self.timeline;
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
        s += &html_table(&Self::timeline_grid(tl), "timeline");
        s += "</section>\n";

        for (i, z) in self.zones.iter().enumerate() {
            s += &format!(
                "<section class=\"zone\" id=\"zone-{}\">\n<h2>{} <span class=\"en\">{}</span></h2>\n<p class=\"story\">{}</p>\n",
                i + 1,
                esc(&z.zone),
                esc(&z.zone_en),
                esc(&z.headline)
            );
            for (title, grid) in Self::zone_grids(z) {
                s += &format!("<h3>{title}</h3>\n");
                if grid.rows.is_empty() {
                    s += "<p class=\"none\">None reported.</p>\n";
                } else {
                    s += &html_table(&grid, "");
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
                      another; a zone's total made of its units' figures is a lower bound. Totals add only like with like: \
                      front-line teams apart from command and working bodies, and money raised, donated, paid as special \
                      party dues or allocated each on its own (an allocation is no donation; goods procured are not said \
                      to be given).";

const CSS: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei','Droid Sans Fallback',sans-serif;\
margin:2em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em;border-bottom:3px solid #b22222;padding-bottom:.3em}h2{color:#b22222;margin-top:2em}\
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em;width:100%}\
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}\
table.meta{width:auto}table.meta td:first-child{font-weight:bold}.legend,.note,.story{color:#555;font-size:.9em}\
.en{color:#777;font-weight:normal;font-size:.8em}figure{margin:1em 0}svg.chart{max-width:100%;height:auto}\
@media print{body{margin:0;max-width:none}section.zone{break-before:page}figure,tr{break-inside:avoid}h2,h3{break-after:avoid}}";

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

fn md_table(g: &Grid) -> String {
    let mut s = format!(
        "| {} |\n|{}\n",
        g.head
            .iter()
            .map(|h| markdown_field(h))
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(g.head.len())
    );
    for r in &g.rows {
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

fn html_table(g: &Grid, class: &str) -> String {
    let mut s = if class.is_empty() {
        "<table>".to_string()
    } else {
        format!("<table class=\"{class}\">")
    };
    if g.head.iter().any(|h| !h.is_empty()) {
        s += &format!(
            "<thead><tr>{}</tr></thead>",
            g.head
                .iter()
                .map(|h| format!("<th>{}</th>", esc(h)))
                .collect::<String>()
        );
    }
    s += "<tbody>";
    for r in &g.rows {
        s += &format!(
            "<tr>{}</tr>",
            r.iter()
                .map(|c| format!("<td>{}</td>", esc(c)))
                .collect::<String>()
        );
    }
    s += "</tbody></table>\n";
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
