//! SVG charts drawn by frontline for the HTML report: no scripts, no fonts, no images, so the
//! report stays one self-contained file that prints well.
//!
//! Bar charts use a linear scale when their values allow it (the largest at most
//! [`LINEAR_RATIO`] times the smallest), else a log10 scale that says so on its axis, with a tick
//! at every power of ten; the log axis starts a decade below the smallest value, so a value of 1
//! is a bar a decade long, never a sliver that reads as 0. Every bar carries its value as the
//! report writes it (≥15,000). A bar is drawn only for a known value: an unknown is written as
//! "unknown" where the bar would be, never drawn as zero.
//!
//! Widths are computed from the text they hold ([`text_width`] errs wide), so no label is
//! clipped; a test renders the report in Chromium and checks every text's box against its SVG.

use std::fmt::Write;

/// Fonts for Chinese labels: the system's CJK fonts, whichever is installed.
pub const FONTS: &str = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', \
                         'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Droid Sans Fallback', sans-serif";

/// Above this ratio of the largest to the smallest value, bars use a log scale.
pub const LINEAR_RATIO: f64 = 50.0;

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The width of `s` at `size` px, erring wide: a CJK or other wide character is a full em, any
/// other character two thirds of one.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x2000 { 0.66 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// `s` cut to at most `width` px at `size`, with an ellipsis when cut.
pub fn fit(s: &str, width: f64, size: f64) -> String {
    if text_width(s, size) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if text_width(&out, size) + size > width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// How a bar is drawn: its fill and the words for it in the legend.
#[derive(Clone, Copy)]
pub struct Style {
    /// SVG fill.
    pub fill: &'static str,
    /// What the fill means.
    pub meaning: &'static str,
}

/// One bar: its label, its value if known, and the value as the report writes it (≥15,000).
pub struct Bar {
    /// Label on the left.
    pub label: String,
    /// The value; `None` is unknown.
    pub value: Option<f64>,
    /// The value as text, with its qualifier (and whatever else the reader needs beside it).
    pub text: String,
    /// Index into the chart's styles.
    pub style: usize,
}

/// Bars on one scale, under an optional heading (a unit, a kind of money).
pub struct Group {
    /// Heading ("" for none).
    pub title: String,
    /// The bars, in the order drawn.
    pub bars: Vec<Bar>,
}

/// The scale of a group: linear from 0, or log10 from a power of ten below its smallest value.
enum Scale {
    Linear { max: f64 },
    Log { lo: f64, hi: f64 },
}

impl Scale {
    fn of(bars: &[Bar]) -> Scale {
        let values: Vec<f64> = bars.iter().filter_map(|b| b.value).collect();
        let max = values.iter().copied().fold(0.0_f64, f64::max);
        let min = values
            .iter()
            .copied()
            .filter(|v| *v > 0.0)
            .fold(f64::INFINITY, f64::min);
        if max <= 0.0 || !min.is_finite() || max / min <= LINEAR_RATIO {
            Scale::Linear {
                max: nice(max.max(1.0)),
            }
        } else {
            Scale::Log {
                lo: min.log10().floor() - 1.0,
                hi: max.log10().ceil(),
            }
        }
    }

    /// Where `v` falls, from 0 to 1.
    fn at(&self, v: f64) -> f64 {
        match *self {
            Scale::Linear { max } => (v / max).clamp(0.0, 1.0),
            Scale::Log { lo, hi } if v > 0.0 => ((v.log10() - lo) / (hi - lo)).clamp(0.0, 1.0),
            Scale::Log { .. } => 0.0,
        }
    }

    fn ticks(&self) -> Vec<f64> {
        match *self {
            Scale::Linear { max } => {
                let step = nice(max / 5.0);
                let n = (max / step).round() as i32;
                (0..=n).map(|i| f64::from(i) * step).collect()
            }
            Scale::Log { lo, hi } => (lo as i32..=hi as i32).map(|d| 10f64.powi(d)).collect(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Scale::Linear { .. } => "linear scale",
            Scale::Log { .. } => "log scale: each tick is ten times the one before",
        }
    }
}

/// The smallest 1, 2 or 5 times a power of ten that is at least `v`.
fn nice(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|x| *x >= v * 0.999_999)
        .unwrap_or(10.0 * p)
}

/// A tick's label: 0.1, 1, 500, 2k, 10M.
fn tick(v: f64) -> String {
    match v {
        v if v >= 1_000_000.0 => format!("{}M", v / 1_000_000.0),
        v if v >= 1_000.0 => format!("{}k", v / 1_000.0),
        v => format!("{v}"),
    }
}

/// A horizontal bar chart: groups of bars, each group on its own scale with its own axis, a
/// legend of the styles used, every bar labelled with its value.
pub fn bars(id: &str, title: &str, groups: &[Group], styles: &[Style]) -> String {
    const FS: f64 = 13.0;
    let (row_h, bar_w, gap) = (24.0, 420.0, 8.0);
    let all = || groups.iter().flat_map(|g| g.bars.iter());
    let label_w = all()
        .map(|b| text_width(&b.label, FS))
        .fold(40.0_f64, f64::max)
        + 2.0 * gap;
    let value_w = all()
        .map(|b| text_width(&b.text, FS))
        .fold(text_width("unknown", FS), f64::max)
        + 2.0 * gap;
    let used: Vec<&Style> = styles
        .iter()
        .enumerate()
        .filter(|(i, _)| all().any(|b| b.style == *i))
        .map(|(_, s)| s)
        .collect();
    let mut width = label_w + bar_w + value_w;
    width = width.max(text_width(title, 15.0) + gap);
    for s in &used {
        width = width.max(24.0 + text_width(s.meaning, 12.0) + gap);
    }
    for g in groups {
        width = width.max(text_width(&g.title, 13.0) + gap);
    }
    let mut body = String::new();
    let mut y: f64 = 28.0;
    for s in &used {
        let _ = write!(
            body,
            r##"<rect class="key" x="0" y="{ry:.1}" width="16" height="12" fill="{}"/><text x="24" y="{ty:.1}" font-size="12">{}</text>"##,
            s.fill,
            esc(s.meaning),
            ry = y,
            ty = y + 11.0
        );
        y += 18.0;
    }
    for g in groups {
        let scale = Scale::of(&g.bars);
        y += 10.0;
        if !g.title.is_empty() {
            let _ = write!(
                body,
                r##"<text x="0" y="{ty:.1}" font-weight="bold">{}</text>"##,
                esc(&g.title),
                ty = y + 14.0
            );
            y += 22.0;
        }
        let top = y;
        for b in &g.bars {
            let _ = write!(
                body,
                r##"<text x="{lx:.1}" y="{ty:.1}" text-anchor="end">{}</text>"##,
                esc(&b.label),
                lx = label_w - gap,
                ty = y + 16.0
            );
            match b.value {
                Some(v) => {
                    // A positive value is at least 3 px long, so it never reads as nothing.
                    let w = if v > 0.0 {
                        (bar_w * scale.at(v)).max(3.0)
                    } else {
                        0.0
                    };
                    let fill = styles.get(b.style).map_or("#b22222", |s| s.fill);
                    let _ = write!(
                        body,
                        r##"<rect class="bar" x="{label_w:.1}" y="{ry:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}"/><text class="value" x="{tx:.1}" y="{ty:.1}">{}</text>"##,
                        esc(&b.text),
                        ry = y + 4.0,
                        h = row_h - 8.0,
                        tx = label_w + w + 6.0,
                        ty = y + 16.0
                    );
                }
                None => {
                    let _ = write!(
                        body,
                        r##"<text class="unknown" x="{tx:.1}" y="{ty:.1}" fill="#888" font-style="italic">{}</text>"##,
                        esc(&b.text),
                        tx = label_w + 6.0,
                        ty = y + 16.0
                    );
                }
            }
            y += row_h;
        }
        // The axis: ticks with their values, and which scale it is.
        let _ = write!(
            body,
            r##"<line x1="{label_w:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="#999"/>"##,
            x2 = label_w + bar_w
        );
        for t in scale.ticks() {
            let tx = label_w + bar_w * scale.at(t);
            let _ = write!(
                body,
                r##"<line x1="{tx:.1}" y1="{top:.1}" x2="{tx:.1}" y2="{y2:.1}" stroke="#ddd"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="middle" fill="#666" font-size="11">{}</text>"##,
                tick(t),
                y2 = y + 4.0,
                ty = y + 16.0
            );
        }
        let _ = write!(
            body,
            r##"<text class="scale" x="{label_w:.1}" y="{ty:.1}" fill="#666" font-size="11">{}</text>"##,
            scale.name(),
            ty = y + 30.0
        );
        y += 36.0;
    }
    let height = y + 6.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg id="{id}" class="chart" role="img" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" font-family="{FONTS}" font-size="13"><title>{t}</title><text x="0" y="18" font-size="15" font-weight="bold">{t}</text>"##,
        width = width.ceil(),
        height = height.ceil(),
        t = esc(title)
    );
    s.push_str(&body);
    s.push_str("</svg>");
    s
}

