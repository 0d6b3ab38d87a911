//! Writing a seed into the archive: every statement the seed loader ([`crate::domain::seed`]) runs.
//!
//! The loader decides what to write (it locates quotes, derives numbers and resolves names); this
//! module only knows the tables. Each method is one statement, prepared on its first use and held
//! by the writer for the whole load, so a large import re-binds parameters rather than re-parsing
//! (or looking up) SQL. Methods take plain values or borrowed row structs, allocate nothing per
//! row, and return SQLite's own error: the loader turns it into a message naming the seed record
//! that caused it.
//!
//! The lookups (`find_*`) are here too: an organization, material, person or zone that an earlier
//! article already stored is the same row, so a few checks can only be made against the archive.
//!
//! So are a load's start and end ([`Writer::begin`], [`Writer::finish`]), which make a large load
//! fast and keep its memory flat: the page cache, the secondary indexes set aside while a load
//! that at least doubles the archive writes its rows and built again from the finished tables,
//! and the search index, filled once at the end from the paragraph table.

use std::cell::{RefCell, RefMut};

use rusqlite::{Connection, OptionalExtension, PrepFlags, Result, Statement, params};

/// Writes one load's rows through held statements on the caller's connection (which the caller
/// holds inside a transaction).
pub struct Writer<'c> {
    conn: &'c Connection,
    path: &'c std::path::Path,
    /// Each statement of the load, prepared on its first use and held until the load ends.
    held: [RefCell<Option<Statement<'c>>>; Sql::COUNT],
}

/// The statements a [`Writer`] holds, one slot each: looking a statement up by its text in the
/// connection's cache (`prepare_cached` trims and hashes the SQL on every call, and moves the
/// statement out of the cache and back) cost an import about 3%.
#[derive(Debug, Clone, Copy)]
enum Sql {
    FindArticle,
    InsertArticle,
    FindZone,
    InsertZone,
    InsertStory,
    InsertStoryAuthor,
    InsertParagraph,
    InsertCitation,
    FindOrganization,
    InsertOrganization,
    InsertOrganizationAlias,
    SetOrganizationParentHost,
    InsertTeam,
    SetTeamPartOf,
    FindPerson,
    FillPersonPartyMember,
    FillPersonGender,
    InsertPerson,
    InsertPersonRole,
    FindMaterial,
    InsertMaterial,
    InsertDonation,
    InsertDonationDonor,
    InsertFigure,
    LinkFigurePartOf,
    LinkFigureRestates,
    InsertEvent,
    InsertDocument,
}

impl Sql {
    const COUNT: usize = Sql::InsertDocument as usize + 1;
}

/// A new `article` row.
pub struct Article<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub source_file: &'a str,
    pub year: i32,
    pub text: &'a str,
    pub sha256: &'a str,
}

/// A new `zone` row.
pub struct Zone<'a> {
    pub name: &'a str,
    pub name_en: &'a str,
    pub city: &'a str,
    pub city_en: &'a str,
    pub province: &'a str,
    pub province_en: &'a str,
}

/// A new `paragraph` row.
pub struct Paragraph<'a> {
    pub story_id: i64,
    pub source_position: i64,
    pub reading_position: i64,
    pub kind: &'a str,
    pub continues_previous: bool,
    pub char_start: i64,
    pub char_end: i64,
    pub text: &'a str,
}

/// A new `team` row.
pub struct Team<'a> {
    pub zone_id: Option<i64>,
    pub kind: &'a str,
    pub name: &'a str,
    pub organizer_id: Option<i64>,
    pub team_count: i64,
    pub count_phrase: Option<&'a str>,
    pub count_qualifier: &'a str,
    pub members: Option<i64>,
    pub members_phrase: Option<&'a str>,
    pub members_qualifier: Option<&'a str>,
    pub citation_id: i64,
    pub note: Option<&'a str>,
}

/// A new `donation` row.
pub struct Donation<'a> {
    pub zone_id: i64,
    pub kind: &'a str,
    pub material_id: i64,
    pub quantity: Option<i64>,
    pub quantity_phrase: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub qualifier: Option<&'a str>,
    pub recipient_id: Option<i64>,
    pub recipient: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub citation_id: i64,
    pub note: Option<&'a str>,
}

