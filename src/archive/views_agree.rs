//! The views' qualifier arithmetic, checked against [`Qualifier::combine`].
//!
//! The CASE that turns a group's qualifier flags into one qualifier is written five times in
//! `queries/` (zone_count; teams_per_zone's count and members; donations_by_material;
//! money_by_zone), and the report adds zones up in Rust with [`Qualifier::combine`]. SQL has no
//! functions a view could share, and the views must read the same in any SQLite client, so
//! nothing but a test keeps the six copies of the rule in step: this one builds an in-memory archive and, for every ordered sequence of
//! one to three stored qualifiers (every ordered pair and every multiset up to three), checks
//! that each view says what `combine` says for the same terms.
//!
//! Where a view knows more than a plain sum, the test states the adjustment and still asks
//! `combine` for the answer:
//!
//! * zone_count, **sum of units**: an article without a zone-wide figure is counted by its units'
//!   figures, which miss whatever the units do not cover: one more `at_least` term.
//! * zone_count, **several articles**: their counts are not added; the largest stands (an upper
//!   bound only when every count is one), as a lower bound: its qualifier plus `at_least`.
//! * teams' members, donations and money: a row **without a quantity** makes the sum a lower
//!   bound: one `at_least` term per missing quantity.
//! * teams_per_zone, **sum of units**: a class of teams without a zone total (a row with a count
//!   and no organizer) is counted by its units' rows, a lower bound: one more `at_least` term, for
//!   the teams and for their members. A zone total **with rows outside it** keeps its own count,
//!   and the rows outside make it a lower bound: its qualifier plus `at_least`.
//! * Rows that are **part of** or **restate** another figure, or are part of another team, are
//!   not terms: each case adds such a row as `less_than`, which must change nothing. So does a
//!   unit's figure when its article gives the zone-wide one.
//! * An **empty** sum: `combine` says `exact` (nothing added is exactly 0), but a view has no
//!   number then and says NULL ("unknown is NULL, never 0"), as it does when no row has a
//!   quantity; the report writes a NULL number as "unknown" without reading its qualifier.
//!   [`nothing_known_is_null`] checks that side.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::quantity::Qualifier;
use crate::domain::quantity::Qualifier::{Approx, AtLeast, Exact, LessThan};

/// The qualifiers a single stored figure, team or donation can carry.
const STORED: [Qualifier; 4] = [Exact, AtLeast, LessThan, Approx];

