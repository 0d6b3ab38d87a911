//! Quantities: every phrase the quantity parser reads, with what it counts.
//!
//! A phrase is a number (Arabic or Chinese numerals) with its prefix (约, 近, 不到, 上, 超过, 逾), its
//! marks (余, 多), multiplier (万, 亿) and a unit from [`UNITS`]. What it counts comes from the unit and
//! the words around it: 名党员 → party members, N支/个…队 → teams, 万元 with 捐/筹/拨付/党费 → money of
//! that kind, N个口罩 with 捐/采购 → a material donation, and so on. A number that none of the rules
//! classify is still drafted, as an unclassified figure with a review note.

use super::text::{clause, is_digit, is_han, sentence};
use crate::domain::quantity::{self, Quantity};

/// Units a phrase may end with, longest first.
const UNITS: &[&str] = &[
    "个小时",
    "个月",
    "小时",
    "万元",
    "元",
    "名",
    "人次",
    "人",
    "个",
    "支",
    "家",
    "项",
    "条",
    "级",
    "户",
    "天",
    "周",
    "次",
    "份",
    "套",
    "瓶",
    "副",
    "台",
    "件",
    "只",
    "箱",
    "包",
    "双",
    "盒",
    "批",
    "辆",
    "所",
    "座",
    "位",
    "场",
    "块",
    "张",
    "间",
    "栋",
    "处",
    "吨",
    "平方米",
    "公里",
    "公斤",
    "千克",
    "成",
    "%",
    "\u{ff05}",
];

const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千万亿";

/// A quantity phrase in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// As written.
    pub text: String,
    /// Byte offset in the paragraph.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// What the parser derives.
    pub quantity: Quantity,
}

/// Finds the quantity phrases of a paragraph, in order. Dates (1月20日), ordinals (第一), a bare
/// 一 (一名党员, 一线) and numbers inside short quoted slogans (“三个一切”) are not quantities.
pub fn phrases(text: &str) -> Vec<Phrase> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let arabic = is_digit(c);
        let chinese = CHINESE_NUMERALS.contains(c);
        if !arabic && !chinese {
            i += 1;
            continue;
        }
        // The number: digits (with a decimal point) or Chinese numerals, then 万/亿.
        let mut j = i;
        if arabic {
            while j < chars.len() && (is_digit(chars[j].1) || matches!(chars[j].1, '.' | '．')) {
                j += 1;
            }
        } else {
            while j < chars.len() && CHINESE_NUMERALS.contains(chars[j].1) {
                j += 1;
            }
        }
        let number_end = j;
        let prev = i.checked_sub(1).map(|k| chars[k].1);
        let num: String = chars[i..number_end].iter().map(|(_, c)| c).collect();
        let skip = prev == Some('第')
            || prev.is_some_and(|p| is_digit(p) || p == '.')
            || (chinese
                && (num == "一"
                    || (matches!(num.as_str(), "十" | "百" | "千" | "万")
                        && !prev.is_some_and(|p| "上近约逾".contains(p))
                        && num != "十")))
            || in_slogan(text, b);
        // Marks, multiplier, unit.
        let rest_start = chars.get(number_end).map_or(text.len(), |(k, _)| *k);
        let rest = &text[rest_start..];
        let mut tail = 0;
        let mut r = rest;
        for step in ["余", "多", "万", "亿", "余", "多"] {
            if let Some(x) = r.strip_prefix(step) {
                r = x;
                tail += step.len();
            }
        }
        let unit = UNITS.iter().find(|u| r.starts_with(*u));
        let date = r.starts_with('月')
            || r.starts_with('日')
            || r.starts_with('年')
            || r.starts_with("号");
        let (Some(unit), false, false) = (unit, date, skip) else {
            i = number_end.max(i + 1);
            continue;
        };
        let mut end = rest_start + tail + unit.len();
        if text[end..].starts_with("以上") {
            end += "以上".len();
        }
        // A prefix written before the number.
        let mut start = b;
        for p in ["不到", "超过", "约", "近", "逾", "上"] {
            if text[..b].ends_with(p) && (p != "上" || chinese) {
                start = b - p.len();
                break;
            }
        }
        let phrase = &text[start..end];
        if let Ok(q) = quantity::parse(phrase) {
            out.push(Phrase {
                text: phrase.to_string(),
                start,
                end,
                quantity: q,
            });
        }
        i = chars
            .iter()
            .position(|(k, _)| *k >= end)
            .unwrap_or(chars.len());
    }
    out
}

