//! People: a name written after a title (书记, 主任, 护士长, 辅警, 志愿者, …), or a name jieba tags as a
//! person (`nr`) that says something (X说, X表示). A name is a common surname and one or two more
//! characters; where it ends is decided with jieba's segmentation of the text after it.

use super::text::{Word, is_han, words};

/// Titles, longest first.
const TITLES: &[&str] = &[
    "党支部书记",
    "党总支书记",
    "党工委书记",
    "党委书记",
    "党委副书记",
    "党工委副书记",
    "第一书记",
    "常务副总经理",
    "副总经理",
    "总经理",
    "副书记",
    "书记",
    "副主任",
    "主任",
    "护士长",
    "副院长",
    "院长",
    "所长",
    "副局长",
    "局长",
    "队长",
    "站长",
    "科长",
    "部长",
    "主席",
    "董事长",
    "总裁",
    "村长",
    "组长",
    "网格员",
    "辅警",
    "民警",
    "医生",
    "护士",
    "志愿者",
    "技术骨干",
    "骨干",
    "经理",
    "社工",
    "校长",
    "教师",
    "老师",
    "工程师",
    "负责人",
    "会长",
    "主管",
    "总监",
    "厂长",
    "区长",
    "镇长",
    "楼栋长",
];

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "夏侯", "司徒",
];

/// Characters that rarely end a name and often follow one (在, 说, 表示, 带头, …).
const AFTER_NAME: &str = "在说表任负带是的和与及等同也都就于向对将把被从为率亲介告称坦笑主已正还又才便则到先首每各这那了着过会能要让给冲坚放主早";

/// Verbs that follow a speaker's name.
const SPEECH: &[&str] = &["说", "表示", "介绍", "告诉", "坦言", "感慨", "笑着说"];

/// A person found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The name.
    pub name: String,
    /// Byte span of the name.
    pub start: usize,
    /// End of the name.
    pub end: usize,
    /// The title written before the name, with its byte start.
    pub title: Option<(String, usize)>,
    /// How it was found.
    pub how: String,
}

/// The length in characters of a name starting at byte `at`, if one does.
fn name_at(text: &str, at: usize, ws: &[Word]) -> Option<usize> {
    let rest = &text[at..];
    let surname_len = if COMPOUND_SURNAMES.iter().any(|s| rest.starts_with(s)) {
        2
    } else if rest.chars().next().is_some_and(|c| SURNAMES.contains(c)) {
        1
    } else {
        return None;
    };
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let given = |k: usize| {
        chars
            .get(k)
            .map(|(_, c)| *c)
            .filter(|c| is_han(*c) && !AFTER_NAME.contains(*c))
    };
    given(surname_len)?;
    // A surname that jieba reads as a word of its own kind (和 as "and", 向 as "towards") is not
    // one here: 网格员和党员志愿者.
    if let Some(w) = ws.iter().find(|w| w.start == at)
        && w.word.chars().count() == surname_len
        && matches!(
            w.tag.as_str(),
            "c" | "p" | "u" | "d" | "r" | "v" | "f" | "q" | "m"
        )
    {
        return None;
    }
    // A dictionary word that is not a name (连夜, 同时) is not a name.
    if let Some(w) = ws.iter().find(|w| w.start == at)
        && w.word.chars().count() > surname_len
        && matches!(
            w.tag.as_str(),
            "d" | "v" | "vd" | "c" | "p" | "t" | "m" | "ad" | "ns" | "nt"
        )
    {
        return None;
    }
    let Some(third) = given(surname_len + 1) else {
        return Some(surname_len + 1);
    };
    let _ = third;
    // A word of two or more characters starting at the third character ends the name before it.
    let third_at = at + chars[surname_len + 1].0;
    let word_there = ws.iter().find(|w| w.start == third_at);
    if word_there.is_some_and(|w| w.word.chars().count() >= 2 && !w.tag.starts_with("nr")) {
        return Some(surname_len + 1);
    }
    Some(surname_len + 2)
}

/// Finds the people a paragraph names.
pub fn find(text: &str) -> Vec<Found> {
    let ws = words(text);
    let mut out: Vec<Found> = Vec::new();
    let push = |out: &mut Vec<Found>, f: Found| {
        if !out.iter().any(|o| o.name == f.name) {
            out.push(f);
        }
    };
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(t) = TITLES.iter().find(|t| rest.starts_with(*t)) {
            let at = i + t.len();
            if let Some(n) = name_at(text, at, &ws) {
                let end = at
                    + text[at..]
                        .char_indices()
                        .nth(n)
                        .map_or(text.len() - at, |(k, _)| k);
                push(
                    &mut out,
                    Found {
                        name: text[at..end].to_string(),
                        start: at,
                        end,
                        title: Some((t.to_string(), i)),
                        how: format!("a name after the title {t}"),
                    },
                );
            }
            i += t.len();
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    // Speakers jieba tags as person names.
    for (k, w) in ws.iter().enumerate() {
        let n = w.word.chars().count();
        if w.tag.starts_with("nr")
            && (2..=3).contains(&n)
            && w.word.chars().next().is_some_and(|c| SURNAMES.contains(c))
            && ws.get(k + 1).is_some_and(|x| SPEECH.contains(&x.word))
        {
            push(
                &mut out,
                Found {
                    name: w.word.to_string(),
                    start: w.start,
                    end: w.end,
                    title: None,
                    how: "jieba tags it a person name (nr), and it is followed by a verb of saying"
                        .into(),
                },
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<String> {
        find(t).into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn names_after_titles() {
        assert_eq!(names("飞云科技党支部书记张伟在接到任务后"), ["张伟"]);
        assert_eq!(names("社区主任李建国带领党员上门"), ["李建国"]);
        assert_eq!(names("实验室经理赵敏,有孕在身"), ["赵敏"]);
        assert_eq!(names("派出所辅警欧阳晓东与群众交谈"), ["欧阳晓东"]);
        assert_eq!(
            names("两千多名网格员和党员志愿者轮班值守"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn no_surname_no_person() {
        assert!(names("社区书记带领党员上门").is_empty());
    }
}
