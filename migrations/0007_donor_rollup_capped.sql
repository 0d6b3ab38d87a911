-- 0007: donor_rollup names at most the first 20 donors of each material and kind, and counts them
-- all.
--
-- Why: donations-by-material's `donors` listed every donor of a material and kind. At 100,001
-- synthetic articles that is about 400,000 organizations, 5.6 MB in one cell, and the query's
-- answer was 19 MB (222 ms, 119 MiB peak memory). An aggregate row is for reading: it now names
-- the first 20 donors (in the order the archive first names them, organization id order) and
-- says how many there are in all; `frontline query donations` lists every donation with all its
-- donors.
--
-- The table keeps, beside the names, the ids of the donors it names, so that a load can merge its
-- new donors without reading the archive's: the first 20 by id of (all donors so far, plus the
-- new ones) are the first 20 of (the 20 named so far, plus the new ones). A new donor need not
-- have a larger id than those named (an organization an earlier article named can donate this
-- material only in a later one), so the merge sorts; it never needs the facts.
--
-- The cap, 20, is `DONORS_NAMED` in src/archive/rollup.rs (the fold); a test there checks that
-- the `LIMIT`s of donor_rollup_facts below and of donations_by_material's arm that computes from
-- the facts (queries/040_donations_by_material.sql) say the same.
--
-- Everything else about the rollup stays: its name in rollup_state and rollup_source, the
-- triggers of 0005 that mark it stale (they are on the fact tables, which this does not touch),
-- and `check`'s comparison with donor_rollup_facts. The views of queries/ are created again after
-- the migrations, with donations_by_material reading the new columns.

DROP VIEW donor_rollup_facts;
DROP TABLE donor_rollup;

-- The donors of each material and kind that has any: the first 20 named (by organization id),
-- their ids, and how many distinct organizations are named as its donors in all.
CREATE TABLE donor_rollup (
    material_id  INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    donors       TEXT NOT NULL,     -- names of the first 20 donors by organization id, joined by '; '
    donor_ids    TEXT NOT NULL,     -- their organization ids, in the same order, joined by ','
    donor_count  INTEGER NOT NULL,  -- how many distinct organizations are named as donors in all
    PRIMARY KEY (material_id, kind)
) STRICT;

-- A donor is an organization (a row of `organization`) that a donation_donor row names.
CREATE VIEW donor_rollup_facts AS
SELECT k.material_id, k.kind,
       (SELECT group_concat(name, '; ')
          FROM (SELECT o.name FROM organization o
                WHERE o.id IN (SELECT dd.organization_id FROM donation x
                               JOIN donation_donor dd ON dd.donation_id = x.id
                               WHERE x.material_id = k.material_id AND x.kind = k.kind)
                ORDER BY o.id LIMIT 20)) AS donors,
       (SELECT group_concat(id, ',')
          FROM (SELECT o.id FROM organization o
                WHERE o.id IN (SELECT dd.organization_id FROM donation x
                               JOIN donation_donor dd ON dd.donation_id = x.id
                               WHERE x.material_id = k.material_id AND x.kind = k.kind)
                ORDER BY o.id LIMIT 20)) AS donor_ids,
       (SELECT count(*) FROM organization o
          WHERE o.id IN (SELECT dd.organization_id FROM donation x
                         JOIN donation_donor dd ON dd.donation_id = x.id
                         WHERE x.material_id = k.material_id AND x.kind = k.kind)) AS donor_count
FROM (SELECT DISTINCT x.material_id, x.kind
      FROM donation_donor dd
      JOIN donation x ON x.id = dd.donation_id
      JOIN organization o ON o.id = dd.organization_id) k;

-- Filled from the facts. rollup_state and rollup_source are left as they are: a fresh rollup whose
-- tables end at their last_id now holds exactly the rows up to it; any other is stale or is found
-- so by the next load, which rebuilds it.
INSERT INTO donor_rollup SELECT * FROM donor_rollup_facts;
