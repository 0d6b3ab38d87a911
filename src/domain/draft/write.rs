//! Writes the draft as TOML in the seed's format, with a `# review:` comment above each record.
//! Comments are not imported; they are the reviewer's checklist, and deleting them is safe.

use std::fmt::Write as _;

use super::layout::{Layout, ZoneRef};
use super::{Cited, Facts, Options};
use crate::domain::seed;

/// A TOML basic string.
fn s(v: &str) -> String {
    let mut o = String::with_capacity(v.len() + 2);
    o.push('"');
    for c in v.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn review(out: &mut String, indent: &str, notes: &[String]) {
    for n in notes {
        let line: String = n
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "{indent}# review: {line}");
    }
}

fn cite(out: &mut String, c: &Cited) {
    let _ = writeln!(out, "p = {}", s(&c.p));
    let _ = writeln!(out, "quote = {}", s(&c.quote.text));
    if let Some(n) = c.quote.nth {
        let _ = writeln!(out, "nth = {n}");
    }
}

fn opt(out: &mut String, field: &str, v: &Option<String>) {
    if let Some(v) = v {
        let _ = writeln!(out, "{field} = {}", s(v));
    }
}

/// For each paragraph, the shortest start (at least 8 characters) that no other paragraph starts
/// with; a paragraph whose whole text starts another one, or is printed again word for word, is
/// named by its whole text (the loader takes the paragraph that is exactly that text, copies in
/// order). Sorting the texts puts every paragraph that shares a start with another next to it, so
/// this is one sort and one pass.
fn starts(blocks: &[seed::Block]) -> Vec<String> {
    let texts: Vec<Vec<char>> = blocks.iter().map(|b| b.text.chars().collect()).collect();
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by(|&a, &b| blocks[a].text.cmp(blocks[b].text).then(a.cmp(&b)));
    let common = |a: usize, b: usize| {
        texts[a]
            .iter()
            .zip(&texts[b])
            .take_while(|(x, y)| x == y)
            .count()
    };
    let mut out = vec![String::new(); blocks.len()];
    for (k, &i) in order.iter().enumerate() {
        let n = texts[i].len();
        let before = k.checked_sub(1).map_or(0, |p| common(order[p], i));
        let after = order.get(k + 1).map_or(0, |&q| common(i, q));
        let shared = before.max(after);
        let len = if shared >= n {
            n
        } else {
            (shared + 1).max(8).min(n)
        };
        out[i] = texts[i][..len].iter().collect();
    }
    out
}

/// `article.toml`.
pub fn article(
    text: &str,
    opts: &Options,
    year: i32,
    year_source: &str,
    layout: &Layout,
) -> String {
    let blocks = seed::blocks(text);
    let starts = starts(&blocks);
    let mut o = String::new();
    o.push_str("# Drafted by `frontline draft`: the page (article.txt, byte for byte) and how to read it.\n");
    o.push_str("# Review every `# review:` note (comments are not imported), correct what is wrong, then run\n");
    o.push_str("# `frontline import --dry-run DIR` and `frontline import DIR`. The format is the seed's: every\n");
    o.push_str("# paragraph of article.txt is listed once, under its story, named by the start of its text\n");
    o.push_str("# (`starts`); `continues = true` joins the second half of a paragraph the layout split.\n\n");
    let title = layout.stories.first().map_or(String::new(), |st| {
        layout.paras[st
            .paras
            .iter()
            .copied()
            .find(|&i| layout.paras[i].kind == crate::domain::model::ParagraphKind::Headline)
            .unwrap_or(st.paras[0])]
        .text
        .trim()
        .to_string()
    });
    o.push_str("[article]\n");
    let _ = writeln!(o, "slug = {}", s(&opts.slug));
    o.push_str("# review: title is the first headline; write one for the whole page if it holds several stories\n");
    let _ = writeln!(o, "title = {}", s(&title));
    let _ = writeln!(o, "source_file = {}", s(&opts.source_file));
    let _ = writeln!(o, "sha256 = {}", s(&seed::sha256_hex(text.as_bytes())));
    let _ = writeln!(
        o,
        "# review: year {year}: {year_source}; dates printed without a year are given this one (marked inferred)"
    );
    let _ = writeln!(o, "year = {year}\n");

    let mut seen: Vec<&str> = Vec::new();
    for st in &layout.stories {
        let name = st.zone.name();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        match &st.zone {
            ZoneRef::Known(_) => {
                let e = st.zone.entry().expect("known zone");
                let _ = writeln!(
                    o,
                    "# review: from the gazetteer (high-tech-zones.csv): {}",
                    e.full
                );
                o.push_str("[[zone]]\n");
                let _ = writeln!(o, "name = {}", s(name));
                let _ = writeln!(o, "name_en = {}", s(&e.name_en));
                let _ = writeln!(o, "city = {}\ncity_en = {}", s(&e.city), s(&e.city_en));
                let _ = writeln!(
                    o,
                    "province = {}\nprovince_en = {}\n",
                    s(&e.province),
                    s(&e.province_en)
                );
            }
            ZoneRef::Unknown(n) => {
                let _ = writeln!(
                    o,
                    "# review: {n} is not in the gazetteer: drafted from the text. name_en is a placeholder (the schema"
                );
                o.push_str("# review: requires a unique English name): translate it; fill in city and province, both languages\n");
                o.push_str("[[zone]]\n");
                let _ = writeln!(o, "name = {}", s(n));
                let _ = writeln!(o, "name_en = {}", s(&format!("(to translate) {n}")));
                o.push_str("city = \"\"\ncity_en = \"\"\nprovince = \"\"\nprovince_en = \"\"\n\n");
            }
        }
    }

    for st in &layout.stories {
        review(&mut o, "", &st.notes);
        o.push_str("[[story]]\n");
        let _ = writeln!(o, "zone = {}", s(st.zone.name()));
        if !st.authors.is_empty() {
            let a: Vec<String> = st.authors.iter().map(|x| s(x)).collect();
            let _ = writeln!(o, "# review: authors read from the byline");
            let _ = writeln!(o, "authors = [{}]", a.join(", "));
        }
        o.push_str("paragraphs = [\n");
        for &i in &st.paras {
            let p = &layout.paras[i];
            review(&mut o, "  ", &p.notes);
            let kind = match p.kind {
                crate::domain::model::ParagraphKind::Body => String::new(),
                k => format!(", kind = {}", s(k.as_str())),
            };
            let _ = writeln!(
                o,
                "  {{ key = {}{kind}, starts = {} }},",
                s(&p.key),
                s(&starts[i])
            );
        }
        o.push_str("]\n\n");
    }
    o
}

