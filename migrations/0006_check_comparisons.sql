-- 0006: the schema's CHECK constraints that list allowed values, written as comparisons.
--
-- Why: SQLite evaluates `CHECK (kind IN ('a', 'b', 'c'))` with a list of more than two values by
-- building a temporary table of the list, once per statement run, so once for every row an
-- import writes. At 1,000 articles that was about a fifth of an import's time (issue 16).
-- `CHECK (kind = 'a' OR kind = 'b' OR kind = 'c')` allows and refuses exactly the same values
-- (NULL included: both are NULL for a NULL value, and a NULL CHECK passes) and costs a few
-- comparisons.
--
-- How: this changes no stored row and no column, only the text of a constraint, so it edits the
-- tables' `CREATE TABLE` text in place, as SQLite documents for changing CHECK constraints
-- (https://www.sqlite.org/lang_altertable.html, "making other kinds of table schema changes"),
-- instead of copying every row of six tables into new ones. Each `replace` changes only the
-- exact text migration 0001 wrote; a table whose text differs (rebuilt by another tool) keeps its
-- constraint as it is, which is equivalent and only slower. The `CREATE`/`DROP` below changes
-- the schema cookie, so other connections read the schema again; `writable_schema = RESET`
-- makes this one read it again now, so a text that did not parse would fail this migration,
-- which then leaves the archive as it was.

PRAGMA writable_schema = ON;

UPDATE sqlite_schema SET sql = replace(sql,
        '(kind IN (''headline'', ''byline'', ''subheading'', ''body''))',
        '(kind = ''headline'' OR kind = ''byline'' OR kind = ''subheading'' OR kind = ''body'')')
WHERE type = 'table' AND name = 'paragraph';

UPDATE sqlite_schema SET sql = replace(sql,
        '(kind IN (
                     ''party_committee'', ''working_committee'', ''party_branch'', ''party_group'',
                     ''party_organizations'', ''company'', ''hospital'', ''medical_lab'', ''police_bureau'',
                     ''police_station'', ''street'', ''community'', ''village'', ''park'',
                     ''government_office'', ''government_department'', ''county'', ''school'', ''university'',
                     ''department''))',
        '(
                     kind = ''party_committee'' OR kind = ''working_committee'' OR kind = ''party_branch'' OR kind = ''party_group'' OR
                     kind = ''party_organizations'' OR kind = ''company'' OR kind = ''hospital'' OR kind = ''medical_lab'' OR kind = ''police_bureau'' OR
                     kind = ''police_station'' OR kind = ''street'' OR kind = ''community'' OR kind = ''village'' OR kind = ''park'' OR
                     kind = ''government_office'' OR kind = ''government_department'' OR kind = ''county'' OR kind = ''school'' OR kind = ''university'' OR
                     kind = ''department'')')
WHERE type = 'table' AND name = 'organization';

UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
        '(kind IN (
                           ''volunteer_team'', ''shock_team'', ''vanguard_team'', ''service_team'',
                           ''grid_team'', ''medical_team'', ''command_post'', ''leading_group'',
                           ''working_group'', ''inspection_group'', ''prevention_office'',
                           ''prevention_group'', ''emergency_group'', ''mixed''))',
        '(
                           kind = ''volunteer_team'' OR kind = ''shock_team'' OR kind = ''vanguard_team'' OR kind = ''service_team'' OR
                           kind = ''grid_team'' OR kind = ''medical_team'' OR kind = ''command_post'' OR kind = ''leading_group'' OR
                           kind = ''working_group'' OR kind = ''inspection_group'' OR kind = ''prevention_office'' OR
                           kind = ''prevention_group'' OR kind = ''emergency_group'' OR kind = ''mixed'')'),
        '(count_qualifier IN (''exact'', ''at_least'', ''less_than'', ''approx''))',
        '(count_qualifier = ''exact'' OR count_qualifier = ''at_least'' OR count_qualifier = ''less_than'' OR count_qualifier = ''approx'')'),
        '(members_qualifier IN (''exact'', ''at_least'', ''less_than'', ''approx''))',
        '(members_qualifier = ''exact'' OR members_qualifier = ''at_least'' OR members_qualifier = ''less_than'' OR members_qualifier = ''approx'')')
WHERE type = 'table' AND name = 'team';

UPDATE sqlite_schema SET sql = replace(sql,
        '(category IN (
                  ''money'', ''protective_equipment'', ''disinfection'', ''medical_supplies'', ''unspecified''))',
        '(
                  category = ''money'' OR category = ''protective_equipment'' OR category = ''disinfection'' OR category = ''medical_supplies'' OR category = ''unspecified'')')
WHERE type = 'table' AND name = 'material';

UPDATE sqlite_schema SET sql = replace(replace(sql,
        '(kind IN (
                        ''donated'', ''raised'', ''procured'', ''special_party_dues'', ''allocated''))',
        '(
                        kind = ''donated'' OR kind = ''raised'' OR kind = ''procured'' OR kind = ''special_party_dues'' OR kind = ''allocated'')'),
        '(qualifier IN (''exact'', ''at_least'', ''less_than'', ''approx''))',
        '(qualifier = ''exact'' OR qualifier = ''at_least'' OR qualifier = ''less_than'' OR qualifier = ''approx'')')
WHERE type = 'table' AND name = 'donation';

UPDATE sqlite_schema SET sql = replace(sql,
        '(qualifier IN (''exact'', ''at_least'', ''less_than'', ''approx''))',
        '(qualifier = ''exact'' OR qualifier = ''at_least'' OR qualifier = ''less_than'' OR qualifier = ''approx'')')
WHERE type = 'table' AND name = 'figure';

CREATE TABLE schema_changed (x);
DROP TABLE schema_changed;
PRAGMA writable_schema = RESET;
