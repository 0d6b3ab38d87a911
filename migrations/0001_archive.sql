-- 0001: the archive's core schema.
--
-- One article (a newspaper page) is split into stories, one story per zone; the page's text is kept
-- verbatim, and every fact row cites a passage of it (table `citation`). Offsets are in characters
-- (Unicode code points), 0-based, end exclusive, into `article.text`, so in any SQLite client
--   substr(article.text, citation.char_start + 1, citation.char_end - citation.char_start)
-- returns the citation's quote.
--
-- Conventions: English table and column names; Chinese values as written in the article; `*_en`
-- columns carry English labels. Unknown values are NULL, never 0. Quantities keep the phrase as
-- written (`*_phrase`) beside the exact integer and qualifier that frontline's parser derives from it.

CREATE TABLE article (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE CHECK (slug <> ''),
    title        TEXT NOT NULL CHECK (title <> ''),
    source_file  TEXT NOT NULL,
    language     TEXT NOT NULL DEFAULT 'zh',
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    text         TEXT NOT NULL,
    sha256       TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')
) STRICT;

CREATE TABLE zone (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE CHECK (name <> ''),
    name_en      TEXT NOT NULL UNIQUE CHECK (name_en <> ''),
    city         TEXT NOT NULL,
    city_en      TEXT NOT NULL,
    province     TEXT NOT NULL,
    province_en  TEXT NOT NULL
) STRICT;

CREATE TABLE story (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES article(id),
    position     INTEGER NOT NULL CHECK (position >= 1),
    zone_id      INTEGER NOT NULL REFERENCES zone(id),
    headline     TEXT NOT NULL CHECK (headline <> ''),
    byline       TEXT,
    UNIQUE (article_id, position)
) STRICT;
CREATE INDEX story_zone ON story(zone_id);

CREATE TABLE story_author (
    story_id     INTEGER NOT NULL REFERENCES story(id),
    position     INTEGER NOT NULL CHECK (position >= 1),
    name         TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (story_id, position)
) STRICT;

