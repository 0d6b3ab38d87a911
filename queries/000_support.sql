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

-- Whether each rollup (migrations/0005_rollups.sql) may be read: its state says fresh (no write
-- that bypassed frontline changed a row it includes) and each fact table it sums ends at the row
-- it includes last (rows past it were added by a writer other than frontline's loader; rows that
-- end before it, by a last_id or a rowid moved by hand, or a table copied without its rowids),
-- and the 24 triggers of migrations/0005_rollups.sql that see the other changes are all in place
-- (a tool that rebuilds a table, such as `sqlite-utils transform`, drops its triggers; during a
-- load, which sets the INSERT triggers aside, no rollup is fresh to the load itself). A view
-- reads a rollup when it is fresh and otherwise computes the same rows from the facts, so every
-- SQLite client gets the same answer either way; only the time differs. Such a view reads
-- `<rollup> WHERE fresh UNION ALL (SELECT 1 FROM rollup_fresh WHERE NOT <rollup>) CROSS JOIN
-- <rollup>_facts`: the second arm is the rollup's own `_facts` view (what `check` compares the
-- rollup with), so both arms give the same rows by construction, and CROSS JOIN keeps the
-- one-row guard as the outer loop, so a fresh rollup's facts are never read.
CREATE VIEW rollup_fresh AS
SELECT triggers AND team AS team, triggers AND donation AS donation, triggers AND donor AS donor,
       triggers AND zone AS zone, triggers AND zone_count AS zone_count
FROM (SELECT count(*) = 24 AS triggers FROM sqlite_schema
      WHERE type = 'trigger' AND name GLOB '*rollup_*'
        AND tbl_name IN ('team', 'donation', 'donation_donor', 'person', 'organization', 'event',
                         'figure', 'rollup_source'))
CROSS JOIN
     (SELECT coalesce((SELECT fresh FROM rollup_state WHERE rollup = 'team_rollup')
                      AND (SELECT coalesce(max(id), 0) FROM team)
                          = (SELECT last_id FROM rollup_source WHERE source = 'team'), 0) AS team,
             coalesce((SELECT fresh FROM rollup_state WHERE rollup = 'donation_rollup')
                      AND (SELECT coalesce(max(id), 0) FROM donation)
                          = (SELECT last_id FROM rollup_source WHERE source = 'donation'), 0) AS donation,
             coalesce((SELECT fresh FROM rollup_state WHERE rollup = 'donor_rollup')
                      AND (SELECT coalesce(max(rowid), 0) FROM donation_donor)
                          = (SELECT last_id FROM rollup_source WHERE source = 'donation_donor')
                      AND (SELECT coalesce(max(id), 0) FROM organization)
                          = (SELECT last_id FROM rollup_source WHERE source = 'organization'), 0) AS donor,
             coalesce((SELECT fresh FROM rollup_state WHERE rollup = 'zone_rollup')
                      AND (SELECT coalesce(max(id), 0) FROM person)
                          = (SELECT last_id FROM rollup_source WHERE source = 'person')
                      AND (SELECT coalesce(max(id), 0) FROM organization)
                          = (SELECT last_id FROM rollup_source WHERE source = 'organization')
                      AND (SELECT coalesce(max(id), 0) FROM event)
                          = (SELECT last_id FROM rollup_source WHERE source = 'event')
                      AND (SELECT coalesce(max(id), 0) FROM figure)
                          = (SELECT last_id FROM rollup_source WHERE source = 'figure'), 0) AS zone,
             coalesce((SELECT fresh FROM rollup_state WHERE rollup = 'zone_count_rollup')
                      AND (SELECT coalesce(max(id), 0) FROM figure)
                          = (SELECT last_id FROM rollup_source WHERE source = 'figure'), 0) AS zone_count);

