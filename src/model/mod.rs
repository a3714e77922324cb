//! Stage 2, model: the case file with names resolved to members, counts derived and
//! every cross-reference (numbers, dates) computed once, ready to be a template context.
//!
//! Templates never add up numbers or look people up: what they print comes from here, so a
//! number or date that appears in several documents is always the same.

use crate::error::{Error, Result};
use crate::input::date::Date;
use crate::input::{
    Case, CaseFile, CaseKind, Cell, CellPost, Meeting, Member, OutsideTeamMember, TeamRole,
};
use serde::Serialize;

/// A member as templates see it.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub name: String,
    /// Lower case post for running text (`chi ủy viên, trưởng ấp Tân Phú`); `đảng viên` (or
    /// `đảng viên dự bị`) if none; for a team member from outside the cell, post and unit.
    pub post: String,
    pub cell_post: CellPost,
    pub born: Option<u16>,
    pub admitted: Option<Date>,
    pub job: Option<String>,
    pub probationary: bool,
    /// Not a member of the cell: a team member the superior appointed from outside.
    pub outside: bool,
}

impl Person {
    fn from_member(m: &Member) -> Person {
        let status = if m.probationary {
            "đảng viên dự bị"
        } else {
            "đảng viên"
        };
        Person {
            name: m.name.clone(),
            post: m.post.clone().unwrap_or_else(|| status.to_string()),
            cell_post: m.cell_post,
            born: m.born,
            admitted: m.admitted,
            job: m.job.clone(),
            probationary: m.probationary,
            outside: false,
        }
    }

