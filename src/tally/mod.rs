//! The committee's count (`procedure.md` §4): each cell's annual plan, inspection and
//! supervision status for a year, derived from its case files; a commune's summary file; the
//! merge of many summaries at the level above. The report, its CSV and the progress pictures
//! are in `report` and `chart`.

pub mod chart;
pub mod report;

use crate::error::{Error, Result};
use crate::input::date::Date;
use crate::template::sets::ReportConfig;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The `format` field of a summary file: a file of another kind is refused by name.
pub const FORMAT: &str = "hoso-tally/1";

/// How far one piece of work (the plan, an inspection, a supervision) has gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Progress {
    NotStarted,
    /// `phase` is a phase of the set's manifest: `chuẩn bị`, `tiến hành`, `kết thúc`.
    InProgress {
        phase: String,
    },
    /// The conclusion (result) notice, or the plan itself, is issued: its number and date.
    Completed {
        number: u32,
        date: Date,
    },
}

impl Progress {
    pub fn is_completed(&self) -> bool {
        matches!(self, Progress::Completed { .. })
    }

    /// `not-started`, `in-progress`, `completed`: the state's name in files and filters.
    pub fn state(&self) -> &'static str {
        match self {
            Progress::NotStarted => "not-started",
            Progress::InProgress { .. } => "in-progress",
            Progress::Completed { .. } => "completed",
        }
    }

    /// Orders progress so that the furthest of several cases of a cell stands for them.
    fn rank(&self) -> (u8, u8) {
        match self {
            Progress::NotStarted => (0, 0),
            Progress::InProgress { phase } => (1, phase_rank(phase)),
            Progress::Completed { .. } => (2, 0),
        }
    }
}

fn phase_rank(phase: &str) -> u8 {
    match phase {
        PREPARING => 0,
        CARRYING_OUT => 1,
        _ => 2,
    }
}

const PREPARING: &str = "chuẩn bị";
const CARRYING_OUT: &str = "tiến hành";
const CONCLUDING: &str = "kết thúc";

/// A cell's inspections (or supervisions) of the year, as one line of the count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    /// The furthest case's progress.
    pub progress: Progress,
    /// Whom that case concerned.
    #[serde(default)]
    pub subject: Option<String>,
    /// A completed case found violations (inspection) or signs of them (supervision).
    #[serde(default)]
    pub violations: bool,
    /// Completed cases (members inspected or supervised).
    #[serde(default)]
    pub completed: u32,
}

impl Track {
    fn none() -> Track {
        Track {
            progress: Progress::NotStarted,
            subject: None,
            violations: false,
            completed: 0,
        }
    }
}

/// One cell's line of the count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellStatus {
    pub name: String,
    pub plan: Progress,
    pub inspection: Track,
    pub supervision: Track,
}

impl CellStatus {
    /// Whether the cell met the target: enough inspections and supervisions completed.
    pub fn met(&self, target: &ReportConfig) -> bool {
        self.inspection.completed >= target.inspections
            && self.supervision.completed >= target.supervisions
    }

    /// The month (1–12) the cell met the target: the later notice of the two; none if not.
    pub fn met_month(&self, target: &ReportConfig) -> Option<u8> {
        if !self.met(target) {
            return None;
        }
        let date = |t: &Track| match t.progress {
            Progress::Completed { date, .. } => Some(date),
            _ => None,
        };
        let (a, b) = (date(&self.inspection), date(&self.supervision));
        a.max(b).or(a).or(b).map(|d| d.month)
    }
}

/// A Party organisation whose committee counts its cells (a commune, a ward; a province).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// `Đảng bộ xã Tân Hòa`
    pub name: String,
    /// `Ủy ban Kiểm tra Đảng ủy xã Tân Hòa`
    #[serde(default)]
    pub committee: String,
    /// The place name of its documents' date line (`Tân Hòa`).
    #[serde(default)]
    pub place: String,
}

/// What a committee sends up: its organisation, the year, every cell's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub format: String,
    pub organisation: Organisation,
    pub year: u16,
    pub cells: Vec<CellStatus>,
}

/// What a report counts: one organisation's cells (`upper` false: the units are its cells)
/// or the summaries of the organisations below it (`upper` true).
#[derive(Clone, Debug)]
pub struct Tally {
    pub organisation: Organisation,
    pub year: u16,
    pub upper: bool,
    pub units: Vec<Summary>,
}

impl Tally {
    /// A commune's own count.
    pub fn commune(summary: Summary) -> Tally {
        Tally {
            organisation: summary.organisation.clone(),
            year: summary.year,
            upper: false,
            units: vec![summary],
        }
    }

    pub fn cells(&self) -> impl Iterator<Item = (&Summary, &CellStatus)> {
        self.units
            .iter()
            .flat_map(|u| u.cells.iter().map(move |c| (u, c)))
    }
}

