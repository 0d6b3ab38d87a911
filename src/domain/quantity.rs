//! Parsing of Chinese quantity phrases such as `1.5万余名`, `上千余名` or `不到1周`.
//!
//! The seed data stores every quantity exactly as the newspaper wrote it, so the
//! archive never loses the original wording. The numeric value, the unit and the
//! qualifier ("at least", "less than", ...) that the database keeps next to the
//! phrase are *derived* from it by this parser, which makes the derivation
//! repeatable and testable instead of being typed in by hand.
//!
//! The grammar is
//!
//! ```text
//! phrase := [prefix] number [mark] [multiplier] [mark] unit
//! ```
//!
//! * `prefix`: `约`/`近` (approximately), `不到` (less than), `上`/`超过`/`逾` (at least);
//! * `number`: Arabic digits with an optional decimal point (ASCII or full-width), or
//!   Chinese numerals (`两`, `十二`, `一百零五`, `一万二千五百`, and after a prefix a
//!   bare `千`/`万` as in `上千`);
//! * `mark`: `余` or `多` (at least); one mark at most per phrase;
//! * `multiplier`: `万` (×10⁴), `亿` (×10⁸) or `万亿` (×10¹²);
//! * `unit`: the rest, e.g. `名`, `个`, `元`; a leading classifier `个` before a
//!   longer unit is dropped (`30多个小时` → `小时`), and `个多小时`/`年多` forms
//!   are understood too.
//!
//! All arithmetic is exact integer arithmetic with overflow checks; a decimal
//! that does not come out to a whole number after the multiplier is rejected.

use std::fmt;

/// How a number relates to the quantity it describes.
///
/// The first four are what the parser reads from a phrase and what the archive stores for a
/// single figure; [`Qualifier::Unbounded`] only arises when terms are added up
/// ([`Qualifier::combine`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// The number is stated plainly (`20人`).
    Exact,
    /// The number is a lower bound (`1000余个`, `100多个`, `上千`, `超过`, `逾`).
    AtLeast,
    /// The quantity is below the number (`不到1周`).
    LessThan,
    /// The number is an approximation (`约100人`, `近20个`).
    Approx,
    /// A sum of a lower bound and an upper bound (`不到10` + `5余`): the number is neither, so it
    /// bounds the quantity on no side. Never parsed from a phrase; only a result of
    /// [`Qualifier::combine`], which the views write as `unbounded`.
    Unbounded,
}

impl Qualifier {
    /// Every qualifier, in declaration order (for exhaustive tests).
    pub const ALL: [Qualifier; 5] = [
        Qualifier::Exact,
        Qualifier::AtLeast,
        Qualifier::LessThan,
        Qualifier::Approx,
        Qualifier::Unbounded,
    ];

    /// The string stored in the database and printed by the views: `"exact"`, `"at_least"`,
    /// `"less_than"`, `"approx"` or `"unbounded"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::Approx => "approx",
            Qualifier::Unbounded => "unbounded",
        }
    }

    /// The inverse of [`Qualifier::as_str`], for qualifiers read back from the archive or a
    /// view; `None` for any other string (matching is exact: `"Exact"` is not a qualifier).
    #[must_use]
    pub fn parse(s: &str) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.as_str() == s)
    }

    /// The qualifier of a sum whose terms carry these qualifiers: the rule every view follows
    /// (see the top of `migrations/0002_named_queries.sql`), so that a total computed in Rust
    /// reads the same as one computed in SQL.
    ///
    /// * any lower bound (`at_least`) makes the sum a lower bound, any upper bound (`less_than`)
    ///   an upper bound, and both together leave it `unbounded` (an `unbounded` term counts as
    ///   both);
    /// * otherwise any `approx` term makes it `approx`;
    /// * it is `exact` only if every term is, and so is the empty sum (0 of nothing is exactly 0).
    ///
    /// The qualifiers form a join semilattice (exact < approx < at_least, less_than < unbounded),
    /// so the order and grouping of the terms never matter: combining partial sums gives the same
    /// answer as combining all terms at once.
    #[must_use]
    pub fn combine(qualifiers: impl IntoIterator<Item = Qualifier>) -> Qualifier {
        let (mut low, mut high, mut approx) = (false, false, false);
        for q in qualifiers {
            match q {
                Qualifier::Exact => {}
                Qualifier::AtLeast => low = true,
                Qualifier::LessThan => high = true,
                Qualifier::Approx => approx = true,
                Qualifier::Unbounded => (low, high) = (true, true),
            }
        }
        match (low, high) {
            (true, true) => Qualifier::Unbounded,
            (true, false) => Qualifier::AtLeast,
            (false, true) => Qualifier::LessThan,
            (false, false) if approx => Qualifier::Approx,
            (false, false) => Qualifier::Exact,
        }
    }
}

