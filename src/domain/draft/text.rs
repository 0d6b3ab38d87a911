//! Character classes, clauses and citations shared by the extractors.
//!
//! Every drafted record cites a verbatim quote of its paragraph; the loader finds the quote with
//! `str::match_indices`, so a quote that occurs more than once needs `nth`. [`cite`] picks the
//! clause around a span and works out `nth` the same way the loader will.

use std::sync::OnceLock;

/// Punctuation that ends a clause (a quote is at most one clause unless widened).
pub fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{ff0c}'
            | '。'
            | ';'
            | '\u{ff1b}'
            | '!'
            | '\u{ff01}'
            | '?'
            | '\u{ff1f}'
            | ':'
            | '\u{ff1a}'
            | '\n'
    )
}

/// Punctuation that ends a sentence.
pub fn is_sentence_break(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '\u{ff01}' | '?' | '\u{ff1f}' | ';' | '\u{ff1b}' | '\n'
    )
}

/// Characters a paragraph may end with when it is complete (closing punctuation).
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '。' | '!'
            | '\u{ff01}'
            | '?'
            | '\u{ff1f}'
            | '…'
            | '”'
            | '’'
            | '」'
            | '』'
            | ')'
            | '\u{ff09}'
            | ';'
            | '\u{ff1b}'
            | '.'
            | '—'
    )
}

/// An ASCII or full-width decimal digit (2 or ２).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The value of an ASCII or full-width decimal digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(u32::from(c) - u32::from('0')),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        _ => None,
    }
}

/// A Chinese character (CJK unified ideographs, the common blocks).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Byte bounds of the clause around `start..end` in `text`.
pub fn clause(text: &str, start: usize, end: usize) -> (usize, usize) {
    bounds(text, start, end, is_clause_break)
}

/// Byte bounds of the sentence around `start..end` in `text`.
pub fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    bounds(text, start, end, is_sentence_break)
}

fn bounds(text: &str, start: usize, end: usize, stop: fn(char) -> bool) -> (usize, usize) {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| stop(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|(_, c)| stop(*c))
        .map_or(text.len(), |(i, _)| end + i);
    // Leading and trailing blanks are not part of a quote.
    let inner = &text[from..to];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    let (from, to) = (from + lead, to - trail);
    if from >= to { (start, end) } else { (from, to) }
}

/// A quote as the loader will find it: the text and which occurrence it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Verbatim text of the paragraph.
    pub text: String,
    /// Which occurrence (1-based), when it occurs more than once.
    pub nth: Option<usize>,
}

/// The quote for the span `start..end` of a paragraph: the span as given, with `nth` when the same
/// text occurs more than once. Returns `None` when the loader could not find it at this place
/// (overlapping repeats), so the caller can widen the span.
pub fn quote_exact(text: &str, start: usize, end: usize) -> Option<Quote> {
    let q = &text[start..end];
    if q.trim().is_empty() {
        return None;
    }
    let hits: Vec<usize> = text.match_indices(q).map(|(i, _)| i).collect();
    let k = hits.iter().position(|&i| i == start)?;
    Some(Quote {
        text: q.to_string(),
        nth: (hits.len() > 1).then_some(k + 1),
    })
}

/// The quote for a span: its clause, else the span itself, else the whole paragraph.
pub fn cite(text: &str, start: usize, end: usize) -> Quote {
    let (cs, ce) = clause(text, start, end);
    quote_exact(text, cs, ce)
        .or_else(|| quote_exact(text, start, end))
        .unwrap_or_else(|| Quote {
            text: text.to_string(),
            nth: None,
        })
}

/// The first `n` characters of a text, with an ellipsis when cut.
pub fn head(text: &str, n: usize) -> String {
    let t = text.trim();
    let mut out: String = t.chars().take(n).collect();
    if t.chars().count() > n {
        out.push('…');
    }
    out
}

/// Jieba with its default dictionary, loaded once (about 0.1 s).
pub fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// A word of a paragraph with its part-of-speech tag and byte span.
#[derive(Debug, Clone)]
pub struct Word<'t> {
    /// The word.
    pub word: &'t str,
    /// Jieba's tag (`n`, `nr`, `ns`, `v`, ...).
    pub tag: String,
    /// Byte offset in the paragraph.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// Segments a paragraph into tagged words.
pub fn words(text: &str) -> Vec<Word<'_>> {
    jieba()
        .tag(text, true)
        .into_iter()
        .map(|t| Word {
            word: &text[t.byte_start..t.byte_end],
            tag: t.tag.to_string(),
            start: t.byte_start,
            end: t.byte_end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_stops_at_commas_not_at_enumeration_commas() {
        let t = "同时,累计采购21万个口罩、4.3万瓶消毒液。其后";
        let i = t.find("4.3").unwrap();
        let (s, e) = clause(t, i, i + 3);
        assert_eq!(&t[s..e], "累计采购21万个口罩、4.3万瓶消毒液");
    }

    #[test]
    fn a_repeated_quote_gets_its_occurrence() {
        let t = "甲乙,丙,甲乙";
        let second = t.rfind("甲乙").unwrap();
        assert_eq!(
            cite(t, second, second + 3),
            Quote {
                text: "甲乙".into(),
                nth: Some(2)
            }
        );
        assert_eq!(cite(t, 7, 10).nth, None);
    }
}
