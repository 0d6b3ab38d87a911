-- name: teams-per-zone
-- description: Volunteer teams and task forces per zone, each team counted once, with members where reported
-- keys: zone
-- zone: yes
-- lists: kinds ", "

-- teams-per-zone: top-level team rows only (a nested row is counted by its parent); teams of no
-- zone (a hospital's medical team) are left out.
CREATE VIEW teams_per_zone AS
WITH t AS (
    SELECT zone_id,
           sum(team_count) AS teams,
           count(*) AS rows_,
           max(count_qualifier = 'at_least') AS low,
           max(count_qualifier = 'less_than') AS high,
           max(count_qualifier = 'approx') AS approx,
           sum(members) AS members,
           count(members) AS with_members,
           max(members_qualifier = 'at_least') OR count(members) < count(*) AS m_low,
           max(members_qualifier = 'less_than') AS m_high,
           max(members_qualifier = 'approx') AS m_approx
    FROM team
    WHERE part_of_id IS NULL AND zone_id IS NOT NULL
    GROUP BY zone_id
)
SELECT z.name AS zone,
       z.name_en AS zone_en,
       t.teams AS teams,
       CASE WHEN t.zone_id IS NULL THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       t.members AS members,
       CASE WHEN coalesce(t.with_members, 0) = 0 THEN NULL
            WHEN m_low AND m_high THEN 'unbounded'
            WHEN m_low THEN 'at_least'
            WHEN m_high THEN 'less_than'
            WHEN m_approx THEN 'approx'
            ELSE 'exact' END AS members_qualifier,
       (SELECT group_concat(kind, ', ')
          FROM (SELECT DISTINCT kind FROM team x
                WHERE x.zone_id = z.id AND x.part_of_id IS NULL ORDER BY kind)
       ) AS kinds
FROM zone z
LEFT JOIN t ON t.zone_id = z.id
ORDER BY z.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW teams_per_zone_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM team t
JOIN zone z ON z.id = t.zone_id
JOIN citation_source cs ON cs.citation_id = t.citation_id;
