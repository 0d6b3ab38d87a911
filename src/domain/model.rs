//! The seed's data model: the records of `article.toml` and `facts.toml`, read with serde.
//!
//! These types mirror the files a researcher edits by hand, field for field; they hold names and
//! phrases as written, not database ids or derived numbers. The loader ([`crate::domain::seed`]) resolves
//! the names, locates the quotes and derives the values. Unknown fields are rejected, so a typo in
//! a field name is an error rather than a silently missing fact.

use serde::Deserialize;

/// `article.toml`: the article, the zones its stories belong to, and how to read the page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFile {
    /// The article's own metadata.
    pub article: ArticleMeta,
    /// Zones the stories belong to.
    #[serde(default)]
    pub zone: Vec<Zone>,
    /// Stories, in the order the page prints their headlines.
    pub story: Vec<Story>,
}

/// Metadata of one article.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    /// Stable identifier of the article in the archive.
    pub slug: String,
    /// A title for the whole page.
    pub title: String,
    /// The name of the file the text was extracted to.
    pub source_file: String,
    /// sha256 of `article.txt`, lowercase hex; checked on every load.
    pub sha256: String,
    /// The year dates without a year belong to.
    pub year: i32,
}

/// A high-tech zone (reference data).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Chinese name, as the page writes it.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// City, Chinese.
    pub city: String,
    /// City, English.
    pub city_en: String,
    /// Province, Chinese.
    pub province: String,
    /// Province, English.
    pub province_en: String,
}

/// A story: one zone's report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// The zone (Chinese name) the story reports on.
    pub zone: String,
    /// Authors named in the byline.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The story's paragraphs in reading order.
    pub paragraphs: Vec<Paragraph>,
}

/// What a paragraph is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// The story's headline.
    Headline,
    /// The byline (► authors).
    Byline,
    /// A section heading inside a story.
    Subheading,
    /// Running text.
    #[default]
    Body,
}

impl ParagraphKind {
    /// The value stored in `paragraph.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Headline => "headline",
            ParagraphKind::Byline => "byline",
            ParagraphKind::Subheading => "subheading",
            ParagraphKind::Body => "body",
        }
    }
}

/// One paragraph of a story, named by the start of its text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    /// How facts cite this paragraph.
    pub key: String,
    /// Headline, byline, subheading or body (the default).
    #[serde(default)]
    pub kind: ParagraphKind,
    /// The start of the paragraph's text; must match exactly one paragraph of the page, or be the
    /// whole text of one (a line printed word for word more than once is listed once per copy).
    pub starts: String,
    /// The second half of a paragraph the layout split in two.
    #[serde(default)]
    pub continues: bool,
}

/// `facts.toml`: everything the page reports.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    /// Named organizations.
    #[serde(default)]
    pub organization: Vec<Organization>,
    /// Volunteer teams and task forces.
    #[serde(default)]
    pub team: Vec<Team>,
    /// Named people.
    #[serde(default)]
    pub person: Vec<Person>,
    /// Materials donations are counted in.
    #[serde(default)]
    pub material: Vec<Material>,
    /// Donations of money and materials.
    #[serde(default)]
    pub donation: Vec<Donation>,
    /// Reported figures that are not donations.
    #[serde(default)]
    pub figure: Vec<Figure>,
    /// Dated events.
    #[serde(default)]
    pub event: Vec<Event>,
    /// Documents the page names.
    #[serde(default)]
    pub document: Vec<Document>,
}

/// The passage a record cites: a paragraph key and a verbatim quote from it.
#[derive(Debug, Clone, Copy)]
pub struct Cite<'a> {
    /// Paragraph key from `article.toml`.
    pub p: &'a str,
    /// Verbatim text of that paragraph.
    pub quote: &'a str,
    /// Which occurrence, when the quote occurs more than once (1-based).
    pub nth: Option<usize>,
}

/// Implemented by every record that carries `p`, `quote` and `nth`.
pub trait Cited {
    /// The record's citation.
    fn cite(&self) -> Cite<'_>;
}

macro_rules! cited {
    ($($t:ty),*) => {$(
        impl Cited for $t {
            fn cite(&self) -> Cite<'_> {
                Cite { p: &self.p, quote: &self.quote, nth: self.nth }
            }
        }
    )*};
}
cited!(
    Organization,
    Alias,
    Team,
    Person,
    Role,
    Donation,
    Figure,
    Event,
    Document
);