impl fmt::Display for Qualifier {
    /// Writes the same string as [`Qualifier::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed quantity: an exact integer value, its unit and its qualifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The value after applying decimals and multipliers (`1.5万` → `15000`).
    pub value: i64,
    /// The unit as written, without the classifier `个` before longer units
    /// (`名`, `个`, `元`, `小时`).
    pub unit: String,
    /// How the value is qualified (`余`/`多` → at least, `约` → approx, ...).
    pub qualifier: Qualifier,
}

/// Why a phrase could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The phrase exactly as it was passed to [`parse`].
    pub phrase: String,
    /// A human-readable explanation of what is wrong with it.
    pub reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot parse quantity \"{}\": {}",
            self.phrase, self.reason
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a Chinese quantity phrase (`1.5万余名`, `不到1周`, `两支`) into its
/// value, unit and qualifier.
///
/// Whitespace around the phrase is ignored; anything else that does not fit
/// the grammar described in the module documentation is an error.
///
/// # Errors
///
/// Returns a [`ParseError`] carrying the phrase and the reason when the phrase
/// is empty, has no number or no unit, contains two numbers, a malformed
/// number, conflicting qualifiers (`不到100余个`), a decimal that is not a
/// whole number after its multiplier (`1.5个`), or a value that overflows `i64`.
pub fn parse(phrase: &str) -> Result<Quantity, ParseError> {
    parse_trimmed(phrase.trim()).map_err(|reason| ParseError {
        phrase: phrase.to_owned(),
        reason,
    })
}

/// A qualifying word written before the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    /// `约`: about.
    About,
    /// `近`: nearly (approaching from below).
    Nearly,
    /// `不到`: less than.
    Under,
    /// `上`, `超过`, `逾`: upwards of.
    Over,
}

const PREFIXES: [(&str, Prefix); 6] = [
    ("不到", Prefix::Under),
    ("超过", Prefix::Over),
    ("约", Prefix::About),
    ("近", Prefix::Nearly),
    ("逾", Prefix::Over),
    ("上", Prefix::Over),
];

/// A number as written, before the multiplier is applied.
struct Number<'a> {
    /// The text of the number, for error messages.
    written: &'a str,
    /// The integer part.
    int: i64,
    /// Fractional digits with trailing zeros removed (empty for integers).
    frac: Vec<i64>,
}

fn parse_trimmed(s: &str) -> Result<Quantity, String> {
    if s.is_empty() {
        return Err("the phrase is empty".to_owned());
    }
    let (prefix, rest) = split_prefix(s);
    let (number, rest) = take_number(rest, prefix.is_some())?;
    let mut marks = 0usize;
    let rest = take_mark(rest, &mut marks);
    let (shift, rest) = take_multiplier(rest);
    let rest = take_mark(rest, &mut marks);
    let mut unit = take_unit(rest, &mut marks)?;
    // 九成以上: "or more" written after the unit is a lower bound, like 余.
    if let Some(u) = unit.strip_suffix("以上")
        && !u.is_empty()
    {
        unit = u.to_owned();
        marks += 1;
    }
    if marks > 1 {
        return Err("more than one 余/多 mark".to_owned());
    }
    let value = scale(&number, shift)?;
    let qualifier = resolve_qualifier(prefix, marks == 1)?;
    Ok(Quantity {
        value,
        unit,
        qualifier,
    })
}

