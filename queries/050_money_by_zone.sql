-- name: money-by-zone
-- description: Money donated, raised or allocated per zone, in yuan
-- keys: zone
-- zone: yes

-- money-by-zone: money donated, raised or allocated per zone, in yuan. `basis` tells a zone that
-- reports money without an amount ('amount not reported') from one that reports none ('none').
-- Gifts (like teams) reported by different articles are taken as different gifts and added.
CREATE VIEW money_by_zone AS
WITH money AS (
    SELECT d.zone_id,
           sum(d.quantity) AS amount,
           count(d.quantity) AS quantified,
           count(*) AS donations,
           max(d.qualifier = 'at_least') OR count(d.quantity) < count(*) AS low,
           max(d.qualifier = 'less_than') AS high,
           max(d.qualifier = 'approx') AS approx
    FROM donation d
    JOIN material m ON m.id = d.material_id
    WHERE m.category = 'money'
    GROUP BY d.zone_id
)
SELECT z.name AS zone,
       z.name_en AS zone_en,
       money.amount AS amount_yuan,
       CASE WHEN coalesce(money.quantified, 0) = 0 THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       CASE WHEN money.zone_id IS NULL THEN 'none'
            WHEN money.quantified = 0 THEN 'amount not reported'
            WHEN money.quantified < money.donations THEN 'some amounts not reported'
            ELSE 'all amounts reported' END AS basis,
       coalesce(money.donations, 0) AS donations
FROM zone z
LEFT JOIN money ON money.zone_id = z.id
ORDER BY z.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW money_by_zone_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM donation d
JOIN material m ON m.id = d.material_id AND m.category = 'money'
JOIN zone z ON z.id = d.zone_id
JOIN citation_source cs ON cs.citation_id = d.citation_id;
