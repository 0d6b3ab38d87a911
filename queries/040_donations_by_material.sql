-- name: donations-by-material
-- description: Money and materials donated, raised, procured or allocated, per material, with donors
-- keys: material
-- zone: no
-- lists: donors "; ", kinds ", "

-- donations-by-material: every donation, gift, purchase or allocation, per material. A material
-- whose donations give no quantity shows NULL; when only some do, the sum is a lower bound.
CREATE VIEW donations_by_material AS
WITH d AS (
    SELECT material_id,
           sum(quantity) AS quantity,
           count(quantity) AS quantified,
           count(*) AS donations,
           max(qualifier = 'at_least') OR count(quantity) < count(*) AS low,
           max(qualifier = 'less_than') AS high,
           max(qualifier = 'approx') AS approx
    FROM donation
    GROUP BY material_id
)
SELECT m.name AS material,
       m.name_en AS material_en,
       m.category AS category,
       m.unit AS unit,
       d.quantity AS quantity,
       CASE WHEN d.quantified = 0 THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       (SELECT group_concat(name, '; ')
          FROM (SELECT DISTINCT o.name FROM donation x
                JOIN donation_donor dd ON dd.donation_id = x.id
                JOIN organization o ON o.id = dd.organization_id
                WHERE x.material_id = m.id ORDER BY o.id)
       ) AS donors,
       d.donations AS donations,
       d.donations - d.quantified AS unquantified,
       (SELECT group_concat(kind, ', ')
          FROM (SELECT DISTINCT kind FROM donation x WHERE x.material_id = m.id ORDER BY kind)
       ) AS kinds
FROM material m
JOIN d ON d.material_id = m.id
ORDER BY m.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW donations_by_material_sources AS
SELECT m.name AS material, cs.paragraph, cs.quote, cs.citation_id
FROM donation d
JOIN material m ON m.id = d.material_id
JOIN citation_source cs ON cs.citation_id = d.citation_id;
