//! Reading the page's layout: which lines are headlines, bylines, subheadings and body text, which
//! story each paragraph belongs to, each story's zone, and which paragraphs look cut.

use super::gazetteer::{self, Entry};
use super::text::{head, is_closing, is_han};
use crate::domain::model::ParagraphKind;
use crate::domain::seed::{self, Block};

/// A zone a story reports on: from the gazetteer, or drafted from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneRef {
    /// An entry of the gazetteer (index).
    Known(usize),
    /// A zone the gazetteer does not list, by the name the text writes.
    Unknown(String),
}

impl ZoneRef {
    /// The zone's name in the archive.
    pub fn name(&self) -> &str {
        match self {
            ZoneRef::Known(i) => &gazetteer::entries()[*i].short,
            ZoneRef::Unknown(n) => n,
        }
    }

    /// The gazetteer entry, if any.
    pub fn entry(&self) -> Option<&'static Entry> {
        match self {
            ZoneRef::Known(i) => Some(&gazetteer::entries()[*i]),
            ZoneRef::Unknown(_) => None,
        }
    }
}

/// One paragraph of the page as drafted.
#[derive(Debug, Clone)]
pub struct Para<'t> {
    /// How facts cite it (p1, p2, ... in source order).
    pub key: String,
    /// Headline, byline, subheading or body.
    pub kind: ParagraphKind,
    /// Its text (one line of article.txt).
    pub text: &'t str,
    /// The story it is listed under.
    pub story: usize,
    /// Zones it names, in order.
    pub zones: Vec<ZoneRef>,
    /// Review notes.
    pub notes: Vec<String>,
}

/// One story: a headline, maybe a byline, and paragraphs.
#[derive(Debug, Clone)]
pub struct Story {
    /// The zone it reports on.
    pub zone: ZoneRef,
    /// Authors named in its byline.
    pub authors: Vec<String>,
    /// Its paragraphs (indices into [`Layout::paras`]), in source order.
    pub paras: Vec<usize>,
    /// Review notes.
    pub notes: Vec<String>,
}

/// The page read into stories.
#[derive(Debug, Clone)]
pub struct Layout<'t> {
    /// Every paragraph, in source order.
    pub paras: Vec<Para<'t>>,
    /// The stories, in the order their headlines are printed.
    pub stories: Vec<Story>,
}

impl Layout<'_> {
    /// The zone of a paragraph (its story's).
    pub fn zone_of(&self, para: usize) -> &ZoneRef {
        &self.stories[self.paras[para].story].zone
    }
}

/// Why no story could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoStory(pub String);

const MAX_TITLE_CHARS: usize = 40;

/// Markers that open a byline.
const BYLINE_MARKS: &[&str] = &[
    "►",
    "▶",
    "■",
    "本报记者",
    "本报通讯员",
    "特约记者",
    "记者",
    "通讯员",
    "文/",
    "文 /",
    "图/",
];

/// Words that open a sentence with a short first clause (so a short first clause alone does not
/// mean the paragraph begins mid-sentence).
const OPENERS: &[&str] = &[
    "据悉",
    "为此",
    "同时",
    "此外",
    "目前",
    "近日",
    "近期",
    "连日来",
    "其中",
    "另外",
    "然而",
    "因此",
    "对此",
    "当前",
    "随后",
    "此前",
    "今年",
    "去年",
    "首先",
    "其次",
    "最后",
    "据了解",
    "据统计",
    "据介绍",
    "不仅如此",
    "与此同时",
    "疫情发生后",
    "疫情发生以来",
    "本报讯",
    "一方面",
    "另一方面",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "如今",
    "当天",
    "次日",
    "今天",
    "昨天",
    "这天",
    "那天",
];

fn is_byline(t: &str) -> bool {
    t.chars().count() <= MAX_TITLE_CHARS
        && BYLINE_MARKS.iter().any(|m| t.starts_with(m))
        && !t.chars().last().is_some_and(is_closing)
        && !t.contains(['。', ',', '\u{ff0c}'])
}