fn split_prefix(s: &str) -> (Option<Prefix>, &str) {
    for (word, prefix) in PREFIXES {
        if let Some(rest) = s.strip_prefix(word) {
            return (Some(prefix), rest);
        }
    }
    (None, s)
}

/// The value of an ASCII or full-width decimal digit.
fn arabic_digit(c: char) -> Option<i64> {
    match c {
        '0'..='9' => Some(i64::from(u32::from(c) - u32::from('0'))),
        '０'..='９' => Some(i64::from(u32::from(c) - u32::from('０'))),
        _ => None,
    }
}

fn is_decimal_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// The value of a Chinese digit (`零`/`〇` are 0, `两` is 2).
fn chinese_digit(c: char) -> Option<i64> {
    match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// The value of a Chinese place unit.
fn chinese_unit(c: char) -> Option<i64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1_000),
        '万' => Some(10_000),
        '亿' => Some(100_000_000),
        _ => None,
    }
}

fn is_numeral(c: char) -> bool {
    arabic_digit(c).is_some() || chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

fn is_mark(c: char) -> bool {
    c == '余' || c == '多'
}

fn too_large(written: &str) -> String {
    format!("the number {written} is too large")
}

/// Splits `s` before the first character that does not satisfy `keep`.
fn split_while(s: &str, keep: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

fn take_number(s: &str, after_prefix: bool) -> Result<(Number<'_>, &str), String> {
    let Some(first) = s.chars().next() else {
        return Err("no number in the phrase".to_owned());
    };
    if arabic_digit(first).is_some() {
        let (written, rest) = split_while(s, |c| arabic_digit(c).is_some() || is_decimal_point(c));
        Ok((parse_arabic(written)?, rest))
    } else if chinese_digit(first).is_some() || chinese_unit(first).is_some() {
        let (written, rest) = split_while(s, |c| {
            chinese_digit(c).is_some() || chinese_unit(c).is_some()
        });
        let int = parse_chinese(written, after_prefix)?;
        Ok((
            Number {
                written,
                int,
                frac: Vec::new(),
            },
            rest,
        ))
    } else {
        Err(format!("expected a number where \"{s}\" begins"))
    }
}

fn parse_arabic(written: &str) -> Result<Number<'_>, String> {
    let mut parts = written.split(is_decimal_point);
    let int_text = parts.next().unwrap_or_default();
    let frac_text = parts.next();
    if parts.next().is_some() {
        return Err(format!("malformed decimal number {written}"));
    }
    if frac_text.is_some_and(str::is_empty) {
        return Err(format!(
            "malformed decimal number {written}: no digits after the decimal point"
        ));
    }
    let mut int: i64 = 0;
    for c in int_text.chars() {
        let d = arabic_digit(c).ok_or_else(|| format!("malformed number {written}"))?;
        int = int
            .checked_mul(10)
            .and_then(|v| v.checked_add(d))
            .ok_or_else(|| too_large(written))?;
    }
    let mut frac = Vec::new();
    for c in frac_text.unwrap_or_default().chars() {
        frac.push(arabic_digit(c).ok_or_else(|| format!("malformed number {written}"))?);
    }
    while frac.last() == Some(&0) {
        frac.pop();
    }
    Ok(Number { written, int, frac })
}

/// Parses a run of Chinese numerals such as `二十三`, `一百零五`, `一万二千五百`
/// or (colloquially) `一百五` = 150 and `一万二` = 12000.
///
/// A leading `十` needs no digit (`十二`); a leading `百`/`千`/`万`/`亿` is only
/// accepted when `bare_unit_ok` (after a prefix, as in `上千`, `近万`).
fn parse_chinese(s: &str, bare_unit_ok: bool) -> Result<i64, String> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Prev {
        Start,
        Digit,
        Zero,
        Unit,
    }

    let add = |a: i64, b: i64| a.checked_add(b).ok_or_else(|| too_large(s));
    let mul = |a: i64, b: i64| a.checked_mul(b).ok_or_else(|| too_large(s));

    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && chinese_digit(c) == Some(0)
    {
        return Ok(0);
    }

    let mut prev = Prev::Start;
    let mut pending: Option<i64> = None;
    let mut after_zero = false;
    // The value of the current group below 万, and its smallest place unit so far.
    let mut section: i64 = 0;
    let mut smallest: Option<i64> = None;
    let mut wan_part: Option<i64> = None;
    let mut yi_part: Option<i64> = None;
    let mut last_unit: Option<i64> = None;

    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if d == 0 {
                if prev != Prev::Unit {
                    return Err(format!("misplaced {c} in {s}"));
                }
                prev = Prev::Zero;
                continue;
            }
            if prev == Prev::Digit {
                return Err(format!("two digits in a row in {s}"));
            }
            after_zero = prev == Prev::Zero;
            pending = Some(d);
            prev = Prev::Digit;
            continue;
        }
        let Some(u) = chinese_unit(c) else {
            return Err(format!("unexpected character {c} in {s}"));
        };
        if prev == Prev::Zero {
            return Err(format!("零 directly before {c} in {s}"));
        }
        let bare = prev == Prev::Start;
        match u {
            10 | 100 | 1_000 => {
                let d = match pending.take() {
                    Some(d) => d,
                    None if bare && (u == 10 || bare_unit_ok) => 1,
                    None => return Err(format!("{c} without a digit before it in {s}")),
                };
                if smallest.is_some_and(|m| u >= m) {
                    return Err(format!("{c} out of order in {s}"));
                }
                section = add(section, mul(d, u)?)?;
                smallest = Some(u);
            }
            10_000 => {
                if wan_part.is_some() {
                    return Err(format!("万 twice in {s}"));
                }
                let mut group = add(section, pending.take().unwrap_or(0))?;
                if group == 0 {
                    if bare && bare_unit_ok {
                        group = 1;
                    } else {
                        return Err(format!("万 without a number before it in {s}"));
                    }
                }
                wan_part = Some(mul(group, u)?);
                section = 0;
                smallest = None;
            }
            _ => {
                if yi_part.is_some() {
                    return Err(format!("亿 twice in {s}"));
                }
                let mut group = add(
                    add(wan_part.take().unwrap_or(0), section)?,
                    pending.take().unwrap_or(0),
                )?;
                if group == 0 {
                    if bare && bare_unit_ok {
                        group = 1;
                    } else {
                        return Err(format!("亿 without a number before it in {s}"));
                    }
                }
                yi_part = Some(mul(group, u)?);
                section = 0;
                smallest = None;
            }
        }
        last_unit = Some(u);
        prev = Prev::Unit;
    }
    if prev == Prev::Zero {
        return Err(format!("{s} ends with 零"));
    }
    let tail = match (pending, last_unit) {
        (None, _) => 0,
        (Some(d), None) => d,
        (Some(d), Some(_)) if after_zero => d,
        // Colloquial abbreviation: the last digit counts in the next lower
        // place (一百五 = 150, 一万二 = 12000, 二十三 = 23).
        (Some(d), Some(u)) => mul(d, u / 10)?,
    };
    let total = add(yi_part.unwrap_or(0), wan_part.unwrap_or(0))?;
    add(add(total, section)?, tail)
}

