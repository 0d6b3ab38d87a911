//! SVG charts drawn by frontline for the HTML report: no scripts, no fonts, no images, so the
//! report stays one self-contained file that prints well.
//!
//! Counts in this article span five orders of magnitude (1 command post, 680,000 gloves), so bar
//! charts use a log scale. A bar is drawn only for a known value: an unknown is written as
//! "unknown" where the bar would be, never drawn as zero.

use std::fmt::Write;

/// Fonts for Chinese labels: the system's CJK fonts, whichever is installed.
pub const FONTS: &str = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', \
                         'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Droid Sans Fallback', sans-serif";

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bar: its label, its value if known, and the value as the report writes it (≥15,000).
pub struct Bar {
    /// Label on the left.
    pub label: String,
    /// The value; `None` is unknown.
    pub value: Option<f64>,
    /// The value as text, with its qualifier.
    pub text: String,
}

/// A horizontal bar chart on a log10 scale.
pub fn log_bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let (label_w, bar_w, row_h, top) = (260.0, 440.0, 26.0, 44.0);
    let width = label_w + bar_w + 140.0;
    let height = top + row_h * bars.len() as f64 + 30.0;
    let max = bars.iter().filter_map(|b| b.value).fold(1.0_f64, f64::max);
    let decades = max.log10().ceil().max(1.0);
    let x = |v: f64| label_w + bar_w * (v.max(1.0).log10() / decades);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg id="{id}" class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="{FONTS}" font-size="13"><title>{t}</title>"##,
        t = esc(title)
    );
    let _ = write!(
        s,
        r##"<text x="0" y="18" font-size="15" font-weight="bold">{}</text>"##,
        esc(title)
    );
    for d in 0..=decades as i32 {
        let v = 10f64.powi(d);
        let gx = x(v);
        let _ = write!(
            s,
            r##"<line x1="{gx:.1}" y1="{y1}" x2="{gx:.1}" y2="{y2}" stroke="#ccc" stroke-width="1"/><text x="{gx:.1}" y="{ty}" text-anchor="middle" fill="#666" font-size="11">{}</text>"##,
            tick(v),
            y1 = top - 6.0,
            y2 = height - 24.0,
            ty = height - 10.0
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            s,
            r##"<text x="{lx}" y="{ty:.1}" text-anchor="end">{}</text>"##,
            esc(&b.label),
            lx = label_w - 8.0,
            ty = y + 16.0
        );
        match b.value {
            Some(v) => {
                let w = (x(v) - label_w).max(2.0);
                let _ = write!(
                    s,
                    r##"<rect class="bar" x="{label_w}" y="{ry:.1}" width="{w:.1}" height="{h:.1}" fill="#b22222"/><text x="{tx:.1}" y="{ty:.1}">{}</text>"##,
                    esc(&b.text),
                    ry = y + 4.0,
                    h = row_h - 8.0,
                    tx = label_w + w + 6.0,
                    ty = y + 16.0
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<text class="unknown" x="{tx}" y="{ty:.1}" fill="#888" font-style="italic">unknown</text>"##,
                    tx = label_w + 6.0,
                    ty = y + 16.0
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

fn tick(v: f64) -> String {
    match v {
        v if v >= 1_000_000.0 => format!("{}M", v / 1_000_000.0),
        v if v >= 1_000.0 => format!("{}k", v / 1_000.0),
        v => format!("{v}"),
    }
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

/// Events on a date axis, one row each, so labels never overlap.
pub fn timeline(id: &str, title: &str, events: &[Event]) -> String {
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
            d += chrono::Duration::days(2);
        }
        for (i, e) in events.iter().enumerate() {
            let y = top + row_h * i as f64;
            let ex = x(e.date);
            // Labels run away from the nearer edge, so they stay inside the chart.
            let (tx, anchor) = if ex > left + axis_w / 2.0 {
                (ex - 9.0, "end")
            } else {
                (ex + 9.0, "start")
            };
            let mut text: String = e.text.chars().take(56).collect();
            if e.text.chars().count() > 56 {
                text.push('…');
            }
            let _ = write!(
                s,
                r##"<line x1="{ex:.1}" y1="{y:.1}" x2="{ex:.1}" y2="{axis_y}" stroke="#ddd" stroke-dasharray="3,3"/><circle class="event" cx="{ex:.1}" cy="{y:.1}" r="5" fill="#b22222"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}">{} · {} · {}</text>"##,
                e.date.format("%m-%d"),
                esc(&e.label),
                esc(&text),
                ty = y + 4.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_written_not_drawn() {
        let svg = log_bars(
            "c",
            "t",
            &[
                Bar {
                    label: "成都".into(),
                    value: Some(15000.0),
                    text: "≥15,000".into(),
                },
                Bar {
                    label: "兰州".into(),
                    value: None,
                    text: "unknown".into(),
                },
            ],
        );
        assert_eq!(svg.matches("class=\"bar\"").count(), 1);
        assert_eq!(svg.matches(">unknown<").count(), 1);
        assert!(svg.contains("≥15,000") && svg.contains("10k"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
