-- 0005: rollups, the per-zone sums the aggregate named queries read, kept in tables so that a
-- query costs about the same at ten articles as at a hundred thousand.
--
-- A rollup is derived data: each `X_rollup` table holds, per key, sums and counts of the fact rows
-- behind it, and its view `X_rollup_facts` computes the same rows from the facts. frontline adds
-- each load's rows to the rollups at the end of the load, in the load's transaction: a rollup
-- includes the rows of each fact table up to `rollup_source.last_id` (frontline only appends
-- facts, so the rows past it are the load's). `frontline check` compares every rollup with its
-- `_facts` view.
--
-- Writers that bypass frontline (plain SQL) are kept correct, not fast: a view reads a rollup only
-- while it is fresh, and otherwise computes the same rows from the facts (queries/000_support.sql).
-- A rollup is fresh while `rollup_state.fresh` is 1 and each fact table it sums ends at its
-- `last_id`; the triggers below clear `fresh` when a row the rollup includes is updated or
-- deleted, or a row is written at or below `last_id`. The next import (or `frontline migrate
-- --rebuild-rollups`) rebuilds a stale rollup.
--
-- No foreign keys: a rollup cites nothing, and is no fact table for `import`'s count.

-- Whether each rollup may be read (1) or must be recomputed from the facts (0).
CREATE TABLE rollup_state (
    rollup  TEXT PRIMARY KEY,
    fresh   INTEGER NOT NULL CHECK (fresh IN (0, 1))
) STRICT;

-- The largest rowid of each fact table that the rollups include.
CREATE TABLE rollup_source (
    source   TEXT PRIMARY KEY,
    last_id  INTEGER NOT NULL
) STRICT;

-- Top-level teams of a zone (not part of another row), per zone, kind and whether the row counts
-- the whole zone (a count phrase, no organizer). Qualifier columns count the rows with that
-- qualifier; `members` adds the rows that report members (`with_members` of them).
CREATE TABLE team_rollup (
    zone_id            INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    zone_wide          INTEGER NOT NULL,
    rows_              INTEGER NOT NULL,
    teams              INTEGER NOT NULL,
    at_least           INTEGER NOT NULL,
    less_than          INTEGER NOT NULL,
    approx             INTEGER NOT NULL,
    members            INTEGER NOT NULL,
    with_members       INTEGER NOT NULL,
    members_at_least   INTEGER NOT NULL,
    members_less_than  INTEGER NOT NULL,
    members_approx     INTEGER NOT NULL,
    PRIMARY KEY (zone_id, kind, zone_wide)
) STRICT;

CREATE VIEW team_rollup_facts AS
SELECT zone_id, kind,
       (organizer_id IS NULL AND count_phrase IS NOT NULL) AS zone_wide,
       count(*) AS rows_,
       sum(team_count) AS teams,
       count(CASE WHEN count_qualifier = 'at_least' THEN 1 END) AS at_least,
       count(CASE WHEN count_qualifier = 'less_than' THEN 1 END) AS less_than,
       count(CASE WHEN count_qualifier = 'approx' THEN 1 END) AS approx,
       coalesce(sum(members), 0) AS members,
       count(members) AS with_members,
       count(CASE WHEN members_qualifier = 'at_least' THEN 1 END) AS members_at_least,
       count(CASE WHEN members_qualifier = 'less_than' THEN 1 END) AS members_less_than,
       count(CASE WHEN members_qualifier = 'approx' THEN 1 END) AS members_approx
FROM team
WHERE +part_of_id IS NULL AND zone_id IS NOT NULL
GROUP BY zone_id, kind, zone_wide;

-- Donations, gifts, purchases and allocations per zone, material and kind: how many (`entries`),
-- how many give a quantity (`quantified`) and their sum, and how many carry each qualifier.
CREATE TABLE donation_rollup (
    zone_id      INTEGER NOT NULL,
    material_id  INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    entries      INTEGER NOT NULL,
    quantified   INTEGER NOT NULL,
    quantity     INTEGER NOT NULL,
    at_least     INTEGER NOT NULL,
    less_than    INTEGER NOT NULL,
    approx       INTEGER NOT NULL,
    PRIMARY KEY (zone_id, material_id, kind)
) STRICT;

CREATE VIEW donation_rollup_facts AS
SELECT zone_id, material_id, kind,
       count(*) AS entries,
       count(quantity) AS quantified,
       coalesce(sum(quantity), 0) AS quantity,
       count(CASE WHEN qualifier = 'at_least' THEN 1 END) AS at_least,
       count(CASE WHEN qualifier = 'less_than' THEN 1 END) AS less_than,
       count(CASE WHEN qualifier = 'approx' THEN 1 END) AS approx
FROM donation
GROUP BY zone_id, material_id, kind;

-- The donors of each material and kind: their names, once each, in organization id order, joined
-- by '; ' (donations-by-material's `donors`), and the largest organization id among them.
CREATE TABLE donor_rollup (
    material_id           INTEGER NOT NULL,
    kind                  TEXT NOT NULL,
    donors                TEXT NOT NULL,
    last_organization_id  INTEGER NOT NULL,
    PRIMARY KEY (material_id, kind)
) STRICT;

CREATE VIEW donor_rollup_facts AS
SELECT k.material_id, k.kind,
       (SELECT group_concat(name, '; ')
          FROM (SELECT DISTINCT o.name FROM donation x
                JOIN donation_donor dd ON dd.donation_id = x.id
                JOIN organization o ON o.id = dd.organization_id
                WHERE x.material_id = k.material_id AND x.kind = k.kind ORDER BY o.id)
       ) AS donors,
       (SELECT max(dd.organization_id) FROM donation x
          JOIN donation_donor dd ON dd.donation_id = x.id
          WHERE x.material_id = k.material_id AND x.kind = k.kind) AS last_organization_id
FROM (SELECT DISTINCT x.material_id, x.kind
      FROM donation_donor dd JOIN donation x ON x.id = dd.donation_id) k;

-- Rows per zone: people, organizations, dated events and figures named in it.
CREATE TABLE zone_rollup (
    zone_id        INTEGER PRIMARY KEY,
    people         INTEGER NOT NULL,
    organizations  INTEGER NOT NULL,
    events         INTEGER NOT NULL,
    figures        INTEGER NOT NULL
) STRICT;

CREATE VIEW zone_rollup_facts AS
SELECT zone_id, sum(people) AS people, sum(organizations) AS organizations,
       sum(events) AS events, sum(figures) AS figures
FROM (SELECT zone_id, count(*) AS people, 0 AS organizations, 0 AS events, 0 AS figures
      FROM person GROUP BY zone_id
      UNION ALL
      SELECT zone_id, 0, count(*), 0, 0 FROM organization WHERE zone_id IS NOT NULL GROUP BY zone_id
      UNION ALL
      SELECT zone_id, 0, 0, count(*), 0 FROM event GROUP BY zone_id
      UNION ALL
      SELECT zone_id, 0, 0, 0, count(*) FROM figure GROUP BY zone_id)
GROUP BY zone_id;

-- Per zone and count metric (party members, grassroots party organizations), the article whose
-- count stands (see zone_count in queries/000_support.sql): that article's sums over the figures
-- counted towards totals, its zone-wide figures (t_) and its units' (u_), each qualifier flag a
-- count of figures; `preference` the count's rank (-1 for a count that is only an upper bound),
-- and how many articles reported a count. The largest preference stands; of equal ones, the
-- earliest article's.
CREATE TABLE zone_count_rollup (
    zone_id     INTEGER NOT NULL,
    metric      TEXT NOT NULL,
    article_id  INTEGER NOT NULL,
    t_n         INTEGER NOT NULL,
    t_value     INTEGER NOT NULL,
    t_low       INTEGER NOT NULL,
    t_high      INTEGER NOT NULL,
    t_approx    INTEGER NOT NULL,
    u_n         INTEGER NOT NULL,
    u_value     INTEGER NOT NULL,
    u_high      INTEGER NOT NULL,
    u_approx    INTEGER NOT NULL,
    preference  INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (zone_id, metric)
) STRICT;

-- Each counted figure of a count metric, as its terms of its article's sums (zone-wide or units').
-- (NOT INDEXED and the unary + keep the planner on the rowid, so that a load reads only its own
-- figures; with a GROUP BY it would rather scan the whole figure_count index, which is in order.)
CREATE VIEW zone_count_rollup_rows AS
SELECT id, metric, zone_id, article_id,
       zone_level AS t_n,
       CASE WHEN zone_level THEN value ELSE 0 END AS t_value,
       zone_level AND qualifier = 'at_least' AS t_low,
       zone_level AND qualifier = 'less_than' AS t_high,
       zone_level AND qualifier = 'approx' AS t_approx,
       NOT zone_level AS u_n,
       CASE WHEN zone_level THEN 0 ELSE value END AS u_value,
       NOT zone_level AND qualifier = 'less_than' AS u_high,
       NOT zone_level AND qualifier = 'approx' AS u_approx
FROM (SELECT f.id, f.metric, f.zone_id, f.article_id, f.value, f.qualifier,
             (f.organization_id IS NULL AND f.team_id IS NULL AND f.person_id IS NULL) AS zone_level
      FROM figure AS f NOT INDEXED
      WHERE +f.part_of_id IS NULL AND +f.restates_id IS NULL
        AND +f.metric IN ('party_members', 'grassroots_party_organizations'));

CREATE VIEW zone_count_rollup_facts AS
WITH per AS (
    SELECT metric, zone_id, article_id,
           sum(t_n) AS t_n, sum(t_value) AS t_value, sum(t_low) AS t_low, sum(t_high) AS t_high,
           sum(t_approx) AS t_approx, sum(u_n) AS u_n, sum(u_value) AS u_value,
           sum(u_high) AS u_high, sum(u_approx) AS u_approx
    FROM zone_count_rollup_rows
    GROUP BY metric, zone_id, article_id
), ranked AS (
    SELECT per.*,
           CASE WHEN CASE WHEN t_n > 0 THEN t_high ELSE u_high END > 0 THEN -1
                ELSE CASE WHEN t_n > 0 THEN t_value ELSE u_value END END AS preference
    FROM per
), numbered AS (
    SELECT ranked.*,
           row_number() OVER (PARTITION BY zone_id, metric ORDER BY preference DESC, article_id) AS n,
           count(*) OVER (PARTITION BY zone_id, metric) AS articles
    FROM ranked
)
SELECT zone_id, metric, article_id, t_n, t_value, t_low, t_high, t_approx, u_n, u_value, u_high,
       u_approx, preference, articles
FROM numbered
WHERE n = 1;

-- Fill the rollups of an archive that has facts already.
INSERT INTO team_rollup SELECT * FROM team_rollup_facts;
INSERT INTO donation_rollup SELECT * FROM donation_rollup_facts;
INSERT INTO donor_rollup SELECT * FROM donor_rollup_facts;
INSERT INTO zone_rollup SELECT * FROM zone_rollup_facts;
INSERT INTO zone_count_rollup SELECT * FROM zone_count_rollup_facts;
INSERT INTO rollup_state (rollup, fresh)
VALUES ('team_rollup', 1), ('donation_rollup', 1), ('donor_rollup', 1), ('zone_rollup', 1),
       ('zone_count_rollup', 1);
INSERT INTO rollup_source (source, last_id)
SELECT 'team', coalesce(max(rowid), 0) FROM team
UNION ALL SELECT 'donation', coalesce(max(rowid), 0) FROM donation
UNION ALL SELECT 'donation_donor', coalesce(max(rowid), 0) FROM donation_donor
UNION ALL SELECT 'person', coalesce(max(rowid), 0) FROM person
UNION ALL SELECT 'organization', coalesce(max(rowid), 0) FROM organization
UNION ALL SELECT 'event', coalesce(max(rowid), 0) FROM event
UNION ALL SELECT 'figure', coalesce(max(rowid), 0) FROM figure;

-- A row a rollup includes, changed or deleted by a writer other than frontline's loader (which
-- only changes rows of its own load, past last_id, and columns no rollup reads), or a row written
-- at or below last_id (an INSERT with an explicit id into a gap a delete left, a REPLACE of an
-- existing row, whose delete fires no DELETE trigger): the rollups that sum it are stale until
-- rebuilt. An UPDATE lists the columns a rollup reads, the id under each of its names (SQLite
-- matches `UPDATE OF` by the name in the SET clause), and the unique columns (an UPDATE OR REPLACE
-- that collides deletes the other row without a DELETE trigger); it counts when the row was, or
-- now is, at or below last_id. Rows past last_id (appended by another writer) need no trigger:
-- `rollup_fresh` sees them, and the next load, finding them, rebuilds rather than folds. A load
-- sets the INSERT triggers aside while it writes its own rows (src/archive/rollup.rs, `begin`).
CREATE TRIGGER team_rollup_update AFTER UPDATE OF id, rowid, oid, _rowid_, zone_id, kind, organizer_id, part_of_id, team_count, count_phrase,
    count_qualifier, members, members_qualifier ON team
