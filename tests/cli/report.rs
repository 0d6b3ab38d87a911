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
            row[3],
            written(
                &s["grassroots_organizations"],
                &s["grassroots_organizations_qualifier"]
            )
        );
        assert_eq!(
            row[4],
            written(&s["front_line_teams"], &s["front_line_teams_qualifier"])
        );
        assert_eq!(
            row[5],
            written(
                &s["command_and_working_bodies"],
                &s["command_and_working_bodies_qualifier"]
            )
        );
        assert_eq!(row[6], s["people_named"].to_string());
    }
    // Money is written per kind, never summed: 合肥's raised, donated and dues side by side.
    assert_eq!(
        overview[3][7],
        "raised 10,000,000; donated 20,000; special party dues ≥3,000"
    );
    assert_eq!(overview[7][7], "allocated 300,000");
    assert_eq!(overview[6][7], "donated amount not reported");
    // 成都's 1.5万余名 is written as at least 15,000; 兰州's missing figure as unknown, not 0.
    assert_eq!(overview[2][2], "≥15,000");
    assert_eq!(overview[4][2], "unknown");

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
    assert_eq!(chart.matches(">unknown<").count(), 4);
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
