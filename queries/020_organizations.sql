-- name: organizations
-- description: Every named organization with its aliases, kind, zone, parent and host unit
-- keys: name
-- zone: yes
-- lists: aliases "; "

-- organizations
CREATE VIEW organizations AS
SELECT o.name AS name,
       (SELECT group_concat(alias, '; ')
          FROM (SELECT alias FROM organization_alias a WHERE a.organization_id = o.id ORDER BY alias)
       ) AS aliases,
       o.kind AS kind,
       z.name AS zone,
       p.name AS parent,
       h.name AS host,
       o.note AS note
FROM organization o
LEFT JOIN zone z ON z.id = o.zone_id
LEFT JOIN organization p ON p.id = o.parent_id
LEFT JOIN organization h ON h.id = o.host_id
ORDER BY o.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW organizations_sources AS
SELECT o.name AS name, cs.paragraph, cs.quote, cs.citation_id
FROM organization o
JOIN citation_source cs ON cs.citation_id = o.citation_id
UNION
SELECT o.name, cs.paragraph, cs.quote, cs.citation_id
FROM organization_alias a
JOIN organization o ON o.id = a.organization_id
JOIN citation_source cs ON cs.citation_id = a.citation_id;
