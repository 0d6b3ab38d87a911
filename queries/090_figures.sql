-- name: figures
-- description: Every reported figure in long form, with the phrase as written, its quote and whether a total adds it (only party members and grassroots organizations are added)
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
       -- Whether a total adds the figure: only a zone's count of party members or grassroots
       -- organizations does (zone_count), from the figures of the article whose count stands,
       -- never a nested or restated one. Figures of other metrics are added to no total (teams
       -- are counted from team rows, money from donations); `counted_note` says why not.
       (f.part_of_id IS NULL AND f.restates_id IS NULL AND zc.zone_id IS NOT NULL
        AND zc.article_id = f.article_id
        AND (f.organization_id IS NULL AND f.team_id IS NULL AND f.person_id IS NULL)
            = (zc.basis LIKE 'zone total%')) AS counted,
       CASE WHEN f.part_of_id IS NOT NULL THEN 'no: part of figure ' || f.part_of_id
            WHEN f.restates_id IS NOT NULL THEN 'no: restates figure ' || f.restates_id
            WHEN f.metric = 'teams_formed' THEN 'no: the teams are team rows, counted by teams-per-zone'
            WHEN zc.zone_id IS NULL THEN 'no: no total adds this metric'
            WHEN zc.article_id <> f.article_id THEN 'no: another report of this count stands'
            WHEN (f.organization_id IS NULL AND f.team_id IS NULL AND f.person_id IS NULL)
                 <> (zc.basis LIKE 'zone total%') THEN 'no: the zone''s own figure stands'
            ELSE 'yes: in the zone''s ' || replace(f.metric, '_', ' ') END AS counted_note,
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