/// Whether byte `at` is inside a short quoted phrase (a slogan, not a count).
fn in_slogan(text: &str, at: usize) -> bool {
    let open = text[..at].rfind('“');
    let close = text[..at].rfind('”');
    match open {
        Some(o) if close.is_none_or(|c| c < o) => text[at..]
            .find('”')
            .is_some_and(|c| text[o..at + c].chars().count() <= 10),
        _ => false,
    }
}

/// What a phrase counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// A figure with this metric; `sure` is false when only the unit suggested it.
    Figure {
        metric: String,
        sure: bool,
        why: String,
    },
    /// Teams: how many of what.
    Teams { name: String, kind: &'static str },
    /// Money given, raised or allocated.
    Money { kind: &'static str, why: String },
    /// A material given or bought.
    Material {
        name: String,
        kind: &'static str,
        category: &'static str,
        why: String,
    },
}

const TEAM_SUFFIXES: &[(&str, &str)] = &[
    ("志愿服务队", "volunteer_team"),
    ("志愿者队", "volunteer_team"),
    ("志愿队", "volunteer_team"),
    ("突击队", "shock_team"),
    ("先锋队", "vanguard_team"),
    ("服务队", "service_team"),
    ("医疗队", "medical_team"),
    ("指挥部", "command_post"),
    ("领导小组", "leading_group"),
    ("工作组", "working_group"),
    ("工作专班", "working_group"),
    ("专班", "working_group"),
    ("督查组", "inspection_group"),
    ("督导组", "inspection_group"),
    ("防控办", "prevention_office"),
    ("小组", "prevention_group"),
    ("保障组", "emergency_group"),
    ("应急队", "emergency_group"),
    ("队伍", "mixed"),
    ("分队", "mixed"),
    ("队", "mixed"),
    ("组", "working_group"),
];

const MATERIALS: &[(&str, &str)] = &[
    ("口罩", "protective_equipment"),
    ("手套", "protective_equipment"),
    ("护目镜", "protective_equipment"),
    ("防护服", "protective_equipment"),
    ("隔离衣", "protective_equipment"),
    ("面罩", "protective_equipment"),
    ("消毒", "disinfection"),
    ("酒精", "disinfection"),
    ("湿巾", "disinfection"),
    ("洗手液", "disinfection"),
    ("体温计", "medical_supplies"),
    ("测温", "medical_supplies"),
    ("耳温枪", "medical_supplies"),
    ("额温枪", "medical_supplies"),
    ("体温枪", "medical_supplies"),
    ("测温枪", "medical_supplies"),
    ("试剂", "medical_supplies"),
    ("药", "medical_supplies"),
    ("呼吸机", "medical_supplies"),
    ("物资", "unspecified"),
];

const MATERIAL_UNITS: &[&str] = &[
    "个", "副", "瓶", "套", "台", "件", "只", "箱", "包", "双", "盒", "批", "吨", "公斤", "千克",
    "份", "支", "张", "块", "辆",
];

/// Units that count people: only nouns for people give their metric.
const PEOPLE_UNITS: &[&str] = &["名", "人", "位", "人次"];

/// Metrics of nouns for people (the rest of [`NOUNS`] count places, units or things).
const PEOPLE_METRICS: &[&str] = &[
    "party_members",
    "volunteers",
    "employees",
    "medical_workers",
    "grid_workers",
    "cadres",
    "residents",
    "community_workers",
    "staff",
    "police_officers",
];

/// Nouns next to a count and the metric they give.
const NOUNS: &[(&str, &str)] = &[
    ("党员", "party_members"),
    ("社区工作者", "community_workers"),
    ("工作人员", "staff"),
    ("医务人员", "medical_workers"),
    ("民警", "police_officers"),
    ("家庭", "households"),
    ("志愿者", "volunteers"),
    ("员工", "employees"),
    ("职工", "employees"),
    ("医护", "medical_workers"),
    ("网格员", "grid_workers"),
    ("干部", "cadres"),
    ("居民", "residents"),
    ("群众", "residents"),
    ("企事业单位", "units_screened"),
    ("企业", "enterprises"),
    ("单位", "units"),
    ("高校", "universities_served"),
    ("学校", "schools"),
    ("省份", "provinces_served"),
    ("网格", "grid_cells"),
    ("村居", "villages_and_communities"),
    ("社区", "communities"),
    ("小区", "residential_compounds"),
    ("村", "villages"),
    ("检查点", "checkpoints"),
    ("卡点", "checkpoints"),
    ("防控体系", "control_levels"),
    ("措施", "measures"),
    ("文件", "guidance_documents"),
    ("户", "households"),
    ("楼", "buildings"),
];

/// The noun written right after a phrase: up to the next punctuation, 、, 和 or 及.
fn noun_after(text: &str, end: usize) -> &str {
    let rest = &text[end..];
    let stop = rest
        .char_indices()
        .find(|(_, c)| !is_han(*c) || matches!(c, '、' | '和' | '及' | '与' | '等' | '的'))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..stop]
}

