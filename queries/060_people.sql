-- name: people
-- description: Named people with their zone, organization, title, gender and party membership where the page states them (one row per post)
-- keys: name, zone, title
-- zone: yes

-- people: one row per post (a person with no post named still has a row).
CREATE VIEW people AS
SELECT p.name AS name,
       z.name AS zone,
       coalesce(o.name, t.name) AS organization,
       r.title AS title,
       r.title_en AS title_en,
       p.gender AS gender,
       p.party_member AS party_member
FROM person p
JOIN zone z ON z.id = p.zone_id
LEFT JOIN person_role r ON r.person_id = p.id
LEFT JOIN organization o ON o.id = r.organization_id
LEFT JOIN team t ON t.id = r.team_id
ORDER BY p.id, r.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW people_sources AS
SELECT p.name AS name, z.name AS zone, r.title AS title, cs.paragraph, cs.quote, cs.citation_id
FROM person p
JOIN zone z ON z.id = p.zone_id
JOIN person_role r ON r.person_id = p.id
JOIN citation_source cs ON cs.citation_id IN (r.citation_id, p.citation_id)
UNION
SELECT p.name, z.name, NULL, cs.paragraph, cs.quote, cs.citation_id
FROM person p
JOIN zone z ON z.id = p.zone_id
JOIN citation_source cs ON cs.citation_id = p.citation_id
WHERE NOT EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id);
