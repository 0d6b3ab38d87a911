//! Dated events (1月23日, 2月10日深夜, 2020年1月23日) and documents (《…》 titles).

use super::text::{clause, is_clause_break, is_digit, sentence};
use crate::domain::seed::parse_date;

/// A date printed in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    /// The date as printed (1月23日, or 2020年1月23日).
    pub phrase: String,
    /// ISO date.
    pub iso: String,
    /// Byte span of the phrase.
    pub start: usize,
    /// End of the phrase.
    pub end: usize,
    /// The sentence from the date on (what happened), trimmed.
    pub what: String,
}

/// Finds the dates of a paragraph; `year` fills in dates printed without one.
pub fn dates(text: &str, year: i32) -> Vec<Dated> {
    // Digits (ASCII or full-width) ending at byte `at`: their start and how many there are.
    let digits_before = |at: usize| {
        let run: Vec<(usize, char)> = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_digit(*c))
            .collect();
        run.last().map(|(k, _)| (*k, run.len()))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('月') {
        let m = i + off;
        i = m + '月'.len_utf8();
        // Digits before 月 (1–2) and before 日 after it (1–2).
        let Some((ms, month_len)) = digits_before(m) else {
            continue;
        };
        if month_len > 2 {
            continue;
        }
        let day: Vec<char> = text[i..].chars().take_while(|c| is_digit(*c)).collect();
        let day_bytes: usize = day.iter().map(|c| c.len_utf8()).sum();
        if !(1..=2).contains(&day.len()) || !text[i + day_bytes..].starts_with('日') {
            continue;
        }
        let end = i + day_bytes + '日'.len_utf8();
        // A year printed before it.
        let mut start = ms;
        if text[..ms].ends_with('年') {
            let y = ms - '年'.len_utf8();
            if let Some((ys, 4)) = digits_before(y) {
                start = ys;
            }
        }
        if text[..start].chars().next_back().is_some_and(is_digit) {
            continue;
        }
        let phrase = &text[start..end];
        let Some((iso, _)) = parse_date(phrase, year) else {
            continue;
        };
        let (_, se) = sentence(text, start, end);
        let what = text[start..se].trim().to_string();
        out.push(Dated {
            phrase: phrase.to_string(),
            iso,
            start,
            end,
            what,
        });
        i = end;
    }
    out
}

/// The quote of a dated clause: the clause with the date and the one after it (早在1月23日,襄阳
/// 高新区党工委就召开紧急会议).
pub fn event_span(text: &str, d: &Dated) -> (usize, usize) {
    let (cs, ce) = clause(text, d.start, d.end);
    let next = text[ce..]
        .char_indices()
        .skip(1)
        .find(|(_, c)| is_clause_break(*c))
        .map_or(text.len(), |(k, _)| ce + k);
    if ce < text.len() && text[ce..].starts_with([',', '\u{ff0c}']) {
        (cs, next)
    } else {
        (cs, ce)
    }
}

/// A document title in 《》, with the byte span of the brackets.
pub fn documents(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(o) = text[i..].find('《') {
        let open = i + o;
        let Some(c) = text[open..].find('》') else {
            break;
        };
        let close = open + c + '》'.len_utf8();
        let title = &text[open + '《'.len_utf8()..open + c];
        if !title.trim().is_empty() && !title.contains('《') {
            out.push((title.to_string(), open, close));
        }
        i = close;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_and_without_a_year() {
        let d = dates(
            "早在1月23日,党工委召开会议。2月10日深夜,党员出发。2021年3月5日,又见。11月20日",
            2020,
        );
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|d| (d.phrase.as_str(), d.iso.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("1月23日", "2020-01-23"),
                ("2月10日", "2020-02-10"),
                ("2021年3月5日", "2021-03-05"),
                ("11月20日", "2020-11-20")
            ]
        );
        let t = "早在1月23日,党工委召开会议,部署工作。";
        assert_eq!(
            &t[event_span(t, &d[0]).0..event_span(t, &d[0]).1],
            "早在1月23日,党工委召开会议"
        );
        assert!(dates("2月30日", 2020).is_empty());
        let d = dates("　　２０２０年２月１２日，党工委下拨党费。", 2019);
        assert_eq!(d[0].phrase, "２０２０年２月１２日");
        assert_eq!(d[0].iso, "2020-02-12");
    }

    #[test]
    fn document_titles() {
        assert_eq!(
            documents("印发了《工作方案(修订版)》和《倡议书》")[1].0,
            "倡议书"
        );
    }
}