/// How far into the words after a count its noun may stand (机关党员, 规上工业企业).
const NOUN_WINDOW: usize = 6;

/// The noun that a count counts, written right after it (3000余名机关党员) or, when nothing that
/// says what is counted follows, right before it (设置卡点23个, 党员志愿者共200余名): the earliest
/// (then longest) noun of [`NOUNS`] that fits the unit (名 counts people, 个 does not).
fn counted_noun(
    unit: &str,
    after: &str,
    before: &str,
) -> Option<(&'static str, &'static str, bool)> {
    let people = PEOPLE_UNITS.contains(&unit);
    let fits = |metric: &str| people == PEOPLE_METRICS.contains(&metric);
    let in_after = NOUNS
        .iter()
        .filter(|(_, m)| fits(m))
        .filter_map(|(n, m)| {
            let at = after.find(n)?;
            (after[..at].chars().count() <= NOUN_WINDOW).then_some((at, n, m))
        })
        .min_by_key(|(at, n, _)| (*at, std::cmp::Reverse(n.len())));
    if let Some((_, n, m)) = in_after {
        return Some((n, m, true));
    }
    let before = strip_fillers(before);
    NOUNS
        .iter()
        .filter(|(n, m)| fits(m) && before.ends_with(n))
        .max_by_key(|(n, _)| n.len())
        .map(|(n, m)| (*n, *m, false))
}

/// The words before a count without the fillers between a noun and its count (共, 达到, …).
fn strip_fillers(before: &str) -> &str {
    const FILLERS: &[&str] = &[
        "共计", "总计", "累计", "合计", "达到", "超过", "共有", "共", "达", "有", "计", "约", "近",
        "逾",
    ];
    let mut b = before;
    while let Some(f) = FILLERS.iter().find(|f| b.ends_with(*f)) {
        b = &b[..b.len() - f.len()];
    }
    b
}

/// Modifiers written as part of a material's name (医用口罩, 一次性手套).
const MATERIAL_MODIFIERS: &[&str] = &[
    "医用",
    "一次性",
    "外科",
    "防护",
    "防疫",
    "N95",
    "KN95",
    "84",
];

/// A material named right before its count (捐赠口罩2万只, 消毒液3吨): its name as written, up to the
/// count (at most two characters after the material's word, as in 消毒 + 液), and its category.
fn material_before(before: &str) -> Option<(String, &'static str)> {
    let before = strip_fillers(before);
    let (at, word, category) = MATERIALS
        .iter()
        .filter_map(|(m, c)| before.rfind(m).map(|at| (at, *m, *c)))
        .filter(|(at, m, _)| {
            let tail = &before[at + m.len()..];
            tail.chars().count() <= 2 && tail.chars().all(is_han)
        })
        .max_by_key(|(at, m, _)| (at + m.len(), m.len()))?;
    let _ = word;
    let mut start = at;
    if let Some(m) = MATERIAL_MODIFIERS
        .iter()
        .find(|m| before[..start].ends_with(*m))
    {
        start -= m.len();
    }
    Some((before[start..].to_string(), category))
}

/// Metrics of units that measure time or shares, whatever noun follows.
fn time_like(unit: &str) -> Option<&'static str> {
    match unit {
        "小时" => Some("hours"),
        "天" => Some("days"),
        "周" => Some("weeks"),
        "月" => Some("months"),
        "成" => Some("share_in_tenths"),
        "%" | "\u{ff05}" => Some("percent"),
        _ => None,
    }
}

