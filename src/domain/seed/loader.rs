//! Loading one parsed article: its records in file order, each checked ([`super::validate`]) and
//! then written ([`crate::archive::load::Writer`]).
//!
//! What stays here, rather than in `validate`, is what needs the archive or the ids it hands out:
//! reusing a row an earlier article stored (and refusing it when it disagrees: a zone's English
//! name, an organization's kind, a material's unit), sharing one citation row per passage, and
//! registering each written row under its key so later records can name it.

use std::collections::HashMap;

use super::Spent;
use super::parse::Parsed;
use super::validate::{
    self, DonationDerived, EventDerived, FigureDerived, FigureRow, Located, Names,
    OrganizationDerived, PersonDerived, Place, TeamDerived, TeamRow, label,
};
use crate::archive::load::{self as rows, Writer};
use crate::domain::model::{self, Cited};
use crate::domain::quantity::{Qualifier, Quantity};
use crate::error::Result;

/// Loads one parsed article through `w` (whose connection the caller has inside a transaction)
/// and returns what is left of it, to be freed. (Its paragraphs are added to the search index
/// at the end of the load, from the paragraph table.)
pub(super) fn load(w: &Writer, parsed: Parsed) -> Result<Spent> {
    let Parsed {
        dir,
        text,
        article,
        facts,
        derived,
    } = parsed;
    let mut loader = Loader {
        w,
        at: Place {
            dir: &dir,
            file: "article.toml",
        },
        article_id: 0,
        paragraph_ids: Vec::new(),
        citations: HashMap::new(),
        names: Names::default(),
    };
    loader.article_id = loader.article(&text, &article, &derived.sha256)?;
    loader.at.file = "facts.toml";
    loader.organizations(&facts.organization, derived.organizations)?;
    loader.teams(&facts.team, derived.teams)?;
    loader.people(&facts.person, derived.people)?;
    loader.materials(&facts.material, &derived.materials)?;
    loader.donations(&facts.donation, derived.donations)?;
    loader.figures(&facts.figure, derived.figures)?;
    loader.events(&facts.event, derived.events)?;
    loader.documents(&facts.document, derived.documents)?;
    drop(loader);
    Ok(Spent {
        _held: Box::new((dir, text, article, facts, derived.materials)),
    })
}

struct Loader<'a, 'w> {
    w: &'a Writer<'w>,
    /// The file being loaded, for messages.
    at: Place<'a>,
    /// The article being loaded (set once it is written).
    article_id: i64,
    /// The article's paragraphs' row ids, in reading order.
    paragraph_ids: Vec<i64>,
    /// One citation row per passage: (paragraph id, start, end) → citation id.
    citations: HashMap<(i64, usize, usize), i64>,
    names: Names<'a>,
}