-- A paragraph is one block of the extracted page. `source_position` is its place in the page as
-- extracted; `reading_position` its place when the page is read as printed (stories in order, each
-- story's paragraphs in order). A paragraph split by the layout is two rows; the second has
-- `continues_previous` = 1 and joins the one before it in reading order without a break.
CREATE TABLE paragraph (
    id                  INTEGER PRIMARY KEY,
    story_id            INTEGER NOT NULL REFERENCES story(id),
    source_position     INTEGER NOT NULL CHECK (source_position >= 1),
    reading_position    INTEGER NOT NULL CHECK (reading_position >= 1),
    kind                TEXT NOT NULL CHECK (kind IN ('headline', 'byline', 'subheading', 'body')),
    continues_previous  INTEGER NOT NULL DEFAULT 0 CHECK (continues_previous IN (0, 1)),
    char_start          INTEGER NOT NULL CHECK (char_start >= 0),
    char_end            INTEGER NOT NULL CHECK (char_end > char_start),
    text                TEXT NOT NULL CHECK (text <> '')
) STRICT;
CREATE UNIQUE INDEX paragraph_source ON paragraph(story_id, source_position);
CREATE INDEX paragraph_story ON paragraph(story_id, reading_position);

-- The passage a fact comes from: a verbatim quote located inside one paragraph.
CREATE TABLE citation (
    id            INTEGER PRIMARY KEY,
    paragraph_id  INTEGER NOT NULL REFERENCES paragraph(id),
    char_start    INTEGER NOT NULL CHECK (char_start >= 0),
    char_end      INTEGER NOT NULL CHECK (char_end > char_start),
    quote         TEXT NOT NULL CHECK (quote <> ''),
    CHECK (length(quote) = char_end - char_start)
) STRICT;
CREATE INDEX citation_paragraph ON citation(paragraph_id);

CREATE TABLE organization (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE CHECK (name <> ''),
    kind         TEXT NOT NULL CHECK (kind IN (
                     'party_committee', 'working_committee', 'party_branch', 'party_group',
                     'party_organizations', 'company', 'hospital', 'medical_lab', 'police_bureau',
                     'police_station', 'street', 'community', 'village', 'park',
                     'government_office', 'government_department', 'county', 'school', 'university',
                     'department')),
    zone_id      INTEGER REFERENCES zone(id),          -- NULL: outside every high-tech zone
    parent_id    INTEGER REFERENCES organization(id),  -- the organization it is part of
    host_id      INTEGER REFERENCES organization(id),  -- for a party organization: its host unit
    citation_id  INTEGER NOT NULL REFERENCES citation(id),
    note         TEXT,
    CHECK (parent_id IS NULL OR parent_id <> id),
    CHECK (host_id IS NULL OR host_id <> id)
) STRICT;
CREATE INDEX organization_zone ON organization(zone_id);
CREATE INDEX organization_parent ON organization(parent_id);
CREATE INDEX organization_host ON organization(host_id);

-- Another way the article writes an organization's name (三友光电 for 三优光电).
CREATE TABLE organization_alias (
    organization_id  INTEGER NOT NULL REFERENCES organization(id),
    alias            TEXT NOT NULL UNIQUE CHECK (alias <> ''),
    citation_id      INTEGER NOT NULL REFERENCES citation(id),
    PRIMARY KEY (organization_id, alias)
) STRICT;

-- Volunteer teams, task forces and working groups. One row can stand for several teams
-- ("28支先锋队": team_count 28). A row that groups others (海口's "40支队伍") is their `part_of`,
-- so totals count top-level rows only.
CREATE TABLE team (
    id                 INTEGER PRIMARY KEY,
    zone_id            INTEGER REFERENCES zone(id),           -- NULL: not a zone's own team
    kind               TEXT NOT NULL CHECK (kind IN (
                           'volunteer_team', 'shock_team', 'vanguard_team', 'service_team',
                           'grid_team', 'medical_team', 'command_post', 'leading_group',
                           'working_group', 'inspection_group', 'prevention_office',
                           'prevention_group', 'emergency_group', 'mixed')),
    name               TEXT NOT NULL CHECK (name <> ''),
    organizer_id       INTEGER REFERENCES organization(id),  -- NULL: the zone's party organizations at large
    part_of_id         INTEGER REFERENCES team(id),
    team_count         INTEGER NOT NULL DEFAULT 1 CHECK (team_count >= 1),
    count_phrase       TEXT,
    count_qualifier    TEXT NOT NULL DEFAULT 'exact'
                           CHECK (count_qualifier IN ('exact', 'at_least', 'less_than', 'approx')),
    members            INTEGER CHECK (members >= 0),          -- NULL: not reported
    members_phrase     TEXT,
    members_qualifier  TEXT CHECK (members_qualifier IN ('exact', 'at_least', 'less_than', 'approx')),
    citation_id        INTEGER NOT NULL REFERENCES citation(id),
    note               TEXT,
    CHECK ((members IS NULL) = (members_qualifier IS NULL)),
    CHECK (part_of_id IS NULL OR part_of_id <> id)
) STRICT;
CREATE INDEX team_zone ON team(zone_id);
CREATE INDEX team_part_of ON team(part_of_id);
CREATE INDEX team_organizer ON team(organizer_id);

CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (name <> ''),
    zone_id       INTEGER NOT NULL REFERENCES zone(id),
    gender        TEXT CHECK (gender IN ('female', 'male')),   -- only where the article says
    party_member  INTEGER CHECK (party_member IN (0, 1)),      -- NULL: the article does not say
    citation_id   INTEGER NOT NULL REFERENCES citation(id),
    note          TEXT,
    UNIQUE (zone_id, name)
) STRICT;

-- A post a person holds, the title as written.
CREATE TABLE person_role (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER NOT NULL REFERENCES person(id),
    organization_id  INTEGER REFERENCES organization(id),
    team_id          INTEGER REFERENCES team(id),
    title            TEXT NOT NULL CHECK (title <> ''),
    title_en         TEXT NOT NULL,
    citation_id      INTEGER NOT NULL REFERENCES citation(id),
    CHECK (organization_id IS NOT NULL OR team_id IS NOT NULL)
) STRICT;
CREATE INDEX person_role_person ON person_role(person_id);
CREATE INDEX person_role_organization ON person_role(organization_id);

CREATE TABLE material (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE CHECK (name <> ''),
    name_en   TEXT NOT NULL,
    category  TEXT NOT NULL CHECK (category IN (
                  'money', 'protective_equipment', 'disinfection', 'medical_supplies', 'unspecified')),
    unit      TEXT                    -- NULL: the article gives no quantity for this material
) STRICT;

-- Money and materials given, raised, bought or allocated. `kind` says which: 'donated' (捐赠),
-- 'raised' (筹款), 'procured' (采购, bought and passed on), 'special_party_dues' (特殊党费),
-- 'allocated' (拨付, from an organization's own funds).
CREATE TABLE donation (
    id              INTEGER PRIMARY KEY,
    zone_id         INTEGER NOT NULL REFERENCES zone(id),
    kind            TEXT NOT NULL CHECK (kind IN (
                        'donated', 'raised', 'procured', 'special_party_dues', 'allocated')),
    material_id     INTEGER NOT NULL REFERENCES material(id),
    quantity        INTEGER CHECK (quantity >= 0),            -- NULL: not reported
    quantity_phrase TEXT,
    unit            TEXT,
    qualifier       TEXT CHECK (qualifier IN ('exact', 'at_least', 'less_than', 'approx')),
    recipient_id    INTEGER REFERENCES organization(id),
    recipient       TEXT,                                      -- as written, when not one organization
    purpose         TEXT,
    citation_id     INTEGER NOT NULL REFERENCES citation(id),
    note            TEXT,
    CHECK ((quantity IS NULL) = (qualifier IS NULL)),
    CHECK ((quantity IS NULL) = (quantity_phrase IS NULL))
) STRICT;
CREATE INDEX donation_zone ON donation(zone_id);
CREATE INDEX donation_material ON donation(material_id);

CREATE TABLE donation_donor (
    donation_id      INTEGER NOT NULL REFERENCES donation(id),
    organization_id  INTEGER NOT NULL REFERENCES organization(id),
    PRIMARY KEY (donation_id, organization_id)
) STRICT;
CREATE INDEX donation_donor_organization ON donation_donor(organization_id);

-- Reported figures that are not donations. The subject is the zone itself when all of
-- organization_id, team_id and person_id are NULL. `part_of_id` marks a figure contained in a
-- larger one (双源社区's 189 party members within 成都高新区's 1.5万余); `restates_id` marks a
-- figure that repeats one already recorded (a headline's number). Totals use neither.
-- `article_id` is the article of the citation, kept here because per-zone totals group by it
-- (`frontline check` verifies the two agree).
CREATE TABLE figure (
    id               INTEGER PRIMARY KEY,
    article_id       INTEGER NOT NULL REFERENCES article(id),
    zone_id          INTEGER NOT NULL REFERENCES zone(id),
    organization_id  INTEGER REFERENCES organization(id),
    team_id          INTEGER REFERENCES team(id),
    person_id        INTEGER REFERENCES person(id),
    metric           TEXT NOT NULL CHECK (metric GLOB '[a-z]*' AND metric NOT GLOB '*[^a-z_]*'),
    description      TEXT NOT NULL,
    phrase           TEXT NOT NULL CHECK (phrase <> ''),
    value            INTEGER NOT NULL,
    unit             TEXT NOT NULL,
    qualifier        TEXT NOT NULL CHECK (qualifier IN ('exact', 'at_least', 'less_than', 'approx')),
    as_of            TEXT CHECK (as_of IS NULL OR date(as_of) = as_of),
    as_of_year_inferred INTEGER CHECK (as_of_year_inferred IN (0, 1)),
    part_of_id       INTEGER REFERENCES figure(id),
    restates_id      INTEGER REFERENCES figure(id),
    citation_id      INTEGER NOT NULL REFERENCES citation(id),
    note             TEXT,
    CHECK ((organization_id IS NOT NULL) + (team_id IS NOT NULL) + (person_id IS NOT NULL) <= 1),
    CHECK ((as_of IS NULL) = (as_of_year_inferred IS NULL)),
    CHECK (part_of_id IS NULL OR restates_id IS NULL),
    CHECK (part_of_id IS NULL OR part_of_id <> id),
    CHECK (restates_id IS NULL OR restates_id <> id)
) STRICT;
CREATE INDEX figure_zone_metric ON figure(zone_id, metric);
-- Covers the per-zone counts (zone_count): they read only these columns, in this order.
CREATE INDEX figure_count ON figure(metric, zone_id, article_id, part_of_id, restates_id,
                                    organization_id, team_id, person_id, value, qualifier);
CREATE INDEX figure_part_of ON figure(part_of_id);
CREATE INDEX figure_restates ON figure(restates_id);

CREATE TABLE event (
    id                INTEGER PRIMARY KEY,
    zone_id           INTEGER NOT NULL REFERENCES zone(id),
    date              TEXT NOT NULL CHECK (date(date) = date),
    date_phrase       TEXT NOT NULL,
    year_inferred     INTEGER NOT NULL CHECK (year_inferred IN (0, 1)),
    organization_id   INTEGER REFERENCES organization(id),
    person_id         INTEGER REFERENCES person(id),
    description       TEXT NOT NULL CHECK (description <> ''),
    description_en    TEXT NOT NULL CHECK (description_en <> ''),
    citation_id       INTEGER NOT NULL REFERENCES citation(id)
) STRICT;
CREATE INDEX event_zone_date ON event(zone_id, date);

-- Documents the article names (plans, letters, pledges).
CREATE TABLE document (
    id               INTEGER PRIMARY KEY,
    zone_id          INTEGER NOT NULL REFERENCES zone(id),
    title            TEXT NOT NULL CHECK (title <> ''),
    title_en         TEXT NOT NULL,
    issuer_id        INTEGER REFERENCES organization(id),  -- the organization it comes from (its members wrote or issued it)
    citation_id      INTEGER NOT NULL REFERENCES citation(id)
) STRICT;