/// What the phrase at `p` counts, from its unit and the words around it.
pub fn meaning(text: &str, p: &Phrase) -> Meaning {
    let unit = p.quantity.unit.as_str();
    let after = noun_after(text, p.end);
    let (cs, ce) = clause(text, p.start, p.end);
    let (ss, se) = sentence(text, p.start, p.end);
    let clause_text = &text[cs..ce];
    let sentence_text = &text[ss..se];
    let before = &text[cs..p.start];

    if unit == "元" {
        let kinds = [
            ("拨付", "allocated"),
            ("拨", "allocated"),
            ("党费", "special_party_dues"),
            ("筹", "raised"),
            ("捐", "donated"),
            ("赠", "donated"),
        ];
        return match kinds
            .iter()
            .find(|(w, _)| clause_text.contains(w))
            .or_else(|| kinds.iter().find(|(w, _)| sentence_text.contains(w)))
        {
            Some((w, k)) => Meaning::Money {
                kind: k,
                why: format!("an amount in 元 with {w} nearby"),
            },
            None => Meaning::Figure {
                metric: "money".into(),
                sure: false,
                why: "an amount in 元; no word says given, raised or allocated".into(),
            },
        };
    }
    if matches!(unit, "支" | "个") {
        // The team noun right after the number: the earliest team ending within 12 characters.
        let team = TEAM_SUFFIXES
            .iter()
            .filter_map(|(s, kind)| after.find(s).map(|at| (at + s.len(), *kind)))
            .filter(|(end, _)| after[..*end].chars().count() <= 12)
            .min_by_key(|(end, _)| *end);
        if let Some((end, kind)) = team
            && !after.contains("党组织")
        {
            return Meaning::Teams {
                name: after[..end].to_string(),
                kind,
            };
        }
        // "组建党员志愿服务队、党员突击队600余个": the teams are written before the number.
        if after.is_empty() {
            let name = ["组建", "成立", "建立", "组成"]
                .iter()
                .filter_map(|v| before.rfind(v).map(|i| &before[i + v.len()..]))
                .next()
                .unwrap_or(before);
            // 由机关党员组成的防控指导组: the team is what follows the last 的.
            let name = name
                .rfind('的')
                .map_or(name, |i| &name[i + '的'.len_utf8()..]);
            if let Some((_, kind)) = TEAM_SUFFIXES.iter().find(|(s, _)| name.ends_with(s)) {
                let kinds = TEAM_SUFFIXES
                    .iter()
                    .filter(|(s, _)| name.contains(s) && s.chars().count() > 1)
                    .count();
                let kind = if name.contains('、') || kinds > 2 {
                    "mixed"
                } else {
                    kind
                };
                return Meaning::Teams {
                    name: name.to_string(),
                    kind,
                };
            }
        }
    }
    // A material counted after its name (口罩2万只) or before it (2万只口罩).
    let material = MATERIALS
        .iter()
        .find(|(m, _)| {
            after
                .find(m)
                .is_some_and(|at| after[..at].chars().count() <= NOUN_WINDOW)
        })
        .map(|(_, c)| (after.to_string(), *c))
        .or_else(|| after.is_empty().then(|| material_before(before)).flatten());
    if MATERIAL_UNITS.contains(&unit)
        && let Some((name, category)) = material
    {
        let kinds = [
            ("采购", "procured"),
            ("购买", "procured"),
            ("筹集", "raised"),
            ("筹", "raised"),
            ("拨付", "allocated"),
            ("捐", "donated"),
            ("赠", "donated"),
            ("提供", "donated"),
            ("发放", "donated"),
            ("送", "donated"),
        ];
        if let Some((w, k)) = kinds.iter().find(|(w, _)| sentence_text.contains(w)) {
            return Meaning::Material {
                why: format!("{unit} of {name} with {w} in the sentence"),
                name,
                kind: k,
                category,
            };
        }
    }
    if let Some(m) = time_like(unit) {
        return Meaning::Figure {
            metric: m.into(),
            sure: false,
            why: format!("the unit {unit}; what it measures is not written next to it"),
        };
    }
    if after.contains("党组织") || (after.ends_with("党支部") || after.ends_with("党委")) {
        let metric = if after.contains("机关") || after.contains("部门") {
            "department_party_organizations"
        } else if sentence_text.contains("捐") {
            "donating_party_organizations"
        } else {
            "grassroots_party_organizations"
        };
        return Meaning::Figure {
            metric: metric.into(),
            sure: true,
            why: format!("{unit}{after}"),
        };
    }
    if unit != "户"
        && let Some((noun, metric, written_after)) = counted_noun(unit, after, before)
    {
        return Meaning::Figure {
            metric: metric.into(),
            sure: true,
            why: if written_after {
                format!("{unit} followed by {noun}")
            } else {
                format!("{noun} written right before the count")
            },
        };
    }
    let by_unit = match unit {
        "小时" => Some("hours"),
        "天" => Some("days"),
        "周" => Some("weeks"),
        "月" => Some("months"),
        "户" => Some("households"),
        "成" => Some("share_in_tenths"),
        "%" | "\u{ff05}" => Some("percent"),
        "名" | "人" | "位" => Some("people"),
        "人次" => Some("person_times"),
        "家" => Some("organizations"),
        "条" | "项" => Some("measures"),
        "级" => Some("levels"),
        "次" => Some("times"),
        _ => None,
    };
    match by_unit {
        Some(m) => Meaning::Figure {
            metric: m.into(),
            sure: false,
            why: format!("the unit {unit}; what is counted is not written next to it"),
        },
        None => Meaning::Figure {
            metric: "unclassified".into(),
            sure: false,
            why: format!("no rule says what {unit}{after} counts"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quantity::Qualifier;

    fn found(text: &str) -> Vec<(String, i64, Qualifier)> {
        phrases(text)
            .into_iter()
            .map(|p| (p.text, p.quantity.value, p.quantity.qualifier))
            .collect()
    }

    #[test]
    fn chinese_numerals_and_bounds_are_read() {
        let f = found(
            "两百余名党员组成三支队伍、十余支突击队,走访近千户,不到10天完成,九成以上居民满意,上千余名干部参与。",
        );
        let texts: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "两百余名",
                "三支",
                "十余支",
                "近千户",
                "不到10天",
                "九成以上",
                "上千余名"
            ]
        );
        assert_eq!(f[0].1, 200);
        assert_eq!(f[3].2, Qualifier::Approx);
        assert_eq!(f[4].2, Qualifier::LessThan);
        assert_eq!(f[5], ("九成以上".into(), 9, Qualifier::AtLeast));
    }

    #[test]
    fn dates_ordinals_slogans_and_a_bare_one_are_not_quantities() {
        assert!(found("1月20日,第一批一名党员落实“三个一切”,一线。").is_empty());
        assert_eq!(found("共计1.5万余名党员")[0].1, 15000);
    }

    #[test]
    fn meanings_come_from_units_and_nouns() {
        let m = |t: &str| {
            let p = phrases(t).remove(0);
            meaning(t, &p)
        };
        assert!(matches!(
            m("组建了5个工作组。"),
            Meaning::Teams {
                kind: "working_group",
                ..
            }
        ));
        assert!(matches!(
            m("组建党员志愿服务队、党员突击队600余个。"),
            Meaning::Teams { kind: "mixed", .. }
        ));
        assert!(matches!(
            m("党员自愿缴纳特殊党费3000余元。"),
            Meaning::Money {
                kind: "special_party_dues",
                ..
            }
        ));
        assert!(matches!(
            m("从党费中拨付30万元。"),
            Meaning::Money {
                kind: "allocated",
                ..
            }
        ));
        assert!(matches!(
            m("累计采购21万个口罩。"),
            Meaning::Material {
                kind: "procured",
                ..
            }
        ));
        assert_eq!(
            m("190名党员参与"),
            Meaning::Figure {
                metric: "party_members".into(),
                sure: true,
                why: "名 followed by 党员".into()
            }
        );
        assert!(
            matches!(m("共有3个基层党组织"), Meaning::Figure { ref metric, .. } if metric == "grassroots_party_organizations")
        );
        assert!(
            matches!(m("有7座桥"), Meaning::Figure { ref metric, sure: false, .. } if metric == "unclassified")
        );
    }

    #[test]
    fn a_count_after_its_noun_and_a_noun_that_fits_the_unit() {
        let m = |t: &str, phrase: &str| {
            let p = phrases(t).into_iter().find(|p| p.text == phrase).unwrap();
            meaning(t, &p)
        };
        let metric = |t: &str, phrase: &str| match m(t, phrase) {
            Meaning::Figure { metric, .. } => metric,
            other => panic!("{other:?}"),
        };
        // The noun before the count, with fillers between.
        assert_eq!(metric("全乡共设置卡点23个。", "23个"), "checkpoints");
        assert_eq!(metric("全区划分网格1100多个。", "1100多个"), "grid_cells");
        assert_eq!(
            metric("组织党员志愿者共200余名上门服务企业。", "200余名"),
            "volunteers"
        );
        // 名 counts people: 社区工作者 is not 社区, and a noun far after the count is not its own.
        assert_eq!(
            metric("带领8名社区工作者值守。", "8名"),
            "community_workers"
        );
        assert_eq!(metric("排查人员23.8万人次。", "23.8万人次"), "person_times");
        // A material named before its count.
        assert!(matches!(
            m("公司向街道捐赠口罩2万只、防护服500套。", "500套"),
            Meaning::Material { ref name, kind: "donated", .. } if name == "防护服"
        ));
        assert!(matches!(
            m("党支部捐赠医用口罩1.5万个。", "1.5万个"),
            Meaning::Material { ref name, .. } if name == "医用口罩"
        ));
        assert!(matches!(
            m("并向高新区捐赠消毒液500箱。", "500箱"),
            Meaning::Material { ref name, .. } if name == "消毒液"
        ));
    }
}