/// A saved case, as the count reads it: the set (`kiem-tra`, `giam-sat`, `nam`) and its JSON,
/// complete or not (a case half filled in the web app counts as in progress).
pub struct CaseJson<'a> {
    pub set: &'a str,
    pub json: &'a Value,
}

/// A number and a date, when both are there and valid (a document issued).
fn issued(v: &Value) -> Option<(u32, Date)> {
    let number = v.get("number")?.as_u64().filter(|n| *n > 0)?;
    let date = Date::parse_iso(v.get("date")?.as_str()?)?;
    Some((u32::try_from(number).ok()?, date))
}

fn has_date(v: &Value) -> bool {
    v.get("date")
        .and_then(Value::as_str)
        .and_then(Date::parse_iso)
        .is_some()
}

fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// How far one inspection or supervision has gone, from what its file holds: the notice
/// issued (KT-10/GS-10) completes it; the cell meeting, the announcement, a decision or a
/// subject mark the phases before.
pub fn case_progress(case: &Value) -> Progress {
    if let Some((number, date)) = issued(&case["notice"]) {
        return Progress::Completed { number, date };
    }
    let phase = if has_date(&case["meeting"]) || has_date(&case["team_report"]) {
        CONCLUDING
    } else if has_date(&case["announcement"]) || has_date(&case["working_session"]) {
        CARRYING_OUT
    } else if issued(&case["decision"]).is_some() || text(&case["subject"]).is_some() {
        PREPARING
    } else {
        return Progress::NotStarted;
    };
    Progress::InProgress {
        phase: phase.to_string(),
    }
}

/// The year a case file counts for: its annual plan's year, else the year of its decision.
pub fn case_year(file: &Value) -> Option<u16> {
    let plan = file["annual_plan"]["year"]
        .as_u64()
        .and_then(|y| u16::try_from(y).ok());
    plan.or_else(|| issued(&file["case"]["decision"]).map(|(_, d)| d.year))
}

/// One track (inspections or supervisions) from the cell's cases of that kind.
fn track(cases: &[&Value]) -> Track {
    let mut out = Track::none();
    for case in cases {
        let progress = case_progress(case);
        let violations = case["findings"]["violation_signs"].as_bool() == Some(true);
        if progress.is_completed() {
            out.completed += 1;
            out.violations |= violations;
        }
        if progress.rank() > out.progress.rank() || out.subject.is_none() {
            out.subject = text(&case["subject"]).or(out.subject);
        }
        if progress.rank() > out.progress.rank() {
            out.progress = progress;
        }
    }
    out
}

/// The annual plan: issued when a plan file (or any case citing it) has its number and date.
fn plan_progress(cases: &[CaseJson]) -> Progress {
    let mut best = Progress::NotStarted;
    for c in cases {
        let p = match issued(&c.json["annual_plan"]) {
            Some((number, date)) => Progress::Completed { number, date },
            None if c.set == "nam" => Progress::InProgress {
                phase: PREPARING.to_string(),
            },
            None => Progress::NotStarted,
        };
        if p.rank() > best.rank() {
            best = p;
        }
    }
    best
}

/// A cell's status for `year` from its saved cases (cases of other years are left out). Pure:
/// the web app's committee view and `hoso tally` on a folder both call it.
pub fn cell_status(name: &str, cases: &[CaseJson], year: u16) -> CellStatus {
    let of_year: Vec<&CaseJson> = cases
        .iter()
        .filter(|c| case_year(c.json) == Some(year))
        .collect();
    let kind = |set: &str| -> Vec<&Value> {
        of_year
            .iter()
            .filter(|c| c.set == set)
            .map(|c| &c.json["case"])
            .collect()
    };
    let plans: Vec<CaseJson> = of_year
        .iter()
        .map(|c| CaseJson {
            set: c.set,
            json: c.json,
        })
        .collect();
    CellStatus {
        name: name.to_string(),
        plan: plan_progress(&plans),
        inspection: track(&kind("kiem-tra")),
        supervision: track(&kind("giam-sat")),
    }
}

/// A summary file's bytes: pretty JSON, the same summary giving the same bytes.
pub fn summary_json(summary: &Summary) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(summary).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Reads a summary file; `file` names it in messages.
pub fn read_summary(text: &str, file: &str) -> Result<Summary> {
    let mut value: Value = crate::input::read::json(text, file)?;
    // Names typed anywhere come in cleaned like a case file's (NFC, no control characters).
    crate::input::read::clean(&mut value);
    if value["format"].as_str() != Some(FORMAT) {
        return Err(Error::Tally {
            file: file.to_string(),
            path: "format".to_string(),
            message: format!(
                "không phải tệp tổng hợp của hoso (cần \"format\": \"{FORMAT}\", \
                 xuất từ trang Ủy ban của hoso serve)"
            ),
        });
    }
    serde_path_to_error::deserialize(value).map_err(|e| Error::Tally {
        file: file.to_string(),
        path: e.path().to_string(),
        message: format!("giá trị không hợp lệ: {}", e.inner()),
    })
}

