//! The progress pictures of a count, as SVG text drawn on the server (no script): cells that
//! met the target by month, and each track by status. Fixed sizes and a white ground, so a
//! page with them prints as it shows; every text goes through `escape`.

use super::{Progress, Tally};
use crate::backend::html::escape;
use crate::template::sets::ReportConfig;
use std::fmt::Write;

const FONT: &str = "font-family=\"Liberation Serif, Times New Roman, serif\"";
/// Completed, in progress, not started: dark, middle and light, distinct in grey print too.
const COLOURS: [&str; 3] = ["#1f5f8b", "#e0a030", "#d9d9d9"];

/// Cells that met the target by month: each month's bar is the running total at its end,
/// with the target (every cell) as a dashed line.
pub fn by_month(tally: &Tally, target: &ReportConfig) -> String {
    let mut per_month = [0u32; 12];
    let mut cells = 0u32;
    for (_, c) in tally.cells() {
        cells += 1;
        if let Some(m) = c.met_month(target) {
            per_month[usize::from(m.clamp(1, 12)) - 1] += 1;
        }
    }
    let (w, h, left, top, bottom) = (640.0_f32, 300.0_f32, 56.0_f32, 40.0_f32, 40.0_f32);
    let plot_h = h - top - bottom;
    let max = cells.max(1) as f32;
    let slot = (w - left - 16.0) / 12.0;
    let mut s = svg_open(
        w,
        h,
        &format!("Số chi bộ đạt chỉ tiêu theo tháng, năm {}", tally.year),
    );
    let target_y = top;
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{target_y}\" x2=\"{}\" y2=\"{target_y}\" stroke=\"#444\" stroke-dasharray=\"6 4\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" {FONT}>chỉ tiêu: {cells}</text>",
        w - 16.0,
        w - 16.0,
        target_y - 4.0
    );
    let mut running = 0u32;
    for (i, n) in per_month.iter().enumerate() {
        running += n;
        let bar_h = plot_h * running as f32 / max;
        let x = left + slot * i as f32 + slot * 0.15;
        let y = top + plot_h - bar_h;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar_h:.1}\" fill=\"{}\"><title>Tháng {}: {running}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" {FONT}>{running}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" {FONT}>T{}</text>",
            slot * 0.7,
            COLOURS[0],
            i + 1,
            x + slot * 0.35,
            y - 3.0,
            x + slot * 0.35,
            h - bottom + 16.0,
            i + 1
        );
    }
    axis(&mut s, left, top + plot_h, w - 16.0);
    s.push_str("</svg>");
    s
}

/// The plan, the inspections and the supervisions, each a bar split into completed, in
/// progress and not started, with the counts written on it and a legend.
pub fn by_status(tally: &Tally) -> String {
    let mut rows = [
        ("Kế hoạch năm", [0u32; 3]),
        ("Kiểm tra", [0; 3]),
        ("Giám sát", [0; 3]),
    ];
    let slot = |p: &Progress| match p {
        Progress::Completed { .. } => 0,
        Progress::InProgress { .. } => 1,
        Progress::NotStarted => 2,
    };
    for (_, c) in tally.cells() {
        rows[0].1[slot(&c.plan)] += 1;
        rows[1].1[slot(&c.inspection.progress)] += 1;
        rows[2].1[slot(&c.supervision.progress)] += 1;
    }
    let (w, h, left) = (640.0_f32, 230.0_f32, 110.0_f32);
    let bar_w = w - left - 20.0;
    let mut s = svg_open(w, h, &format!("Tình hình thực hiện năm {}", tally.year));
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = 40.0 + i as f32 * 48.0;
        let total = counts.iter().sum::<u32>().max(1) as f32;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"end\" {FONT}>{}</text>",
            left - 8.0,
            y + 21.0,
            escape(label)
        );
        let mut x = left;
        for (k, n) in counts.iter().enumerate() {
            let part = bar_w * *n as f32 / total;
            if *n > 0 {
                let _ = write!(
                    s,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{part:.1}\" height=\"30\" fill=\"{}\" stroke=\"#fff\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{}\" {FONT}>{n}</text>",
                    COLOURS[k],
                    x + part / 2.0,
                    y + 20.0,
                    if k == 0 { "#fff" } else { "#000" }
                );
            }
            x += part;
        }
    }
    legend(&mut s, left, h - 24.0);
    s.push_str("</svg>");
    s
}

fn svg_open(w: f32, h: f32, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\">\
         <title>{t}</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\
         <text x=\"{:.1}\" y=\"20\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\" {FONT}>{t}</text>",
        w / 2.0,
        t = escape(title)
    )
}

fn axis(s: &mut String, left: f32, base: f32, right: f32) {
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" stroke=\"#000\"/>"
    );
}

fn legend(s: &mut String, left: f32, y: f32) {
    let labels = ["đã hoàn thành", "đang tiến hành", "chưa thực hiện"];
    for (k, label) in labels.iter().enumerate() {
        let x = left + k as f32 * 160.0;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#666\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" {FONT}>{label}</text>",
            COLOURS[k],
            x + 20.0,
            y + 12.0
        );
    }
}
