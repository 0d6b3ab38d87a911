-- 0002: the named queries, as views, so that frontline, the sqlite3 CLI, Datasette and any other
-- SQLite client give the same answer. `frontline queries` lists them; `frontline query NAME` runs
-- `SELECT * FROM <view>`.
--
-- Rules every view follows:
-- * Unknown is NULL, never 0: a zone the article gives no figure for shows NULL.
-- * A figure with part_of_id (contained in a larger one) or restates_id (a repeat) is never added
--   to a total; a team row with part_of_id is already counted by the row it is part of.
-- * Qualifiers follow the arithmetic: a sum with any `at_least` term is `at_least` (and a sum of
--   units' figures standing for a whole zone is too); with any `less_than` term, `less_than`; with
--   both, it has no bound and says `unbounded`; otherwise any `approx` term makes it `approx`, and
--   it is `exact` only if every term is.
-- * Only SQL that SQLite 3.37 understands (Debian's sqlite3 CLI must read these views).

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

-- party-members-per-zone
CREATE VIEW party_members_per_zone AS
SELECT z.name AS zone,
       z.name_en AS zone_en,
       c.value AS party_members,
       c.qualifier AS qualifier,
       coalesce(c.basis, 'none') AS basis,
       coalesce(c.figures, 0) AS figures
FROM zone z
LEFT JOIN zone_count c ON c.zone_id = z.id AND c.metric = 'party_members'
ORDER BY z.id;

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

-- donations-by-material: every donation, gift, purchase or allocation, per material. A material
-- whose donations give no quantity shows NULL; when only some do, the sum is a lower bound.
CREATE VIEW donations_by_material AS
WITH d AS (
    SELECT material_id,
           sum(quantity) AS quantity,
           count(quantity) AS quantified,
           count(*) AS donations,
           max(qualifier = 'at_least') OR count(quantity) < count(*) AS low,
           max(qualifier = 'less_than') AS high,
           max(qualifier = 'approx') AS approx
    FROM donation
    GROUP BY material_id
)
SELECT m.name AS material,
       m.name_en AS material_en,
       m.category AS category,
       m.unit AS unit,
       d.quantity AS quantity,
       CASE WHEN d.quantified = 0 THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       (SELECT group_concat(name, '; ')
          FROM (SELECT DISTINCT o.name FROM donation x
                JOIN donation_donor dd ON dd.donation_id = x.id
                JOIN organization o ON o.id = dd.organization_id
                WHERE x.material_id = m.id ORDER BY o.id)
       ) AS donors,
       d.donations AS donations,
       d.donations - d.quantified AS unquantified,
       (SELECT group_concat(kind, ', ')
          FROM (SELECT DISTINCT kind FROM donation x WHERE x.material_id = m.id ORDER BY kind)
       ) AS kinds
FROM material m
JOIN d ON d.material_id = m.id
ORDER BY m.id;

-- money-by-zone: money donated, raised or allocated per zone, in yuan. `basis` tells a zone that
-- reports money without an amount ('amount not reported') from one that reports none ('none').
-- Gifts (like teams) reported by different articles are taken as different gifts and added.
CREATE VIEW money_by_zone AS
WITH money AS (
    SELECT d.zone_id,
           sum(d.quantity) AS amount,
           count(d.quantity) AS quantified,
           count(*) AS donations,
           max(d.qualifier = 'at_least') OR count(d.quantity) < count(*) AS low,
           max(d.qualifier = 'less_than') AS high,
           max(d.qualifier = 'approx') AS approx
    FROM donation d
    JOIN material m ON m.id = d.material_id
    WHERE m.category = 'money'
    GROUP BY d.zone_id
)
SELECT z.name AS zone,
       z.name_en AS zone_en,
       money.amount AS amount_yuan,
       CASE WHEN coalesce(money.quantified, 0) = 0 THEN NULL
            WHEN low AND high THEN 'unbounded'
            WHEN low THEN 'at_least'
            WHEN high THEN 'less_than'
            WHEN approx THEN 'approx'
            ELSE 'exact' END AS qualifier,
       CASE WHEN money.zone_id IS NULL THEN 'none'
            WHEN money.quantified = 0 THEN 'amount not reported'
            WHEN money.quantified < money.donations THEN 'some amounts not reported'
            ELSE 'all amounts reported' END AS basis,
       coalesce(money.donations, 0) AS donations
FROM zone z
LEFT JOIN money ON money.zone_id = z.id
ORDER BY z.id;

-- people: one row per post (a person with no post named still has a row).
CREATE VIEW people AS
SELECT p.name AS name,
       z.name AS zone,
       coalesce(o.name, t.name) AS organization,
       r.title AS title,
       r.title_en AS title_en,
       p.party_member AS party_member
FROM person p
JOIN zone z ON z.id = p.zone_id
LEFT JOIN person_role r ON r.person_id = p.id
LEFT JOIN organization o ON o.id = r.organization_id
LEFT JOIN team t ON t.id = r.team_id
ORDER BY p.id, r.id;

-- timeline: dated events in date order. The article prints dates without a year.
CREATE VIEW timeline AS
SELECT e.date AS date,
       e.year_inferred AS year_inferred,
       z.name AS zone,
       e.description AS event,
       e.description_en AS event_en
FROM event e
JOIN zone z ON z.id = e.zone_id
ORDER BY e.date, z.id, e.id;

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
