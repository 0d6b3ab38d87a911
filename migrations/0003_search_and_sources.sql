-- 0003: full-text search over the article's paragraphs, and the sources behind every named query's
-- rows, so that any number frontline prints can be traced to the sentence it came from.

-- The text as it is read: one row per paragraph, a paragraph the page's layout split in two
-- joined again (its second half, `continues_previous`, has no row of its own; the loader allows
-- two halves, not more). `id` is the first half's paragraph id.
CREATE VIEW reading_text AS
SELECT p.id AS id,
       p.text || coalesce(q.text, '') AS text
FROM paragraph p
LEFT JOIN paragraph q
       ON q.story_id = p.story_id AND q.reading_position = p.reading_position + 1
      AND q.continues_previous = 1
WHERE p.continues_previous = 0;

-- Search. Chinese has no spaces between words, so the index is built on character trigrams, over
-- the text as it is read (so a phrase across a split paragraph is found). The text is stored
-- once, in `paragraph` (external content). Paragraphs are only ever written by the loader, which
-- indexes each load's paragraphs once they are all written (one index update per load is far
-- cheaper than one per paragraph).
CREATE VIRTUAL TABLE paragraph_fts USING fts5(
    text,
    content = 'reading_text',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO paragraph_fts (paragraph_fts) VALUES ('rebuild');

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

-- The sources of each named query's rows: for a view V, V_sources holds V's key columns and one
-- row per supporting passage. `frontline query NAME --sources` joins them.

CREATE VIEW party_members_per_zone_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM zone_count_figure zc
JOIN zone z ON z.id = zc.zone_id
JOIN figure f ON f.id = zc.figure_id
JOIN citation_source cs ON cs.citation_id = f.citation_id
WHERE zc.metric = 'party_members'
UNION
SELECT z.name, h.paragraph, h.quote, NULL
FROM zone z
JOIN zone_headline_source h ON h.zone_id = z.id
WHERE NOT EXISTS (SELECT 1 FROM zone_count_figure zc WHERE zc.zone_id = z.id AND zc.metric = 'party_members');

CREATE VIEW organizations_sources AS
SELECT o.name AS name, cs.paragraph, cs.quote, cs.citation_id
FROM organization o
JOIN citation_source cs ON cs.citation_id = o.citation_id
UNION
SELECT o.name, cs.paragraph, cs.quote, cs.citation_id
FROM organization_alias a
JOIN organization o ON o.id = a.organization_id
JOIN citation_source cs ON cs.citation_id = a.citation_id;

CREATE VIEW teams_per_zone_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM team t
JOIN zone z ON z.id = t.zone_id
JOIN citation_source cs ON cs.citation_id = t.citation_id
UNION
SELECT z.name, h.paragraph, h.quote, NULL
FROM zone z
JOIN zone_headline_source h ON h.zone_id = z.id
WHERE NOT EXISTS (SELECT 1 FROM team t WHERE t.zone_id = z.id);

CREATE VIEW donations_by_material_sources AS
SELECT m.name AS material, cs.paragraph, cs.quote, cs.citation_id
FROM donation d
JOIN material m ON m.id = d.material_id
JOIN citation_source cs ON cs.citation_id = d.citation_id;

CREATE VIEW money_by_zone_sources AS
SELECT z.name AS zone, cs.paragraph, cs.quote, cs.citation_id
FROM donation d
JOIN material m ON m.id = d.material_id AND m.category = 'money'
JOIN zone z ON z.id = d.zone_id
JOIN citation_source cs ON cs.citation_id = d.citation_id
UNION
SELECT z.name, h.paragraph, h.quote, NULL
FROM zone z
JOIN zone_headline_source h ON h.zone_id = z.id
WHERE NOT EXISTS (SELECT 1 FROM donation d JOIN material m ON m.id = d.material_id
                  WHERE d.zone_id = z.id AND m.category = 'money');

CREATE VIEW people_sources AS
SELECT p.name AS name, z.name AS zone, r.title AS title, cs.paragraph, cs.quote, cs.citation_id
FROM person p
JOIN zone z ON z.id = p.zone_id
JOIN person_role r ON r.person_id = p.id
JOIN citation_source cs ON cs.citation_id IN (r.citation_id, p.citation_id)
UNION
SELECT p.name, z.name, NULL, cs.paragraph, cs.quote, cs.citation_id
FROM person p
JOIN zone z ON z.id = p.zone_id
JOIN citation_source cs ON cs.citation_id = p.citation_id
WHERE NOT EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id);

CREATE VIEW timeline_sources AS
SELECT e.date AS date, e.description AS event, cs.paragraph, cs.quote, cs.citation_id
FROM event e
JOIN citation_source cs ON cs.citation_id = e.citation_id;

CREATE VIEW figures_sources AS
SELECT f.id AS id, cs.paragraph, cs.quote, cs.citation_id
FROM figure f
JOIN citation_source cs ON cs.citation_id = f.citation_id;

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