/// Every ordered sequence of one to three stored qualifiers.
fn sequences() -> Vec<Vec<Qualifier>> {
    let mut all: Vec<Vec<Qualifier>> = STORED.iter().map(|&q| vec![q]).collect();
    let mut last = all.clone();
    for _ in 2..=3 {
        last = last
            .iter()
            .flat_map(|s| {
                STORED.iter().map(move |&q| {
                    let mut s = s.clone();
                    s.push(q);
                    s
                })
            })
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

/// `terms` plus `extra`, combined.
fn with(terms: &[Qualifier], extra: &[Qualifier]) -> Qualifier {
    Qualifier::combine(terms.iter().chain(extra).copied())
}

/// Number of articles in the test archive: enough for one count per term.
const ARTICLES: i64 = 3;

/// An archive with the views, [`ARTICLES`] articles (each with one story, paragraph and citation
/// whose id is the article's), and one organization to be the subject of units' figures.
fn archive() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    crate::archive::migrate(&mut conn, Path::new(":memory:")).unwrap();
    conn.execute(
        "INSERT INTO zone (id, name, name_en, city, city_en, province, province_en) \
         VALUES (1, '本区', 'home', '', '', '', '')",
        [],
    )
    .unwrap();
    for a in 1..=ARTICLES {
        conn.execute(
            "INSERT INTO article (id, slug, title, source_file, year, text, sha256) \
             VALUES (?1, 'a' || ?1, 't', 'a.txt', 2020, 'x', printf('%064x', ?1))",
            [a],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO story (id, article_id, position, zone_id, headline) VALUES (?1, ?1, 1, 1, 'h')",
            [a],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO paragraph (id, story_id, source_position, reading_position, kind, char_start, char_end, text) \
             VALUES (?1, ?1, 1, 1, 'body', 0, 1, 'x')",
            [a],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO citation (id, paragraph_id, char_start, char_end, quote) VALUES (?1, ?1, 0, 1, 'x')",
            [a],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO organization (id, name, kind, citation_id) VALUES (1, '单位', 'company', 1)",
        [],
    )
    .unwrap();
    conn
}

/// A new zone named `name`; returns its id.
fn zone(conn: &Connection, name: &str) -> i64 {
    conn.execute(
        "INSERT INTO zone (name, name_en, city, city_en, province, province_en) VALUES (?1, ?1, '', '', '', '')",
        [name],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// A figure to insert: a zone-wide one, or a unit's (organization 1's) when `unit_level`.
struct Figure<'a> {
    article: i64,
    zone: i64,
    metric: &'a str,
    unit_level: bool,
    value: i64,
    qualifier: Qualifier,
    part_of: Option<i64>,
    restates: Option<i64>,
}

/// Inserts a figure; returns its id.
fn figure(conn: &Connection, f: &Figure<'_>) -> i64 {
    conn.execute(
        "INSERT INTO figure (article_id, zone_id, organization_id, metric, description, phrase, value, unit, \
                             qualifier, part_of_id, restates_id, citation_id) \
         VALUES (?1, ?2, ?3, ?4, '', 'x', ?5, '名', ?6, ?7, ?8, ?1)",
        params![
            f.article,
            f.zone,
            f.unit_level.then_some(1),
            f.metric,
            f.value,
            f.qualifier.as_str(),
            f.part_of,
            f.restates,
        ],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// A volunteer team row of one team; `members` is its qualifier, or `None` when the members are
/// not reported. A `zone_wide` row is a count for the whole zone (a count phrase, no organizer);
/// any other is a unit's (organization 1's). Returns its id.
fn team(
    conn: &Connection,
    zone: i64,
    count: Qualifier,
    members: Option<Qualifier>,
    part_of: Option<i64>,
    zone_wide: bool,
) -> i64 {
    conn.execute(
        "INSERT INTO team (zone_id, kind, name, organizer_id, part_of_id, team_count, count_phrase, count_qualifier, \
                           members, members_qualifier, citation_id) \
         VALUES (?1, 'volunteer_team', 't', ?2, ?3, 1, ?4, ?5, ?6, ?7, 1)",
        params![
            zone,
            (!zone_wide).then_some(1),
            part_of,
            zone_wide.then_some("1个"),
            count.as_str(),
            members.map(|_| 10),
            members.map(Qualifier::as_str),
        ],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// The front-line teams' row of teams_per_zone for the zone named `zone`.
const FRONT_LINE: &str = "class = 'front_line_teams' AND zone";

/// A money material named `name`; returns its id.
fn material(conn: &Connection, name: &str) -> i64 {
    conn.execute(
        "INSERT INTO material (name, name_en, category, unit) VALUES (?1, ?1, 'money', '元')",
        [name],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// A donation of `material` in `zone`, of 10 yuan with this qualifier, or without a quantity.
fn donation(conn: &Connection, zone: i64, material: i64, qualifier: Option<Qualifier>) {
    conn.execute(
        "INSERT INTO donation (zone_id, kind, material_id, quantity, quantity_phrase, unit, qualifier, citation_id) \
         VALUES (?1, 'donated', ?2, ?3, ?4, '元', ?5, 1)",
        params![
            zone,
            material,
            qualifier.map(|_| 10),
            qualifier.map(|_| "10元"),
            qualifier.map(Qualifier::as_str),
        ],
    )
    .unwrap();
}

/// The qualifier column `column` of the one row of `view` where `key` = `value`; `None` when
/// that is NULL or there is no such row.
fn view_qualifier(
    conn: &Connection,
    view: &str,
    column: &str,
    key: &str,
    value: &dyn rusqlite::ToSql,
) -> Option<String> {
    conn.query_row(
        &format!("SELECT {column} FROM {view} WHERE {key} = ?1"),
        [value],
        |r| r.get::<_, Option<String>>(0),
    )
    .optional()
    .unwrap()
    .flatten()
}

/// Collects the cases where a view says something other than `combine`.
#[derive(Default)]
struct Disagreements(Vec<String>);

impl Disagreements {
    fn check(&mut self, what: &str, terms: &[Qualifier], got: Option<String>, want: Qualifier) {
        let parsed = got.as_deref().and_then(Qualifier::parse);
        if parsed != Some(want) {
            let terms: Vec<&str> = terms.iter().map(|q| q.as_str()).collect();
            self.0.push(format!(
                "{what} of [{}]: the view says {got:?}, combine says {want}",
                terms.join(", ")
            ));
        }
    }
}

#[test]
fn every_view_combines_qualifiers_like_combine() {
    let conn = archive();
    let mut bad = Disagreements::default();
    let cases = sequences();
    assert_eq!(cases.len(), 4 + 16 + 64);
    for (k, terms) in cases.iter().enumerate() {
        // zone_count, one article, zone-wide figures: a plain sum. A nested figure, a restated
        // one and a unit's figure are left out of it.
        let z = zone(&conn, &format!("total-{k}"));
        let fig = |metric, unit_level, qualifier| Figure {
            article: 1,
            zone: z,
            metric,
            unit_level,
            value: 10,
            qualifier,
            part_of: None,
            restates: None,
        };
        let mut first = None;
        for &q in terms {
            let id = figure(&conn, &fig("party_members", false, q));
            first.get_or_insert(id);
        }
        figure(
            &conn,
            &Figure {
                part_of: first,
                ..fig("party_members", false, LessThan)
            },
        );
        figure(
            &conn,
            &Figure {
                restates: first,
                ..fig("party_members", false, LessThan)
            },
        );
        figure(&conn, &fig("party_members", true, LessThan));
        bad.check(
            "zone_count, zone total",
            terms,
            view_qualifier(
                &conn,
                "zone_count",
                "qualifier",
                "metric = 'party_members' AND zone_id",
                &z,
            ),
            with(terms, &[]),
        );

        // zone_count, one article, units' figures only: a lower bound.
        for &q in terms {
            figure(&conn, &fig("grassroots_party_organizations", true, q));
        }
        bad.check(
            "zone_count, sum of units",
            terms,
            view_qualifier(
                &conn,
                "zone_count",
                "qualifier",
                "metric = 'grassroots_party_organizations' AND zone_id",
                &z,
            ),
            with(terms, &[AtLeast]),
        );

        // zone_count, one zone-wide figure per article, growing: the largest count that is not
        // only an upper bound stands (any count when all are), as a lower bound.
        if terms.len() > 1 {
            let z = zone(&conn, &format!("articles-{k}"));
            for (i, &q) in (1..).zip(terms) {
                figure(
                    &conn,
                    &Figure {
                        article: i,
                        zone: z,
                        value: 10 * i,
                        ..fig("party_members", false, q)
                    },
                );
            }
            let stands = terms
                .iter()
                .rev()
                .find(|&&q| q != LessThan)
                .map_or(LessThan, |&q| q);
            bad.check(
                "zone_count, several articles",
                terms,
                view_qualifier(
                    &conn,
                    "zone_count",
                    "qualifier",
                    "metric = 'party_members' AND zone_id",
                    &z,
                ),
                with(&[stands], &[AtLeast]),
            );
        }

        // teams_per_zone: a zone total's top-level rows add up, a nested row does not; members
        // too. Units' rows add up to a lower bound; rows outside a zone total make it one.
        for (label, zone_wide, outside) in [
            ("teams", true, false),
            ("teams-units", false, false),
            ("teams-outside", true, true),
        ] {
            let name = format!("{label}-{k}");
            let z = zone(&conn, &name);
            let mut first = None;
            for &q in terms {
                let id = team(&conn, z, q, Some(q), None, zone_wide);
                first.get_or_insert(id);
            }
            team(&conn, z, LessThan, Some(LessThan), first, zone_wide);
            if outside {
                team(&conn, z, Exact, Some(Exact), None, false);
            }
            let extra: &[Qualifier] = if zone_wide && !outside {
                &[]
            } else {
                &[AtLeast]
            };
            bad.check(
                &format!("teams_per_zone.qualifier, {label}"),
                terms,
                view_qualifier(&conn, "teams_per_zone", "qualifier", FRONT_LINE, &name),
                with(terms, extra),
            );
            bad.check(
                &format!("teams_per_zone.members_qualifier, {label}"),
                terms,
                view_qualifier(
                    &conn,
                    "teams_per_zone",
                    "members_qualifier",
                    FRONT_LINE,
                    &name,
                ),
                with(terms, extra),
            );
        }

        // teams_per_zone with one more team whose members are not reported.
        let z = zone(&conn, &format!("teams-missing-{k}"));
        for &q in terms {
            team(&conn, z, q, Some(q), None, true);
        }
        team(&conn, z, Exact, None, None, true);
        let name = format!("teams-missing-{k}");
        bad.check(
            "teams_per_zone.qualifier, one team without members",
            terms,
            view_qualifier(&conn, "teams_per_zone", "qualifier", FRONT_LINE, &name),
            with(terms, &[Exact]),
        );
        bad.check(
            "teams_per_zone.members_qualifier, one team without members",
            terms,
            view_qualifier(
                &conn,
                "teams_per_zone",
                "members_qualifier",
                FRONT_LINE,
                &name,
            ),
            with(terms, &[AtLeast]),
        );

        // donations_by_material and money_by_zone: one material and one zone per case, with
        // and without one more donation of no stated amount.
        for missing in [false, true] {
            let label = if missing {
                format!("money-missing-{k}")
            } else {
                format!("money-{k}")
            };
            let z = zone(&conn, &label);
            let m = material(&conn, &label);
            for &q in terms {
                donation(&conn, z, m, Some(q));
            }
            let extra: &[Qualifier] = if missing {
                donation(&conn, z, m, None);
                &[AtLeast]
            } else {
                &[]
            };
            let suffix = if missing {
                ", one donation without amount"
            } else {
                ""
            };
            bad.check(
                &format!("donations_by_material.qualifier{suffix}"),
                terms,
                view_qualifier(
                    &conn,
                    "donations_by_material",
                    "qualifier",
                    "kind = 'donated' AND material",
                    &label,
                ),
                with(terms, extra),
            );
            bad.check(
                &format!("money_by_zone.qualifier{suffix}"),
                terms,
                view_qualifier(
                    &conn,
                    "money_by_zone",
                    "qualifier",
                    "kind = 'donated' AND zone",
                    &label,
                ),
                with(terms, extra),
            );
        }
    }
    assert!(
        bad.0.is_empty(),
        "{} disagreements between the views and Qualifier::combine:\n{}",
        bad.0.len(),
        bad.0.join("\n")
    );
}

/// The other side of the empty sum: with no number, a view gives no qualifier either.
#[test]
fn nothing_known_is_null() {
    let conn = archive();
    let z = zone(&conn, "empty");
    let m = material(&conn, "no amount");
    donation(&conn, z, m, None);
    team(&conn, z, Exact, None, None, true);
    let q = |view, column, key, value: &dyn rusqlite::ToSql| {
        view_qualifier(&conn, view, column, key, value)
    };
    assert_eq!(q("zone_count", "qualifier", "zone_id", &z), None);
    assert_eq!(
        q("party_members_per_zone", "qualifier", "zone", &"empty"),
        None
    );
    assert_eq!(
        q("teams_per_zone", "members_qualifier", FRONT_LINE, &"empty"),
        None
    );
    assert_eq!(
        q(
            "money_by_zone",
            "qualifier",
            "kind = 'donated' AND zone",
            &"empty"
        ),
        None
    );
    assert_eq!(
        q(
            "donations_by_material",
            "qualifier",
            "kind = 'donated' AND material",
            &"no amount"
        ),
        None
    );
    // A zone with no team at all: no count, no qualifier, in either class.
    zone(&conn, "no teams");
    assert_eq!(q("teams_per_zone", "qualifier", "zone", &"no teams"), None);
    let rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM teams_per_zone WHERE zone = 'no teams' AND teams IS NULL AND basis = 'none'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 2);
}

/// The values a table's CHECK constraint allows for `column`, read from the schema: the
/// constraint compares the column with each (`kind = 'a' OR kind = 'b'`, migration 0006).
fn allowed(conn: &Connection, table: &str, column: &str) -> Vec<String> {
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let values: Vec<String> = sql
        .split(&format!("{column} = '"))
        .skip(1)
        .filter_map(|rest| rest.split_once('\'').map(|(v, _)| v.to_string()))
        .collect();
    assert!(
        !values.is_empty(),
        "{table}.{column} has no CHECK comparing it with values"
    );
    values
}

/// Every kind a team or a donation can have is in a class or a kind list of the views: a kind
/// missing there would silently drop out of every total.
#[test]
fn every_kind_the_schema_allows_has_its_place_in_the_views() {
    let conn = archive();
    let listed = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut v: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        v.sort();
        v
    };
    let mut teams = allowed(&conn, "team", "kind");
    teams.sort();
    assert!(teams.len() > 10, "{teams:?}");
    assert_eq!(listed("SELECT kind FROM team_kind_class"), teams);
    let mut donations = allowed(&conn, "donation", "kind");
    donations.sort();
    assert_eq!(donations.len(), 5, "{donations:?}");
    assert_eq!(listed("SELECT kind FROM donation_kind"), donations);
    // Allocations are no donation: no donations query lists them.
    assert_eq!(
        listed("SELECT kind FROM donation_kind WHERE NOT in_donations"),
        ["allocated"]
    );
}
