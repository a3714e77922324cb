//! The committee's report (`templates/bao-cao/`): the numbers it prints, computed once here
//! (totals, percentages against the target, rows, the cells that have not met it), the
//! document in DOCX and PDF, and the same count as CSV for Excel.

use super::{CellStatus, Progress, Summary, Tally};
use crate::backend::{Format, Output};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::input::date::Date;
use crate::template::sets::ReportConfig;
use crate::template::{Engine, RenderOptions};
use serde::Serialize;
use serde_json::{Value, json};

/// The report set's id in the template folder.
pub const SET: &str = "bao-cao";

/// At most this many unmet cells are named one by one; the rest are counted (a province's
/// report stays a report, the summary file has them all).
const UNMET_LISTED: usize = 200;

/// What the committee writes in by hand when it is left out: none gives a blank to fill in.
#[derive(Clone, Debug, Default)]
pub struct ReportInfo {
    pub number: Option<u32>,
    pub date: Option<Date>,
    /// The chairman (chủ nhiệm) who signs.
    pub signer: Option<String>,
}

/// The counts of a report, over every cell it covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub cells: u32,
    pub plans: u32,
    pub inspections: u32,
    pub supervisions: u32,
    pub inspections_in_progress: u32,
    pub supervisions_in_progress: u32,
    pub met: u32,
    pub unmet: u32,
    pub members_inspected: u32,
    pub members_supervised: u32,
    pub inspection_violations: u32,
    pub supervision_violations: u32,
}

impl Totals {
    pub fn of<'a>(cells: impl Iterator<Item = &'a CellStatus>, target: &ReportConfig) -> Totals {
        let mut t = Totals::default();
        for c in cells {
            let n = |b: bool| u32::from(b);
            t.cells += 1;
            t.plans += n(c.plan.is_completed());
            t.inspections += n(c.inspection.completed >= target.inspections);
            t.supervisions += n(c.supervision.completed >= target.supervisions);
            t.inspections_in_progress +=
                n(matches!(c.inspection.progress, Progress::InProgress { .. }));
            t.supervisions_in_progress += n(matches!(
                c.supervision.progress,
                Progress::InProgress { .. }
            ));
            t.met += n(c.met(target));
            t.members_inspected += c.inspection.completed;
            t.members_supervised += c.supervision.completed;
            t.inspection_violations += n(c.inspection.violations);
            t.supervision_violations += n(c.supervision.violations);
        }
        t.unmet = t.cells - t.met;
        t
    }
}

/// `98,69%`: two decimals, Vietnamese decimal comma, rounded half up; `0%` of nothing.
pub fn percent(n: u32, of: u32) -> String {
    if of == 0 {
        return "0%".to_string();
    }
    let hundredths = (u64::from(n) * 20_000 + u64::from(of)) / (2 * u64::from(of));
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => format!("{whole}%"),
        f if f % 10 == 0 => format!("{whole},{}%", f / 10),
        f => format!("{whole},{f:02}%"),
    }
}

