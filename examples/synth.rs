//! Synthetic articles in frontline's seed format, for benchmarks and scale tests (not a user
//! command): `cargo run --release --example synth -- --articles 1000 --out /tmp/synth`.
//!
//! Each article has the shape of the real one at about a hundred fact rows: four stories from a
//! pool of zones (so zones and each zone's party committee recur across articles, exercising the
//! loader's reuse of known rows), organizations with a host and an alias, teams with counts and
//! members, people with posts, money and material donations, zone and unit figures (one nested in
//! the other), a dated event and a document, all in Chinese, every fact citing a verbatim quote.
//! The output is deterministic: the same arguments give the same files.

use std::fmt::Write as _;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

struct Args {
    articles: usize,
    start: usize,
    zones: usize,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        articles: 10,
        start: 1,
        zones: 40,
        out: PathBuf::from("synth"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--articles" => {
                args.articles = value()?.parse().map_err(|e| format!("--articles: {e}"))?
            }
            "--start" => args.start = value()?.parse().map_err(|e| format!("--start: {e}"))?,
            "--zones" => args.zones = value()?.parse().map_err(|e| format!("--zones: {e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            "-h" | "--help" => {
                return Err(
                    "usage: synth [--articles N] [--start FIRST] [--zones POOL] [--out DIR]\n\
                            writes DIR/article-NNNNNN/{article.txt,article.toml,facts.toml}"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other}; see --help")),
        }
    }
    if args.zones < 4 {
        return Err("--zones must be at least 4 (an article has four stories)".into());
    }
    Ok(args)
}