WHEN min(old.id, new.id) <= (SELECT last_id FROM rollup_source WHERE source = 'team')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'team_rollup' AND fresh = 1;
END;
CREATE TRIGGER team_rollup_delete AFTER DELETE ON team
WHEN old.id <= (SELECT last_id FROM rollup_source WHERE source = 'team')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'team_rollup' AND fresh = 1;
END;
CREATE TRIGGER team_rollup_insert AFTER INSERT ON team
WHEN new.id <= (SELECT last_id FROM rollup_source WHERE source = 'team')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'team_rollup' AND fresh = 1;
END;
CREATE TRIGGER donation_rollup_update AFTER UPDATE OF id, rowid, oid, _rowid_, zone_id, kind, material_id, quantity, qualifier ON donation
WHEN min(old.id, new.id) <= (SELECT last_id FROM rollup_source WHERE source = 'donation')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('donation_rollup', 'donor_rollup') AND fresh = 1;
END;
CREATE TRIGGER donation_rollup_delete AFTER DELETE ON donation
WHEN old.id <= (SELECT last_id FROM rollup_source WHERE source = 'donation')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('donation_rollup', 'donor_rollup') AND fresh = 1;
END;
CREATE TRIGGER donation_rollup_insert AFTER INSERT ON donation
WHEN new.id <= (SELECT last_id FROM rollup_source WHERE source = 'donation')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('donation_rollup', 'donor_rollup') AND fresh = 1;
END;
CREATE TRIGGER donation_donor_rollup_update AFTER UPDATE ON donation_donor
WHEN min(old.rowid, new.rowid) <= (SELECT last_id FROM rollup_source WHERE source = 'donation_donor')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'donor_rollup' AND fresh = 1;
END;
CREATE TRIGGER donation_donor_rollup_delete AFTER DELETE ON donation_donor
WHEN old.rowid <= (SELECT last_id FROM rollup_source WHERE source = 'donation_donor')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'donor_rollup' AND fresh = 1;
END;
CREATE TRIGGER donation_donor_rollup_insert AFTER INSERT ON donation_donor
WHEN new.rowid <= (SELECT last_id FROM rollup_source WHERE source = 'donation_donor')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'donor_rollup' AND fresh = 1;
END;
CREATE TRIGGER organization_rollup_update AFTER UPDATE OF id, rowid, oid, _rowid_, name, zone_id ON organization
WHEN min(old.id, new.id) <= (SELECT last_id FROM rollup_source WHERE source = 'organization')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('donor_rollup', 'zone_rollup') AND fresh = 1;
END;
CREATE TRIGGER organization_rollup_delete AFTER DELETE ON organization
WHEN old.id <= (SELECT last_id FROM rollup_source WHERE source = 'organization')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('donor_rollup', 'zone_rollup') AND fresh = 1;
END;
CREATE TRIGGER organization_rollup_insert AFTER INSERT ON organization
WHEN new.id <= (SELECT last_id FROM rollup_source WHERE source = 'organization')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('donor_rollup', 'zone_rollup') AND fresh = 1;
END;
CREATE TRIGGER person_rollup_update AFTER UPDATE OF id, rowid, oid, _rowid_, zone_id, name ON person
WHEN min(old.id, new.id) <= (SELECT last_id FROM rollup_source WHERE source = 'person')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'zone_rollup' AND fresh = 1;
END;
CREATE TRIGGER person_rollup_delete AFTER DELETE ON person
WHEN old.id <= (SELECT last_id FROM rollup_source WHERE source = 'person')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'zone_rollup' AND fresh = 1;
END;
CREATE TRIGGER person_rollup_insert AFTER INSERT ON person
WHEN new.id <= (SELECT last_id FROM rollup_source WHERE source = 'person')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'zone_rollup' AND fresh = 1;
END;
CREATE TRIGGER event_rollup_update AFTER UPDATE OF id, rowid, oid, _rowid_, zone_id ON event
WHEN min(old.id, new.id) <= (SELECT last_id FROM rollup_source WHERE source = 'event')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'zone_rollup' AND fresh = 1;
END;
CREATE TRIGGER event_rollup_delete AFTER DELETE ON event
WHEN old.id <= (SELECT last_id FROM rollup_source WHERE source = 'event')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'zone_rollup' AND fresh = 1;
END;
CREATE TRIGGER event_rollup_insert AFTER INSERT ON event
WHEN new.id <= (SELECT last_id FROM rollup_source WHERE source = 'event')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup = 'zone_rollup' AND fresh = 1;
END;
CREATE TRIGGER figure_rollup_update AFTER UPDATE OF id, rowid, oid, _rowid_, zone_id, article_id, organization_id, team_id,
    person_id, metric, value, qualifier, part_of_id, restates_id ON figure
