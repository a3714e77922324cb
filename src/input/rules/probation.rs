//! Probationary status (đảng viên dự bị): the members flagged `probationary` agree with the
//! cell's counts, and the absent members named at the meeting agree with the attendance split
//! between full and probationary members.

use super::Out;
use crate::input::{Cell, Meeting};

/// The flags on the listed members fit `cell.full_members` and `cell.probationary_members`.
/// Only the members named in the dossier are listed, so a count may exceed the flags, never
/// fall short of them.
pub(super) fn check_flags(out: &mut Out, cell: &Cell) {
    let flagged = cell.members.iter().filter(|m| m.probationary).count() as u32;
    let full = cell.members.len() as u32 - flagged;
    if flagged > cell.probationary_members {
        out.error(
            &["cell.members[].probationary", "cell.probationary_members"],
            format!(
                "danh sách có {flagged} đảng viên dự bị (probationary: true), nhiều hơn số đảng viên dự bị của chi bộ ({}): sửa cell.probationary_members hoặc bỏ đánh dấu dự bị của đảng viên đã chuyển chính thức",
                cell.probationary_members
            ),
            format!(
                "{flagged} members are flagged probationary (probationary: true), more than the cell's {}: correct cell.probationary_members or unflag members who are now full members",
                cell.probationary_members
            ),
        );
    }
    if full > cell.full_members {
        out.error(
            &["cell.members[].probationary", "cell.full_members"],
            format!(
                "danh sách có {full} đảng viên chính thức (không có probationary: true), nhiều hơn số đảng viên chính thức của chi bộ ({}): đánh dấu probationary: true cho đảng viên dự bị hoặc sửa cell.full_members",
                cell.full_members
            ),
            format!(
                "{full} listed members are full members (no probationary: true), more than the cell's {}: flag the probationary members with probationary: true or correct cell.full_members",
                cell.full_members
            ),
        );
    }
}

/// The absent members named at the meeting split into full and probationary as the counts
/// present say. Checked only where attendance itself adds up, so that one mistake is reported
/// once.
pub(super) fn check(out: &mut Out, cell: &Cell, m: &Meeting) {
    let present = m.present_full.saturating_add(m.present_probationary);
    if m.present_full > cell.full_members
        || m.present_probationary > cell.probationary_members
        || present.saturating_add(m.absent.len() as u32) != cell.total_members
    {
        return;
    }
    let absent_probationary = m
        .absent
        .iter()
        .filter(|a| {
            cell.members
                .iter()
                .any(|x| x.name == a.name && x.probationary)
        })
        .count() as u32;
    let expected = cell.probationary_members - m.present_probationary;
    if absent_probationary != expected {
        out.error(
            &[
                "case.meeting.absent",
                "case.meeting.present_probationary",
                "cell.members[].probationary",
            ],
            format!(
                "danh sách vắng mặt có {absent_probationary} đảng viên dự bị, nhưng chi bộ có {} đảng viên dự bị và {} có mặt, nên phải vắng {expected}: sửa case.meeting.present_full, case.meeting.present_probationary hoặc đánh dấu probationary của đảng viên vắng mặt",
                cell.probationary_members, m.present_probationary
            ),
            format!(
                "{absent_probationary} of the absent members are probationary, but the cell has {} probationary members and {} are present, so {expected} must be absent: correct case.meeting.present_full, case.meeting.present_probationary or the absent members' probationary flags",
                cell.probationary_members, m.present_probationary
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::input::rules::{RuleOptions, check};

    /// Flags are checked against both counts: too many probationary, or too many full.
    #[test]
    fn flags_fit_both_counts() {
        let mut f = crate::input::read::sample("kiem-tra").unwrap().unwrap();
        // Eight members listed, none flagged: eight full members fit 21, not 7.
        f.cell.full_members = 7;
        f.cell.probationary_members = 16;
        let found = check(&f, &RuleOptions::default());
        assert!(
            found
                .iter()
                .any(|x| x.fields.contains(&"cell.full_members".to_string())
                    && x.vi.contains("8 đảng viên chính thức")),
            "{found:?}"
        );
        f.cell.full_members = 21;
        f.cell.probationary_members = 2;
        for m in f.cell.members.iter_mut().take(3) {
            m.probationary = true;
        }
        let found = check(&f, &RuleOptions::default());
        assert!(
            found.iter().any(|x| x.vi.contains("3 đảng viên dự bị")),
            "{found:?}"
        );
    }
}