/// The target of the built-in (or the province's) report set.
pub fn target(engine: &Engine) -> Result<ReportConfig> {
    let set = engine.report_set(SET)?;
    Ok(set
        .report
        .clone()
        .expect("report sets have a [report] table"))
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// The template context of the report: `cell` for the shared header, `report` for the rest.
pub fn context(tally: &Tally, info: &ReportInfo, target: &ReportConfig) -> Value {
    use crate::template::blank;
    let totals = Totals::of(tally.cells().map(|(_, c)| c), target);
    let code = if tally.upper {
        &target.upper_issuer_code
    } else {
        &target.issuer_code
    };
    let number_text = match info.number {
        Some(n) => format!("{n:02}-BC/{code}"),
        None => format!("{}-BC/{code}", blank::ROOM),
    };
    let org = &tally.organisation;
    json!({
        "cell": {
            "superior_upper": upper(&org.name),
            "name_upper": "ỦY BAN KIỂM TRA",
            "place": if org.place.is_empty() { blank::DOTS.to_string() } else { org.place.clone() },
        },
        "report": {
            "year": tally.year,
            "upper": tally.upper,
            "organisation": org.name,
            "committee": if org.committee.is_empty() { "Ủy ban Kiểm tra".to_string() } else { org.committee.clone() },
            "number_text": number_text,
            "date": info.date.map_or_else(|| blank::DATE.to_string(), |d| d.iso()),
            "signer": info.signer.clone().unwrap_or_else(|| blank::DOTS.to_string()),
            "target": {"inspections": target.inspections, "supervisions": target.supervisions},
            "units": tally.units.len(),
            "pct": percentages(&totals),
            "totals": totals,
            "rows": rows(tally, target),
            "unmet": unmet(tally, target).into_iter().take(UNMET_LISTED).collect::<Vec<_>>(),
            "unmet_more": (totals.unmet as usize).saturating_sub(UNMET_LISTED),
        }
    })
}

fn percentages(t: &Totals) -> Value {
    json!({
        "plans": percent(t.plans, t.cells),
        "inspections": percent(t.inspections, t.cells),
        "supervisions": percent(t.supervisions, t.cells),
        "met": percent(t.met, t.cells),
    })
}

/// The table: one row per cell (a commune's report) or per unit (the level above).
fn rows(tally: &Tally, target: &ReportConfig) -> Vec<Value> {
    if !tally.upper {
        return tally
            .cells()
            .map(|(_, c)| {
                let mut v = serde_json::to_value(c).unwrap_or_default();
                v["met"] = json!(c.met(target));
                v
            })
            .collect();
    }
    tally
        .units
        .iter()
        .map(|u| {
            let t = Totals::of(u.cells.iter(), target);
            json!({
                "name": u.organisation.name, "cells": t.cells, "plans": t.plans,
                "inspections": t.inspections, "supervisions": t.supervisions,
                "met": t.met, "pct": percent(t.met, t.cells),
            })
        })
        .collect()
}

/// The cells that have not met the target, with where each track stands.
fn unmet(tally: &Tally, target: &ReportConfig) -> Vec<Value> {
    tally
        .cells()
        .filter(|(_, c)| !c.met(target))
        .map(|(u, c)| {
            let state = |t: &super::Track, need: u32| {
                if t.completed >= need {
                    "completed"
                } else {
                    t.progress.state()
                }
            };
            json!({
                "name": c.name, "unit": u.organisation.name,
                "inspection": state(&c.inspection, target.inspections),
                "supervision": state(&c.supervision, target.supervisions),
            })
        })
        .collect()
}

/// The report as the document model.
pub fn document(
    engine: &Engine,
    tally: &Tally,
    info: &ReportInfo,
    opts: &RenderOptions,
) -> Result<Document> {
    let set = engine.report_set(SET)?;
    let target = target(engine)?;
    let ctx = context(tally, info, &target);
    let markup = engine.render_markup_json(set, &ctx)?;
    let docs = engine.documents(set, markup, &tally.organisation.name, opts)?;
    docs.into_iter()
        .next()
        .map(|(_, d)| d)
        .ok_or_else(|| Error::Config {
            file: engine.files().display_path(&format!("{SET}/manifest.toml")),
            message: "bộ báo cáo cần một văn bản".to_string(),
        })
}

/// The report in each of `formats`, named `BC-KTGS-…-2026.pdf`.
pub fn render(
    engine: &Engine,
    tally: &Tally,
    info: &ReportInfo,
    formats: &[Format],
    opts: &RenderOptions,
) -> Result<Vec<Output>> {
    let doc = document(engine, tally, info, opts)?;
    let set = engine.report_set(SET)?;
    let stem = set
        .documents
        .first()
        .map(crate::dossier::file_stem)
        .unwrap_or_default();
    formats
        .iter()
        .map(|f| {
            Ok(Output {
                file_name: format!("{stem}-{}.{}", tally.year, f.ext()),
                bytes: f.render(&doc)?,
            })
        })
        .collect()
}

/// A text Excel would run as a formula (`=`, `+`, `-`, `@` first) gets a quote in front.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn progress_cells(p: &Progress) -> [String; 4] {
    match p {
        Progress::NotStarted => [
            "chưa thực hiện".into(),
            String::new(),
            String::new(),
            String::new(),
        ],
        Progress::InProgress { phase } => [
            "đang tiến hành".into(),
            phase.clone(),
            String::new(),
            String::new(),
        ],
        Progress::Completed { number, date } => [
            "đã hoàn thành".into(),
            String::new(),
            format!("{number:02}"),
            date.short(),
        ],
    }
}