/// A new `figure` row.
pub struct Figure<'a> {
    pub zone_id: i64,
    pub organization_id: Option<i64>,
    pub team_id: Option<i64>,
    pub person_id: Option<i64>,
    pub metric: &'a str,
    pub description: &'a str,
    pub phrase: &'a str,
    pub value: i64,
    pub unit: &'a str,
    pub qualifier: &'a str,
    pub as_of: Option<&'a str>,
    pub as_of_year_inferred: Option<bool>,
    pub citation_id: i64,
    pub note: Option<&'a str>,
    pub article_id: i64,
}

/// A new `event` row.
pub struct Event<'a> {
    pub zone_id: i64,
    pub date: &'a str,
    pub date_phrase: &'a str,
    pub year_inferred: bool,
    pub organization_id: Option<i64>,
    pub person_id: Option<i64>,
    pub description: &'a str,
    pub description_en: &'a str,
    pub citation_id: i64,
}

/// How one figure refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureLink {
    /// It counts a part of the other (`part_of_id`).
    PartOf,
    /// It repeats the other's number (`restates_id`).
    Restates,
}

impl<'c> Writer<'c> {
    /// A writer on `conn`; it prepares each of its statements once, on first use.
    pub fn new(conn: &'c Connection, path: &'c std::path::Path) -> Self {
        Writer {
            conn,
            path,
            held: std::array::from_fn(|_| RefCell::new(None)),
        }
    }

    /// The error for a statement that failed while writing `record`: `seed_fault` (the caller's
    /// message naming the record and "correct the seed") when the values broke a constraint,
    /// otherwise an error about the archive (full disk, read-only file, lock…) with its fix.
    pub fn failed(
        &self,
        record: &str,
        e: &rusqlite::Error,
        seed_fault: impl FnOnce() -> crate::error::Error,
    ) -> crate::error::Error {
        if super::is_data_error(e) {
            seed_fault()
        } else {
            super::archive_error(
                format!("cannot write {record} to {}", self.path.display()),
                self.path,
                e,
            )
        }
    }

    /// The archive's path, for messages.
    pub fn path(&self) -> &std::path::Path {
        self.path
    }

    /// The statement in slot `which`, prepared from `sql` on its first use. A slot always holds
    /// the same text: each is used by one method. Prepared as persistent, as `prepare_cached`
    /// does: SQLite then keeps it out of the connection's small-allocation pool (lookaside), which
    /// two dozen statements held at once would exhaust, sending every allocation of the load's
    /// steps to `malloc` (6% more instructions, measured).
    fn statement(&self, which: Sql, sql: &str) -> Result<RefMut<'_, Statement<'c>>> {
        let mut slot = self.held[which as usize].borrow_mut();
        if slot.is_none() {
            *slot = Some(
                self.conn
                    .prepare_with_flags(sql, PrepFlags::SQLITE_PREPARE_PERSISTENT)?,
            );
        }
        Ok(RefMut::map(slot, |s| s.as_mut().expect("prepared above")))
    }

    fn insert(&self, which: Sql, sql: &str, params: impl rusqlite::Params) -> Result<i64> {
        self.statement(which, sql)?.insert(params)
    }

    fn execute(&self, which: Sql, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.statement(which, sql)?.execute(params)
    }

    /// The slug of a stored article with this slug or this text, if any.
    pub fn find_article(&self, slug: &str, sha256: &str) -> Result<Option<String>> {
        self.statement(
            Sql::FindArticle,
            "SELECT slug FROM article WHERE slug = ?1 OR sha256 = ?2",
        )?
        .query_row([slug, sha256], |r| r.get(0))
        .optional()
    }

    pub fn insert_article(&self, a: &Article) -> Result<i64> {
        self.insert(
            Sql::InsertArticle,
            "INSERT INTO article (slug, title, source_file, year, text, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![a.slug, a.title, a.source_file, a.year, a.text, a.sha256],
        )
    }

    /// A stored zone of this name: its id and English name.
    pub fn find_zone(&self, name: &str) -> Result<Option<(i64, String)>> {
        self.statement(
            Sql::FindZone,
            "SELECT id, name_en FROM zone WHERE name = ?1",
        )?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
    }

    pub fn insert_zone(&self, z: &Zone) -> Result<i64> {
        self.insert(
            Sql::InsertZone,
            "INSERT INTO zone (name, name_en, city, city_en, province, province_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![z.name, z.name_en, z.city, z.city_en, z.province, z.province_en],
        )
    }

    pub fn insert_story(
        &self,
        article_id: i64,
        position: i64,
        zone_id: i64,
        headline: Option<&str>,
        byline: Option<&str>,
    ) -> Result<i64> {
        self.insert(
            Sql::InsertStory,
            "INSERT INTO story (article_id, position, zone_id, headline, byline) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![article_id, position, zone_id, headline, byline],
        )
    }

