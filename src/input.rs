//! The case file as the user writes it (JSON): serde types, nothing resolved yet.
//!
//! Field names are English snake_case so that the JSON reads the same for every province; the
//! values are Vietnamese text. Unknown fields are refused so that a typo is reported, not
//! silently ignored.

use crate::date::{Date, Time};
use serde::{Deserialize, Serialize};

/// One input file: a cell, its annual plan and, for a case set, the case.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// Which template set renders this file: `kiem-tra`, `giam-sat` or `nam`.
    pub set: String,
    pub cell: Cell,
    pub annual_plan: AnnualPlan,
    /// The inspection or supervision; absent for the annual plan alone.
    #[serde(default)]
    pub case: Option<Case>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// `Chi bộ ấp Tân Phú` (sentence case; headers put it in capitals).
    pub name: String,
    /// The immediate superior organisation, `Đảng bộ xã Tân Hòa`; none for a rare cell without.
    #[serde(default)]
    pub superior: Option<String>,
    /// The place name written before dates: `Tân Hòa`.
    pub place: String,
    /// `Ủy ban Kiểm tra Đảng ủy xã Tân Hòa`, the recipient "để báo cáo".
    pub inspection_committee: String,
    /// The issuer code in numbers (`CB` in `02-QĐ/CB`).
    #[serde(default = "default_issuer_code")]
    pub issuer_code: String,
    /// `2025–2030`.
    #[serde(default)]
    pub term: Option<String>,
    pub total_members: u32,
    pub full_members: u32,
    pub probationary_members: u32,
    /// The members named anywhere in the dossier.
    pub members: Vec<Member>,
}

fn default_issuer_code() -> String {
    "CB".to_string()
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CellPost {
    BiThu,
    PhoBiThu,
    ChiUyVien,
    #[default]
    DangVien,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    /// Post as written in running text, lower case: `chi ủy viên, trưởng ấp Tân Phú`.
    #[serde(default)]
    pub post: Option<String>,
    /// The member's post in the cell, used by the signature lines and the rules.
    #[serde(default)]
    pub cell_post: CellPost,
    #[serde(default)]
    pub born: Option<u16>,
    #[serde(default)]
    pub admitted: Option<Date>,
    /// Job or work place: `Trưởng ấp Tân Phú`.
    #[serde(default)]
    pub job: Option<String>,
    #[serde(default)]
    pub probationary: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualPlan {
    pub number: u32,
    pub date: Date,
    pub year: u16,
    /// The planned cases (the plan's table).
    #[serde(default)]
    pub items: Vec<PlannedCase>,
    /// Routine supervision (giám sát thường xuyên), one line each.
    #[serde(default)]
    pub routine: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CaseKind {
    KiemTra,
    GiamSat,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedCase {
    pub kind: CaseKind,
    /// The member concerned.
    pub subject: String,
    /// What is inspected, or the supervision topic.
    pub content: String,
    /// `Quý III/2026`.
    pub time: String,
    /// Who carries it out: `Tổ kiểm tra do Chi bộ thành lập`.
    pub by: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub kind: CaseKind,
    /// Name of the inspected or supervised member (one of `cell.members`).
    pub subject: String,
    /// Inspection: the content items, each with what the member reported and what the team
    /// found.
    #[serde(default)]
    pub contents: Vec<ContentItem>,
    /// Supervision: the topic (chuyên đề).
    #[serde(default)]
    pub topic: Option<String>,
    /// Period under review (mốc thời gian).
    pub period: Period,
    /// When the case runs.
    pub start: Date,
    pub end: Date,
    /// "Xét đề nghị của …": `đồng chí Bí thư Chi bộ`.
    pub proposed_by: String,
    pub team: Vec<TeamMember>,
    /// The team reports to the cell before this date.
    pub report_deadline: Date,
    pub decision: DocRef,
    pub plan: DocRef,
    pub announcement: Session,
    pub self_report: SelfReport,
    pub working_session: Session,
    #[serde(default)]
    pub verification: Option<Verification>,
    pub team_report: TeamReport,
    pub meeting: Meeting,
    pub findings: Findings,
    pub notice: DocRef,
    pub handover: Session,
    /// How many copies each record is made in.
    #[serde(default = "default_copies")]
    pub copies: u32,
}

fn default_copies() -> u32 {
    2
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContentItem {
    /// `việc chấp hành Điều lệ Đảng, nghị quyết của chi bộ`.
    pub text: String,
    /// What the member says in the self-report on this item.
    #[serde(default)]
    pub self_report: Option<String>,
    /// What the team found on this item.
    #[serde(default)]
    pub finding: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TeamRole {
    ToTruong,
    ThanhVien,
    ThuKy,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    pub name: String,
    pub role: TeamRole,
}

/// A numbered document of the cell: its running number and date.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocRef {
    pub number: u32,
    pub date: Date,
}

/// A working session or meeting recorded in minutes.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub date: Date,
    pub time: Time,
    #[serde(default)]
    pub end_time: Option<Time>,
    pub place: String,
    /// What was done and said, one paragraph each.
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// The member's opinion, recorded in the minutes.
    #[serde(default)]
    pub member_opinion: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelfReport {
    /// The deadline set in the plan.
    pub due: Date,
    /// When the team received it (the report's date).
    pub received: Date,
    #[serde(default)]
    pub strengths: Vec<String>,
    #[serde(default)]
    pub shortcomings: Vec<String>,
    #[serde(default)]
    pub causes: Vec<String>,
    #[serde(default)]
    pub proposals: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    // The session's fields written out, not `#[serde(flatten)]`: serde cannot refuse unknown
    // fields through a flattened struct, and a typo must be reported.
    pub date: Date,
    pub time: Time,
    #[serde(default)]
    pub end_time: Option<Time>,
    pub place: String,
    /// What was done and said, one paragraph each.
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// The member's opinion, recorded in the minutes.
    #[serde(default)]
    pub member_opinion: Option<String>,
    /// The body or person verified with: `Ban công tác Mặt trận ấp Tân Phú`.
    pub with: String,
    /// Its representative, who signs the record.
    pub representative: Person,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub post: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamReport {
    pub date: Date,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    // Written out rather than flattened, as in `Verification`.
    pub date: Date,
    pub time: Time,
    #[serde(default)]
    pub end_time: Option<Time>,
    pub place: String,
    /// What was done and said, one paragraph each.
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// The member's opinion, recorded in the minutes.
    #[serde(default)]
    pub member_opinion: Option<String>,
    pub present_full: u32,
    pub present_probationary: u32,
    #[serde(default)]
    pub absent: Vec<Absentee>,
    pub chair: String,
    pub secretary: String,
    #[serde(default)]
    pub opinions: Vec<Opinion>,
    /// The inspected member's explanation.
    #[serde(default)]
    pub subject_statement: Option<String>,
    /// The chair's summing up.
    #[serde(default)]
    pub chair_summary: Option<String>,
    #[serde(default)]
    pub vote: Option<Vote>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Absentee {
    pub name: String,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Opinion {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub yes: u32,
    pub no: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Findings {
    pub strengths: Vec<String>,
    pub shortcomings: Vec<String>,
    pub causes: Vec<String>,
    /// What the cell requires (inspection) or proposes (supervision).
    pub requirements: Vec<String>,
    /// The member reports the remedies by this date.
    pub remedy_deadline: Date,
    /// Supervision only: signs of violation found, so the cell moves to an inspection.
    #[serde(default)]
    pub violation_signs: bool,
}