/// One dated event on the timeline.
pub struct Event {
    /// ISO date.
    pub date: chrono::NaiveDate,
    /// Short label (zone).
    pub label: String,
    /// What happened.
    pub text: String,
}

/// Events on a date axis, one row each, so labels never overlap. A label runs to the side with
/// more room and is cut (with …) to fit inside the chart.
pub fn timeline(id: &str, title: &str, events: &[Event]) -> String {
    const FS: f64 = 13.0;
    let (left, axis_w, row_h, top) = (30.0, 780.0, 34.0, 50.0);
    let width = left + axis_w + 30.0;
    let height = top + row_h * events.len().max(1) as f64 + 40.0;
    let first = events.iter().map(|e| e.date).min();
    let last = events.iter().map(|e| e.date).max();
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg id="{id}" class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="{FONTS}" font-size="13"><title>{t}</title><text x="0" y="18" font-size="15" font-weight="bold">{t}</text>"##,
        t = esc(title)
    );
    if let (Some(first), Some(last)) = (first, last) {
        let span = ((last - first).num_days().max(1)) as f64;
        let x = |d: chrono::NaiveDate| left + axis_w * ((d - first).num_days() as f64 / span);
        let axis_y = height - 30.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{axis_y}" x2="{x2}" y2="{axis_y}" stroke="#333"/>"##,
            x2 = left + axis_w
        );
        let step = (span / 14.0).ceil().max(1.0) as i64;
        let mut d = first;
        while d <= last {
            let _ = write!(
                s,
                r##"<line x1="{dx:.1}" y1="{axis_y}" x2="{dx:.1}" y2="{y2}" stroke="#333"/><text x="{dx:.1}" y="{ty}" text-anchor="middle" font-size="10" fill="#666">{}</text>"##,
                d.format("%m-%d"),
                dx = x(d),
                y2 = axis_y + 4.0,
                ty = axis_y + 16.0
            );
            d += chrono::Duration::days(step);
        }
        for (i, e) in events.iter().enumerate() {
            let y = top + row_h * i as f64;
            let ex = x(e.date);
            let (room_right, room_left) = (width - ex - 9.0 - 4.0, ex - 9.0 - 4.0);
            let full = format!("{} · {} · {}", e.date.format("%m-%d"), e.label, e.text);
            let (tx, anchor, room) =
                if text_width(&full, FS) <= room_right || room_right >= room_left {
                    (ex + 9.0, "start", room_right)
                } else {
                    (ex - 9.0, "end", room_left)
                };
            let _ = write!(
                s,
                r##"<line x1="{ex:.1}" y1="{y:.1}" x2="{ex:.1}" y2="{axis_y}" stroke="#ddd" stroke-dasharray="3,3"/><circle class="event" cx="{ex:.1}" cy="{y:.1}" r="5" fill="#b22222"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}">{}</text>"##,
                esc(&fit(&full, room, FS)),
                ty = y + 4.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

const WEEKLY_NOTE: &str = "events per zone in the week starting on the date above; darker is more";

/// Counts of events per zone (rows) and week (columns): a grid whose cells are shaded by count
/// and hold it, for more events than one row each can show.
pub fn weekly(id: &str, title: &str, weeks: &[String], rows: &[(String, Vec<usize>)]) -> String {
    const FS: f64 = 12.0;
    let label_w = rows
        .iter()
        .map(|(z, _)| text_width(z, FS))
        .fold(40.0_f64, f64::max)
        + 12.0;
    let max = rows
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let cell_w = weeks
        .iter()
        .map(|w| text_width(w, 10.0))
        .fold(text_width(&max.to_string(), FS), f64::max)
        + 8.0;
    let (top, cell_h) = (58.0, 20.0);
    let width = (label_w + cell_w * weeks.len() as f64 + 4.0)
        .max(text_width(title, 15.0) + 8.0)
        .max(text_width(WEEKLY_NOTE, 11.0) + 8.0);
    let height = top + cell_h * rows.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg id="{id}" class="chart" role="img" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" font-family="{FONTS}" font-size="12"><title>{t}</title><text x="0" y="18" font-size="15" font-weight="bold">{t}</text><text x="0" y="36" font-size="11" fill="#666">{WEEKLY_NOTE}</text>"##,
        width = width.ceil(),
        height = height.ceil(),
        t = esc(title)
    );
    for (j, w) in weeks.iter().enumerate() {
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" font-size="10" fill="#666">{}</text>"##,
            esc(w),
            x = label_w + cell_w * (j as f64 + 0.5),
            y = top - 6.0
        );
    }
    for (i, (zone, counts)) in rows.iter().enumerate() {
        let y = top + cell_h * i as f64;
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{ty:.1}" text-anchor="end">{}</text>"##,
            esc(zone),
            x = label_w - 6.0,
            ty = y + 14.0
        );
        for (j, &n) in counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let shade = 0.15 + 0.85 * (n as f64 / max as f64);
            let ink = if shade > 0.5 { "#fff" } else { "#222" };
            let _ = write!(
                s,
                r##"<rect class="week" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#b22222" fill-opacity="{shade:.2}"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="middle" fill="{ink}">{n}</text>"##,
                x = label_w + cell_w * j as f64 + 1.0,
                y = y + 1.0,
                w = cell_w - 2.0,
                h = cell_h - 2.0,
                tx = label_w + cell_w * (j as f64 + 0.5),
                ty = y + 14.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: Option<f64>, text: &str) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: text.into(),
            style: 0,
        }
    }

    const RED: [Style; 1] = [Style {
        fill: "#b22222",
        meaning: "a figure",
    }];

    #[test]
    fn unknown_values_are_written_not_drawn() {
        let svg = bars(
            "c",
            "t",
            &[Group {
                title: String::new(),
                bars: vec![
                    bar("成都", Some(15000.0), "≥15,000"),
                    bar("兰州", None, "unknown"),
                ],
            }],
            &RED,
        );
        assert_eq!(svg.matches("class=\"bar\"").count(), 1);
        assert_eq!(svg.matches(">unknown<").count(), 1);
        assert!(svg.contains("≥15,000") && svg.contains("linear scale"));
    }

    #[test]
    fn linear_where_values_allow_log_with_ticks_where_not() {
        let group = |values: &[f64]| Group {
            title: String::new(),
            bars: values
                .iter()
                .map(|v| bar("x", Some(*v), &v.to_string()))
                .collect(),
        };
        // 601 against 40 is drawn as 15:1.
        let svg = bars("c", "t", &[group(&[601.0, 40.0])], &RED);
        assert!(svg.contains("linear scale") && !svg.contains("log scale"));
        // 601 against 1 needs a log scale, which says so, with a tick per decade from 0.1.
        let svg = bars("c", "t", &[group(&[601.0, 1.0])], &RED);
        assert!(svg.contains("log scale"));
        for t in [">0.1<", ">1<", ">10<", ">100<", ">1k<"] {
            assert!(svg.contains(t), "{t}");
        }
        // A value of 1 is a bar a decade long (a quarter of the axis), not a sliver.
        let one = svg
            .split("class=\"bar\"")
            .nth(2)
            .unwrap()
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(one.parse::<f64>().unwrap() > 100.0, "{one}");
    }

    #[test]
    fn long_labels_widen_the_chart() {
        let long = "成都高新区".repeat(8);
        let svg = bars(
            "c",
            "t",
            &[Group {
                title: String::new(),
                bars: vec![bar(&long, Some(1.0), "1")],
            }],
            &RED,
        );
        let x: f64 = svg
            .split("text-anchor=\"end\"")
            .next()
            .unwrap()
            .rsplit("x=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(x >= text_width(&long, 13.0), "{x}");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
