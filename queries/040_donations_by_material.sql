-- name: donations-by-material
-- description: Money and goods per material and kind (raised, donated, special party dues, procured), with the first 20 donors and how many are named in all (frontline query donations lists every donor); adds quantities of one material obtained one way only, never procured goods to donated ones or money raised to money donated; leaves out allocations, which are not donations (money-by-zone shows them)
-- keys: material, kind
-- zone: no
-- lists: donors "; "
-- sources: grouped

-- donations-by-material: one row per material and kind (donation_kind): how the page says it was
-- obtained or given. Quantities of one material and one kind are added; kinds are not. Allocations
-- (拨付 from an organization's own funds) are no donation and are left out. A row whose entries
-- give no quantity shows NULL; when only some do, the sum is a lower bound. `note` says where the
-- same goods may be counted twice over: goods procured in a zone that also raised money may be
-- what the money bought.
--
-- `donors` names at most the first 20 donors, in the order the archive first names them
-- (organization id order), and `donor_count` says how many distinct organizations the entries
-- name as donors in all: a row is for reading, and a material can have hundreds of thousands of
-- donors; `frontline query donations` lists every donation with all its donors. Both are NULL
-- when no entry names a donor: the page does not say who gave, which is unknown, not no one.
-- Entries that name no donor add none, so beside them `donor_count` counts only those named.
-- From donor_rollup while it is fresh, else computed from the facts as donor_rollup_facts
-- computes it (migrations/0007_donor_rollup_capped.sql); the cap, 20, is DONORS_NAMED in
-- src/archive/rollup.rs, whose test reads it from both.
CREATE VIEW donations_by_material AS
WITH d AS (
    SELECT material_id,
           kind,
           sum(quantity) AS quantity,
           sum(quantified) AS quantified,
           sum(entries) AS entries,
           max(at_least) OR sum(quantified) < sum(entries) AS low,
           max(less_than) AS high,
           max(approx) AS approx
    FROM donation_groups
    WHERE kind IN (SELECT kind FROM donation_kind WHERE in_donations)
    GROUP BY material_id, kind
), raised AS (
    SELECT DISTINCT g.zone_id FROM donation_groups g JOIN material m ON m.id = g.material_id
    WHERE g.kind = 'raised' AND m.category = 'money'
), procured AS (
    SELECT DISTINCT zone_id FROM donation_groups WHERE kind = 'procured'
)
SELECT m.name AS material,
       m.name_en AS material_en,
       m.category AS category,
       d.kind AS kind,
       m.unit AS unit,
       d.quantity AS quantity,
       CASE WHEN d.quantified = 0 THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       CASE WHEN (SELECT donor FROM rollup_fresh)
            THEN (SELECT r.donors FROM donor_rollup r WHERE r.material_id = m.id AND r.kind = d.kind)
            ELSE (SELECT group_concat(name, '; ')
                    FROM (SELECT o.name FROM organization o
                          WHERE o.id IN (SELECT dd.organization_id FROM donation x
                                         JOIN donation_donor dd ON dd.donation_id = x.id
                                         WHERE x.material_id = m.id AND x.kind = d.kind)
                          ORDER BY o.id LIMIT 20))
       END AS donors,
       CASE WHEN (SELECT donor FROM rollup_fresh)
            THEN (SELECT r.donor_count FROM donor_rollup r WHERE r.material_id = m.id AND r.kind = d.kind)
            ELSE (SELECT nullif(count(*), 0) FROM organization o
                  WHERE o.id IN (SELECT dd.organization_id FROM donation x
                                 JOIN donation_donor dd ON dd.donation_id = x.id
                                 WHERE x.material_id = m.id AND x.kind = d.kind))
       END AS donor_count,
       d.entries AS entries,
       d.entries - d.quantified AS unquantified,
       CASE WHEN d.kind = 'procured' AND EXISTS (
                SELECT 1 FROM donation_groups x JOIN raised r ON r.zone_id = x.zone_id
                WHERE x.material_id = m.id AND x.kind = 'procured')
            THEN 'bought, not said to be given; may be what money raised in the same zone bought, so never add the two'
            WHEN d.kind = 'procured' THEN 'bought, not said to be given'
            WHEN d.kind = 'raised' AND EXISTS (
                SELECT 1 FROM donation_groups x JOIN procured p ON p.zone_id = x.zone_id
                WHERE x.material_id = m.id AND x.kind = 'raised')
            THEN 'raised; goods procured in the same zone may be what it bought, so never add the two'
       END AS note
FROM d
JOIN material m ON m.id = d.material_id
JOIN donation_kind k ON k.kind = d.kind
ORDER BY m.id, k.position;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW donations_by_material_sources AS
SELECT m.name AS material, d.kind AS kind, cs.paragraph, cs.quote, cs.citation_id
FROM donation d
JOIN material m ON m.id = d.material_id
JOIN citation_source cs ON cs.citation_id = d.citation_id
WHERE d.kind IN (SELECT kind FROM donation_kind WHERE in_donations);
