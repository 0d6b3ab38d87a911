//! Organizations, found by the suffix of their names (党委, 党支部, 社区, 街道, 公司, 医院, 派出所, …),
//! with the host of a party organization and the parent of a unit where the name shows them
//! (河东社区党委 → host 河东社区; 桂溪街道党工委双源社区党委 → parent 桂溪街道党工委).

use super::text::{Word, is_clause_break, is_han, words};

/// What a suffix says about the organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A party organization, set up in a host unit.
    Party,
    /// A party committee of a place (省委, 市委): no host.
    PlaceParty,
    /// A unit: company, hospital, street, community, ...
    Unit,
    /// A department or office of the organization before it (组织部, 办事处).
    Dept,
}

/// Suffixes, longest first within each family, with the schema's kind.
const SUFFIXES: &[(&str, &str, Class)] = &[
    ("党工委", "working_committee", Class::Party),
    ("党总支", "party_branch", Class::Party),
    ("党支部", "party_branch", Class::Party),
    ("党组织", "party_organizations", Class::Party),
    ("党小组", "party_group", Class::Party),
    ("党委", "party_committee", Class::Party),
    ("支部", "party_branch", Class::Party),
    ("省委", "party_committee", Class::PlaceParty),
    ("市委", "party_committee", Class::PlaceParty),
    ("县委", "party_committee", Class::PlaceParty),
    ("区委", "party_committee", Class::PlaceParty),
    ("有限公司", "company", Class::Unit),
    ("公司", "company", Class::Unit),
    ("集团", "company", Class::Unit),
    ("银行", "company", Class::Unit),
    ("卫生院", "hospital", Class::Unit),
    ("医院", "hospital", Class::Unit),
    ("检验所", "medical_lab", Class::Unit),
    ("检测所", "medical_lab", Class::Unit),
    ("检验中心", "medical_lab", Class::Unit),
    ("派出所", "police_station", Class::Unit),
    ("公安分局", "police_bureau", Class::Unit),
    ("公安局", "police_bureau", Class::Unit),
    ("分局", "police_bureau", Class::Unit),
    ("街道", "street", Class::Unit),
    ("社区", "community", Class::Unit),
    ("村", "village", Class::Unit),
    ("产业园", "park", Class::Unit),
    ("科技园", "park", Class::Unit),
    ("物流园", "park", Class::Unit),
    ("工业园", "park", Class::Unit),
    ("园", "park", Class::Unit),
    ("管委会", "government_office", Class::Dept),
    ("管理办", "government_office", Class::Dept),
    ("办事处", "government_office", Class::Dept),
    ("卫健委", "government_department", Class::Unit),
    ("卫健局", "government_department", Class::Unit),
    ("疾控中心", "government_department", Class::Unit),
    ("疾控", "government_department", Class::Unit),
    ("县", "county", Class::Unit),
    ("职教中心", "school", Class::Unit),
    ("学校", "school", Class::Unit),
    ("中学", "school", Class::Unit),
    ("小学", "school", Class::Unit),
    ("大学", "university", Class::Unit),
    ("组织部", "department", Class::Dept),
    ("宣传部", "department", Class::Dept),
];

/// Words that make no name specific (各级党组织, 基层党组织, 园区企业党组织).
const GENERIC: &[&str] = &[
    "各级",
    "各",
    "基层",
    "全区",
    "园区",
    "区级",
    "非公企业",
    "非公",
    "企业",
    "两新",
    "机关",
    "所在",
    "该",
    "本",
    "其",
    "辖区",
    "全体",
    "广大",
    "相关",
    "所属",
    "下属",
    "各类",
    "全市",
    "全省",
    "全县",
    "区属",
    "市属",
    "社会",
    "农",
    "乡",
    "校",
    "家",
    "公",
    "花",
    "城乡",
    "上级",
    "属地",
    "当地",
    "周边",
    "附近",
    "中心",
    "第一",
    "第二",
    "第三",
    "村",
    "社区",
    "街道",
    "镇",
];

