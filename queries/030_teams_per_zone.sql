-- name: teams-per-zone
-- description: Teams per zone and class (front-line teams; command and working bodies), never adding one class to the other: the zone's printed total (teams named outside it not added), else the sum of its units' teams (at least), else unknown; members where reported; leaves out rows inside another row and teams of no zone
-- keys: zone, class
-- zone: yes
-- lists: kinds ", "
-- sources: grouped

-- teams-per-zone: one row per zone and class of team (team_kind_class). Top-level team rows only
-- (a nested row is counted by its parent); teams of no zone (a hospital's medical team) are left
-- out. A zone total is a number the page prints for the whole zone: a counted row with a count and
-- no organizer (成都's 各级党组织…600余个). When a class has one, it stands as printed: rows of
-- that class named outside it are not added (600余 and one more team is still 600余, not 601), but
-- make it a lower bound, and `basis` says how many there were. Otherwise the class's count is the
-- sum of its units' rows, a lower bound for the zone ('sum of units'). Members are added the same
-- way; a row without members makes their sum a lower bound.
CREATE VIEW teams_per_zone AS
WITH r0 AS (
    -- Top-level rows per zone, kind and whether they count the whole zone (team_groups: from the
    -- rollup), so that the class (a small VALUES view) is looked up per group, not per team.
    SELECT * FROM team_groups
), r AS (
    SELECT r0.*, k.class FROM r0 JOIN team_kind_class k ON k.kind = r0.kind
), g AS (
    SELECT zone_id, class,
           coalesce(sum(CASE WHEN zone_wide THEN n END), 0) AS t_n,
           sum(CASE WHEN zone_wide THEN teams END) AS t_teams,
           coalesce(max(CASE WHEN zone_wide THEN low END), 0) AS t_low,
           coalesce(max(CASE WHEN zone_wide THEN high END), 0) AS t_high,
           coalesce(max(CASE WHEN zone_wide THEN approx END), 0) AS t_approx,
           sum(CASE WHEN zone_wide THEN members END) AS t_members,
           coalesce(sum(CASE WHEN zone_wide THEN with_members END), 0) AS t_with_members,
           coalesce(max(CASE WHEN zone_wide THEN m_low END), 0) AS t_m_low,
           coalesce(max(CASE WHEN zone_wide THEN m_high END), 0) AS t_m_high,
           coalesce(max(CASE WHEN zone_wide THEN m_approx END), 0) AS t_m_approx,
           coalesce(sum(CASE WHEN NOT zone_wide THEN n END), 0) AS u_n,
           sum(CASE WHEN NOT zone_wide THEN teams END) AS u_teams,
           coalesce(max(CASE WHEN NOT zone_wide THEN high END), 0) AS u_high,
           coalesce(max(CASE WHEN NOT zone_wide THEN approx END), 0) AS u_approx,
           sum(CASE WHEN NOT zone_wide THEN members END) AS u_members,
           coalesce(sum(CASE WHEN NOT zone_wide THEN with_members END), 0) AS u_with_members,
           coalesce(max(CASE WHEN NOT zone_wide THEN m_high END), 0) AS u_m_high,
           coalesce(max(CASE WHEN NOT zone_wide THEN m_approx END), 0) AS u_m_approx
    FROM r
    GROUP BY zone_id, class
), t AS (
    -- A class's count: its zone total when it has one (plus `at_least` for rows outside it), else
    -- the sum of its units' rows (a lower bound).
    SELECT zone_id, class, t_n > 0 AS zone_level,
           CASE WHEN t_n > 0 THEN t_teams ELSE u_teams END AS teams,
           CASE WHEN t_n > 0 THEN t_low OR u_n > 0 ELSE 1 END AS low,
           CASE WHEN t_n > 0 THEN t_high ELSE u_high END AS high,
           CASE WHEN t_n > 0 THEN t_approx ELSE u_approx END AS approx,
           CASE WHEN t_n > 0 THEN t_members ELSE u_members END AS members,
           CASE WHEN t_n > 0 THEN t_with_members ELSE u_with_members END AS with_members,
           CASE WHEN t_n > 0 THEN t_m_low OR t_with_members < t_n OR u_n > 0 ELSE 1 END AS m_low,
           CASE WHEN t_n > 0 THEN t_m_high ELSE u_m_high END AS m_high,
           CASE WHEN t_n > 0 THEN t_m_approx ELSE u_m_approx END AS m_approx,
           CASE WHEN t_n > 0 AND u_n > 0 THEN u_teams END AS outside
    FROM g
), classes AS (
    SELECT DISTINCT class, class_position FROM team_kind_class
)
SELECT z.name AS zone,
       z.name_en AS zone_en,
       c.class AS class,
       t.teams AS teams,
       CASE WHEN t.zone_id IS NULL THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       CASE WHEN t.zone_id IS NULL THEN 'none'
            WHEN NOT t.zone_level THEN 'sum of units'
            WHEN t.outside IS NULL THEN 'zone total'
            ELSE 'zone total; ' || t.outside || ' more named outside it, not added' END AS basis,
       t.members AS members,
       CASE WHEN coalesce(t.with_members, 0) = 0 THEN NULL
            WHEN m_low AND m_high THEN 'unbounded'
            WHEN m_low THEN 'at_least'
            WHEN m_high THEN 'less_than'
            WHEN m_approx THEN 'approx'
            ELSE 'exact' END AS members_qualifier,
       (SELECT group_concat(kind, ', ')
          FROM (SELECT DISTINCT r.kind FROM r WHERE r.zone_id = z.id AND r.class = c.class
                ORDER BY r.kind)
       ) AS kinds
FROM zone z
CROSS JOIN classes c
LEFT JOIN t ON t.zone_id = z.id AND t.class = c.class
ORDER BY z.id, c.class_position;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW teams_per_zone_sources AS
WITH t AS (
    SELECT t.zone_id, t.citation_id,
           (SELECT k.class FROM team_kind_class k WHERE k.kind = t.kind) AS class
    FROM team t
    WHERE t.zone_id IS NOT NULL
)
SELECT z.name AS zone, t.class AS class, cs.paragraph, cs.quote, cs.citation_id
FROM t
JOIN zone z ON z.id = t.zone_id
JOIN citation_source cs ON cs.citation_id = t.citation_id;
