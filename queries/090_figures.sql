-- name: figures
-- description: Every reported figure in long form, with the phrase as written and its quote
-- keys: id
-- zone: yes

-- figures: every reported figure, long form, with the phrase as written and its quote.
CREATE VIEW figures AS
SELECT f.id AS id,
       z.name AS zone,
       CASE WHEN f.organization_id IS NOT NULL THEN 'organization'
            WHEN f.team_id IS NOT NULL THEN 'team'
            WHEN f.person_id IS NOT NULL THEN 'person'
            ELSE 'zone' END AS subject_kind,
       coalesce(o.name, t.name, p.name, z.name) AS subject,
       f.metric AS metric,
       f.description AS description,
       f.phrase AS phrase,
       f.value AS value,
       f.unit AS unit,
       f.qualifier AS qualifier,
       f.as_of AS as_of,
       f.part_of_id AS part_of,
       f.restates_id AS restates,
       -- Whether the figure is in the totals: not nested or restated, and for a zone's party
       -- members or organizations, from the article whose count stands (zone_count).
       (f.part_of_id IS NULL AND f.restates_id IS NULL
        AND (zc.zone_id IS NULL
             OR (zc.article_id = f.article_id
                 AND (f.organization_id IS NULL AND f.team_id IS NULL AND f.person_id IS NULL)
                     = (zc.basis LIKE 'zone total%')))) AS counted,
       c.quote AS quote,
       f.citation_id AS citation_id
FROM figure f
JOIN zone z ON z.id = f.zone_id
LEFT JOIN zone_count zc ON zc.zone_id = f.zone_id AND zc.metric = f.metric
LEFT JOIN organization o ON o.id = f.organization_id
LEFT JOIN team t ON t.id = f.team_id
LEFT JOIN person p ON p.id = f.person_id
JOIN citation c ON c.id = f.citation_id
ORDER BY f.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW figures_sources AS
SELECT f.id AS id, cs.paragraph, cs.quote, cs.citation_id
FROM figure f
JOIN citation_source cs ON cs.citation_id = f.citation_id;