/// Categories after 等 that say what a list of names is (惠黎医药、秋生医疗等公司).
const CATEGORIES: &[(&str, &str)] = &[
    ("公司", "company"),
    ("企业", "company"),
    ("学校", "school"),
    ("高校", "university"),
    ("医院", "hospital"),
];

/// An organization found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Name as written.
    pub name: String,
    /// Kind (the schema's list).
    pub kind: &'static str,
    /// The unit a party organization is set up in.
    pub host: Option<String>,
    /// The organization it is part of.
    pub parent: Option<String>,
    /// Byte span of the passage that shows it (the name, with what shows host or parent).
    pub start: usize,
    /// End of that span.
    pub end: usize,
    /// Byte offset where the name ends (a title may follow).
    pub name_end: usize,
    /// Written after 向/给/为: a recipient.
    pub recipient: bool,
    /// How it was found.
    pub how: String,
}

fn nominal(w: &Word) -> bool {
    let t = w.tag.as_str();
    (t.starts_with('n') && t != "nr" && t != "nrfg")
        || matches!(
            t,
            "j" | "eng" | "b" | "an" | "nr" | "nrfg" | "a" | "vn" | "s"
        )
        || (t == "m" && w.word.starts_with('第'))
}

/// A short word jieba tags as a quantifier or an adverb (华米/q, 高新/d) that opens a run of nouns
/// right after a clause break or a list's 、 is the head of a brand name (华米科技, 高新物业), not a
/// quantifier or an adverb: those do not stand between a comma and a noun.
fn brand_head(text: &str, ws: &[Word], i: usize) -> bool {
    let w = &ws[i];
    let short_han = (1..=2).contains(&w.word.chars().count()) && w.word.chars().all(is_han);
    let after_break = text[..w.start]
        .chars()
        .next_back()
        .is_none_or(|c| c == '、' || is_clause_break(c));
    matches!(w.tag.as_str(), "q" | "d")
        && short_han
        && after_break
        && ws
            .get(i + 1)
            .is_some_and(|n| n.start == w.end && nominal(n))
}

fn is_generic(prefix: &str, zones: &[String]) -> bool {
    let mut rest = prefix.to_string();
    for z in zones {
        if rest.contains(z.as_str()) {
            return false; // a zone's own body is specific
        }
    }
    for g in GENERIC {
        rest = rest.replace(g, "");
    }
    rest.chars().count() < 2
}