/// The key two organisations (or cells) are the same by: case, spacing and Unicode form
/// set aside, so that `Đảng bộ xã Tân Hòa` and `ĐẢNG BỘ XÃ  TÂN HÒA` are one commune.
fn same_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds summaries (`(file name, summary)`) up for `organisation`, the level above. Refuses
/// two years, and the same commune twice, naming both files.
pub fn merge(organisation: Organisation, parts: Vec<(String, Summary)>) -> Result<Tally> {
    let Some((first_file, first)) = parts.first() else {
        return Err(Error::Tally {
            file: String::new(),
            path: String::new(),
            message: "cần ít nhất một tệp tổng hợp hoặc thư mục hồ sơ".to_string(),
        });
    };
    let year = first.year;
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (file, s) in &parts {
        if s.year != year {
            return Err(Error::Tally {
                file: file.clone(),
                path: "year".to_string(),
                message: format!(
                    "tệp này là năm {}, còn {first_file} là năm {year}: không cộng hai năm \
                     vào một báo cáo; hãy chọn các tệp của cùng một năm",
                    s.year
                ),
            });
        }
        if let Some(other) = seen.insert(same_key(&s.organisation.name), file) {
            return Err(Error::Tally {
                file: file.clone(),
                path: "organisation.name".to_string(),
                message: format!(
                    "«{}» đã có trong {other}: một đơn vị chỉ được cộng một lần; hãy bỏ \
                     một trong hai tệp",
                    s.organisation.name
                ),
            });
        }
    }
    Ok(Tally {
        organisation,
        year,
        upper: true,
        units: parts.into_iter().map(|(_, s)| s).collect(),
    })
}

/// A folder of case files (`(file name, JSON)`) as summaries, one per commune (the cells'
/// `superior`), cells by name. `year` picks the year; without it the files must share one.
pub fn from_cases(files: &[(String, Value)], year: Option<u16>) -> Result<Vec<(String, Summary)>> {
    let year = match year {
        Some(y) => y,
        None => single_year(files)?,
    };
    // commune → (organisation, cell → cases)
    let mut communes: BTreeMap<String, (Organisation, BTreeMap<String, Vec<CaseJson>>)> =
        BTreeMap::new();
    for (file, json) in files {
        let set = json["set"].as_str().ok_or_else(|| Error::Tally {
            file: file.clone(),
            path: "set".to_string(),
            message: "thiếu «set»: đây không phải tệp hồ sơ của hoso".to_string(),
        })?;
        let cell = &json["cell"];
        let name = text(&cell["name"]).ok_or_else(|| Error::Tally {
            file: file.clone(),
            path: "cell.name".to_string(),
            message: "thiếu tên chi bộ: không biết hồ sơ này của chi bộ nào".to_string(),
        })?;
        let org = organisation_of(cell);
        let entry = communes
            .entry(same_key(&org.name))
            .or_insert_with(|| (org, BTreeMap::new()));
        entry
            .1
            .entry(name)
            .or_default()
            .push(CaseJson { set, json });
    }
    Ok(communes
        .into_values()
        .map(|(org, cells)| {
            let cells = cells
                .iter()
                .map(|(name, cases)| cell_status(name, cases, year))
                .collect();
            let file = format!("({})", org.name);
            let summary = Summary {
                format: FORMAT.to_string(),
                organisation: org,
                year,
                cells,
            };
            (file, summary)
        })
        .collect())
}

/// The commune a cell belongs to, from the cell's own lines.
pub fn organisation_of(cell: &Value) -> Organisation {
    Organisation {
        name: text(&cell["superior"]).unwrap_or_else(|| "(chưa ghi đảng bộ cấp trên)".into()),
        committee: text(&cell["inspection_committee"]).unwrap_or_default(),
        place: text(&cell["place"]).unwrap_or_default(),
    }
}

/// The one year a folder of case files is about; two years are refused.
fn single_year(files: &[(String, Value)]) -> Result<u16> {
    let mut found: Option<(u16, &str)> = None;
    for (file, json) in files {
        let Some(y) = case_year(json) else { continue };
        match found {
            None => found = Some((y, file)),
            Some((year, other)) if year != y => {
                return Err(Error::Tally {
                    file: file.clone(),
                    path: "annual_plan.year".to_string(),
                    message: format!(
                        "hồ sơ năm {y}, còn {other} là năm {year}: hãy chọn một năm (--year)"
                    ),
                });
            }
            Some(_) => {}
        }
    }
    found.map(|(y, _)| y).ok_or_else(|| Error::Tally {
        file: String::new(),
        path: "annual_plan.year".to_string(),
        message: "không tệp hồ sơ nào ghi năm (annual_plan.year): hãy chọn năm (--year)"
            .to_string(),
    })
}

#[cfg(test)]
mod tests;
