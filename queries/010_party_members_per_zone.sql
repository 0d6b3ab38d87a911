-- name: party-members-per-zone
-- description: Party members reported per zone: the zone's total, else the sum of its named units' figures (at least), else unknown; leaves out figures inside or restating another, named people, unnamed households, and other articles' counts when one stands (the largest)
-- keys: zone
-- zone: yes
-- sources: grouped

-- party-members-per-zone
CREATE VIEW party_members_per_zone AS
SELECT z.name AS zone,
       z.name_en AS zone_en,
       c.value AS party_members,
       c.qualifier AS qualifier,
       coalesce(c.basis, 'none') AS basis,
       coalesce(c.figures, 0) AS figures
FROM zone z
LEFT JOIN zone_count c ON c.zone_id = z.id AND c.metric = 'party_members'
ORDER BY z.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW party_members_per_zone_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM zone_count_figure zc
JOIN zone z ON z.id = zc.zone_id
JOIN figure f ON f.id = zc.figure_id
JOIN citation_source cs ON cs.citation_id = f.citation_id
WHERE zc.metric = 'party_members';
