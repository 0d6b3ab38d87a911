-- 0008: an index on event(date, description), the keys of the timeline query.
--
-- Why: `frontline query timeline --sources` finds each row's passages in timeline_sources by the
-- row's keys, date and event (the event's description). Without an index on them every lookup
-- read every event: 70 s for the 40,000 events of 10,001 synthetic articles, growing with the
-- square of the archive. With it each lookup is one index search (0.7 s in all, the same output).
-- The other listings' sources views are reached through primary keys or existing indexes; the
-- aggregates read their sources in one pass instead (`-- sources: grouped` in queries/).
--
-- A load that at least doubles the archive sets this index aside and builds it again at its end,
-- as it does every index that enforces nothing (src/archive/load.rs).

CREATE INDEX event_date_description ON event(date, description);