/// Finds the organizations of one paragraph; `zones` are zone names to treat as specific.
pub fn find(text: &str, zones: &[String]) -> Vec<Found> {
    let ws = words(text);
    let mut out: Vec<Found> = Vec::new();
    // Runs of nominal words, each with the index of its first and last word.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if nominal(&ws[i]) || brand_head(text, &ws, i) {
            let s = i;
            while i + 1 < ws.len() && nominal(&ws[i + 1]) {
                i += 1;
            }
            runs.push((s, i));
        }
        i += 1;
    }
    // Words inside a 《document title》 name the document, not organizations.
    let titles = super::events::documents(text);
    runs.retain(|&(a, _)| {
        !titles
            .iter()
            .any(|&(_, s, e)| s < ws[a].start && ws[a].start < e)
    });
    let mut run_orgs: Vec<Vec<usize>> = Vec::new(); // indices into out, per run
    for &(a, b) in &runs {
        let (start, end) = (leading_words_off(text, ws[a].start, ws[b].end), ws[b].end);
        let recipient = a > 0 && matches!(ws[a - 1].word, "向" | "给" | "为" | "对");
        let before = out.len();
        chain(text, start, end, zones, recipient, &mut out);
        run_orgs.push((before..out.len()).collect());
    }
    // Lists: "A、B<suffix>" and "A、B等(N家)<category>": the bare names take the kind.
    for r in 0..runs.len() {
        let b = runs[r].1;
        let after = &text[ws[b].end..];
        let category = after.strip_prefix("等").and_then(|rest| {
            let rest = rest.trim_start_matches(|c: char| {
                c.is_ascii_digit() || "多余几十百千万个家所".contains(c)
            });
            CATEGORIES
                .iter()
                .find(|(w, _)| rest.starts_with(w) || rest.starts_with(&format!("非公{w}")))
                .map(|(_, k)| *k)
        });
        let own_kind = run_orgs[r].first().map(|&o| {
            let f = &out[o];
            f.host
                .as_ref()
                .and_then(|h| out.iter().find(|x| &x.name == h))
                .map_or(f.kind, |h| h.kind)
        });
        let Some(kind) = category.or(own_kind) else {
            continue;
        };
        let bare_ok = |k: usize| {
            run_orgs[k].is_empty() && {
                let t = &text[ws[runs[k].0].start..ws[runs[k].1].end];
                (2..=10).contains(&t.chars().count())
            }
        };
        let mut members = Vec::new();
        if category.is_some() && bare_ok(r) {
            members.push(r);
        }
        let mut k = r;
        while k > 0 && &text[ws[runs[k - 1].1].end..ws[runs[k].0].start] == "、" && bare_ok(k - 1)
        {
            k -= 1;
            members.push(k);
        }
        // "A、B支部": the suffix written once is shared, so A has a 支部 too, hosted by A. Only when
        // the list's own name is exactly its host plus a suffix (B支部 hosted by B).
        let shared = run_orgs[r].iter().find_map(|&o| {
            let f = &out[o];
            let host = f.host.as_ref()?;
            let suffix = f.name.strip_prefix(host.as_str())?;
            (!suffix.is_empty() && category.is_none()).then(|| (suffix.to_string(), f.kind))
        });
        let list_end = ws[b].end
            + shared.as_ref().map_or(0, |(suffix, _)| {
                if after.starts_with(suffix.as_str()) {
                    suffix.len()
                } else {
                    0
                }
            });
        for m in members {
            let (s, e) = (ws[runs[m].0].start, ws[runs[m].1].end);
            let name = &text[s..e];
            if is_generic(name, zones) || out.iter().any(|f| f.name == name) {
                continue;
            }
            if let Some((suffix, party_kind)) = &shared {
                let full = format!("{name}{suffix}");
                if !out.iter().any(|f| f.name == full) {
                    out.push(Found {
                        name: full,
                        kind: party_kind,
                        host: Some(name.to_string()),
                        parent: None,
                        start: s,
                        end: list_end.max(e),
                        name_end: e,
                        recipient: false,
                        how: format!(
                            "listed before a name with {suffix} (A、B{suffix}): the suffix is written once for both; completed with it"
                        ),
                    });
                }
            }
            out.push(Found {
                name: name.to_string(),
                kind,
                host: None,
                parent: None,
                start: s,
                end: e,
                name_end: e,
                recipient: false,
                how: format!(
                    "a name listed with other {kind} names (、 or 等); kind from the list"
                ),
            });
        }
    }
    out
}

/// Words that open a run of nouns without being part of the name after them (区内企业浙江海工装备
/// 有限公司): the run starts after them when a name of at least four characters is left.
const LEADING: &[&str] = &[
    "区内企业",
    "辖区企业",
    "园区企业",
    "非公企业",
    "辖区内",
    "园区内",
    "区内",
    "辖区",
    "企业",
    "全区",
];

fn leading_words_off(text: &str, start: usize, end: usize) -> usize {
    let mut s = start;
    while let Some(w) = LEADING.iter().find(|w| text[s..end].starts_with(*w)) {
        if text[s + w.len()..end].chars().count() < 4 {
            break;
        }
        s += w.len();
    }
    s
}