    /// A team member from outside the cell: the post is followed by the unit, as Party
    /// documents write it (`cán bộ Ủy ban Kiểm tra Đảng ủy xã Tân Hòa`).
    fn from_outside(o: &OutsideTeamMember) -> Person {
        Person {
            name: o.name.clone(),
            post: format!("{} {}", o.post, o.unit),
            cell_post: CellPost::DangVien,
            born: None,
            admitted: None,
            job: None,
            probationary: false,
            outside: true,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamSeat {
    #[serde(flatten)]
    pub person: Person,
    pub role: TeamRole,
    /// `Tổ trưởng`, `Thành viên`, `Thành viên, thư ký`.
    pub role_text: &'static str,
}

/// A numbered document: `number_text` is `02-QĐ/CB`.
#[derive(Clone, Debug, Serialize)]
pub struct NumberedDoc {
    pub number: u32,
    pub number_text: String,
    pub date: Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct Attendance {
    pub total: u32,
    pub full: u32,
    pub probationary: u32,
    pub present: u32,
    pub present_full: u32,
    pub present_probationary: u32,
    pub absent: u32,
    pub absent_with_reason: u32,
    pub absent_without_reason: u32,
    /// Probationary members attend, so the vote's wording says they do not vote.
    pub probationary_present: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct VoteView {
    pub yes: u32,
    pub no: u32,
    /// Full members present: the base of the vote.
    pub of: u32,
    /// `100%`, `91,3%` (comma decimal mark).
    pub percent: String,
    /// Full members present who did not vote, when the input says.
    pub abstain: Option<u32>,
}

/// A member absent from the cell meeting; whether probationary, since the minutes split the
/// absent by status.
#[derive(Clone, Debug, Serialize)]
pub struct AbsentView {
    pub name: String,
    pub reason: Option<String>,
    pub probationary: bool,
}

/// Everything a template can read, as one serialisable value.
#[derive(Clone, Debug, Serialize)]
pub struct Model {
    pub set: String,
    pub cell: CellView,
    pub annual_plan: AnnualPlanView,
    pub case: Option<CaseView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CellView {
    #[serde(flatten)]
    pub input: crate::input::Cell,
    /// `CHI BỘ ẤP TÂN PHÚ`.
    pub name_upper: String,
    pub superior_upper: Option<String>,
    pub secretary: Person,
    pub deputy: Option<Person>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnnualPlanView {
    #[serde(flatten)]
    pub input: crate::input::AnnualPlan,
    pub number_text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    #[serde(flatten)]
    pub input: crate::input::Case,
    pub subject_person: Person,
    pub team_seats: Vec<TeamSeat>,
    pub leader: Person,
    pub team_secretary: Option<Person>,
    pub decision_doc: NumberedDoc,
    pub plan_doc: NumberedDoc,
    pub notice_doc: NumberedDoc,
    pub attendance: Attendance,
    pub chair_person: Person,
    pub secretary_person: Person,
    pub vote_view: Option<VoteView>,
    /// The absent members, in input order, with their status.
    pub absentees: Vec<AbsentView>,
    /// The member under review, when listed absent from the meeting that concludes on them.
    pub subject_absent: Option<AbsentView>,
}

pub fn kind_code_number(number: u32, kind: &str, issuer: &str) -> String {
    format!("{number:02}-{kind}/{issuer}")
}

fn percent_text(yes: u32, of: u32) -> String {
    if of == 0 {
        return "0%".to_string();
    }
    let tenths = (yes as u64 * 1000 + of as u64 / 2) / of as u64;
    if tenths.is_multiple_of(10) {
        format!("{}%", tenths / 10)
    } else {
        format!("{},{}%", tenths / 10, tenths % 10)
    }
}

impl CellView {
    /// The cell as templates see it; its secretary signs for the cell, so there must be one.
    pub fn of(cell: &crate::input::Cell) -> Result<CellView> {
        let secretary = cell
            .members
            .iter()
            .find(|m| m.cell_post == CellPost::BiThu)
            .map(Person::from_member)
            .ok_or_else(|| {
                Error::invalid(
                    "cell.members",
                    "chưa có đảng viên nào là bí thư (cell_post: \"bi-thu\")",
                    "no member is the secretary (cell_post: \"bi-thu\")",
                )
            })?;
        let deputy = cell
            .members
            .iter()
            .find(|m| m.cell_post == CellPost::PhoBiThu)
            .map(Person::from_member);
        let cell_view = CellView {
            name_upper: cell.name.to_uppercase(),
            superior_upper: cell.superior.as_ref().map(|s| s.to_uppercase()),
            secretary,
            deputy,
            input: cell.clone(),
        };
        Ok(cell_view)
    }
}

impl Model {
    /// Resolves names and derives counts. Errors here are the ones that make rendering
    /// impossible (a name that is not a member); the rules of `procedure.md` §3 are checked
    /// separately so that they can be reported all at once.
    pub fn build(file: &CaseFile) -> Result<Model> {
        let cell = &file.cell;
        let cell_view = CellView::of(cell)?;
        let annual_plan = AnnualPlanView {
            number_text: kind_code_number(file.annual_plan.number, "KH", &cell.issuer_code),
            input: file.annual_plan.clone(),
        };
        let case = match &file.case {
            None => None,
            Some(c) => Some(CaseView::of(c, cell)?),
        };
        check_set(file)?;
        Ok(Model {
            set: file.set.clone(),
            cell: cell_view,
            annual_plan,
            case,
        })
    }
}

/// The member of `cell` called `name`; an error at `path` if there is none.
fn member(cell: &Cell, name: &str, path: &str) -> Result<Person> {
    cell.members
        .iter()
        .find(|m| m.name == name)
        .map(Person::from_member)
        .ok_or_else(|| {
            Error::invalid(
                path,
                format!("«{name}» không có trong danh sách đảng viên của chi bộ (cell.members)"),
                format!("«{name}» is not among the cell's members (cell.members)"),
            )
        })
}

/// The set must fit the file: every set but the annual one needs a case, of its kind.
fn check_set(file: &CaseFile) -> Result<()> {
    if file.set != "nam" && file.case.is_none() {
        return Err(Error::invalid(
            "case",
            format!("bộ «{}» cần mục «case» (vụ việc)", file.set),
            format!("the set «{}» needs a «case»", file.set),
        ));
    }
    if let Some(c) = &file.case {
        let expected = match c.kind {
            CaseKind::KiemTra => "kiem-tra",
            CaseKind::GiamSat => "giam-sat",
        };
        if file.set != expected {
            return Err(Error::invalid(
                "case.kind",
                format!(
                    "loại vụ việc «{expected}» không khớp với bộ mẫu «{}» (set)",
                    file.set
                ),
                format!(
                    "the case's kind «{expected}» does not fit the set «{}»",
                    file.set
                ),
            ));
        }
    }
    Ok(())
}

impl CaseView {
    /// The case as templates see it: people resolved, counts and document numbers derived.
    fn of(c: &Case, cell: &Cell) -> Result<CaseView> {
        let code = cell.issuer_code.as_str();
        let subject_person = member(cell, &c.subject, "case.subject")?;
        let team_seats = team_seats(c, cell)?;
        let leader = team_seats
            .iter()
            .find(|s| s.role == TeamRole::ToTruong)
            .map(|s| s.person.clone())
            .ok_or_else(|| {
                Error::invalid(
                    "case.team",
                    "tổ chưa có tổ trưởng (role: \"to-truong\")",
                    "the team has no leader (role: \"to-truong\")",
                )
            })?;
        let team_secretary = team_seats
            .iter()
            .find(|s| s.role == TeamRole::ThuKy)
            .map(|s| s.person.clone());
        let m = &c.meeting;
        let vote_view = m.vote.as_ref().map(|v| VoteView {
            yes: v.yes,
            no: v.no,
            of: m.present_full,
            percent: percent_text(v.yes, m.present_full),
            abstain: v.abstain,
        });
        let absentees: Vec<AbsentView> = m
            .absent
            .iter()
            .map(|a| AbsentView {
                name: a.name.clone(),
                reason: a.reason.clone(),
                probationary: cell
                    .members
                    .iter()
                    .any(|x| x.name == a.name && x.probationary),
            })
            .collect();
        let subject_absent = absentees.iter().find(|a| a.name == c.subject).cloned();
        let doc = |d: &crate::input::DocRef, kind: &str| NumberedDoc {
            number: d.number,
            number_text: kind_code_number(d.number, kind, code),
            date: d.date,
        };
        Ok(CaseView {
            subject_person,
            leader,
            team_secretary,
            decision_doc: doc(&c.decision, "QĐ"),
            plan_doc: doc(&c.plan, "KH"),
            notice_doc: doc(&c.notice, "TB"),
            attendance: Attendance::of(cell, m),
            chair_person: member(cell, &m.chair, "case.meeting.chair")?,
            secretary_person: member(cell, &m.secretary, "case.meeting.secretary")?,
            vote_view,
            absentees,
            subject_absent,
            team_seats,
            input: c.clone(),
        })
    }
}

/// The team's seats in order, each member resolved, with the role as documents word it; the
/// members from outside the cell come after the cell's own.
fn team_seats(c: &Case, cell: &Cell) -> Result<Vec<TeamSeat>> {
    let seat = |person, role| TeamSeat {
        person,
        role,
        role_text: match role {
            TeamRole::ToTruong => "Tổ trưởng",
            TeamRole::ThanhVien => "Thành viên",
            TeamRole::ThuKy => "Thành viên, thư ký",
        },
    };
    let mut team_seats = Vec::new();
    for (i, t) in c.team.iter().enumerate() {
        let person = member(cell, &t.name, &format!("case.team[{i}].name"))?;
        team_seats.push(seat(person, t.role));
    }
    for o in &c.outside_team {
        team_seats.push(seat(Person::from_outside(o), o.role));
    }
    Ok(team_seats)
}

impl Attendance {
    /// The meeting's attendance counted against the cell.
    fn of(cell: &Cell, m: &Meeting) -> Attendance {
        let present = m.present_full.saturating_add(m.present_probationary);
        let with_reason = m.absent.iter().filter(|a| a.reason.is_some()).count() as u32;
        Attendance {
            total: cell.total_members,
            full: cell.full_members,
            probationary: cell.probationary_members,
            present,
            present_full: m.present_full,
            present_probationary: m.present_probationary,
            absent: cell.total_members.saturating_sub(present),
            absent_with_reason: with_reason,
            absent_without_reason: (m.absent.len() as u32) - with_reason,
            probationary_present: m.present_probationary > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_uses_comma() {
        assert_eq!(percent_text(19, 19), "100%");
        assert_eq!(percent_text(21, 23), "91,3%");
        assert_eq!(percent_text(0, 0), "0%");
    }

    #[test]
    fn number_text() {
        assert_eq!(kind_code_number(2, "QĐ", "CB"), "02-QĐ/CB");
        assert_eq!(kind_code_number(12, "TB", "CB"), "12-TB/CB");
    }
}