/// A short line without clause punctuation: a headline or a subheading. It may end with a quoted
/// phrase (筑牢防疫“红色堡垒”), not with a sentence.
fn is_title_like(t: &str) -> bool {
    let mut rev = t.chars().rev();
    let last = rev.next();
    let ends_with_quoted_phrase = last.is_some_and(|c| matches!(c, '”' | '’' | '」' | '』'))
        && rev
            .next()
            .is_some_and(|c| !matches!(c, '。' | '!' | '\u{ff01}' | '?' | '\u{ff1f}' | '…'));
    t.chars().count() <= MAX_TITLE_CHARS
        && !t.starts_with(['“', '"', '「'])
        && !t.starts_with("本报讯")
        && !t.contains([',', '\u{ff0c}', '。', ';', '\u{ff1b}'])
        && (ends_with_quoted_phrase || !last.is_some_and(is_closing))
}

/// A line without its surrounding blanks (ASCII, full-width) and a byte-order mark.
fn bare(t: &str) -> &str {
    t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// A zone named at the very start of a line, and whether a colon (or space) follows it.
fn leading_zone(t: &str) -> Option<(ZoneRef, bool)> {
    if let Some(m) = gazetteer::mentions(t).first()
        && m.start == 0
    {
        let rest = t[m.end..].trim_start();
        let colon =
            rest.starts_with([':', '\u{ff1a}']) || t[m.end..].starts_with([' ', '\u{3000}']);
        return Some((ZoneRef::Known(m.entry), colon));
    }
    // Not in the gazetteer: "XX高新区" at the start, XX two to eight Chinese characters.
    let at = t.find("高新区")?;
    let before = &t[..at];
    let n = before.chars().count();
    if (2..=8).contains(&n) && before.chars().all(is_han) {
        let rest = t[at + "高新区".len()..].trim_start();
        let colon = rest.starts_with([':', '\u{ff1a}']);
        return Some((
            ZoneRef::Unknown(t[..at + "高新区".len()].to_string()),
            colon,
        ));
    }
    None
}

/// Zones a paragraph names (gazetteer names only: an unknown zone is recognised in headlines).
fn named_zones(t: &str, unknown: &[String]) -> Vec<ZoneRef> {
    let mut out: Vec<(usize, ZoneRef)> = gazetteer::mentions(t)
        .into_iter()
        .map(|m| (m.start, ZoneRef::Known(m.entry)))
        .collect();
    for u in unknown {
        out.extend(
            t.match_indices(u.as_str())
                .map(|(i, _)| (i, ZoneRef::Unknown(u.clone()))),
        );
    }
    out.sort_by_key(|(i, _)| *i);
    let mut zones: Vec<ZoneRef> = Vec::new();
    for (_, z) in out {
        if !zones.contains(&z) {
            zones.push(z);
        }
    }
    zones
}

/// Authors of a byline: the names after the markers.
pub fn authors(byline: &str) -> Vec<String> {
    let mut t = byline.to_string();
    for m in BYLINE_MARKS.iter().chain(&["本报", "摄", "报道"]) {
        t = t.replace(m, " ");
    }
    t.split(|c: char| c.is_whitespace() || matches!(c, '、' | ',' | '\u{ff0c}' | '/' | '|'))
        .filter(|n| (2..=4).contains(&n.chars().count()) && n.chars().all(is_han))
        .filter(|n| byline.contains(*n))
        .map(String::from)
        .collect()
}

/// Whether a body paragraph's first clause is too short to open a sentence (力量,确保…).
fn opens_mid_sentence(t: &str) -> bool {
    let t = t.trim_start();
    if t.starts_with([
        ',', '\u{ff0c}', '、', '。', ';', '\u{ff1b}', '”', ')', '\u{ff09}',
    ]) {
        return true;
    }
    if t.starts_with(['“', '"', '「', '《', '(', '\u{ff08}'])
        || OPENERS.iter().any(|o| t.starts_with(o))
    {
        return false;
    }
    let first = t
        .split([
            ',', '\u{ff0c}', '。', ';', '\u{ff1b}', '!', '?', ':', '\u{ff1a}',
        ])
        .next()
        .unwrap_or("");
    t.len() > first.len() && first.chars().count() <= 4
}

fn ends_cut(t: &str) -> bool {
    !t.trim_end().chars().last().is_some_and(is_closing)
}

/// Reads the page into stories. Errors when it holds no recognisable story.
pub fn read(text: &str) -> Result<Layout<'_>, NoStory> {
    let blocks: Vec<Block> = seed::blocks(text);
    if blocks.is_empty() {
        return Err(NoStory("it has no text".into()));
    }
    let trimmed: Vec<&str> = blocks.iter().map(|b| bare(b.text)).collect();

    // Headlines: a line that opens with a zone and a colon, or a short title-like line that opens
    // with a zone, that opens the page, or that stands before a byline or a 本报讯 lead.
    let mut kinds = vec![ParagraphKind::Body; blocks.len()];
    let mut headline_zone: Vec<Option<ZoneRef>> = vec![None; blocks.len()];
    for (i, t) in trimmed.iter().enumerate() {
        if is_byline(t) {
            kinds[i] = ParagraphKind::Byline;
            continue;
        }
        let lead = leading_zone(t);
        let title = is_title_like(t);
        let next = trimmed.get(i + 1).copied().unwrap_or("");
        let before_lead = is_byline(next) || next.starts_with("本报讯");
        match lead {
            Some((z, colon)) if (colon && t.chars().count() <= MAX_TITLE_CHARS) || title => {
                kinds[i] = ParagraphKind::Headline;
                headline_zone[i] = Some(z);
            }
            _ if title && (i == 0 || before_lead) => kinds[i] = ParagraphKind::Headline,
            _ if title => kinds[i] = ParagraphKind::Subheading,
            _ => {}
        }
    }
    let unknown: Vec<String> = headline_zone
        .iter()
        .flatten()
        .filter_map(|z| match z {
            ZoneRef::Unknown(n) => Some(n.clone()),
            ZoneRef::Known(_) => None,
        })
        .collect();

    let mut paras: Vec<Para> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| Para {
            key: format!("p{}", i + 1),
            kind: kinds[i],
            text: b.text,
            story: 0,
            zones: named_zones(trimmed[i], &unknown),
            notes: Vec::new(),
        })
        .collect();

    // Stories open at headlines. A headline without a zone takes the first zone its story names.
    let mut stories: Vec<Story> = Vec::new();
    let mut pending: Vec<usize> = Vec::new(); // paragraphs before the first headline
    let mut starts: Vec<usize> = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if p.kind == ParagraphKind::Headline {
            starts.push(i);
        } else if starts.is_empty() {
            pending.push(i);
        }
    }
    if starts.is_empty() {
        return Err(NoStory(
            "no headline found (a short line without closing punctuation, such as \"XX高新区:…\")"
                .into(),
        ));
    }
    for (si, &h) in starts.iter().enumerate() {
        let end = starts.get(si + 1).copied().unwrap_or(paras.len());
        let zone = headline_zone[h]
            .clone()
            .or_else(|| (h..end).find_map(|i| paras[i].zones.first().cloned()));
        let Some(zone) = zone else {
            // A headline whose story names no zone: a subheading of the story before, if any.
            if let Some(prev) = stories.last_mut() {
                paras[h].kind = ParagraphKind::Subheading;
                paras[h].notes.push("a title-like line whose section names no zone: drafted as a subheading of the story before".into());
                for i in h..end {
                    prev.paras.push(i);
                }
            } else {
                pending.extend(h..end);
                paras[h].kind = ParagraphKind::Body;
            }
            continue;
        };
        let mut notes = Vec::new();
        match &zone {
            ZoneRef::Known(_) if headline_zone[h].is_some() => {
                notes.push(format!("zone {} named at the start of the headline; English name, city and province from the gazetteer", zone.name()))
            }
            ZoneRef::Known(_) => notes.push(format!(
                "the headline names no zone: zone {} is the first the story names; check it",
                zone.name()
            )),
            ZoneRef::Unknown(n) => notes.push(format!(
                "zone {n} is not in the gazetteer (high-tech-zones.csv): drafted from the text; check the name and fill in English name, city and province"
            )),
        }
        stories.push(Story {
            zone,
            authors: Vec::new(),
            paras: (h..end).collect(),
            notes,
        });
    }
    if stories.is_empty() {
        return Err(NoStory(
            "no headline names a zone, and no story text names one (such as 成都高新区)".into(),
        ));
    }
    if !pending.is_empty() {
        for &i in &pending {
            paras[i].notes.push("printed before the first headline: listed under the first story; check where it belongs".into());
        }
        let mut all = pending.clone();
        all.extend(&stories[0].paras);
        stories[0].paras = all;
    }

    // Bylines: one per story, the first after its headline; authors from it.
    for s in &mut stories {
        let mut seen = false;
        for &i in &s.paras {
            if paras[i].kind == ParagraphKind::Byline {
                if seen {
                    paras[i].kind = ParagraphKind::Body;
                    paras[i]
                        .notes
                        .push("a second byline in the story: drafted as body text".into());
                } else {
                    seen = true;
                    s.authors = authors(paras[i].text);
                }
            }
        }
    }

    // A paragraph that names another story's zone, and not its own, belongs to that story; the
    // paragraphs after it that name no zone follow it until one names the story's own zone.
    let zone_story = |z: &ZoneRef, stories: &[Story]| stories.iter().position(|s| &s.zone == z);
    let mut moves: Vec<(usize, usize, String)> = Vec::new();
    let mut kept: Vec<(usize, String)> = Vec::new();
    for (si, s) in stories.iter().enumerate() {
        let mut flow: Option<usize> = None;
        for &i in &s.paras {
            let p = &paras[i];
            if matches!(p.kind, ParagraphKind::Headline | ParagraphKind::Byline) {
                continue;
            }
            if p.zones.contains(&s.zone) {
                flow = None;
                continue;
            }
            let target = p.zones.iter().find_map(|z| zone_story(z, &stories));
            match (target, flow) {
                (Some(t), _) if t != si => {
                    flow = Some(t);
                    moves.push((i, t, format!(
                        "printed in the {} story but names {} and not {}: listed under {}'s story; check",
                        s.zone.name(), stories[t].zone.name(), s.zone.name(), stories[t].zone.name()
                    )));
                }
                (None, Some(t)) => moves.push((i, t, format!(
                    "printed in the {} story, names no zone and follows a paragraph moved to {}: listed under {}'s story; check",
                    s.zone.name(), stories[t].zone.name(), stories[t].zone.name()
                ))),
                _ => {
                    if let Some(z) = p.zones.iter().find(|z| zone_story(z, &stories).is_none()) {
                        kept.push((i, format!("names {}, which has no story on the page: kept in the {} story", z.name(), s.zone.name())));
                    }
                }
            }
        }
    }
    for (i, note) in kept {
        paras[i].notes.push(note);
    }
    for (i, t, note) in moves {
        for s in &mut stories {
            s.paras.retain(|&p| p != i);
        }
        stories[t].paras.push(i);
        paras[i].notes.push(note);
    }
    for (si, s) in stories.iter_mut().enumerate() {
        s.paras.sort_unstable();
        for &i in &s.paras {
            paras[i].story = si;
        }
    }

    // Cut paragraphs: one that ends without closing punctuation, and one that opens mid-sentence.
    let body = |p: &Para| p.kind == ParagraphKind::Body;
    let cut_end: Vec<usize> = (0..paras.len())
        .filter(|&i| body(&paras[i]) && ends_cut(paras[i].text))
        .collect();
    let cut_open: Vec<usize> = (0..paras.len())
        .filter(|&i| body(&paras[i]) && opens_mid_sentence(paras[i].text))
        .collect();
    let mut is_open = vec![false; paras.len()];
    for &j in &cut_open {
        is_open[j] = true;
    }
    let mut is_paired = vec![false; paras.len()];
    // The paragraph that opens mid-sentence nearest after `i` (else before it), not yet paired.
    let nearest_open = |i: usize, is_paired: &[bool]| {
        let after = cut_open.partition_point(|&j| j <= i);
        let later = cut_open[after..].iter().copied().find(|&j| !is_paired[j]);
        later.or_else(|| {
            cut_open[..after]
                .iter()
                .rev()
                .copied()
                .find(|&j| j != i && !is_paired[j])
        })
    };
    for &i in &cut_end {
        // The next body paragraph when nothing between says otherwise, else the nearest paragraph
        // that opens mid-sentence.
        let next_body = (i + 1 < paras.len() && body(&paras[i + 1])).then_some(i + 1);
        let other = if next_body.is_some_and(|j| is_open[j] && !is_paired[j]) {
            next_body
        } else {
            nearest_open(i, &is_paired).or(next_body.filter(|&j| !is_paired[j]))
        };
        match other {
            Some(j) => {
                is_paired[j] = true;
                let (a, b) = (head(paras[j].text, 12), head(paras[i].text, 12));
                let (ka, kb) = (paras[j].key.clone(), paras[i].key.clone());
                paras[i].notes.push(format!(
                    "ends without closing punctuation: it looks cut; its other half is likely {ka} (\"{a}\"). Joining them (continues = true on the second half, listed right after the first) is your decision"
                ));
                let how = if is_open[j] {
                    "opens mid-sentence"
                } else {
                    "follows a paragraph that looks cut"
                };
                paras[j].notes.push(format!(
                    "{how}: it likely continues {kb} (\"{b}\"). Joining them is your decision"
                ));
            }
            None => paras[i].notes.push("ends without closing punctuation: it looks cut, and no paragraph that opens mid-sentence was found to continue it".into()),
        }
    }
    for &j in &cut_open {
        if !is_paired[j] {
            paras[j].notes.push("opens mid-sentence (a very short first clause): it may continue a cut paragraph; check".into());
        }
    }
    Ok(Layout { paras, stories })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_bylines_and_leads() {
        let text = "青禾高新区:党员冲在前\n\n本报记者 王明 通讯员 李华\n\n本报讯 近日,青禾高新区组织党员开展防控。\n";
        let l = read(text).unwrap();
        let kinds: Vec<_> = l.paras.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ParagraphKind::Headline,
                ParagraphKind::Byline,
                ParagraphKind::Body
            ]
        );
        assert_eq!(l.stories.len(), 1);
        assert_eq!(l.stories[0].zone, ZoneRef::Unknown("青禾高新区".into()));
        assert_eq!(l.stories[0].authors, ["王明", "李华"]);
        assert!(!l.stories[0].notes.is_empty());
    }

    #[test]
    fn a_known_zone_comes_from_the_gazetteer_and_a_paragraph_naming_another_zone_moves() {
        let text = "南京高新区:守好一线\n本报讯 南京高新区各级党组织行动起来。\n长沙高新区:党旗飘扬\n本报讯 长沙高新区党员请战。\n“我是党员!”南京高新区一名党员说。\n社区党员也行动起来。\n";
        let l = read(text).unwrap();
        assert_eq!(l.stories.len(), 2);
        assert_eq!(l.stories[0].zone.name(), "南京高新区");
        assert_eq!(l.stories[0].paras, [0, 1, 4, 5]);
        assert!(l.paras[4].notes[0].contains("names 南京高新区"));
        assert!(l.paras[5].notes[0].contains("follows a paragraph moved"));
    }

    #[test]
    fn cut_paragraphs_name_their_other_half() {
        let text = "南京高新区:守好一线\n本报讯 社区党员统筹协调辖区\n力量,确保全覆盖。\n";
        let l = read(text).unwrap();
        assert!(l.paras[1].notes.iter().any(|n| n.contains("p3")));
        assert!(l.paras[2].notes.iter().any(|n| n.contains("p2")));
    }

    #[test]
    fn a_byte_order_mark_and_a_headline_ending_in_a_quoted_phrase() {
        let text = "\u{feff}宁波高新区：党员冲锋在前 筑牢防疫“红色堡垒”\r\n\r\n本报记者 陈晓 通讯员 黄丽丽\r\n本报讯 宁波高新区党员行动起来。\r\n";
        let l = read(text).unwrap();
        assert_eq!(l.paras[0].kind, ParagraphKind::Headline);
        assert_eq!(l.paras[1].kind, ParagraphKind::Byline);
        assert_eq!(l.stories[0].zone.name(), "宁波高新区");
        assert!(is_title_like("党员先锋 守好“小区大门”"));
        assert!(!is_title_like("“我是党员!”"));
    }

    #[test]
    fn a_cut_paragraph_names_the_next_one_when_none_opens_mid_sentence() {
        let text =
            "南京高新区:守好一线\n本报讯 党员对进出人员和\n车辆逐一测温登记,确保不漏一人。\n";
        let l = read(text).unwrap();
        assert!(
            l.paras[1].notes.iter().any(|n| n.contains("p3")),
            "{:?}",
            l.paras[1].notes
        );
        assert!(
            l.paras[2].notes.iter().any(|n| n.contains("p2")),
            "{:?}",
            l.paras[2].notes
        );
    }

    #[test]
    fn text_without_a_story_is_refused() {
        assert!(read("").is_err());
        assert!(
            read("这是一段没有标题的文字,它说了很多事情,但是没有提到任何开发区的名字,也没有标题。")
                .is_err()
        );
    }

    #[test]
    fn short_first_clauses_after_openers_are_not_cuts() {
        assert!(opens_mid_sentence("力量,确保摸排走访全覆盖"));
        assert!(!opens_mid_sentence("据悉,园区组建了工作组。"));
        assert!(!opens_mid_sentence("“我是党员,我先上”"));
    }
}