/// One CSV row per cell: unit, cell, plan, inspection and supervision (state, phase, notice
/// number and date, member, violations), met. UTF-8 with a byte-order mark and `;` between
/// fields, as Excel in a Vietnamese locale opens it.
pub fn csv(tally: &Tally, target: &ReportConfig) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let head = [
        "Đơn vị",
        "Chi bộ",
        "Kế hoạch năm",
        "Số kế hoạch",
        "Ngày kế hoạch",
        "Kiểm tra",
        "Giai đoạn kiểm tra",
        "Số thông báo kết luận",
        "Ngày thông báo kết luận",
        "Đảng viên được kiểm tra",
        "Vi phạm",
        "Giám sát",
        "Giai đoạn giám sát",
        "Số thông báo kết quả",
        "Ngày thông báo kết quả",
        "Đảng viên được giám sát",
        "Dấu hiệu vi phạm",
        "Đạt chỉ tiêu",
    ];
    let _ = w.write_record(head);
    let yes = |b: bool| if b { "có" } else { "không" }.to_string();
    for (u, c) in tally.cells() {
        let plan = progress_cells(&c.plan);
        let mut row = vec![csv_text(&u.organisation.name), csv_text(&c.name)];
        row.extend([plan[0].clone(), plan[2].clone(), plan[3].clone()]);
        for t in [&c.inspection, &c.supervision] {
            let p = progress_cells(&t.progress);
            row.extend(p);
            row.push(csv_text(t.subject.as_deref().unwrap_or("")));
            row.push(yes(t.violations));
        }
        row.push(yes(c.met(target)));
        let _ = w.write_record(&row);
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().unwrap_or_default());
    bytes
}

/// The summary a commune's committee sends up.
pub fn summary(tally: &Tally) -> Option<&Summary> {
    (!tally.upper).then(|| tally.units.first()).flatten()
}

/// Tallies from the worked example, covering every state a row can be in: a commune with a
/// cell that met the target, one half way and one not started; and the level above. What
/// `templates check` checks the report's template against.
pub fn sample_tallies() -> Vec<Tally> {
    use super::{CaseJson, Organisation, cell_status};
    let sample = |set: &str| -> Value {
        serde_json::from_str(crate::dossier::sample_text(set).unwrap_or("null")).unwrap_or_default()
    };
    let (k, g, n) = (sample("kiem-tra"), sample("giam-sat"), sample("nam"));
    let (mut half, mut half_g) = (k.clone(), g.clone());
    half["case"]["notice"] = Value::Null;
    half_g["case"]["notice"] = Value::Null;
    let done = cell_status(
        "Chi bộ ấp Tân Phú",
        &[
            CaseJson {
                set: "kiem-tra",
                json: &k,
            },
            CaseJson {
                set: "giam-sat",
                json: &g,
            },
            CaseJson {
                set: "nam",
                json: &n,
            },
        ],
        2026,
    );
    let halfway = cell_status(
        "Chi bộ ấp Tân Lợi",
        &[
            CaseJson {
                set: "kiem-tra",
                json: &half,
            },
            CaseJson {
                set: "giam-sat",
                json: &half_g,
            },
        ],
        2026,
    );
    let idle = cell_status("Chi bộ ấp Tân Long", &[], 2026);
    let org = super::organisation_of(&k["cell"]);
    let commune = Summary {
        format: super::FORMAT.to_string(),
        organisation: org.clone(),
        year: 2026,
        cells: vec![done, halfway, idle],
    };
    let mut other = commune.clone();
    other.organisation.name = "Đảng bộ xã Tân Bình".to_string();
    let upper = Tally {
        organisation: Organisation {
            name: "Đảng bộ thành phố Cần Thơ".to_string(),
            committee: "Ủy ban Kiểm tra Thành ủy Cần Thơ".to_string(),
            place: "Cần Thơ".to_string(),
        },
        year: 2026,
        upper: true,
        units: vec![commune.clone(), other],
    };
    vec![Tally::commune(commune), upper]
}
