-- name: money-by-zone
-- description: Money per zone and kind (raised, donated, special party dues, allocated), in yuan; adds amounts of one kind in one zone only, never one kind to another (an allocation is never counted as a donation); leaves out goods
-- keys: zone, kind
-- zone: yes
-- sources: grouped

-- money-by-zone: one row per zone and kind of money (donation_kind, without procured goods), in
-- yuan. Amounts of one kind in one zone are added; kinds are not: money raised (筹款) is not money
-- donated, special party dues (特殊党费) are paid to the party, and an allocation (拨付) moves the
-- zone's own funds to its own branches. `basis` tells a zone that reports money of a kind without
-- an amount ('amount not reported') from one that reports none ('none'). Gifts reported by
-- different articles are taken as different gifts and added.
CREATE VIEW money_by_zone AS
WITH money AS (
    SELECT g.zone_id,
           g.kind,
           sum(g.quantity) AS amount,
           sum(g.quantified) AS quantified,
           sum(g.entries) AS entries,
           max(g.at_least) OR sum(g.quantified) < sum(g.entries) AS low,
           max(g.less_than) AS high,
           max(g.approx) AS approx
    FROM donation_groups g
    JOIN material m ON m.id = g.material_id
    WHERE m.category = 'money'
    GROUP BY g.zone_id, g.kind
), kinds AS (
    SELECT k.kind, k.position FROM donation_kind k
    WHERE k.kind <> 'procured' OR EXISTS (SELECT 1 FROM money WHERE money.kind = k.kind)
)
SELECT z.name AS zone,
       z.name_en AS zone_en,
       k.kind AS kind,
       money.amount AS amount_yuan,
       CASE WHEN coalesce(money.quantified, 0) = 0 THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       CASE WHEN money.zone_id IS NULL THEN 'none'
            WHEN money.quantified = 0 THEN 'amount not reported'
            WHEN money.quantified < money.entries THEN 'some amounts not reported'
            ELSE 'all amounts reported' END AS basis,
       coalesce(money.entries, 0) AS entries
FROM zone z
CROSS JOIN kinds k
LEFT JOIN money ON money.zone_id = z.id AND money.kind = k.kind
ORDER BY z.id, k.position;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW money_by_zone_sources AS
WITH money AS (
    SELECT d.zone_id, d.kind, d.citation_id
    FROM donation d
    JOIN material m ON m.id = d.material_id AND m.category = 'money'
)
SELECT z.name AS zone, money.kind AS kind, cs.paragraph, cs.quote, cs.citation_id
FROM money
JOIN zone z ON z.id = money.zone_id
JOIN citation_source cs ON cs.citation_id = money.citation_id;
