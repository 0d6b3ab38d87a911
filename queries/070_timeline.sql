-- name: timeline
-- description: Dated events in date order (the article prints no year: 2020 is inferred)
-- keys: date, event
-- zone: yes

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

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW timeline_sources AS
SELECT e.date AS date, e.description AS event, cs.paragraph, cs.quote, cs.citation_id
FROM event e
JOIN citation_source cs ON cs.citation_id = e.citation_id;