fn take_mark<'a>(s: &'a str, marks: &mut usize) -> &'a str {
    match s.chars().next() {
        Some(c) if is_mark(c) => {
            *marks += 1;
            &s[c.len_utf8()..]
        }
        _ => s,
    }
}

/// Returns the power of ten of a leading multiplier and the rest of the text.
fn take_multiplier(s: &str) -> (u32, &str) {
    if let Some(rest) = s.strip_prefix("万亿") {
        (12, rest)
    } else if let Some(rest) = s.strip_prefix('万') {
        (4, rest)
    } else if let Some(rest) = s.strip_prefix('亿') {
        (8, rest)
    } else {
        (0, s)
    }
}

fn take_unit(raw: &str, marks: &mut usize) -> Result<String, String> {
    let Some(first) = raw.chars().next() else {
        return Err("the number has no unit".to_owned());
    };
    if is_numeral(first) || is_decimal_point(first) {
        return Err(format!(
            "unexpected {first} after the number (two numbers?)"
        ));
    }
    if is_mark(first) {
        return Err("more than one 余/多 mark".to_owned());
    }
    if let Some(c) = raw
        .chars()
        .find(|&c| arabic_digit(c).is_some() || chinese_digit(c).is_some())
    {
        return Err(format!("the unit \"{raw}\" contains the numeral {c}"));
    }
    for c in raw.chars() {
        if !(c.is_alphabetic() || matches!(c, '%' | '‰' | '℃' | '°' | '/' | '·')) {
            return Err(format!("unexpected character {c:?} in the unit \"{raw}\""));
        }
    }
    let mut unit = raw;
    // 3年多, 1个多: the mark written after the unit.
    if unit.chars().count() > 1
        && let Some(c) = unit.chars().next_back()
        && is_mark(c)
    {
        *marks += 1;
        unit = &unit[..unit.len() - c.len_utf8()];
    }
    // 30多个小时 → 小时, 1个多小时 → 小时 (at least).
    if let Some(rest) = unit.strip_prefix('个')
        && !rest.is_empty()
    {
        let mut chars = rest.chars();
        unit = match chars.next() {
            Some(c) if is_mark(c) && !chars.as_str().is_empty() => {
                *marks += 1;
                chars.as_str()
            }
            _ => rest,
        };
    }
    if unit.chars().next().is_some_and(is_mark) {
        return Err("more than one 余/多 mark".to_owned());
    }
    Ok(unit.to_owned())
}