/// Splits one run of nouns at the ends of its suffixes and names the organizations in it.
fn chain(
    text: &str,
    start: usize,
    end: usize,
    zones: &[String],
    recipient: bool,
    out: &mut Vec<Found>,
) {
    let run = &text[start..end];
    // Suffix matches, longest first at each character, left to right.
    let mut cuts: Vec<(usize, usize, &'static str, Class, &'static str)> = Vec::new();
    let mut i = 0;
    while i < run.len() {
        // A one-character suffix (园, 村, 县) directly before another unit's suffix is part of a
        // name (怡园街道), not an organization of its own.
        let hit = SUFFIXES.iter().find(|(s, _, _)| {
            run[i..].starts_with(s)
                && !(s.chars().count() == 1
                    && SUFFIXES
                        .iter()
                        .any(|(t, _, c)| *c == Class::Unit && run[i + s.len()..].starts_with(t)))
        });
        match hit {
            Some((s, kind, class)) => {
                cuts.push((i, i + s.len(), kind, *class, s));
                i += s.len();
            }
            None => i += run[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    // 大学 names a unit only at the end of the chain (四川大学华西医院 is a hospital).
    if let Some(pos) = cuts.iter().position(|c| c.4 == "大学")
        && pos + 1 < cuts.len()
    {
        cuts.remove(pos);
    }
    let mut seg_start = 0;
    let mut prev_unit: Option<(String, &'static str)> = None;
    let mut prev_party: Option<String> = None;
    let mut prev_any: Option<String> = None;
    for (s, e, kind, class, suffix) in cuts {
        let seg = &run[seg_start..e];
        let prefix = &run[seg_start..s];
        seg_start = e;
        let bare = is_generic(prefix, zones);
        let found = |out: &mut Vec<Found>,
                     name: String,
                     kind: &'static str,
                     host: Option<String>,
                     parent: Option<String>,
                     how: String| {
            if out.iter().any(|f| f.name == name) {
                return;
            }
            out.push(Found {
                name,
                kind,
                host,
                parent,
                start,
                end: start + e,
                name_end: start + e,
                recipient,
                how,
            });
        };
        match class {
            Class::Party | Class::Dept if bare => {
                let Some(before) = prev_any.clone() else {
                    continue;
                };
                let name = format!("{before}{suffix}");
                if class == Class::Party {
                    let host = prev_unit
                        .as_ref()
                        .map(|(n, _)| n.clone())
                        .filter(|h| *h == before);
                    found(
                        out,
                        name.clone(),
                        kind,
                        host,
                        prev_party.clone(),
                        format!("suffix {suffix} after {before}"),
                    );
                    prev_party = Some(name.clone());
                } else {
                    found(
                        out,
                        name.clone(),
                        kind,
                        None,
                        Some(before.clone()),
                        format!("suffix {suffix} after {before}, part of it"),
                    );
                }
                prev_any = Some(name);
            }
            _ if bare => continue,
            Class::Party => {
                let host = (!zones.iter().any(|z| prefix.contains(z.as_str()))
                    && prefix.chars().count() >= 2)
                    .then(|| prefix.to_string());
                if let Some(h) = &host
                    && !out.iter().any(|f| &f.name == h)
                {
                    // A township (沟赵乡, 长安镇) is the rural peer of a street; anything else is
                    // most often a company.
                    let kind = if h.ends_with('乡') || h.ends_with('镇') {
                        "street"
                    } else {
                        "company"
                    };
                    out.push(Found {
                        name: h.clone(),
                        kind,
                        host: None,
                        parent: None,
                        start,
                        end: start + e,
                        name_end: start + s,
                        recipient,
                        how: format!("the unit {seg} is set up in; kind guessed: {kind}"),
                    });
                }
                found(
                    out,
                    seg.to_string(),
                    kind,
                    host,
                    prev_party.clone(),
                    format!("suffix {suffix}"),
                );
                prev_party = Some(seg.to_string());
                prev_any = Some(seg.to_string());
            }
            Class::PlaceParty => {
                found(
                    out,
                    seg.to_string(),
                    kind,
                    None,
                    None,
                    format!("suffix {suffix}"),
                );
                prev_party = Some(seg.to_string());
                prev_any = Some(seg.to_string());
            }
            Class::Unit | Class::Dept => {
                // A unit of the same kind right after another is its branch, named with it.
                let (name, parent) = match &prev_unit {
                    Some((p, k)) if *k == kind => (format!("{p}{seg}"), Some(p.clone())),
                    Some((p, _)) => (seg.to_string(), Some(p.clone())),
                    None => (
                        seg.to_string(),
                        prev_any.clone().filter(|_| class == Class::Dept),
                    ),
                };
                found(
                    out,
                    name.clone(),
                    kind,
                    None,
                    parent,
                    format!("suffix {suffix}"),
                );
                prev_unit = Some((name.clone(), kind));
                prev_any = Some(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, &'static str, Option<String>, Option<String>)> {
        find(text, &[])
            .into_iter()
            .map(|f| (f.name, f.kind, f.host, f.parent))
            .collect()
    }

    #[test]
    fn a_chain_gives_hosts_and_parents() {
        let n = names("东湖街道党工委河东社区党委发动党员。");
        assert!(
            n.contains(&("东湖街道".into(), "street", None, None)),
            "{n:?}"
        );
        assert!(
            n.contains(&(
                "东湖街道党工委".into(),
                "working_committee",
                Some("东湖街道".into()),
                None
            )),
            "{n:?}"
        );
        assert!(
            n.contains(&(
                "河东社区".into(),
                "community",
                None,
                Some("东湖街道".into())
            )),
            "{n:?}"
        );
        assert!(
            n.contains(&(
                "河东社区党委".into(),
                "party_committee",
                Some("河东社区".into()),
                Some("东湖街道党工委".into())
            )),
            "{n:?}"
        );
    }

    #[test]
    fn a_company_hosts_its_party_branch() {
        let n = names("2月3日,飞云科技党支部书记张伟带领党员上阵。");
        assert!(
            n.contains(&("飞云科技".into(), "company", None, None)),
            "{n:?}"
        );
        assert!(
            n.contains(&(
                "飞云科技党支部".into(),
                "party_branch",
                Some("飞云科技".into()),
                None
            )),
            "{n:?}"
        );
    }

    #[test]
    fn document_titles_and_leading_descriptors_are_not_names() {
        let n = names("印发《关于充分发挥基层党组织战斗堡垒作用的通知》。");
        assert!(n.is_empty(), "{n:?}");
        let n = names("区内企业浙江海工装备有限公司党支部捐赠口罩。");
        assert!(
            n.iter()
                .any(|o| o.0 == "浙江海工装备有限公司" && o.1 == "company"),
            "{n:?}"
        );
        assert!(n.iter().all(|o| !o.0.starts_with("区内")), "{n:?}");
    }

    #[test]
    fn generic_bodies_are_not_organizations_and_lists_take_their_kind() {
        assert!(names("各级党组织和基层党组织积极行动。").is_empty());
        let n = names("蓝海医药、青禾医疗等公司提供物资。");
        assert!(
            n.iter().any(|o| o.0 == "蓝海医药" && o.1 == "company"),
            "{n:?}"
        );
        assert!(
            n.iter().any(|o| o.0 == "青禾医疗" && o.1 == "company"),
            "{n:?}"
        );
    }

    #[test]
    fn a_suffix_written_once_is_shared_by_the_names_before_it() {
        let n = names("蓝天光电、绿地物业支部党员自愿缴纳特殊党费。");
        let has = |name: &str, kind: &str, host: Option<&str>| {
            n.iter()
                .any(|o| o.0 == name && o.1 == kind && o.2.as_deref() == host)
        };
        assert!(has("蓝天光电", "company", None), "{n:?}");
        assert!(
            has("蓝天光电支部", "party_branch", Some("蓝天光电")),
            "{n:?}"
        );
        assert!(
            has("绿地物业支部", "party_branch", Some("绿地物业")),
            "{n:?}"
        );
        // A list with its category after 等 names companies, not branches of them.
        let n = names("蓝海医药、青禾医疗等公司提供物资。");
        assert!(n.iter().all(|o| o.1 == "company"), "{n:?}");
    }

    #[test]
    fn a_brand_head_jieba_misreads_stays_in_the_name() {
        // 高新 is read as an adverb; after a list's 、 it opens the name 高新物业.
        let n = names("蓝天光电、高新物业支部党员自愿缴纳特殊党费。");
        assert!(
            n.iter()
                .any(|o| o.0 == "高新物业支部" && o.2.as_deref() == Some("高新物业")),
            "{n:?}"
        );
        assert!(n.iter().all(|o| o.0 != "物业"), "{n:?}");
        // An adverb before a verb is not a name's head.
        assert!(names("同时,还协调各方力量。").is_empty());
    }
}
