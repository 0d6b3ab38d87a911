-- name: zone-summary
-- description: One row per zone with its headline figures, each taken from the query that counts it (party members, grassroots organizations, teams per class, money per kind); adds nothing across classes or kinds
-- keys: zone
-- zone: yes

-- zone-summary: one row per zone with its headline figures. Each number is one other view's row:
-- teams come per class (teams-per-zone) and money per kind (money-by-zone); nothing here adds a
-- class to another or a kind to another.
CREATE VIEW zone_summary AS
SELECT z.name AS zone,
       z.name_en AS zone_en,
       z.city AS city,
       z.province AS province,
       pm.value AS party_members,
       pm.qualifier AS party_members_qualifier,
       go.value AS grassroots_organizations,
       go.qualifier AS grassroots_organizations_qualifier,
       ft.teams AS front_line_teams,
       ft.qualifier AS front_line_teams_qualifier,
       wb.teams AS command_and_working_bodies,
       wb.qualifier AS command_and_working_bodies_qualifier,
       (SELECT count(*) FROM person x WHERE x.zone_id = z.id) AS people_named,
       (SELECT count(*) FROM organization x WHERE x.zone_id = z.id) AS organizations_named,
       mr.amount_yuan AS money_raised_yuan,
       mr.qualifier AS money_raised_qualifier,
       md.amount_yuan AS money_donated_yuan,
       md.qualifier AS money_donated_qualifier,
       mp.amount_yuan AS special_party_dues_yuan,
       mp.qualifier AS special_party_dues_qualifier,
       ma.amount_yuan AS money_allocated_yuan,
       ma.qualifier AS money_allocated_qualifier,
       (SELECT count(*) FROM event x WHERE x.zone_id = z.id) AS dated_events,
       (SELECT count(*) FROM figure x WHERE x.zone_id = z.id) AS figures
FROM zone z
LEFT JOIN zone_count pm ON pm.zone_id = z.id AND pm.metric = 'party_members'
LEFT JOIN zone_count go ON go.zone_id = z.id AND go.metric = 'grassroots_party_organizations'
JOIN teams_per_zone ft ON ft.zone = z.name AND ft.class = 'front_line_teams'
JOIN teams_per_zone wb ON wb.zone = z.name AND wb.class = 'command_and_working_bodies'
JOIN money_by_zone mr ON mr.zone = z.name AND mr.kind = 'raised'
JOIN money_by_zone md ON md.zone = z.name AND md.kind = 'donated'
JOIN money_by_zone mp ON mp.zone = z.name AND mp.kind = 'special_party_dues'
JOIN money_by_zone ma ON ma.zone = z.name AND ma.kind = 'allocated'
ORDER BY z.id;

-- A zone's summary rests on the passages behind its counts, teams and money (or its headline).
CREATE VIEW zone_summary_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM zone_count_figure zc
JOIN zone z ON z.id = zc.zone_id
JOIN figure f ON f.id = zc.figure_id
JOIN citation_source cs ON cs.citation_id = f.citation_id
UNION
SELECT zone, paragraph, quote, citation_id FROM teams_per_zone_sources WHERE citation_id IS NOT NULL
UNION
SELECT zone, paragraph, quote, citation_id FROM money_by_zone_sources WHERE citation_id IS NOT NULL
UNION
SELECT z.name, h.paragraph, h.quote, NULL
FROM zone z
JOIN zone_headline_source h ON h.zone_id = z.id;