-- Per zone, for the count metrics that add up (party members, grassroots party organizations):
-- each article's count for the zone is its own zone-wide figure ('zone total') or, when it gives
-- none, the sum of the figures of units inside the zone, a lower bound ('sum of units'). Articles
-- that report the same zone report the same people, so their counts are never added: the largest
-- stands (of equal ones, the earliest article's), as a lower bound, and `basis` says how many
-- articles reported one. Read from zone_count_rollup while it is fresh, else from
-- zone_count_rollup_facts (the same rows, computed from the figures).
CREATE VIEW zone_count AS
WITH counts AS (
    SELECT * FROM zone_count_rollup WHERE (SELECT zone_count FROM rollup_fresh)
    UNION ALL
    SELECT f.* FROM (SELECT 1 FROM rollup_fresh WHERE NOT zone_count) AS stale
    CROSS JOIN zone_count_rollup_facts AS f
), best AS (
    -- The standing article's count: its zone-wide figures when it has any, else its units'
    -- (a lower bound).
    SELECT zone_id, metric, article_id,
           t_n > 0 AS zone_level,
           CASE WHEN t_n > 0 THEN t_n ELSE u_n END AS figures,
           CASE WHEN t_n > 0 THEN t_low > 0 ELSE 1 END AS low,
           CASE WHEN t_n > 0 THEN t_high > 0 ELSE u_high > 0 END AS high,
           CASE WHEN t_n > 0 THEN t_approx > 0 ELSE u_approx > 0 END AS approx,
           CASE WHEN t_n > 0 THEN t_value ELSE u_value END AS value,
           articles
    FROM counts
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

-- Top-level team rows (not part of another row) of a zone, per zone, kind and whether they count
-- the whole zone (a count phrase, no organizer): how many rows and teams, their qualifiers (a
-- flag each), and their members (NULL when no row reports any). From team_rollup while it is
-- fresh, else from team_rollup_facts (the same rows, computed from the teams).
CREATE VIEW team_groups AS
SELECT zone_id, kind, zone_wide, rows_ AS n, teams,
       at_least > 0 AS low,
       less_than > 0 AS high,
       approx > 0 AS approx,
       CASE WHEN with_members > 0 THEN members END AS members,
       with_members,
       CASE WHEN with_members > 0 THEN members_at_least > 0 END AS m_low,
       CASE WHEN with_members > 0 THEN members_less_than > 0 END AS m_high,
       CASE WHEN with_members > 0 THEN members_approx > 0 END AS m_approx
FROM (SELECT * FROM team_rollup WHERE (SELECT team FROM rollup_fresh)
      UNION ALL
      SELECT f.* FROM (SELECT 1 FROM rollup_fresh WHERE NOT team) AS stale
      CROSS JOIN team_rollup_facts AS f);

-- Donations, gifts, purchases and allocations per zone, material and kind: how many entries, how
-- many give a quantity, the quantities' sum (NULL when none does) and their qualifiers (a flag
-- each, NULL when none gives a quantity). From donation_rollup while it is fresh, else from
-- donation_rollup_facts (the same rows, computed from the donations).
CREATE VIEW donation_groups AS
SELECT zone_id, material_id, kind, entries, quantified,
       CASE WHEN quantified > 0 THEN quantity END AS quantity,
       CASE WHEN quantified > 0 THEN at_least > 0 END AS at_least,
       CASE WHEN quantified > 0 THEN less_than > 0 END AS less_than,
       CASE WHEN quantified > 0 THEN approx > 0 END AS approx
FROM (SELECT * FROM donation_rollup WHERE (SELECT donation FROM rollup_fresh)
      UNION ALL
      SELECT f.* FROM (SELECT 1 FROM rollup_fresh WHERE NOT donation) AS stale
      CROSS JOIN donation_rollup_facts AS f);

-- Per zone, how many people, organizations, dated events and figures it names. From zone_rollup
-- while it is fresh, else from zone_rollup_facts (the same rows, counted).
CREATE VIEW zone_totals AS
SELECT z.id AS zone_id,
       coalesce(r.people, 0) AS people,
       coalesce(r.organizations, 0) AS organizations,
       coalesce(r.events, 0) AS events,
       coalesce(r.figures, 0) AS figures
FROM zone z
LEFT JOIN (SELECT * FROM zone_rollup WHERE (SELECT zone FROM rollup_fresh)
           UNION ALL
           SELECT f.* FROM (SELECT 1 FROM rollup_fresh WHERE NOT zone) AS stale
           CROSS JOIN zone_rollup_facts AS f) AS r ON r.zone_id = z.id;

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
