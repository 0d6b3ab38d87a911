-- 0004: the search index in the layout other tools recognise, and indexes for short words.
--
-- 0003 indexed the text as read (a paragraph the layout split, joined again) through the view
-- `reading_text`. sqlite-utils and Datasette only recognise an FTS table whose external content
-- is a table, named as content="<table>", with the table's rowid: so the index now holds each
-- `paragraph` row's own text, keyed by its id. `frontline search` still matches the text as read:
-- split paragraphs are few, and it checks each of them whole (see src/archive/search.rs). A
-- 'rebuild' (by sqlite-utils, or `export sql`'s script) now gives exactly this index back.
DROP TABLE paragraph_fts;
CREATE VIRTUAL TABLE paragraph_fts USING fts5(
    text,
    content="paragraph",
    content_rowid="id",
    tokenize="trigram"
);
INSERT INTO paragraph_fts (paragraph_fts) VALUES ('rebuild');

-- Two-character words (口罩, 党员) are too short for trigrams. A paragraph holds one either
-- followed by another character (so the index has a trigram that starts with it: search reads
-- those from the index's vocabulary) or as its last two characters: this index finds those.
-- lower() as search folds Latin letters.
CREATE INDEX paragraph_tail ON paragraph(lower(substr(text, -2)));

-- The second halves of split paragraphs, which search reads whole with their first halves.
CREATE INDEX paragraph_continues ON paragraph(story_id, reading_position) WHERE continues_previous = 1;