impl<'a> Loader<'a, '_> {
    /// Maps a statement's error to one naming the record the archive refused.
    fn sql<T>(&self, record: &str, r: rusqlite::Result<T>) -> Result<T> {
        r.map_err(|e| self.failed(record, &e))
    }

    /// A statement's error: the seed's fault only when its values broke a constraint; a full
    /// disk, a read-only archive or a lock is the archive's, with its own fix.
    fn failed(&self, record: &str, e: &rusqlite::Error) -> crate::error::Error {
        let at = &self.at;
        self.w
            .failed(&format!("{record} of {}/{}", at.dir, at.file), e, || {
                at.rejected(record, e)
            })
    }

    /// The citation row of the record's passage (one row per passage), `located` in the
    /// article as [`validate::derive`] found it.
    fn cite(&mut self, record: &str, r: &impl Cited, located: Located) -> Result<i64> {
        let (reading, start, end) = located?;
        let paragraph_id = *usize::try_from(reading)
            .ok()
            .and_then(|i| self.paragraph_ids.get(i))
            .expect("a quote is located in a paragraph the article wrote");
        let key = (paragraph_id, start, end);
        if let Some(id) = self.citations.get(&key) {
            return Ok(*id);
        }
        let id = self.sql(
            record,
            self.w
                .insert_citation(paragraph_id, start as i64, end as i64, r.cite().quote),
        )?;
        self.citations.insert(key, id);
        Ok(id)
    }

    /// Writes the article, its zones, stories and paragraphs; returns the article's id.
    fn article(&mut self, text: &'a str, a: &'a model::ArticleFile, sha: &str) -> Result<i64> {
        validate::text_matches(&self.at, sha, &a.article)?;
        let article_id = self.new_article(text, &a.article, sha)?;
        self.zones(&a.zone)?;
        let blocks = validate::blocks(text);
        let mut used = vec![None; blocks.len()];
        let mut reading = 0;
        for (si, s) in a.story.iter().enumerate() {
            let story = validate::story(&self.at, &self.names, si, s, &blocks, &mut used)?;
            self.write_story(article_id, si, story, &mut reading)?;
        }
        validate::every_block_used(&self.at, &blocks, &used)?;
        Ok(article_id)
    }

    /// Writes the article row, refusing one the archive already holds (same slug or same text).
    fn new_article(&self, text: &str, meta: &model::ArticleMeta, sha: &str) -> Result<i64> {
        let record = "[article]";
        if let Some(slug) = self.sql(record, self.w.find_article(&meta.slug, sha))? {
            return Err(self.at.bad(
                record,
                format!("the archive already holds this article (as \"{slug}\"): the same slug or the same text"),
            ));
        }
        let row = rows::Article {
            slug: &meta.slug,
            title: &meta.title,
            source_file: &meta.source_file,
            year: meta.year,
            text,
            sha256: sha,
        };
        self.sql(record, self.w.insert_article(&row))
    }

    /// Registers the article's zones, writing those the archive does not hold yet. A stored zone
    /// is checked against the archive (its English name), so this cannot be validated apart.
    fn zones(&mut self, zones: &[model::Zone]) -> Result<()> {
        for (i, z) in zones.iter().enumerate() {
            let record = label("zone", i, &z.name);
            let id = match self.sql(&record, self.w.find_zone(&z.name))? {
                Some((id, name_en)) if name_en == z.name_en => id,
                Some((_, name_en)) => {
                    return Err(self.at.bad(
                        &record,
                        format!("the archive already has this zone as \"{name_en}\""),
                    ));
                }
                None => {
                    let row = rows::Zone {
                        name: &z.name,
                        name_en: &z.name_en,
                        city: &z.city,
                        city_en: &z.city_en,
                        province: &z.province,
                        province_en: &z.province_en,
                    };
                    self.sql(&record, self.w.insert_zone(&row))?
                }
            };
            if self.names.zones.insert(z.name.clone(), id).is_some() {
                return Err(self.at.bad(&record, "zone listed twice"));
            }
        }
        Ok(())
    }

    /// Writes a validated story: the story row, its authors and its paragraphs, registering each
    /// paragraph's key (whose row id quotes are located against).
    fn write_story(
        &mut self,
        article_id: i64,
        si: usize,
        story: validate::Story<'a>,
        reading: &mut i64,
    ) -> Result<()> {
        let record = &story.record;
        let story_id = self.sql(
            record,
            self.w.insert_story(
                article_id,
                si as i64 + 1,
                story.zone_id,
                story.headline,
                story.byline,
            ),
        )?;
        for (ai, author) in story.authors.iter().enumerate() {
            self.sql(
                record,
                self.w.insert_story_author(story_id, ai as i64 + 1, author),
            )?;
        }
        for (p, b) in story.paragraphs {
            *reading += 1;
            let precord = || format!("{record}, paragraph {}", p.key);
            let row = rows::Paragraph {
                story_id,
                source_position: b.source_position as i64,
                reading_position: *reading,
                kind: p.kind.as_str(),
                continues_previous: p.continues,
                char_start: b.char_start as i64,
                char_end: b.char_end as i64,
                text: b.text,
            };
            let id = self
                .w
                .insert_paragraph(&row)
                .map_err(|e| self.failed(&precord(), &e))?;
            self.paragraph_ids.push(id);
            if !self.names.paragraphs.insert(&p.key) {
                return Err(self.at.bad(
                    &precord(),
                    format!("paragraph key \"{}\" is used twice", p.key),
                ));
            }
        }
        Ok(())
    }

    fn organizations(
        &mut self,
        orgs: &[model::Organization],
        derived: Vec<OrganizationDerived>,
    ) -> Result<()> {
        let mut ids = Vec::with_capacity(orgs.len());
        let mut labels = Vec::with_capacity(orgs.len());
        for (o, d) in orgs.iter().zip(derived) {
            ids.push(self.organization(&d.record, o, d.cite, d.aliases)?);
            labels.push(d.record);
        }
        // Parents and hosts may be listed after the organizations that name them.
        for ((o, id), record) in orgs.iter().zip(&ids).zip(&labels) {
            let org = |name: &Option<String>| {
                name.as_deref()
                    .map(|n| self.names.org(&self.at, record, n))
                    .transpose()
            };
            let (parent, host) = (org(&o.parent)?, org(&o.host)?);
            if parent == Some(*id) || host == Some(*id) {
                return Err(self
                    .at
                    .bad(record, "an organization cannot be its own parent or host"));
            }
            if parent.is_some() || host.is_some() {
                self.sql(
                    record,
                    self.w.set_organization_parent_host(*id, parent, host),
                )?;
            }
        }
        Ok(())
    }

    /// Writes (or finds) one organization and its aliases; returns its id.
    fn organization(
        &mut self,
        record: &str,
        o: &model::Organization,
        located: Located,
        aliases: Vec<(String, Located)>,
    ) -> Result<i64> {
        let zone_id = o
            .zone
            .as_deref()
            .map(|z| self.names.zone(&self.at, record, z))
            .transpose()?;
        let citation = self.cite(record, o, located)?;
        // An organization an earlier article already named is the same row.
        let id = match self.sql(record, self.w.find_organization(&o.name))? {
            Some((id, kind)) if kind == o.kind => id,
            Some((_, kind)) => {
                return Err(self.at.bad(
                    record,
                    format!(
                        "the archive already has this organization as a {kind}, not a {}",
                        o.kind
                    ),
                ));
            }
            None => self.sql(
                record,
                self.w
                    .insert_organization(&o.name, &o.kind, zone_id, citation, o.note.as_deref()),
            )?,
        };
        self.names.name_org(&self.at, record, &o.name, id)?;
        for (a, (arecord, located)) in o.aliases.iter().zip(aliases) {
            if !a.quote.contains(&a.name) {
                return Err(self.at.bad(&arecord, "the alias is not in its quote"));
            }
            let citation = self.cite(&arecord, a, located)?;
            self.sql(
                &arecord,
                self.w.insert_organization_alias(id, &a.name, citation),
            )?;
            self.names.name_org(&self.at, &arecord, &a.name, id)?;
        }
        Ok(id)
    }

    fn teams(&mut self, teams: &[model::Team], derived: Vec<TeamDerived>) -> Result<()> {
        let mut written = Vec::with_capacity(teams.len());
        for (t, d) in teams.iter().zip(derived) {
            let row = self.team(&d.record, t, d.cite, d.count, d.members)?;
            written.push((d.record, row));
        }
        // part_of: the parent must be in the same zone and hold at least as many teams as the
        // records nested in it.
        let mut nested: HashMap<i64, i64> = HashMap::new();
        for (t, (record, row)) in teams.iter().zip(&written) {
            let Some(key) = &t.part_of else { continue };
            let parent_id =
                validate::team_part_of(&self.at, &self.names, record, key, *row, &mut nested)?;
            self.sql(record, self.w.set_team_part_of(row.0, parent_id))?;
        }
        Ok(())
    }

    /// Writes one team record; returns its id, zone and number of teams.
    fn team(
        &mut self,
        record: &str,
        t: &model::Team,
        located: Located,
        count: Option<Result<Quantity>>,
        members: Option<Result<Quantity>>,
    ) -> Result<(i64, Option<i64>, i64)> {
        let zone_id = t
            .zone
            .as_deref()
            .map(|z| self.names.zone(&self.at, record, z))
            .transpose()?;
        let organizer = t
            .organizer
            .as_deref()
            .map(|o| self.names.org(&self.at, record, o))
            .transpose()?;
        let (count, members) = (count.transpose()?, members.transpose()?);
        if count.as_ref().is_some_and(|c| c.value < 1) {
            return Err(self
                .at
                .bad(record, "a team record stands for at least one team"));
        }
        let citation = self.cite(record, t, located)?;
        let (team_count, count_qualifier) = count
            .as_ref()
            .map_or((1, Qualifier::Exact), |c| (c.value, c.qualifier));
        let row = rows::Team {
            zone_id,
            kind: &t.kind,
            name: &t.name,
            organizer_id: organizer,
            team_count,
            count_phrase: t.count.as_deref(),
            count_qualifier: count_qualifier.as_str(),
            members: members.as_ref().map(|m| m.value),
            members_phrase: t.members.as_deref(),
            members_qualifier: members.as_ref().map(|m| m.qualifier.as_str()),
            citation_id: citation,
            note: t.note.as_deref(),
        };
        let id = self.sql(record, self.w.insert_team(&row))?;
        if let Some(key) = &t.key {
            let row = TeamRow {
                id,
                zone_id,
                count: team_count,
                qualifier: count_qualifier,
            };
            if self.names.teams.insert(key.clone(), row).is_some() {
                return Err(self
                    .at
                    .bad(record, format!("team key \"{key}\" is used twice")));
            }
        }
        Ok((id, zone_id, team_count))
    }

    fn people(&mut self, people: &[model::Person], derived: Vec<PersonDerived>) -> Result<()> {
        for (p, d) in people.iter().zip(derived) {
            let record = &d.record;
            let zone_id = self.names.zone(&self.at, record, &p.zone)?;
            if !p.quote.contains(&p.name) {
                return Err(self.at.bad(record, "the name is not in the quote"));
            }
            if let Some(g) = p.gender.as_deref()
                && !matches!(g, "female" | "male")
            {
                return Err(self.at.bad(
                    record,
                    format!("gender \"{g}\" is neither female nor male (omit it when the page does not say)"),
                ));
            }
            let citation = self.cite(record, p, d.cite)?;
            // A person an earlier article named in the same zone is the same row.
            let id = match self.sql(record, self.w.find_person(zone_id, &p.name))? {
                Some(id) => {
                    self.sql(record, self.w.fill_person_party_member(id, p.party_member))?;
                    self.sql(record, self.w.fill_person_gender(id, p.gender.as_deref()))?;
                    id
                }
                None => self.sql(
                    record,
                    self.w.insert_person(
                        &p.name,
                        zone_id,
                        p.party_member,
                        p.gender.as_deref(),
                        citation,
                        p.note.as_deref(),
                    ),
                )?,
            };
            if self
                .names
                .people
                .insert((zone_id, p.name.clone()), id)
                .is_some()
            {
                return Err(self
                    .at
                    .bad(record, "this person is listed twice in the zone"));
            }
            self.roles(id, &p.roles, d.roles)?;
        }
        Ok(())
    }

    /// Writes a person's roles, each in an organization or a team.
    fn roles(
        &mut self,
        person_id: i64,
        roles: &[model::Role],
        derived: Vec<(String, Located)>,
    ) -> Result<()> {
        for (r, (rrecord, located)) in roles.iter().zip(derived) {
            let (org, team) = match (&r.org, &r.team) {
                (Some(o), None) => (Some(self.names.org(&self.at, &rrecord, o)?), None),
                (None, Some(t)) => (None, Some(self.names.team(&self.at, &rrecord, t)?.id)),
                _ => {
                    return Err(self.at.bad(&rrecord, "a role names either `org` or `team`"));
                }
            };
            if !r.quote.contains(&r.title) {
                return Err(self.at.bad(
                    &rrecord,
                    format!("the title \"{}\" is not in the quote", r.title),
                ));
            }
            let citation = self.cite(&rrecord, r, located)?;
            self.sql(
                &rrecord,
                self.w
                    .insert_person_role(person_id, org, team, &r.title, &r.title_en, citation),
            )?;
        }
        Ok(())
    }

    /// Registers materials, writing those the archive does not hold yet. A stored material must
    /// be counted in the same unit, which only the archive can tell.
    fn materials(&mut self, materials: &[model::Material], labels: &[String]) -> Result<()> {
        for (m, record) in materials.iter().zip(labels) {
            // A material an earlier article already uses is the same row, in the same unit.
            let id = match self.sql(record, self.w.find_material(&m.name))? {
                Some((id, unit)) if unit == m.unit => id,
                Some((_, unit)) => {
                    return Err(self.at.bad(
                        record,
                        format!(
                            "the archive counts this material in {}",
                            unit.as_deref().unwrap_or("no unit")
                        ),
                    ));
                }
                None => self.sql(
                    record,
                    self.w
                        .insert_material(&m.name, &m.name_en, &m.category, m.unit.as_deref()),
                )?,
            };
            self.names
                .materials
                .insert(m.name.clone(), (id, m.unit.clone()));
        }
        Ok(())
    }

    fn donations(
        &mut self,
        donations: &[model::Donation],
        derived: Vec<DonationDerived>,
    ) -> Result<()> {
        for (d, derived) in donations.iter().zip(derived) {
            self.donation(&derived.record, d, derived.cite, derived.quantity)?;
        }
        Ok(())
    }

    fn donation(
        &mut self,
        record: &str,
        d: &model::Donation,
        located: Located,
        quantity: Option<Result<Quantity>>,
    ) -> Result<()> {
        let (at, names) = (&self.at, &self.names);
        let zone_id = names.zone(at, record, &d.zone)?;
        let (material_id, unit) = names.material(at, record, &d.material)?;
        let quantity = quantity.transpose()?;
        if let Some(q) = &quantity
            && unit.as_deref() != Some(q.unit.as_str())
        {
            return Err(at.bad(
                record,
                format!(
                    "the quantity is in {}, but {} is counted in {}",
                    q.unit,
                    d.material,
                    unit.as_deref().unwrap_or("no unit")
                ),
            ));
        }
        if d.recipient.is_some() && d.recipient_text.is_some() {
            return Err(at.bad(record, "give `recipient` or `recipient_text`, not both"));
        }
        let recipient = d
            .recipient
            .as_deref()
            .map(|r| names.org(at, record, r))
            .transpose()?;
        let donors = d
            .donors
            .iter()
            .map(|n| names.org(at, record, n))
            .collect::<Result<Vec<_>>>()?;
        let citation = self.cite(record, d, located)?;
        let row = rows::Donation {
            zone_id,
            kind: &d.kind,
            material_id,
            quantity: quantity.as_ref().map(|q| q.value),
            quantity_phrase: d.quantity.as_deref(),
            unit: unit.as_deref(),
            qualifier: quantity.as_ref().map(|q| q.qualifier.as_str()),
            recipient_id: recipient,
            recipient: d.recipient_text.as_deref(),
            purpose: d.purpose.as_deref(),
            citation_id: citation,
            note: d.note.as_deref(),
        };
        let id = self.sql(record, self.w.insert_donation(&row))?;
        for donor in donors {
            self.sql(record, self.w.insert_donation_donor(id, donor))?;
        }
        Ok(())
    }

    fn figures(&mut self, figures: &[model::Figure], derived: Vec<FigureDerived>) -> Result<()> {
        let mut written = Vec::with_capacity(figures.len());
        for (f, d) in figures.iter().zip(derived) {
            let (id, zone_id, q) = self.figure(&d.record, f, d.cite, d.quantity, d.as_of)?;
            written.push((d.record, id, zone_id, q));
        }
        // Links are checked once every keyed figure is known: a figure may refer to a later one.
        for (f, (record, id, zone_id, q)) in figures.iter().zip(&written) {
            let link = validate::figure_link(
                &self.at,
                &self.names.figures,
                record,
                f,
                (*id, *zone_id, q),
            )?;
            if let Some((link, target_id)) = link {
                self.sql(record, self.w.link_figure(*id, link, target_id))?;
            }
        }
        Ok(())
    }

    /// Writes one figure; returns its id, zone and quantity.
    fn figure(
        &mut self,
        record: &str,
        f: &model::Figure,
        located: Located,
        quantity: Result<Quantity>,
        as_of: Option<Result<(String, bool)>>,
    ) -> Result<(i64, i64, Quantity)> {
        let (at, names) = (&self.at, &self.names);
        let zone_id = names.zone(at, record, &f.zone)?;
        let subjects = [f.org.is_some(), f.team.is_some(), f.person.is_some()];
        if subjects.iter().filter(|s| **s).count() > 1 {
            return Err(at.bad(
                record,
                "a figure has one subject: `org`, `team` or `person`",
            ));
        }
        let org = f
            .org
            .as_deref()
            .map(|o| names.org(at, record, o))
            .transpose()?;
        let team = f
            .team
            .as_deref()
            .map(|t| names.team(at, record, t).map(|t| t.id))
            .transpose()?;
        let person = f
            .person
            .as_deref()
            .map(|p| names.person(at, record, zone_id, p))
            .transpose()?;
        let q = quantity?;
        let as_of = as_of.transpose()?;
        let citation = self.cite(record, f, located)?;
        let row = rows::Figure {
            zone_id,
            organization_id: org,
            team_id: team,
            person_id: person,
            metric: &f.metric,
            description: &f.description,
            phrase: &f.phrase,
            value: q.value,
            unit: &q.unit,
            qualifier: q.qualifier.as_str(),
            as_of: as_of.as_ref().map(|(d, _)| d.as_str()),
            as_of_year_inferred: as_of.as_ref().map(|(_, inferred)| *inferred),
            citation_id: citation,
            note: f.note.as_deref(),
            article_id: self.article_id,
        };
        let id = self.sql(record, self.w.insert_figure(&row))?;
        if let Some(key) = &f.key {
            let row = FigureRow {
                id,
                zone_id,
                metric: f.metric.clone(),
                value: q.value,
                qualifier: q.qualifier,
                restates: f.restates.is_some(),
            };
            if self.names.figures.insert(key.clone(), row).is_some() {
                return Err(self
                    .at
                    .bad(record, format!("figure key \"{key}\" is used twice")));
            }
        }
        Ok((id, zone_id, q))
    }

    fn events(&mut self, events: &[model::Event], derived: Vec<EventDerived>) -> Result<()> {
        for (e, d) in events.iter().zip(derived) {
            let record = d.record;
            let (at, names) = (&self.at, &self.names);
            let zone_id = names.zone(at, &record, &e.zone)?;
            let (date, inferred) = d.date?;
            let org = e
                .org
                .as_deref()
                .map(|o| names.org(at, &record, o))
                .transpose()?;
            let person = e
                .person
                .as_deref()
                .map(|p| names.person(at, &record, zone_id, p))
                .transpose()?;
            let citation = self.cite(&record, e, d.cite)?;
            let row = rows::Event {
                zone_id,
                date: &date,
                date_phrase: &e.date,
                year_inferred: inferred,
                organization_id: org,
                person_id: person,
                description: &e.description,
                description_en: &e.description_en,
                citation_id: citation,
            };
            self.sql(&record, self.w.insert_event(&row))?;
        }
        Ok(())
    }

    fn documents(
        &mut self,
        documents: &[model::Document],
        derived: Vec<(String, Located)>,
    ) -> Result<()> {
        for (d, (record, located)) in documents.iter().zip(derived) {
            let record = &record;
            let zone_id = self.names.zone(&self.at, record, &d.zone)?;
            if !d.quote.contains(&d.title) {
                return Err(self.at.bad(record, "the title is not in the quote"));
            }
            let issuer = d
                .issuer
                .as_deref()
                .map(|o| self.names.org(&self.at, record, o))
                .transpose()?;
            let citation = self.cite(record, d, located)?;
            self.sql(
                record,
                self.w
                    .insert_document(zone_id, &d.title, &d.title_en, issuer, citation),
            )?;
        }
        Ok(())
    }
}
