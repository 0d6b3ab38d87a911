//! `frontline report`: Markdown whose tables parse and whose numbers are the queries' numbers, and
//! self-contained HTML that a real browser renders with its charts.

use super::*;
use serde_json::Value;

fn query(a: &Archive, name: &str) -> Vec<Value> {
    serde_json::from_str(&a.run(&["query", name, "--format", "json"]).stdout).unwrap()
}

/// How the report writes a number with its qualifier.
fn written(value: &Value, qualifier: &Value) -> String {
    let Some(n) = value.as_i64() else {
        return "unknown".into();
    };
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match qualifier.as_str() {
        Some("at_least") => format!("≥{grouped}"),
        Some("less_than") => format!("<{grouped}"),
        Some("approx") => format!("≈{grouped}"),
        _ => grouped,
    }
}

/// The Markdown tables of a document: each a list of rows of cells (header first).
fn tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut out: Vec<Vec<Vec<String>>> = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    for line in md.lines().chain(std::iter::once("")) {
        if line.starts_with('|') {
            assert!(line.ends_with('|'), "a table row ends with |: {line}");
            let inner = &line[1..line.len() - 1];
            // Split on | not preceded by a backslash.
            let mut cells = Vec::new();
            let mut cell = String::new();
            let mut escaped = false;
            for c in inner.chars() {
                match c {
                    '|' if !escaped => cells.push(std::mem::take(&mut cell).trim().to_string()),
                    c => cell.push(c),
                }
                escaped = c == '\\' && !escaped;
            }
            cells.push(cell.trim().to_string());
            current.push(cells);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

#[test]
fn the_markdown_report_has_parsing_tables_and_every_section() {
    let a = Archive::built();
    let run = a.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = run.stdout;
    let all = tables(&md);
    assert!(all.len() > 20, "{} tables", all.len());
    for t in &all {
        assert!(t.len() >= 2, "a table has a header and a separator");
        assert!(t[1].iter().all(|c| c == "---"), "separator row: {:?}", t[1]);
        for row in t {
            assert_eq!(
                row.len(),
                t[0].len(),
                "every row has the header's cells: {row:?}"
            );
        }
    }
    let sha = fingerprint(&seed_dir().join("gaoxinqu-2020/article.txt"));
    assert!(md.contains(&format!("| Article sha256 | {sha} |")));
    assert!(md.contains(&format!("| frontline | {} |", env!("CARGO_PKG_VERSION"))));
    assert!(md.contains(&format!("| Schema version | {} |", latest_version())));
    assert!(md.contains("| Report made | 20"));
    for zone in query(&a, "zone-summary") {
        let heading = format!(
            "## {} ({})",
            zone["zone"].as_str().unwrap(),
            zone["zone_en"].as_str().unwrap()
        );
        assert_eq!(md.matches(&heading).count(), 1, "{heading}");
    }
    // Each figure is shown with its quote, in its zone's section.
    for f in query(&a, "figures") {
        let zone = f["zone"].as_str().unwrap();
        let section = md.split(&format!("\n## {zone} (")).nth(1).unwrap();
        let section = section.split("\n## ").next().unwrap();
        assert!(section.contains(f["quote"].as_str().unwrap()), "{f}");
    }
}

#[test]
fn every_number_in_the_report_is_the_queries_number() {
    let a = Archive::built();
    let md = a.run(&["report", "--format", "markdown"]).stdout;
    let all = tables(&md);
    let overview = all
        .iter()
        .find(|t| t[0][0] == "zone" && t[0].contains(&"party members".to_string()))
        .unwrap();
    let summary = query(&a, "zone-summary");
    assert_eq!(overview.len() - 2, summary.len());
    for (row, s) in overview[2..].iter().zip(&summary) {
        assert_eq!(row[0], s["zone"].as_str().unwrap());
        assert_eq!(
            row[2],
            written(&s["party_members"], &s["party_members_qualifier"]),
            "{}",
            row[0]
        );
        assert_eq!(
            row[4],
            written(
                &s["grassroots_organizations"],
                &s["grassroots_organizations_qualifier"]
            )
        );
        assert_eq!(
            row[5],
            written(&s["front_line_teams"], &s["front_line_teams_qualifier"])
        );
        assert_eq!(
            row[6],
            written(
                &s["command_and_working_bodies"],
                &s["command_and_working_bodies_qualifier"]
            )
        );
        assert_eq!(row[7], s["people_named"].to_string());
    }
    // Money is written per kind, never summed: 合肥's raised, donated and dues side by side.
    assert_eq!(
        overview[3][8],
        "raised 10,000,000; donated 20,000; special party dues ≥3,000"
    );
    assert_eq!(overview[7][8], "allocated 300,000");
    assert_eq!(overview[6][8], "donated amount not reported");
    // 成都's 1.5万余名 is written as at least 15,000; 兰州's missing figure as unknown, not 0.
    assert_eq!(overview[2][2], "≥15,000");
    assert_eq!(overview[4][2], "unknown");
    // How each zone was counted stands beside its number: 合肥's 20 are one branch's members.
    assert_eq!(overview[2][3], "zone total");
    assert_eq!(
        overview[3][3],
        "one unit's figure, not the zone's membership"
    );
    assert_eq!(overview[4][3], "no figure");

    let donations = all.iter().find(|t| t[0][0] == "material").unwrap();
    for (row, d) in donations[2..]
        .iter()
        .zip(query(&a, "donations-by-material"))
    {
        assert_eq!(row[0], d["material"].as_str().unwrap());
        assert_eq!(row[3], d["kind"].as_str().unwrap().replace('_', " "));
        assert_eq!(row[4], written(&d["quantity"], &d["qualifier"]));
    }
    // National totals: sums of the zones' values of one thing each (party members; teams of one
    // class; money of one kind), lower bounds because some zones are unknown.
    let totals = all.iter().find(|t| t[0][0] == "total").unwrap();
    let sum = |name: &str, key: &str, value: &str, col: &str| -> i64 {
        query(&a, name)
            .iter()
            .filter(|r| key.is_empty() || r[key] == value)
            .filter_map(|r| r[col].as_i64())
            .sum()
    };
    let at_least = |n: i64| written(&Value::from(n), &Value::from("at_least"));
    let labels: Vec<&str> = totals[2..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        labels,
        [
            "party members",
            "front-line teams (volunteer, shock and other teams)",
            "command posts and working bodies",
            "money raised (yuan)",
            "money donated (yuan)",
            "special party dues (yuan)",
            "party funds allocated (yuan)",
        ]
    );
    assert_eq!(
        totals[2][1],
        at_least(sum("party-members-per-zone", "", "", "party_members"))
    );
    assert_eq!(
        totals[3][1],
        at_least(sum("teams-per-zone", "class", "front_line_teams", "teams"))
    );
    assert_eq!(
        totals[4][1],
        at_least(sum(
            "teams-per-zone",
            "class",
            "command_and_working_bodies",
            "teams"
        ))
    );
    for (i, kind) in ["raised", "donated", "special_party_dues", "allocated"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            totals[5 + i][1],
            at_least(sum("money-by-zone", "kind", kind, "amount_yuan")),
            "{kind}"
        );
    }
    // 600余 + 40 + 2 + 1 front-line teams; 2 + 1 + 11 + 15 bodies; no money total of all kinds.
    assert_eq!(totals[3][1], "≥643");
    assert_eq!(totals[4][1], "≥29");
    assert_eq!(totals[6][1], "≥20,000");
    assert_eq!(totals[2][1], "≥15,237");
}

#[test]
fn the_html_report_is_one_self_contained_file() {
    let a = Archive::built();
    let run = a.run(&["report", "--format", "html", "-o", "report.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let html = std::fs::read_to_string(a.dir.path().join("report.html")).unwrap();
    for forbidden in [
        "http://",
        "https://",
        "src=",
        "<script",
        "<link",
        "<img",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(
            !html.contains(forbidden),
            "the report must not load anything: {forbidden}"
        );
    }
    for id in [
        "chart-party-members",
        "chart-donations",
        "chart-teams",
        "chart-timeline",
    ] {
        assert!(html.contains(&format!("<svg id=\"{id}\"")), "{id}");
    }
    // Party members: four zones with a figure get bars, four without are written "unknown".
    let chart = html
        .split("<svg id=\"chart-party-members\"")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert_eq!(chart.matches("class=\"bar\"").count(), 4);
    assert_eq!(chart.matches("class=\"unknown\"").count(), 4);
    // The fill says how a zone was counted, with a legend; every bar carries value and basis.
    assert!(chart.contains("zone total: the zone's own figure"));
    assert!(chart.contains("sum of units' figures: a lower bound, not the zone's membership"));
    assert_eq!(
        chart.matches("fill=\"#e8a33d\"").count(),
        4,
        "合肥, 海口, 西安 and the key"
    );
    assert!(chart.contains(">≥15,000 · zone total<"), "{chart}");
    assert!(chart.contains(">≥20 · one unit's figure, not the zone's membership<"));
    // Log scales say so and label their ticks.
    assert!(chart.contains("log scale") && chart.contains(">10k<"));
    // Money has its own chart; goods are grouped by unit, largest first.
    assert!(html.contains("<svg id=\"chart-money\""));
    let goods = html
        .split("<svg id=\"chart-donations\"")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert!(!goods.contains(" 元<"), "money is not on the goods chart");
    let gloves = goods.split("counted in 副").nth(1).unwrap();
    let (big, small) = (
        gloves.find("680,000 副").unwrap(),
        gloves.find("31,000 副").unwrap(),
    );
    assert!(big < small, "largest first");
    // No codes: enum values are words, in Chinese and English.
    let visible = html.split("<body>").nth(1).unwrap();
    for code in [
        "special_party_dues",
        "protective_equipment",
        "party_branch",
        "shock_team",
    ] {
        assert!(!visible.contains(code), "{code} is shown as a code");
    }
    assert!(visible.contains("特殊党费 special party dues"));
    // A table of contents links every section.
    let toc = html
        .split("<nav class=\"toc\">")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    for anchor in toc
        .split("href=\"#")
        .skip(1)
        .map(|a| a.split('"').next().unwrap())
    {
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{anchor}");
    }
    assert_eq!(
        toc.matches("<li>").count(),
        4 + query(&a, "zone-summary").len()
    );
    // Numbers are right-aligned; short names are not broken.
    assert!(html.contains("<td class=\"num nw\">≥15,000</td>"));
    assert!(html.contains("<td class=\"nw\">成都高新区</td>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("WenQuanYi Micro Hei") && html.contains("Noto Sans CJK SC"));
    assert_eq!(
        html.matches("class=\"event\"").count(),
        query(&a, "timeline").len()
    );
}

/// Chromium, headless, with the flags this machine needs (no sandbox as root, no background
/// networking to a closed network).
fn chromium(chrome: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("cannot run chromium")
}

#[test]
fn chromium_renders_the_report_with_its_charts() {
    let Some(chrome) = tool("chromium", "FRONTLINE_CHROMIUM") else {
        return;
    };
    let a = Archive::built();
    assert_eq!(
        a.run(&["report", "--format", "html", "-o", "report.html"])
            .code,
        0
    );
    let page = format!("file://{}", a.dir.path().join("report.html").display());
    let profile = a.dir.path().join("profile");

    let dom = chromium(&chrome, &profile, &["--dump-dom", &page]);
    let text = String::from_utf8_lossy(&dom.stdout);
    let log = String::from_utf8_lossy(&dom.stderr);
    for id in [
        "chart-party-members",
        "chart-donations",
        "chart-teams",
        "chart-timeline",
    ] {
        assert!(
            text.contains(&format!("id=\"{id}\"")),
            "the rendered page lacks {id}"
        );
    }
    for failure in [
        "Failed to load resource",
        "net::ERR_",
        "Refused to load",
        "Content Security Policy",
    ] {
        assert!(
            !log.contains(failure),
            "a resource failed to load: {failure}\n{log}"
        );
    }

    let shot = a.dir.path().join("shot.png");
    let out = chromium(
        &chrome,
        &profile,
        &[
            "--window-size=1200,2400",
            &format!("--screenshot={}", shot.display()),
            &page,
        ],
    );
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::fs::File::open(&shot).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let non_white = pixels
        .iter()
        .filter(|p| p[..3].iter().any(|&c| c < 200))
        .count();
    let bar_red = pixels
        .iter()
        .filter(|p| (p[0] as i32 - 0xb2).abs() < 12 && p[1] < 60 && p[2] < 60)
        .count();
    assert!(
        non_white * 100 > pixels.len(),
        "the screenshot is blank: {non_white} of {} pixels",
        pixels.len()
    );
    assert!(
        bar_red > 2000,
        "no chart bars on screen: {bar_red} red pixels"
    );
}

#[test]
fn totals_too_large_to_add_are_said_so_not_wrapped() {
    let a = Archive::built();
    {
        // Beyond what a load accepts, as only an edited archive can hold.
        let conn = rusqlite::Connection::open(&a.path).unwrap();
        conn.execute_batch(
            "UPDATE figure SET value = 4000000000000000000 WHERE id IN \
             (SELECT min(id) FROM counted_figure WHERE metric = 'party_members' \
              GROUP BY zone_id, zone_level);",
        )
        .unwrap();
    }
    let run = a.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("| party members |"))
        .unwrap();
    assert!(line.contains("too large to add"), "{line}");
    assert!(!line.contains('-'), "no wrapped, negative total: {line}");
}

#[test]
fn a_sum_in_sql_that_overflows_is_an_error_not_a_wrong_number() {
    let a = Archive::built();
    {
        let conn = rusqlite::Connection::open(&a.path).unwrap();
        // Money of one kind in one zone is added (kinds never are): make 合肥's gifts all of one
        // kind, each near the top of a 64-bit integer.
        conn.execute_batch(
            "UPDATE donation SET quantity = 9000000000000000000, kind = 'donated' \
             WHERE unit = '元' AND quantity IS NOT NULL AND kind <> 'allocated';",
        )
        .unwrap();
    }
    let run = a.run(&["query", "money-by-zone", "--format", "csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("integer overflow"), "{}", run.stderr);
}

#[test]
fn figures_name_the_figure_they_restate_and_their_source() {
    let a = Archive::built();
    let md = a.run(&["report"]).stdout;
    let figures: Vec<Value> = query(&a, "figures");
    let restating = figures.iter().find(|f| f["restates"].is_i64()).unwrap();
    let original = figures
        .iter()
        .find(|f| f["id"] == restating["restates"])
        .unwrap();
    let row = md
        .lines()
        .find(|l| l.contains(restating["quote"].as_str().unwrap()) && l.contains("restates"))
        .unwrap();
    assert!(
        row.contains(&format!(
            "no: restates {}: {}",
            original["phrase"].as_str().unwrap(),
            original["quote"].as_str().unwrap()
        )),
        "{row}"
    );
    assert!(!row.contains("restates figure"), "{row}");
    // Its source: citation id and paragraph, as `cite` shows them.
    let cite = a.run(&[
        "cite",
        &restating["citation_id"].to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(cite.code, 0, "{}", cite.stderr);
    assert!(
        row.contains(&format!("| [c{}] ¶", restating["citation_id"])),
        "{row}"
    );
    for code in ["special_party_dues", "protective_equipment", "party_branch"] {
        assert!(!md.contains(code), "{code} is shown as a code");
    }
    assert!(md.contains("## Contents\n\n- [Overview of the 8 zones](#overview-of-the-8-zones)"));
}

#[test]
fn the_report_can_be_limited_to_zones() {
    let a = Archive::built();
    let run = a.run(&[
        "report",
        "--zone",
        "合肥高新区",
        "--zone",
        "Chengdu Hi-tech Zone",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = run.stdout;
    assert!(md.contains("## 成都高新区 (Chengdu Hi-tech Zone)"));
    assert!(md.contains("## 合肥高新区 (Hefei Hi-tech Zone)"));
    assert!(!md.contains("## 兰州高新区"));
    assert!(md.contains("## Overview of the 2 zones"));
    assert!(
        md.lines()
            .next()
            .unwrap()
            .ends_with("(成都高新区, 合肥高新区)")
    );
    let totals = tables(&md)
        .into_iter()
        .find(|t| t[0][0] == "total")
        .unwrap();
    assert_eq!(totals[2][1], "≥15,020");
    // The timeline of two zones is one timeline, by date, not one zone's events after the other's.
    let md = a
        .run(&["report", "--zone", "襄阳高新区", "--zone", "成都高新区"])
        .stdout;
    let timeline = tables(&md)
        .into_iter()
        .find(|t| t[0][0] == "date" && t[0][1] == "zone")
        .unwrap();
    let dates: Vec<&str> = timeline[2..].iter().map(|r| &r[0][..10]).collect();
    let zones: Vec<&str> = timeline[2..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        zones,
        ["成都高新区", "襄阳高新区", "成都高新区", "成都高新区"]
    );
    assert!(dates.is_sorted(), "{dates:?}");
    let html = a
        .run(&["report", "--format", "html", "--zone", "兰州高新区"])
        .stdout;
    assert_eq!(html.matches("<section class=\"zone\"").count(), 1);

    let run = a.run(&["report", "--zone", "北京"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("the archive has no zone 北京"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("成都高新区"), "{}", run.stderr);
}

#[test]
fn chromium_clips_no_chart_text() {
    let Some(chrome) = tool("chromium", "FRONTLINE_CHROMIUM") else {
        return;
    };
    let a = Archive::built();
    let html = a.run(&["report", "--format", "html"]).stdout;
    // The report forbids scripts; this copy runs one that measures every text in every chart.
    let probe = r#"<script>
const bad = []; let n = 0;
for (const svg of document.querySelectorAll('svg')) {
  const v = svg.viewBox.baseVal;
  for (const t of svg.querySelectorAll('text')) {
    n++;
    const b = t.getBBox();
    if (b.x < v.x - 0.5 || b.y < v.y - 0.5 || b.x + b.width > v.x + v.width + 0.5 || b.y + b.height > v.y + v.height + 0.5)
      bad.push(svg.id + ' [' + t.textContent + '] ' + [b.x, b.y, b.width, b.height].map(Math.round).join(','));
  }
}
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = 'texts=' + n + '\n' + bad.join('\n');
document.body.appendChild(out);
</script>"#;
    let page = html
        .lines()
        .filter(|l| !l.contains("Content-Security-Policy"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("</body>", &format!("{probe}</body>"));
    let file = a.dir.path().join("probe.html");
    std::fs::write(&file, page).unwrap();
    let dom = chromium(
        &chrome,
        &a.dir.path().join("profile"),
        &["--dump-dom", &format!("file://{}", file.display())],
    );
    let text = String::from_utf8_lossy(&dom.stdout);
    let report = text
        .split("<pre id=\"probe\">")
        .nth(1)
        .unwrap_or_else(|| {
            panic!(
                "the probe did not run: {}",
                String::from_utf8_lossy(&dom.stderr)
            )
        })
        .split("</pre>")
        .next()
        .unwrap();
    let mut lines = report.lines();
    let count: usize = lines
        .next()
        .unwrap()
        .trim_start_matches("texts=")
        .parse()
        .unwrap();
    assert!(count > 100, "{count} texts measured");
    let clipped: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert!(
        clipped.is_empty(),
        "text outside its chart:\n{}",
        clipped.join("\n")
    );
}

#[test]
fn with_many_articles_the_title_counts_them_and_the_timeline_aggregates() {
    let a = Archive::built();
    let many = a.dir.path().join("many");
    super::import::synth(&many, 60, 2);
    assert_eq!(a.run(&["import", "many"]).code, 0);
    let html = a.run(&["report", "--format", "html"]).stdout;
    let h1 = html
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    assert_eq!(h1, "frontline report: 61 articles");
    assert!(html.contains("41 more, not listed here"));
    // More events than rows can show: counts per zone and week, and the events in a table.
    let chart = html
        .split("<svg id=\"chart-timeline\"")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert!(chart.contains("class=\"week\""), "{chart}");
    assert!(!chart.contains("class=\"event\""));
    assert!(html.contains("<table class=\"timeline\">"));
    // A zone's long tables show their first rows, count them all, and name the query that lists
    // them: the count is that query's.
    let note = html
        .split("<p class=\"note\">The first 25 of ")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    let (count, rest) = note
        .split_once(" rows; frontline query figures --zone ")
        .unwrap();
    let zone = rest.strip_suffix(" lists them all.").unwrap();
    let listed: Vec<Value> = serde_json::from_str(
        &a.run(&["query", "figures", "--zone", zone, "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(count.replace(',', ""), listed.len().to_string(), "{note}");
    let md = a.run(&["report"]).stdout;
    assert!(md.starts_with("# frontline report: 61 articles\n"));
    // The Markdown report says the same.
    assert!(md.contains(&format!(
        "The first 25 of {count} rows; frontline query figures --zone {zone} lists them all."
    )));
    assert!(md.contains("Dated events per zone and week"));
    // The counts per zone and week add up to each zone's events, as `query timeline` lists them,
    // and the chart's title counts them all (the report counts them as it reads, keeping only
    // the events it lists).
    let events: Vec<Value> =
        serde_json::from_str(&a.run(&["query", "timeline", "--format", "json"]).stdout).unwrap();
    let mut per_zone: std::collections::BTreeMap<String, u64> = Default::default();
    for e in &events {
        *per_zone
            .entry(e["zone"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let weekly = md
        .split("Dated events per zone and week (the week starting on the date named):\n\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let counted: std::collections::BTreeMap<String, u64> = weekly
        .lines()
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let n = cells[1..].iter().map(|c| c.parse::<u64>().unwrap()).sum();
            (cells[0].to_string(), n)
        })
        .collect();
    assert_eq!(counted, per_zone, "{weekly}");
    assert!(
        html.contains(&format!(
            "Dated events per zone and week ({} events;",
            events.len()
        )),
        "{} events",
        events.len()
    );
}

/// With more dated events than the report lists (500), it lists the first ones in date order
/// and counts the rest, as `query timeline` lists them: the count comes from the read that keeps
/// only what the report shows.
#[test]
fn a_long_timeline_lists_its_first_events_and_counts_them_all() {
    let a = Archive::built();
    let many = a.dir.path().join("many");
    super::import::synth(&many, 130, 2);
    assert_eq!(a.run(&["import", "many"]).code, 0);
    let events: Vec<Value> =
        serde_json::from_str(&a.run(&["query", "timeline", "--format", "json"]).stdout).unwrap();
    assert!(events.len() > 500, "{}", events.len());
    let md = a.run(&["report"]).stdout;
    let digits = events.len().to_string();
    let mut total = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            total.push(',');
        }
        total.push(c);
    }
    assert!(
        md.contains(&format!(
            "The first 500 of {total} rows; frontline query timeline lists them all."
        )),
        "{total}"
    );
    // The listed rows are the timeline's first 500, in its order.
    let table = md
        .split("\n## Timeline\n")
        .nth(1)
        .unwrap()
        .split("| date | zone | event | event (English) |\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let listed: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(listed.len(), 500, "{table}");
    for (line, e) in listed.iter().zip(&events) {
        let event = e["event"].as_str().unwrap();
        assert!(line.contains(event), "{line} / {event}");
    }
}

/// A report's text without the lines that differ between two runs of the same content: when it
/// was made, and which articles it is limited to.
fn content(report: &str) -> String {
    report
        .lines()
        .filter(|l| !l.contains("Report made") && !l.contains("Limited to"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_report_of_the_only_article_is_the_whole_report() {
    let a = Archive::built();
    for format in ["markdown", "html"] {
        let whole = a.run(&["report", "--format", format]);
        let one = a.run(&["report", "--format", format, "--article", "gaoxinqu-2020"]);
        assert_eq!(one.code, 0, "{}", one.stderr);
        assert!(one.stdout.contains("Limited to"), "{format}");
        assert!(
            one.stdout
                .contains("1 of the archive's 1 articles: gaoxinqu-2020"),
            "{format}"
        );
        assert_eq!(content(&one.stdout), content(&whole.stdout), "{format}");
    }
    let run = a.run(&["report", "--article", "nope"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("frontline: no article \"nope\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gaoxinqu-2020"), "{}", run.stderr);
    assert!(run.stderr.contains("frontline info"), "{}", run.stderr);
}

/// The Markdown table whose header starts with `first`.
fn table(md: &str, first: &str) -> Vec<Vec<String>> {
    tables(md)
        .into_iter()
        .find(|t| t[0][0] == first)
        .unwrap_or_else(|| panic!("no table {first}"))
}

/// The row of `zone` in the overview.
fn overview_row(md: &str, zone: &str) -> Vec<String> {
    table(md, "zone")
        .into_iter()
        .find(|r| r[0] == zone)
        .unwrap_or_else(|| panic!("{zone} not in the overview"))
}

#[test]
fn each_article_has_its_own_numbers_and_totals() {
    // The seed and a second article that reports one of its zones (西安高新区) again.
    let a = Archive::built();
    let alone = a.run(&["report"]).stdout;
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/draft/multi-zone.txt");
    let drafted = a.dir.path().join("second");
    let draft = a.run(&[
        "draft",
        page.to_str().unwrap(),
        "-o",
        drafted.to_str().unwrap(),
        "--slug",
        "second",
    ]);
    assert_eq!(draft.code, 0, "{}", draft.stderr);
    assert_eq!(a.run(&["import", drafted.to_str().unwrap()]).code, 0);
    let both = a.run(&["report"]).stdout;
    let first = a.run(&["report", "--article", "gaoxinqu-2020"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    // The seed's report is what it was before the second article came.
    assert_eq!(content(&first.stdout), content(&alone));
    assert!(
        first
            .stdout
            .contains("1 of the archive's 2 articles: gaoxinqu-2020")
    );

    // The second article's report is the report of an archive that holds only it (ids aside:
    // the overview and the totals carry none).
    let second = a.run(&["report", "--article", "second"]).stdout;
    let only = a.dir.path().join("only.db");
    let init = run_in(
        a.dir.path(),
        &[
            "--db",
            only.to_str().unwrap(),
            "init",
            "--seed",
            drafted.to_str().unwrap(),
        ],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let own = run_in(a.dir.path(), &["--db", only.to_str().unwrap(), "report"]).stdout;
    for t in ["zone", "total"] {
        assert_eq!(table(&second, t), table(&own, t), "{t}");
    }
    assert!(
        !second.contains("## 成都高新区"),
        "the seed's zones are not the second's"
    );

    // 西安高新区 in each: its own count per article; the whole archive takes the larger.
    let xian = |md: &str| overview_row(md, "西安高新区")[2].clone();
    let (x1, x2, all) = (xian(&first.stdout), xian(&second), xian(&both));
    assert_ne!(x1, x2);
    assert_eq!(
        overview_row(&both, "西安高新区")[3],
        "zone total (largest of 2 articles)"
    );
    assert!(!overview_row(&second, "西安高新区")[3].contains("largest of"));
    let n = |s: &str| -> i64 {
        s.trim_start_matches(['≥', '≈', '<'])
            .replace(',', "")
            .parse()
            .unwrap()
    };
    assert_eq!(n(&all), n(&x1).max(n(&x2)));
    // Totals: each article's own, and both articles together are the whole archive.
    let total = |md: &str| table(md, "total")[2][1].clone();
    assert_ne!(total(&first.stdout), total(&second));
    let together = a
        .run(&[
            "report",
            "--article",
            "second",
            "--article",
            "gaoxinqu-2020",
        ])
        .stdout;
    assert_eq!(content(&together), content(&both));

    // With --zone: a zone of the article, or an error naming the article's zones.
    let one = a.run(&[
        "report",
        "--article",
        "second",
        "--zone",
        "Xi'an Hi-tech Zone",
    ]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(overview_row(&one.stdout, "西安高新区")[2], x2);
    assert!(one.stdout.contains("## Overview of the 1 zones"));
    let other = a.run(&["report", "--article", "second", "--zone", "成都高新区"]);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(
        other
            .stderr
            .contains("the articles chosen have no zone 成都高新区"),
        "{}",
        other.stderr
    );
    assert!(other.stderr.contains("西安高新区"), "{}", other.stderr);
}