/// `facts.toml`.
pub fn facts(f: &Facts) -> String {
    let mut o = String::new();
    o.push_str("# Drafted by `frontline draft`: the facts of the page, each citing its passage (`p`, `quote`).\n");
    o.push_str("# Every record has `# review:` notes: how it was found and what is uncertain. English glosses\n");
    o.push_str("# the draft cannot write are empty (title_en, name_en) or a placeholder \"(to translate)\" where the\n");
    o.push_str("# schema requires text (event.description_en): translate them. Quantity phrases are as written;\n");
    o.push_str("# frontline derives value, unit and qualifier from them.\n\n");
    for x in &f.orgs {
        review(&mut o, "", &x.review);
        o.push_str("[[organization]]\n");
        let _ = writeln!(o, "name = {}\nkind = {}", s(&x.name), s(x.kind));
        opt(&mut o, "zone", &x.zone);
        opt(&mut o, "parent", &x.parent);
        opt(&mut o, "host", &x.host);
        cite(&mut o, &x.cite);
        o.push('\n');
    }
    for x in &f.teams {
        review(&mut o, "", &x.review);
        o.push_str("[[team]]\n");
        let _ = writeln!(
            o,
            "name = {}\nkind = {}\nzone = {}\ncount = {}",
            s(&x.name),
            s(x.kind),
            s(&x.zone),
            s(&x.count)
        );
        cite(&mut o, &x.cite);
        o.push('\n');
    }
    for x in &f.people {
        review(&mut o, "", &x.review);
        o.push_str("[[person]]\n");
        let _ = writeln!(o, "name = {}\nzone = {}", s(&x.name), s(&x.zone));
        if let Some(b) = x.party_member {
            let _ = writeln!(o, "party_member = {b}");
        }
        cite(&mut o, &x.cite);
        if !x.roles.is_empty() {
            o.push_str("roles = [\n");
            for r in &x.roles {
                let nth = r
                    .cite
                    .quote
                    .nth
                    .map_or(String::new(), |n| format!(", nth = {n}"));
                let _ = writeln!(
                    o,
                    "  {{ org = {}, title = {}, title_en = \"\", p = {}, quote = {}{nth} }},",
                    s(&r.org),
                    s(&r.title),
                    s(&r.cite.p),
                    s(&r.cite.quote.text)
                );
            }
            o.push_str("]\n");
        }
        o.push('\n');
    }
    for m in &f.materials {
        o.push_str("# review: material named in a donation; name_en left empty, to translate; category guessed from the name\n");
        o.push_str("[[material]]\n");
        let _ = writeln!(
            o,
            "name = {}\nname_en = \"\"\ncategory = {}\nunit = {}\n",
            s(&m.name),
            s(m.category),
            s(&m.unit)
        );
    }
    for x in &f.donations {
        review(&mut o, "", &x.review);
        o.push_str("[[donation]]\n");
        let _ = writeln!(
            o,
            "zone = {}\nkind = {}\nmaterial = {}\nquantity = {}",
            s(&x.zone),
            s(x.kind),
            s(&x.material),
            s(&x.quantity)
        );
        if !x.donors.is_empty() {
            let d: Vec<String> = x.donors.iter().map(|d| s(d)).collect();
            let _ = writeln!(o, "donors = [{}]", d.join(", "));
        }
        opt(&mut o, "recipient", &x.recipient);
        cite(&mut o, &x.cite);
        o.push('\n');
    }
    for x in &f.figures {
        review(&mut o, "", &x.review);
        o.push_str("[[figure]]\n");
        opt(&mut o, "key", &x.key);
        let _ = writeln!(
            o,
            "zone = {}\nmetric = {}\ndescription = {}\nphrase = {}",
            s(&x.zone),
            s(&x.metric),
            s(&x.description),
            s(&x.phrase)
        );
        opt(&mut o, "as_of", &x.as_of);
        opt(&mut o, "restates", &x.restates);
        cite(&mut o, &x.cite);
        o.push('\n');
    }
    for x in &f.events {
        review(&mut o, "", &x.review);
        o.push_str("[[event]]\n");
        let _ = writeln!(o, "zone = {}\ndate = {}", s(&x.zone), s(&x.date));
        let _ = writeln!(o, "# {}", x.iso);
        opt(&mut o, "org", &x.org);
        opt(&mut o, "person", &x.person);
        let _ = writeln!(
            o,
            "description = {}\ndescription_en = \"(to translate)\"",
            s(&x.description)
        );
        cite(&mut o, &x.cite);
        o.push('\n');
    }
    for x in &f.documents {
        review(&mut o, "", &x.review);
        o.push_str("[[document]]\n");
        let _ = writeln!(
            o,
            "zone = {}\ntitle = {}\ntitle_en = \"\"",
            s(&x.zone),
            s(&x.title)
        );
        cite(&mut o, &x.cite);
        o.push('\n');
    }
    o
}
