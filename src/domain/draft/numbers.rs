//! Quantities: every phrase the quantity parser reads, with what it counts.
//!
//! A phrase is a number (Arabic or Chinese numerals) with its prefix (约, 近, 不到, 上, 超过, 逾), its
//! marks (余, 多), multiplier (万, 亿) and a unit from [`UNITS`]. What it counts comes from the unit and
//! the words around it: 名党员 → party members, N支/个…队 → teams, 万元 with 捐/筹/拨付/党费 → money of
//! that kind, N个口罩 with 捐/采购 → a material donation, and so on. A number that none of the rules
//! classify is still drafted, as an unclassified figure with a review note.

use super::text::{clause, is_han, sentence};
use crate::domain::quantity::{self, Quantity};

/// Units a phrase may end with, longest first.
const UNITS: &[&str] = &[
    "个小时",
    "个月",
    "小时",
    "万元",
    "元",
    "名",
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
    "公斤",
    "千克",
    "成",
    "%",
    "\u{ff05}",
];

const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千万亿";

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

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
    ("试剂", "medical_supplies"),
    ("药", "medical_supplies"),
    ("呼吸机", "medical_supplies"),
    ("物资", "unspecified"),
];

const MATERIAL_UNITS: &[&str] = &[
    "个", "副", "瓶", "套", "台", "件", "只", "箱", "包", "双", "盒", "批", "吨", "公斤", "千克",
    "份", "支", "张", "块", "辆",
];

/// Nouns after a count and the metric they give.
const NOUNS: &[(&str, &str)] = &[
    ("党员", "party_members"),
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
    if MATERIAL_UNITS.contains(&unit)
        && let Some((_, category)) = MATERIALS.iter().find(|(m, _)| after.contains(m))
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
            ("送", "donated"),
        ];
        if let Some((w, k)) = kinds.iter().find(|(w, _)| sentence_text.contains(w)) {
            return Meaning::Material {
                name: after.to_string(),
                kind: k,
                category,
                why: format!("{unit} of {after} with {w} in the sentence"),
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
    if let Some((noun, metric)) = NOUNS.iter().find(|(n, _)| after.contains(n)) {
        return Meaning::Figure {
            metric: (*metric).into(),
            sure: true,
            why: format!("{unit} followed by {noun}"),
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
}