/// A small deterministic generator (SplitMix64), so runs are reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// One article: (article.txt, article.toml, facts.toml).
fn article(i: usize, zone_pool: usize) -> (String, String, String) {
    let mut rng = Rng(i as u64 * 7919 + 17);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut stories = String::new();
    let mut zones = String::new();
    let mut facts = String::new();
    let mut materials_done = false;
    for s in 0..4 {
        let j = (i * 4 + s) % zone_pool;
        let zone = format!("合成{j}号高新区");
        let _ = write!(
            zones,
            "[[zone]]\nname = \"{zone}\"\nname_en = \"Synthetic Zone {j}\"\ncity = \"合成{j}市\"\ncity_en = \"Synthetic City {j}\"\nprovince = \"合成省\"\nprovince_en = \"Synthetic Province\"\n\n"
        );
        let p = format!("合成{i}-{s}");
        let key = |n: usize| format!("a{s}p{n}");
        let (n, m, k, u, d) = (
            rng.range(1000, 90000),
            rng.range(10, 900),
            rng.range(5, 900),
            rng.range(100, 50000),
            rng.range(20, 31),
        );
        let (t, v, y, q, g, c, e) = (
            rng.range(2, 60),
            rng.range(5, 300),
            rng.range(1, 500),
            rng.range(1, 90),
            rng.range(10, 900),
            rng.range(2, 80),
            rng.range(20, 31),
        );
        let (name1, name2) = (format!("王{i}-{s}"), format!("李{i}-{s}"));
        let headline = format!("{zone}:合成报道{i}之{s}");
        let byline = format!("► 记者{i}x{s}");
        let body = [
            format!(
                "本报讯 {zone}党工委统筹部署,{p}街道党工委动员{p}甲科技党支部、{p}乙科技党支部投入防控,{p}甲科技(简称甲科{i}x{s})率先行动。"
            ),
            format!(
                "{zone}共有党员{n}余名、基层党组织{m}个,其中{p}甲科技党支部有党员{k}名。截至1月{d}日,摸排企业{u}家。"
            ),
            format!(
                "{p}甲科技党支部组建党员突击队{t}支,{p}乙科技组建志愿队1支共{v}名队员,日夜坚守一线。"
            ),
            format!(
                "{p}甲科技党支部书记{name1}、{p}乙科技总经理{name2}带头捐赠{y}万元和口罩{q}万个。"
            ),
            format!(
                "1月{e}日,{p}街道召开部署会,印发《{p}防控方案》,划分网格{g}个,设立检查点{c}处。"
            ),
        ];
        let mut entries = vec![
            format!(
                "  {{ key = \"{}\", kind = \"headline\", starts = \"{headline}\" }},",
                key(0)
            ),
            format!(
                "  {{ key = \"{}\", kind = \"byline\", starts = \"{byline}\" }},",
                key(1)
            ),
        ];
        paragraphs.push(headline);
        paragraphs.push(byline);
        for (b, text) in body.iter().enumerate() {
            let start: String = text.chars().take(24).collect();
            entries.push(format!(
                "  {{ key = \"{}\", starts = \"{start}\" }},",
                key(b + 2)
            ));
            paragraphs.push(text.clone());
        }
        let _ = write!(
            stories,
            "[[story]]\nzone = \"{zone}\"\nauthors = [\"记者{i}x{s}\"]\nparagraphs = [\n{}\n]\n\n",
            entries.join("\n")
        );
        let (p1, p2, p3, p4, p5) = (key(2), key(3), key(4), key(5), key(6));
        let org = |name: &str,
                   kind: &str,
                   host: Option<&str>,
                   para: &str,
                   quote: &str,
                   extra: &str| {
            let host = host.map_or(String::new(), |h| format!("host = \"{h}\"\n"));
            format!(
                "[[organization]]\nname = \"{name}\"\nkind = \"{kind}\"\nzone = \"{zone}\"\n{host}p = \"{para}\"\nquote = \"{quote}\"\n{extra}\n"
            )
        };
        facts += &org(
            &format!("{zone}党工委"),
            "working_committee",
            None,
            &p1,
            &format!("{zone}党工委统筹部署"),
            "",
        );
        facts += &org(
            &format!("{p}街道"),
            "street",
            None,
            &p1,
            &format!("{p}街道党工委动员"),
            "",
        );
        facts += &org(
            &format!("{p}甲科技"),
            "company",
            None,
            &p1,
            &format!("{p}甲科技(简称"),
            &format!(
                "aliases = [{{ name = \"甲科{i}x{s}\", p = \"{p1}\", quote = \"简称甲科{i}x{s}\" }}]\n"
            ),
        );
        facts += &org(
            &format!("{p}甲科技党支部"),
            "party_branch",
            Some(&format!("{p}甲科技")),
            &p1,
            &format!("动员{p}甲科技党支部"),
            "",
        );
        facts += &org(
            &format!("{p}乙科技"),
            "company",
            None,
            &p1,
            &format!("{p}乙科技党支部投入防控"),
            "",
        );
        let _ = write!(
            facts,
            "[[team]]\nname = \"党员突击队\"\nkind = \"shock_team\"\nzone = \"{zone}\"\norganizer = \"{p}甲科技党支部\"\ncount = \"{t}支\"\np = \"{p3}\"\nquote = \"组建党员突击队{t}支\"\n\n\
             [[team]]\nname = \"志愿队\"\nkind = \"volunteer_team\"\nzone = \"{zone}\"\norganizer = \"{p}乙科技\"\nmembers = \"{v}名\"\np = \"{p3}\"\nquote = \"组建志愿队1支共{v}名队员\"\n\n\
             [[person]]\nname = \"{name1}\"\nzone = \"{zone}\"\nparty_member = true\np = \"{p4}\"\nquote = \"党支部书记{name1}\"\n\
             roles = [{{ org = \"{p}甲科技党支部\", title = \"党支部书记\", title_en = \"party branch secretary\", p = \"{p4}\", quote = \"{p}甲科技党支部书记{name1}\" }}]\n\n\
             [[person]]\nname = \"{name2}\"\nzone = \"{zone}\"\np = \"{p4}\"\nquote = \"总经理{name2}\"\n\
             roles = [{{ org = \"{p}乙科技\", title = \"总经理\", title_en = \"general manager\", p = \"{p4}\", quote = \"{p}乙科技总经理{name2}\" }}]\n\n"
        );
        if !materials_done {
            facts += "[[material]]\nname = \"资金\"\nname_en = \"money\"\ncategory = \"money\"\nunit = \"元\"\n\n\
                      [[material]]\nname = \"口罩\"\nname_en = \"face masks\"\ncategory = \"protective_equipment\"\nunit = \"个\"\n\n";
            materials_done = true;
        }
        let _ = write!(
            facts,
            "[[donation]]\nzone = \"{zone}\"\nkind = \"donated\"\nmaterial = \"资金\"\nquantity = \"{y}万元\"\ndonors = [\"{p}甲科技\"]\np = \"{p4}\"\nquote = \"捐赠{y}万元\"\n\n\
             [[donation]]\nzone = \"{zone}\"\nkind = \"donated\"\nmaterial = \"口罩\"\nquantity = \"{q}万个\"\ndonors = [\"{p}乙科技\"]\np = \"{p4}\"\nquote = \"口罩{q}万个\"\n\n\
             [[figure]]\nkey = \"m{s}\"\nzone = \"{zone}\"\nmetric = \"party_members\"\ndescription = \"党员\"\nphrase = \"{n}余名\"\np = \"{p2}\"\nquote = \"{zone}共有党员{n}余名\"\n\n\
             [[figure]]\nzone = \"{zone}\"\nmetric = \"grassroots_party_organizations\"\ndescription = \"基层党组织\"\nphrase = \"{m}个\"\np = \"{p2}\"\nquote = \"基层党组织{m}个\"\n\n\
             [[figure]]\nzone = \"{zone}\"\norg = \"{p}甲科技党支部\"\nmetric = \"party_members\"\ndescription = \"支部党员\"\nphrase = \"{k}名\"\npart_of = \"m{s}\"\np = \"{p2}\"\nquote = \"{p}甲科技党支部有党员{k}名\"\n\n\
             [[figure]]\nzone = \"{zone}\"\nmetric = \"units_screened\"\ndescription = \"摸排企业\"\nphrase = \"{u}家\"\nas_of = \"1月{d}日\"\np = \"{p2}\"\nquote = \"截至1月{d}日,摸排企业{u}家\"\n\n\
             [[figure]]\nzone = \"{zone}\"\norg = \"{p}街道\"\nmetric = \"grid_cells\"\ndescription = \"网格\"\nphrase = \"{g}个\"\np = \"{p5}\"\nquote = \"划分网格{g}个\"\n\n\
             [[figure]]\nzone = \"{zone}\"\norg = \"{p}街道\"\nmetric = \"checkpoints\"\ndescription = \"检查点\"\nphrase = \"{c}处\"\np = \"{p5}\"\nquote = \"设立检查点{c}处\"\n\n\
             [[event]]\nzone = \"{zone}\"\ndate = \"1月{e}日\"\norg = \"{p}街道\"\ndescription = \"{p}街道召开部署会\"\ndescription_en = \"A street office holds a planning meeting.\"\np = \"{p5}\"\nquote = \"1月{e}日,{p}街道召开部署会\"\n\n\
             [[document]]\nzone = \"{zone}\"\ntitle = \"{p}防控方案\"\ntitle_en = \"Prevention plan\"\nissuer = \"{p}街道\"\np = \"{p5}\"\nquote = \"印发《{p}防控方案》\"\n\n"
        );
    }
    let text = paragraphs.join("\n\n") + "\n";
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    let meta = format!(
        "[article]\nslug = \"synthetic-{i:06}\"\ntitle = \"合成报道第{i}号\"\nsource_file = \"article.txt\"\nsha256 = \"{sha}\"\nyear = 2020\n\n{zones}{stories}"
    );
    (text, meta, facts)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(2);
        }
    };
    for i in args.start..args.start + args.articles {
        let dir = args.out.join(format!("article-{i:06}"));
        let (text, meta, facts) = article(i, args.zones);
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("article.txt"), text))
            .and_then(|()| std::fs::write(dir.join("article.toml"), meta))
            .and_then(|()| std::fs::write(dir.join("facts.toml"), facts));
        if let Err(e) = written {
            eprintln!("synth: cannot write {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}