/// Applies a multiplier of `10^shift` to the number, exactly.
fn scale(number: &Number<'_>, shift: u32) -> Result<i64, String> {
    let written = number.written;
    let places = u32::try_from(number.frac.len()).unwrap_or(u32::MAX);
    if places > shift {
        return Err(if shift == 0 {
            format!("{written} is not a whole number")
        } else {
            format!("{written} × 10^{shift} is not a whole number")
        });
    }
    let pow = |p: u32| 10i64.checked_pow(p).ok_or_else(|| too_large(written));
    let mut frac: i64 = 0;
    for &d in &number.frac {
        frac = frac
            .checked_mul(10)
            .and_then(|v| v.checked_add(d))
            .ok_or_else(|| too_large(written))?;
    }
    let int = number
        .int
        .checked_mul(pow(shift)?)
        .ok_or_else(|| too_large(written))?;
    let frac = frac
        .checked_mul(pow(shift - places)?)
        .ok_or_else(|| too_large(written))?;
    int.checked_add(frac).ok_or_else(|| too_large(written))
}

fn resolve_qualifier(prefix: Option<Prefix>, marked: bool) -> Result<Qualifier, String> {
    match (prefix, marked) {
        (None, false) => Ok(Qualifier::Exact),
        // 上千余名, 约1000余人: the 余/多 mark decides.
        (None | Some(Prefix::Over | Prefix::About), true) | (Some(Prefix::Over), false) => {
            Ok(Qualifier::AtLeast)
        }
        (Some(Prefix::About | Prefix::Nearly), false) => Ok(Qualifier::Approx),
        (Some(Prefix::Under), false) => Ok(Qualifier::LessThan),
        (Some(Prefix::Under), true) => {
            Err("不到 (less than) contradicts 余/多 (more than)".to_owned())
        }
        (Some(Prefix::Nearly), true) => {
            Err("近 (nearly, from below) contradicts 余/多 (more than)".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(phrase: &str) -> (i64, String, &'static str) {
        match parse(phrase) {
            Ok(q) => (q.value, q.unit, q.qualifier.as_str()),
            Err(e) => panic!("{e}"),
        }
    }

    fn check(phrase: &str, value: i64, unit: &str, qualifier: &str) {
        assert_eq!(
            ok(phrase),
            (value, unit.to_owned(), qualifier_str(qualifier)),
            "{phrase}"
        );
    }

    fn qualifier_str(s: &str) -> &'static str {
        Qualifier::parse(s).map_or("?", Qualifier::as_str)
    }

    fn err(phrase: &str) -> ParseError {
        match parse(phrase) {
            Ok(q) => panic!("{phrase:?} should not parse, got {q:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn article_phrases_with_marks() {
        check("1.5万余名", 15_000, "名", "at_least");
        check("1000余个", 1_000, "个", "at_least");
        check("上千余名", 1_000, "名", "at_least");
        check("100多个", 100, "个", "at_least");
        check("30多个小时", 30, "小时", "at_least");
        check("3000余元", 3_000, "元", "at_least");
        check("1万余家", 10_000, "家", "at_least");
        check("150多家", 150, "家", "at_least");
        check("10多家", 10, "家", "at_least");
    }

    #[test]
    fn article_phrases_with_multipliers() {
        check("21万个", 210_000, "个", "exact");
        check("1000万元", 10_000_000, "元", "exact");
        check("4.3万瓶", 43_000, "瓶", "exact");
        check("1.3万套", 13_000, "套", "exact");
        check("3.1万副", 31_000, "副", "exact");
        check("68万副", 680_000, "副", "exact");
        check("2万元", 20_000, "元", "exact");
        check("30万元", 300_000, "元", "exact");
    }

    #[test]
    fn article_phrases_with_chinese_numerals() {
        check("两支", 2, "支", "exact");
        check("十条", 10, "条", "exact");
        check("五级", 5, "级", "exact");
    }

    #[test]
    fn article_phrases_with_prefixes() {
        check("不到1周", 1, "周", "less_than");
        check("约100人", 100, "人", "approx");
        check("近20个", 20, "个", "approx");
    }

    #[test]
    fn article_plain_phrases() {
        for (phrase, value, unit) in [
            ("20人", 20, "人"),
            ("20个", 20, "个"),
            ("28支", 28, "支"),
            ("9支", 9, "支"),
            ("3支", 3, "支"),
            ("40支", 40, "支"),
            ("190名", 190, "名"),
            ("27名", 27, "名"),
            ("189名", 189, "名"),
            ("1个", 1, "个"),
            ("6个", 6, "个"),
            ("8个", 8, "个"),
            ("3项", 3, "项"),
            ("11个", 11, "个"),
            ("334个", 334, "个"),
            ("5个", 5, "个"),
            ("4个", 4, "个"),
            ("21个", 21, "个"),
            ("24小时", 24, "小时"),
            ("1000个", 1_000, "个"),
        ] {
            check(phrase, value, unit, "exact");
        }
    }

    #[test]
    fn other_prefixes_and_bare_units() {
        check("超过100人", 100, "人", "at_least");
        check("逾千人", 1_000, "人", "at_least");
        check("上万名", 10_000, "名", "at_least");
        check("近千名", 1_000, "名", "approx");
        check("不到百人", 100, "人", "less_than");
        check("约1000余人", 1_000, "人", "at_least");
    }

    #[test]
    fn chinese_compound_numbers() {
        check("一万二千五百名", 12_500, "名", "exact");
        check("一百零五人", 105, "人", "exact");
        check("十二个", 12, "个", "exact");
        check("二十个", 20, "个", "exact");
        check("一千零五十元", 1_050, "元", "exact");
        check("十万元", 100_000, "元", "exact");
        check("二十五万元", 250_000, "元", "exact");
        check("一亿二千万元", 120_000_000, "元", "exact");
        check("三千余万元", 30_000_000, "元", "at_least");
        check("零个", 0, "个", "exact");
        // Colloquial abbreviations.
        check("一百五人", 150, "人", "exact");
        check("一万二名", 12_000, "名", "exact");
    }

    #[test]
    fn whitespace_full_width_and_other_forms() {
        check("  20人\n", 20, "人", "exact");
        check("１００个", 100, "个", "exact");
        check("１．５万名", 15_000, "名", "exact");
        check("1.50万名", 15_000, "名", "exact");
        check("1.5亿元", 150_000_000, "元", "exact");
        check("1.5万亿元", 1_500_000_000_000, "元", "exact");
        check("1个多小时", 1, "小时", "at_least");
        check("3年多", 3, "年", "at_least");
        check("3个百分点", 3, "百分点", "exact");
        check("两个月", 2, "月", "exact");
    }

    #[test]
    fn malformed_phrases_are_errors() {
        for phrase in [
            "",
            "   ",
            "名",
            "1..5万",
            "1.",
            "1.5",
            "万名",
            "千名",
            "1.55555万名",
            "1.5个",
            "99999999999999999999个",
            "99999999999万亿元",
            "不到100余个",
            "近100多人",
            "abc",
            "1万2名",
            "1万二名",
            "100",
            "100余",
            "1.5万",
            "1000个2000个",
            "100-200人",
            "100余多人",
            "1万余多名",
            "1个多小时多",
            "约 100人",
            "1 00人",
            "100人,",
            "约近100人",
            "一二三个",
            "五零个",
            "一百零个",
            "二十三百个",
            "一万一万个",
            "零五个",
            "1万万人",
            "3千米",
        ] {
            let e = err(phrase);
            assert_eq!(e.phrase, phrase);
            assert!(!e.reason.is_empty());
        }
    }

    #[test]
    fn error_messages() {
        let e = err("1..5万");
        assert!(
            e.to_string()
                .starts_with("cannot parse quantity \"1..5万\": "),
            "{e}"
        );
        assert!(err("99999999999999999999个").reason.contains("too large"));
        assert!(err("1.55555万名").reason.contains("whole number"));
        assert!(err("不到100余个").reason.contains("contradicts"));
        assert!(err("").reason.contains("empty"));
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().contains("1..5万"));
    }

    #[test]
    fn overflow_boundaries() {
        check("9223372036854775807个", i64::MAX, "个", "exact");
        err("9223372036854775808个");
        check("9223372.036854775807万亿元", i64::MAX, "元", "exact");
        err("9223372.036854775808万亿元");
        err("9223373万亿元");
    }

    #[test]
    fn qualifier_strings_round_trip() {
        for q in [
            Qualifier::Exact,
            Qualifier::AtLeast,
            Qualifier::LessThan,
            Qualifier::Approx,
        ] {
            assert_eq!(Qualifier::parse(q.as_str()), Some(q));
            assert_eq!(q.to_string(), q.as_str());
        }
        assert_eq!(Qualifier::parse("Exact"), None);
        assert_eq!(Qualifier::parse(""), None);
    }

    #[test]
    fn unbounded_round_trips_but_is_never_parsed_from_a_phrase() {
        for q in Qualifier::ALL {
            assert_eq!(Qualifier::parse(q.as_str()), Some(q));
        }
        assert_eq!(Qualifier::parse("unbounded"), Some(Qualifier::Unbounded));
        assert_eq!(Qualifier::Unbounded.to_string(), "unbounded");
        // No prefix/mark combination yields it: 不到…余 is an error, not "unbounded".
        assert!(parse("不到100余个").is_err());
    }

    #[test]
    fn sums_combine_qualifiers_like_the_views() {
        use Qualifier::{Approx, AtLeast, Exact, LessThan, Unbounded};
        // The cases report::combine was tested with, before it moved here.
        assert_eq!(Qualifier::combine([Exact, Exact]), Exact);
        assert_eq!(Qualifier::combine([Exact, Approx]), Approx);
        assert_eq!(Qualifier::combine([Approx, AtLeast]), AtLeast);
        assert_eq!(Qualifier::combine([LessThan, AtLeast]), Unbounded);
        assert_eq!(Qualifier::combine([LessThan, Exact]), LessThan);
        // The empty sum is exact; an unbounded term stays unbounded.
        assert_eq!(Qualifier::combine([]), Exact);
        assert_eq!(Qualifier::combine([Unbounded, Exact]), Unbounded);
        assert_eq!(Qualifier::combine([Approx, Unbounded]), Unbounded);
    }

    #[test]
    fn combine_is_a_join_order_and_grouping_do_not_matter() {
        let all = Qualifier::ALL;
        for a in all {
            assert_eq!(Qualifier::combine([a]), a);
            assert_eq!(Qualifier::combine([a, a]), a);
            assert_eq!(Qualifier::combine([a, Qualifier::Exact]), a);
            for b in all {
                let ab = Qualifier::combine([a, b]);
                assert_eq!(ab, Qualifier::combine([b, a]));
                for c in all {
                    let abc = Qualifier::combine([a, b, c]);
                    assert_eq!(abc, Qualifier::combine([ab, c]));
                    assert_eq!(abc, Qualifier::combine([a, Qualifier::combine([b, c])]));
                }
            }
        }
    }

    /// Renders 0..=99 the way a newspaper writes them (十, 十三, 二十, 二十三).
    fn chinese_below_100(n: u32) -> String {
        const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        let (tens, ones) = (n / 10, n % 10);
        let digit = |d: u32| DIGITS[d as usize];
        let mut s = String::new();
        match tens {
            0 => s.push(digit(ones)),
            1 => s.push('十'),
            t => {
                s.push(digit(t));
                s.push('十');
            }
        }
        if tens > 0 && ones > 0 {
            s.push(digit(ones));
        }
        s
    }

    /// Renders 0..10^8 in standard written form (一千零一十, 十万, 一万零五).
    fn chinese_standard(n: u32) -> String {
        const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn section(n: u32, leading: bool, out: &mut String) {
            let mut started = false;
            let mut zero = false;
            for (place, unit) in [
                (1000, Some('千')),
                (100, Some('百')),
                (10, Some('十')),
                (1, None),
            ] {
                let d = n / place % 10;
                if d == 0 {
                    zero |= started;
                    continue;
                }
                if zero {
                    out.push('零');
                    zero = false;
                }
                if !(place == 10 && d == 1 && !started && leading) {
                    out.push(DIGITS[d as usize]);
                }
                out.extend(unit);
                started = true;
            }
        }
        let mut s = String::new();
        if n == 0 {
            s.push('零');
        } else if n >= 10_000 {
            section(n / 10_000, true, &mut s);
            s.push('万');
            let low = n % 10_000;
            if low > 0 {
                if low < 1000 {
                    s.push('零');
                }
                section(low, false, &mut s);
            }
        } else {
            section(n, true, &mut s);
        }
        s
    }

    #[test]
    fn arabic_integers_round_trip() {
        for i in 0..=1200i64 {
            assert_eq!(ok(&format!("{i}个")), (i, "个".to_owned(), "exact"));
        }
    }

    #[test]
    fn chinese_below_100_round_trip() {
        assert_eq!(chinese_below_100(23), "二十三");
        assert_eq!(chinese_below_100(10), "十");
        assert_eq!(chinese_below_100(0), "零");
        for i in 0..=99u32 {
            let phrase = format!("{}个", chinese_below_100(i));
            assert_eq!(ok(&phrase), (i64::from(i), "个".to_owned(), "exact"));
        }
    }

    #[test]
    fn or_more_after_the_unit_is_a_lower_bound() {
        assert_eq!(ok("九成以上"), (9, "成".to_owned(), "at_least"));
        assert_eq!(ok("100人以上"), (100, "人".to_owned(), "at_least"));
        assert!(parse("100余人以上").is_err(), "two marks");
        assert!(parse("以上").is_err());
    }

    #[test]
    fn chinese_standard_round_trip() {
        assert_eq!(chinese_standard(12_500), "一万二千五百");
        assert_eq!(chinese_standard(10_010), "一万零一十");
        assert_eq!(chinese_standard(1_001), "一千零一");
        assert_eq!(chinese_standard(100_000), "十万");
        let samples = (0..=30_000u32).chain((0..2_000u32).map(|k| k * 49_999 + 7));
        for i in samples {
            let phrase = format!("{}名", chinese_standard(i));
            assert_eq!(
                ok(&phrase),
                (i64::from(i), "名".to_owned(), "exact"),
                "{phrase}"
            );
        }
    }
}
