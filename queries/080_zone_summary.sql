-- name: zone-summary
-- description: One row per zone with its headline figures, each taken from the query that counts it (party members, grassroots organizations, teams per class, money per kind); adds nothing across classes or kinds
-- keys: zone
-- zone: yes
-- sources: grouped

-- zone-summary: one row per zone with its headline figures. Each number is one other view's row:
-- teams come per class (teams-per-zone) and money per kind (money-by-zone); nothing here adds a
-- class to another or a kind to another.
CREATE VIEW zone_summary AS
WITH tz AS (
    -- One pass over each view, its rows (one per class or kind) turned into columns.
    SELECT zone,
           max(CASE WHEN class = 'front_line_teams' THEN teams END) AS front_line_teams,
           max(CASE WHEN class = 'front_line_teams' THEN qualifier END) AS front_line_teams_qualifier,
           max(CASE WHEN class = 'command_and_working_bodies' THEN teams END) AS bodies,
           max(CASE WHEN class = 'command_and_working_bodies' THEN qualifier END) AS bodies_qualifier
    FROM teams_per_zone
    GROUP BY zone
), mz AS (
    SELECT zone,
           max(CASE WHEN kind = 'raised' THEN amount_yuan END) AS raised,
           max(CASE WHEN kind = 'raised' THEN qualifier END) AS raised_qualifier,
           max(CASE WHEN kind = 'donated' THEN amount_yuan END) AS donated,
           max(CASE WHEN kind = 'donated' THEN qualifier END) AS donated_qualifier,
           max(CASE WHEN kind = 'special_party_dues' THEN amount_yuan END) AS dues,
           max(CASE WHEN kind = 'special_party_dues' THEN qualifier END) AS dues_qualifier,
           max(CASE WHEN kind = 'allocated' THEN amount_yuan END) AS allocated,
           max(CASE WHEN kind = 'allocated' THEN qualifier END) AS allocated_qualifier
    FROM money_by_zone
    GROUP BY zone
)
SELECT z.name AS zone,
       z.name_en AS zone_en,
       z.city AS city,
       z.province AS province,
       pm.value AS party_members,
       pm.qualifier AS party_members_qualifier,
       go.value AS grassroots_organizations,
       go.qualifier AS grassroots_organizations_qualifier,
       tz.front_line_teams AS front_line_teams,
       tz.front_line_teams_qualifier AS front_line_teams_qualifier,
       tz.bodies AS command_and_working_bodies,
       tz.bodies_qualifier AS command_and_working_bodies_qualifier,
       zt.people AS people_named,
       zt.organizations AS organizations_named,
       mz.raised AS money_raised_yuan,
       mz.raised_qualifier AS money_raised_qualifier,
       mz.donated AS money_donated_yuan,
       mz.donated_qualifier AS money_donated_qualifier,
       mz.dues AS special_party_dues_yuan,
       mz.dues_qualifier AS special_party_dues_qualifier,
       mz.allocated AS money_allocated_yuan,
       mz.allocated_qualifier AS money_allocated_qualifier,
       zt.events AS dated_events,
       zt.figures AS figures
FROM zone z
LEFT JOIN zone_count pm ON pm.zone_id = z.id AND pm.metric = 'party_members'
LEFT JOIN zone_count go ON go.zone_id = z.id AND go.metric = 'grassroots_party_organizations'
JOIN tz ON tz.zone = z.name
JOIN mz ON mz.zone = z.name
JOIN zone_totals zt ON zt.zone_id = z.id
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