/// A named organization.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Name as written.
    pub name: String,
    /// Kind (see the schema's CHECK list).
    pub kind: String,
    /// Zone; omitted for bodies outside the zones.
    pub zone: Option<String>,
    /// The organization it is part of.
    pub parent: Option<String>,
    /// For a party organization, the unit it is set up in.
    pub host: Option<String>,
    /// Other ways the page writes the name.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// Free-text remark.
    pub note: Option<String>,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// Another spelling of an organization's name, with where it is written so.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The other spelling; must occur in the quote.
    pub name: String,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A team, task force or working group; one record can stand for several teams.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// How other records refer to this team.
    pub key: Option<String>,
    /// Name as written.
    pub name: String,
    /// Kind (see the schema's CHECK list).
    pub kind: String,
    /// Zone; omitted for a team that is not a zone's own.
    pub zone: Option<String>,
    /// The organization that formed it.
    pub organizer: Option<String>,
    /// How many teams, as written (两支, 28支); omitted means one.
    pub count: Option<String>,
    /// How many members, as written.
    pub members: Option<String>,
    /// Key of a team record that already counts this one.
    pub part_of: Option<String>,
    /// Free-text remark.
    pub note: Option<String>,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A named person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name as written; must occur in the quote.
    pub name: String,
    /// Zone whose story names the person.
    pub zone: String,
    /// Whether the page says the person is a party member; omitted when it does not say.
    pub party_member: Option<bool>,
    /// `female` or `male`, only where the page says (a pronoun, 有孕在身); omitted otherwise.
    pub gender: Option<String>,
    /// Posts held.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Free-text remark.
    pub note: Option<String>,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A post held by a person, in an organization or a team.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The organization (name or alias).
    pub org: Option<String>,
    /// The team (key).
    pub team: Option<String>,
    /// Title as written.
    pub title: String,
    /// Title in English.
    pub title_en: String,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A material donations are counted in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Category (money, protective_equipment, ...).
    pub category: String,
    /// Unit quantities are counted in; omitted when the page gives none.
    pub unit: Option<String>,
}

/// A donation of money or materials.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Donation {
    /// Zone whose story reports it.
    pub zone: String,
    /// donated, raised, procured, special_party_dues or allocated.
    pub kind: String,
    /// Material name.
    pub material: String,
    /// Quantity as written; omitted when the page gives none.
    pub quantity: Option<String>,
    /// Donor organizations (names or aliases).
    #[serde(default)]
    pub donors: Vec<String>,
    /// Recipient organization (name or alias).
    pub recipient: Option<String>,
    /// Recipient as written, when it is not one organization.
    pub recipient_text: Option<String>,
    /// What it is for, as written.
    pub purpose: Option<String>,
    /// Free-text remark.
    pub note: Option<String>,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A reported figure that is not a donation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// How other figures refer to this one.
    pub key: Option<String>,
    /// Zone whose story reports it.
    pub zone: String,
    /// Subject organization, when not the zone.
    pub org: Option<String>,
    /// Subject team (key), when not the zone.
    pub team: Option<String>,
    /// Subject person, when not the zone.
    pub person: Option<String>,
    /// What is counted (snake_case English).
    pub metric: String,
    /// What is counted, in the page's words.
    pub description: String,
    /// The quantity as written.
    pub phrase: String,
    /// Date as printed (2月2日) the figure is reported as of.
    pub as_of: Option<String>,
    /// Key of a larger figure this one is part of.
    pub part_of: Option<String>,
    /// Key of a figure this one repeats.
    pub restates: Option<String>,
    /// Free-text remark.
    pub note: Option<String>,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A dated event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Zone whose story reports it.
    pub zone: String,
    /// Date as printed (1月20日); must occur in the quote.
    pub date: String,
    /// Organization involved.
    pub org: Option<String>,
    /// Person involved.
    pub person: Option<String>,
    /// What happened, Chinese.
    pub description: String,
    /// What happened, English.
    pub description_en: String,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}

/// A document the page names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Zone whose story names it.
    pub zone: String,
    /// Title as written, without 《》.
    pub title: String,
    /// Title in English.
    pub title_en: String,
    /// Issuing organization.
    pub issuer: Option<String>,
    /// Cited paragraph key.
    pub p: String,
    /// Verbatim quote.
    pub quote: String,
    /// Occurrence of the quote.
    pub nth: Option<usize>,
}