WHEN min(old.id, new.id) <= (SELECT last_id FROM rollup_source WHERE source = 'figure')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('zone_rollup', 'zone_count_rollup') AND fresh = 1;
END;
CREATE TRIGGER figure_rollup_delete AFTER DELETE ON figure
WHEN old.id <= (SELECT last_id FROM rollup_source WHERE source = 'figure')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('zone_rollup', 'zone_count_rollup') AND fresh = 1;
END;
CREATE TRIGGER figure_rollup_insert AFTER INSERT ON figure
WHEN new.id <= (SELECT last_id FROM rollup_source WHERE source = 'figure')
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE rollup IN ('zone_rollup', 'zone_count_rollup') AND fresh = 1;
END;

-- rollup_source edited by hand (a last_id moved past rows the rollups do not include would hide
-- them from `rollup_fresh` and from the next load's fold): every rollup is stale until rebuilt.
-- frontline writes rollup_source before rollup_state, so its own writes are not undone.
CREATE TRIGGER rollup_source_insert AFTER INSERT ON rollup_source
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE fresh = 1;
END;
CREATE TRIGGER rollup_source_update AFTER UPDATE ON rollup_source
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE fresh = 1;
END;
CREATE TRIGGER rollup_source_delete AFTER DELETE ON rollup_source
BEGIN
    UPDATE rollup_state SET fresh = 0 WHERE fresh = 1;
END;
