-- name: zone-summary
-- description: One row per zone with its headline figures
-- keys: zone
-- zone: yes

-- zone-summary: one row per zone with its headline figures.
CREATE VIEW zone_summary AS
SELECT z.name AS zone,
       z.name_en AS zone_en,
       z.city AS city,
       z.province AS province,
       pm.value AS party_members,
       pm.qualifier AS party_members_qualifier,
       go.value AS grassroots_organizations,
       go.qualifier AS grassroots_organizations_qualifier,
       tz.teams AS teams,
       tz.qualifier AS teams_qualifier,
       (SELECT count(*) FROM person x WHERE x.zone_id = z.id) AS people_named,
       (SELECT count(*) FROM organization x WHERE x.zone_id = z.id) AS organizations_named,
       mz.amount_yuan AS money_yuan,
       mz.qualifier AS money_qualifier,
       (SELECT count(*) FROM event x WHERE x.zone_id = z.id) AS dated_events,
       (SELECT count(*) FROM figure x WHERE x.zone_id = z.id) AS figures
FROM zone z
LEFT JOIN zone_count pm ON pm.zone_id = z.id AND pm.metric = 'party_members'
LEFT JOIN zone_count go ON go.zone_id = z.id AND go.metric = 'grassroots_party_organizations'
JOIN teams_per_zone tz ON tz.zone = z.name
JOIN money_by_zone mz ON mz.zone = z.name
ORDER BY z.id;

-- A zone's summary rests on the passages behind its counts, teams and money; a zone that reports
-- none of them has no source (its headline is no evidence for a number).
CREATE VIEW zone_summary_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM zone_count_figure zc
JOIN zone z ON z.id = zc.zone_id
JOIN figure f ON f.id = zc.figure_id
JOIN citation_source cs ON cs.citation_id = f.citation_id
UNION
SELECT zone, paragraph, quote, citation_id FROM teams_per_zone_sources
UNION
SELECT zone, paragraph, quote, citation_id FROM money_by_zone_sources;