    pub fn insert_story_author(&self, story_id: i64, position: i64, name: &str) -> Result<()> {
        self.execute(
            Sql::InsertStoryAuthor,
            "INSERT INTO story_author (story_id, position, name) VALUES (?1, ?2, ?3)",
            params![story_id, position, name],
        )
        .map(drop)
    }

    pub fn insert_paragraph(&self, p: &Paragraph) -> Result<i64> {
        self.insert(
            Sql::InsertParagraph,
            "INSERT INTO paragraph (story_id, source_position, reading_position, kind, continues_previous, char_start, char_end, text) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                p.story_id,
                p.source_position,
                p.reading_position,
                p.kind,
                p.continues_previous,
                p.char_start,
                p.char_end,
                p.text
            ],
        )
    }

    pub fn insert_citation(
        &self,
        paragraph_id: i64,
        char_start: i64,
        char_end: i64,
        quote: &str,
    ) -> Result<i64> {
        self.insert(
            Sql::InsertCitation,
            "INSERT INTO citation (paragraph_id, char_start, char_end, quote) VALUES (?1, ?2, ?3, ?4)",
            params![paragraph_id, char_start, char_end, quote],
        )
    }

    /// A stored organization with this name or alias: its id and kind.
    pub fn find_organization(&self, name: &str) -> Result<Option<(i64, String)>> {
        self.statement(
            Sql::FindOrganization,
            "SELECT o.id, o.kind FROM organization o WHERE o.name = ?1 \
                 UNION ALL SELECT o.id, o.kind FROM organization_alias a \
                 JOIN organization o ON o.id = a.organization_id WHERE a.alias = ?1",
        )?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
    }

    pub fn insert_organization(
        &self,
        name: &str,
        kind: &str,
        zone_id: Option<i64>,
        citation_id: i64,
        note: Option<&str>,
    ) -> Result<i64> {
        self.insert(
            Sql::InsertOrganization,
            "INSERT INTO organization (name, kind, zone_id, citation_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, kind, zone_id, citation_id, note],
        )
    }

    /// Adds an alias; one an earlier article already gave is kept as it was.
    pub fn insert_organization_alias(
        &self,
        organization_id: i64,
        alias: &str,
        citation_id: i64,
    ) -> Result<()> {
        self.execute(
            Sql::InsertOrganizationAlias,
            "INSERT INTO organization_alias (organization_id, alias, citation_id) VALUES (?1, ?2, ?3) \
             ON CONFLICT (alias) DO NOTHING",
            params![organization_id, alias, citation_id],
        )
        .map(drop)
    }

    /// Sets the parent and host that are given, keeping the stored ones otherwise.
    pub fn set_organization_parent_host(
        &self,
        id: i64,
        parent_id: Option<i64>,
        host_id: Option<i64>,
    ) -> Result<()> {
        self.execute(
            Sql::SetOrganizationParentHost,
            "UPDATE organization SET parent_id = coalesce(?1, parent_id), host_id = coalesce(?2, host_id) WHERE id = ?3",
            params![parent_id, host_id, id],
        )
        .map(drop)
    }

    pub fn insert_team(&self, t: &Team) -> Result<i64> {
        self.insert(
            Sql::InsertTeam,
            "INSERT INTO team (zone_id, kind, name, organizer_id, team_count, count_phrase, count_qualifier, \
             members, members_phrase, members_qualifier, citation_id, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                t.zone_id,
                t.kind,
                t.name,
                t.organizer_id,
                t.team_count,
                t.count_phrase,
                t.count_qualifier,
                t.members,
                t.members_phrase,
                t.members_qualifier,
                t.citation_id,
                t.note
            ],
        )
    }

    pub fn set_team_part_of(&self, id: i64, parent_id: i64) -> Result<()> {
        self.execute(
            Sql::SetTeamPartOf,
            "UPDATE team SET part_of_id = ?1 WHERE id = ?2",
            params![parent_id, id],
        )
        .map(drop)
    }

    /// A stored person of this name in this zone.
    pub fn find_person(&self, zone_id: i64, name: &str) -> Result<Option<i64>> {
        self.statement(
            Sql::FindPerson,
            "SELECT id FROM person WHERE zone_id = ?1 AND name = ?2",
        )?
        .query_row(params![zone_id, name], |r| r.get(0))
        .optional()
    }

    /// Records party membership for a stored person whose membership was unknown.
    pub fn fill_person_party_member(&self, id: i64, party_member: Option<bool>) -> Result<()> {
        self.execute(
            Sql::FillPersonPartyMember,
            "UPDATE person SET party_member = coalesce(party_member, ?1) WHERE id = ?2",
            params![party_member, id],
        )
        .map(drop)
    }

    /// Records the gender of a stored person whose gender was unknown.
    pub fn fill_person_gender(&self, id: i64, gender: Option<&str>) -> Result<()> {
        self.execute(
            Sql::FillPersonGender,
            "UPDATE person SET gender = coalesce(gender, ?1) WHERE id = ?2",
            params![gender, id],
        )
        .map(drop)
    }

    pub fn insert_person(
        &self,
        name: &str,
        zone_id: i64,
        party_member: Option<bool>,
        gender: Option<&str>,
        citation_id: i64,
        note: Option<&str>,
    ) -> Result<i64> {
        self.insert(
            Sql::InsertPerson,
            "INSERT INTO person (name, zone_id, party_member, gender, citation_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, zone_id, party_member, gender, citation_id, note],
        )
    }

    pub fn insert_person_role(
        &self,
        person_id: i64,
        organization_id: Option<i64>,
        team_id: Option<i64>,
        title: &str,
        title_en: &str,
        citation_id: i64,
    ) -> Result<()> {
        self.execute(
            Sql::InsertPersonRole,
            "INSERT INTO person_role (person_id, organization_id, team_id, title, title_en, citation_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![person_id, organization_id, team_id, title, title_en, citation_id],
        )
        .map(drop)
    }

    /// A stored material of this name: its id and unit.
    pub fn find_material(&self, name: &str) -> Result<Option<(i64, Option<String>)>> {
        self.statement(
            Sql::FindMaterial,
            "SELECT id, unit FROM material WHERE name = ?1",
        )?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
    }

    pub fn insert_material(
        &self,
        name: &str,
        name_en: &str,
        category: &str,
        unit: Option<&str>,
    ) -> Result<i64> {
        self.insert(
            Sql::InsertMaterial,
            "INSERT INTO material (name, name_en, category, unit) VALUES (?1, ?2, ?3, ?4)",
            params![name, name_en, category, unit],
        )
    }

    pub fn insert_donation(&self, d: &Donation) -> Result<i64> {
        self.insert(
            Sql::InsertDonation,
            "INSERT INTO donation (zone_id, kind, material_id, quantity, quantity_phrase, unit, qualifier, \
             recipient_id, recipient, purpose, citation_id, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                d.zone_id,
                d.kind,
                d.material_id,
                d.quantity,
                d.quantity_phrase,
                d.unit,
                d.qualifier,
                d.recipient_id,
                d.recipient,
                d.purpose,
                d.citation_id,
                d.note
            ],
        )
    }

    pub fn insert_donation_donor(&self, donation_id: i64, organization_id: i64) -> Result<()> {
        self.execute(
            Sql::InsertDonationDonor,
            "INSERT INTO donation_donor (donation_id, organization_id) VALUES (?1, ?2)",
            params![donation_id, organization_id],
        )
        .map(drop)
    }

    pub fn insert_figure(&self, f: &Figure) -> Result<i64> {
        self.insert(
            Sql::InsertFigure,
            "INSERT INTO figure (zone_id, organization_id, team_id, person_id, metric, description, phrase, \
             value, unit, qualifier, as_of, as_of_year_inferred, citation_id, note, article_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                f.zone_id,
                f.organization_id,
                f.team_id,
                f.person_id,
                f.metric,
                f.description,
                f.phrase,
                f.value,
                f.unit,
                f.qualifier,
                f.as_of,
                f.as_of_year_inferred,
                f.citation_id,
                f.note,
                f.article_id
            ],
        )
    }

    /// Points figure `id` at `target_id`, as a part of it or a restatement of it.
    pub fn link_figure(&self, id: i64, link: FigureLink, target_id: i64) -> Result<()> {
        let (which, sql) = match link {
            FigureLink::PartOf => (
                Sql::LinkFigurePartOf,
                "UPDATE figure SET part_of_id = ?1 WHERE id = ?2",
            ),
            FigureLink::Restates => (
                Sql::LinkFigureRestates,
                "UPDATE figure SET restates_id = ?1 WHERE id = ?2",
            ),
        };
        self.execute(which, sql, params![target_id, id]).map(drop)
    }

    pub fn insert_event(&self, e: &Event) -> Result<()> {
        self.execute(
            Sql::InsertEvent,
            "INSERT INTO event (zone_id, date, date_phrase, year_inferred, organization_id, person_id, \
             description, description_en, citation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                e.zone_id,
                e.date,
                e.date_phrase,
                e.year_inferred,
                e.organization_id,
                e.person_id,
                e.description,
                e.description_en,
                e.citation_id
            ],
        )
        .map(drop)
    }

    pub fn insert_document(
        &self,
        zone_id: i64,
        title: &str,
        title_en: &str,
        issuer_id: Option<i64>,
        citation_id: i64,
    ) -> Result<()> {
        self.execute(
            Sql::InsertDocument,
            "INSERT INTO document (zone_id, title, title_en, issuer_id, citation_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![zone_id, title, title_en, issuer_id, citation_id],
        )
        .map(drop)
    }

    /// Prepares a load of `articles` articles (in the caller's transaction) and returns what
    /// [`Writer::finish`] completes at its end.
    ///
    /// When the load at least doubles the archive (`articles` is as many as it holds, or more:
    /// `init`, or an import into a new archive), the secondary indexes of the tables it writes
    /// are dropped here and built again at the end, in the same transaction: building an index
    /// from its finished table is one sort, where keeping it up to date costs a b-tree search and
    /// often a page split per row, and the pages it scatters are what a load's page cache
    /// would otherwise have to hold. Only indexes that enforce nothing are set aside: every
    /// `UNIQUE` index stays, so a duplicate is still refused at the row that makes it. A small
    /// import into a large archive keeps its indexes, since rebuilding them would cost more
    /// than the rows it adds. (Measured into 10,001 articles: adding 100 took 0.8 s keeping the
    /// indexes and 1.7 s setting them aside, 1,000 took 2.6 s and 3.3 s, 5,000 took 8.9 s
    /// either way: the break-even is near half the archive, and doubling it is on the safe side.)
    pub fn begin(&self, articles: usize) -> Result<Pending> {
        super::rollup::begin(self.conn)?;
        self.conn
            .pragma_update(None, "cache_size", -LOAD_CACHE_KIB)?;
        let first_paragraph =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM paragraph", [], |r| {
                    r.get(0)
                })?;
        let held: i64 = self
            .conn
            .query_row("SELECT count(*) FROM article", [], |r| r.get(0))?;
        let mut set_aside = Vec::new();
        if articles as i64 >= held {
            let mut stmt = self.conn.prepare(
                "SELECT s.name, s.sql FROM sqlite_schema s, json_each(?1) t \
                 WHERE s.type = 'index' AND s.tbl_name = t.value AND s.sql IS NOT NULL \
                   AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.tbl_name) l \
                                   WHERE l.name = s.name AND l.\"unique\") \
                 ORDER BY s.rowid",
            )?;
            let tables = serde_json::to_string(LOADED_TABLES).expect("a list of names");
            set_aside = stmt
                .query_map([tables], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
                .collect::<Result<Vec<(String, String)>>>()?;
            for (name, _) in &set_aside {
                self.conn
                    .execute_batch(&format!("DROP INDEX {}", super::quoted(name)))?;
            }
        }
        Ok(Pending {
            set_aside: set_aside.into_iter().map(|(_, sql)| sql).collect(),
            first_paragraph,
        })
    }

    /// Ends a load, in its transaction, once every row is written: builds the indexes
    /// [`Writer::begin`] set aside, then adds the new paragraphs to the search index and the
    /// loaded rows to the rollups the aggregate views read ([`super::rollup`]). Everything
    /// derived from the loaded rows is written here, in this order (indexes first: what follows
    /// reads through them).
    pub fn finish(
        &self,
        pending: Pending,
    ) -> std::result::Result<(), (Finishing, rusqlite::Error)> {
        self.build_indexes(&pending.set_aside)
            .map_err(|e| (Finishing::Indexes, e))?;
        self.index_for_search(pending.first_paragraph)
            .map_err(|e| (Finishing::Search, e))?;
        // The rollups' folds group, sort and window the new rows: each sort holds up to the page
        // cache's size in memory, beside a temporary table SQLite caps at 2 MiB. At the load's
        // page cache they made an import's memory grow with its size (34 MiB at 10,000 articles,
        // 22 MiB at 1,000); at 1 MiB they spill to temporary files instead (26 MiB at 10,000),
        // and took no longer (0.8 s at 10,000 articles either way).
        self.conn
            .pragma_update(None, "cache_size", -LOAD_CACHE_KIB / 8)
            .map_err(|e| (Finishing::Rollups, e))?;
        super::rollup::update(self.conn).map_err(|e| (Finishing::Rollups, e))
    }

    /// Ends a load whose rows arrived some other way than through [`Writer::begin`] (a copy of
    /// some articles, [`super::subset`]), its paragraphs from id `first` on: the search index
    /// and the rollups, as [`Writer::finish`] writes them.
    pub fn finish_copy(&self, first: i64) -> Result<()> {
        self.index_for_search(first)?;
        super::rollup::update(self.conn)
    }

    /// Builds the indexes [`Writer::begin`] set aside. Building an index sorts its entries in
    /// memory up to the page cache's size, beside the cache itself, and spills the rest to
    /// temporary files: a quarter of the load's cache keeps the load's peak memory where the
    /// rows left it. (At half, building the indexes of 10,000 articles added 4 MiB to the
    /// peak, 2 MiB at 1,000; at a quarter, 2 MiB either way, in the same time, 1.2 s.)
    fn build_indexes(&self, set_aside: &[String]) -> Result<()> {
        if set_aside.is_empty() {
            return Ok(());
        }
        self.conn
            .pragma_update(None, "cache_size", -LOAD_CACHE_KIB / 4)?;
        set_aside
            .iter()
            .try_for_each(|sql| self.conn.execute_batch(sql))
    }

    /// Adds the paragraphs from `first` on to the search index, each row with its own text (as
    /// the index's `rebuild` reads them from its content table, `paragraph`), in one statement: an FTS5 table
    /// written by one statement flushes at the start of each later one, so a load indexes
    /// everything once, at its end. SQLite streams the rows from the paragraph table into the
    /// index, which flushes its pending terms as they fill its buffer (1 MiB), so the memory
    /// this takes does not grow with the load.
    fn index_for_search(&self, first: i64) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO paragraph_fts (rowid, text) SELECT id, text FROM paragraph WHERE id >= ?1",
                [first],
            )
            .map(drop)
    }
}

