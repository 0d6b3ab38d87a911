-- Helper views the named queries build on; no `-- name:` header, since they are not named
-- queries themselves. Files are applied in file-name order, so these exist before any query's.

-- Figures that count towards totals, with whether their subject is the zone itself.
-- (The unary + keeps the planner off the part_of/restates indexes, which find the few nested
-- figures, not the many counted ones.)
CREATE VIEW counted_figure AS
SELECT f.*,
       (f.organization_id IS NULL AND f.team_id IS NULL AND f.person_id IS NULL) AS zone_level
FROM figure f
WHERE +f.part_of_id IS NULL AND +f.restates_id IS NULL;

-- Per zone, for the count metrics that add up (party members, grassroots party organizations):
-- each article's count for the zone is its own zone-wide figure ('zone total') or, when it gives
-- none, the sum of the figures of units inside the zone, a lower bound ('sum of units'). Articles
-- that report the same zone report the same people, so their counts are never added: the largest
-- stands, as a lower bound, and `basis` says how many articles reported one.
CREATE VIEW zone_count AS
WITH per AS (
    SELECT metric, zone_id, article_id,
           count(CASE WHEN zone_level THEN 1 END) AS t_n,
           sum(CASE WHEN zone_level THEN value END) AS t_value,
           coalesce(max(CASE WHEN zone_level THEN qualifier = 'at_least' END), 0) AS t_low,
           coalesce(max(CASE WHEN zone_level THEN qualifier = 'less_than' END), 0) AS t_high,
           coalesce(max(CASE WHEN zone_level THEN qualifier = 'approx' END), 0) AS t_approx,
           count(CASE WHEN NOT zone_level THEN 1 END) AS u_n,
           sum(CASE WHEN NOT zone_level THEN value END) AS u_value,
           coalesce(max(CASE WHEN NOT zone_level THEN qualifier = 'less_than' END), 0) AS u_high,
           coalesce(max(CASE WHEN NOT zone_level THEN qualifier = 'approx' END), 0) AS u_approx
    FROM counted_figure
    WHERE metric IN ('party_members', 'grassroots_party_organizations')
    GROUP BY metric, zone_id, article_id
), chosen AS (
    -- An article's count: its zone-wide figures when it has any, else its units' (a lower bound).
    SELECT metric, zone_id, article_id,
           t_n > 0 AS zone_level,
           CASE WHEN t_n > 0 THEN t_value ELSE u_value END AS value,
           CASE WHEN t_n > 0 THEN t_n ELSE u_n END AS figures,
           CASE WHEN t_n > 0 THEN t_low ELSE 1 END AS low,
           CASE WHEN t_n > 0 THEN t_high ELSE u_high END AS high,
           CASE WHEN t_n > 0 THEN t_approx ELSE u_approx END AS approx
    FROM per
), best AS (
    -- The largest count stands; a count that is only an upper bound (不到50) is not a large
    -- count, so it stands only when every article's count is one. With one max() in an
    -- aggregate, SQLite takes the other columns from the row of the maximum.
    SELECT zone_id, metric, article_id, zone_level, figures, low, high, approx, value,
           max(CASE WHEN high THEN -1 ELSE value END) AS preference, count(*) AS articles
    FROM chosen
    GROUP BY zone_id, metric
)
SELECT zone_id, metric, value,
       CASE WHEN (low OR articles > 1) AND high THEN 'unbounded'
            WHEN low OR articles > 1 THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       CASE WHEN zone_level THEN 'zone total' ELSE 'sum of units' END
           || CASE WHEN articles > 1 THEN ', largest of ' || articles || ' articles' ELSE '' END AS basis,
       figures,
       article_id
FROM best;

-- A citation with its paragraph's number in reading order.
CREATE VIEW citation_source AS
SELECT c.id AS citation_id,
       p.reading_position AS paragraph,
       c.quote AS quote,
       s.zone_id AS zone_id
FROM citation c
JOIN paragraph p ON p.id = c.paragraph_id
JOIN story s ON s.id = p.story_id;

-- Each zone's headline: the source of a row that reports nothing else for the zone.
CREATE VIEW zone_headline_source AS
SELECT s.zone_id AS zone_id,
       p.reading_position AS paragraph,
       p.text AS quote
FROM story s
JOIN paragraph p ON p.story_id = s.id AND p.kind = 'headline';

-- Figures behind a zone's count (zone_count): the figures it adds up, from the article whose
-- count stands, and the figures that restate them (a headline repeating the number).
CREATE VIEW zone_count_figure AS
WITH chosen AS (
    SELECT cf.id, cf.zone_id, cf.metric
    FROM counted_figure cf
    JOIN zone_count zc ON zc.zone_id = cf.zone_id AND zc.metric = cf.metric AND zc.article_id = cf.article_id
    WHERE cf.zone_level = (zc.basis LIKE 'zone total%')
)
SELECT zone_id, metric, id AS figure_id FROM chosen
UNION
SELECT r.zone_id, r.metric, r.id FROM figure r JOIN chosen ON r.restates_id = chosen.id;

-- The class of each team kind, with the classes' order. Totals add teams of one class only:
-- front-line teams (volunteer, shock, vanguard, service, grid and medical teams, and `mixed`, one
-- count over several of these) and command and working bodies (command posts, leading, working,
-- inspection, prevention and emergency groups, prevention offices). A test checks that every
-- kind the schema allows has a class.
CREATE VIEW team_kind_class AS
SELECT column1 AS kind, column2 AS class, column3 AS class_position
FROM (VALUES ('volunteer_team', 'front_line_teams', 1),
             ('shock_team', 'front_line_teams', 1),
             ('vanguard_team', 'front_line_teams', 1),
             ('service_team', 'front_line_teams', 1),
             ('grid_team', 'front_line_teams', 1),
             ('medical_team', 'front_line_teams', 1),
             ('mixed', 'front_line_teams', 1),
             ('command_post', 'command_and_working_bodies', 2),
             ('leading_group', 'command_and_working_bodies', 2),
             ('working_group', 'command_and_working_bodies', 2),
             ('inspection_group', 'command_and_working_bodies', 2),
             ('prevention_office', 'command_and_working_bodies', 2),
             ('prevention_group', 'command_and_working_bodies', 2),
             ('emergency_group', 'command_and_working_bodies', 2));

-- The kinds of money and goods in the donation table, in the order the views list them, and
-- whether the donations queries list them. Kinds are never added together: money raised (筹款) is
-- not money donated (捐赠); special party dues (特殊党费) are paid by members to the party; goods
-- procured (采购) were bought, and the page does not say they were given; an allocation (拨付)
-- moves an organization's own funds to its own units, which is no donation at all, so only
-- money-by-zone shows allocations.
CREATE VIEW donation_kind AS
SELECT column1 AS kind, column2 AS position, column3 AS in_donations
FROM (VALUES ('raised', 1, 1),
             ('donated', 2, 1),
             ('special_party_dues', 3, 1),
             ('procured', 4, 1),
             ('allocated', 5, 0));