/// The page cache of a load, in KiB: 8 MiB. A load appends to its tables, so the pages it
/// changes again are few (each table's last pages, the unique indexes'); every new page stays
/// dirty until the commit, and past the cache SQLite writes it to the WAL early, which it must
/// do at the commit anyway. Measured on 1,000 and 10,000 articles: 64 MiB (the old setting),
/// 16 MiB and 8 MiB took the same CPU time, and peak memory fell with the cache.
const LOAD_CACHE_KIB: i64 = 8 * 1024;

/// The tables the loader writes: the ones whose secondary indexes a large load sets aside.
const LOADED_TABLES: &[&str] = &[
    "article",
    "zone",
    "story",
    "story_author",
    "paragraph",
    "citation",
    "organization",
    "organization_alias",
    "team",
    "person",
    "person_role",
    "material",
    "donation",
    "donation_donor",
    "figure",
    "event",
    "document",
];

/// What a load's end must complete ([`Writer::begin`], [`Writer::finish`]).
#[derive(Debug)]
pub struct Pending {
    /// The `CREATE INDEX` statements of the indexes set aside, in schema order.
    set_aside: Vec<String>,
    /// The first paragraph id of this load: from it on, paragraphs are not yet searchable.
    first_paragraph: i64,
}

/// The step of [`Writer::finish`] that failed, for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finishing {
    /// Building the indexes again.
    Indexes,
    /// Adding the new paragraphs to the search index.
    Search,
    /// Adding the loaded rows to the rollups.
    Rollups,
}

#[cfg(test)]
mod tests {
    use crate::domain::seed::{EMBEDDED, load_all};
    use rusqlite::Connection;

    #[test]
    fn the_embedded_seed_loads() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::archive::configure(&conn).unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let tx = conn.transaction().unwrap();
        load_all(
            &tx,
            std::path::Path::new(":memory:"),
            EMBEDDED.iter().copied(),
        )
        .unwrap();
        tx.commit().unwrap();
        let bad: i64 = conn
            .query_row(
                "SELECT count(*) FROM citation c JOIN paragraph p ON p.id = c.paragraph_id \
                 JOIN story s ON s.id = p.story_id JOIN article a ON a.id = s.article_id \
                 WHERE substr(a.text, c.char_start + 1, c.char_end - c.char_start) <> c.quote \
                    OR c.char_start < p.char_start OR c.char_end > p.char_end",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(bad, 0);
    }
}
