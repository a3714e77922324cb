//! The vote on the conclusion (`procedure.md` §3): probationary members attend and speak but
//! do not vote, so a vote accounts for exactly the full members present: for + against + not
//! voting. More is an error; a gap the input does not explain is said as a warning.

use super::Out;
use crate::input::{Cell, Meeting};

const FIELDS: [&str; 3] = [
    "case.meeting.vote.yes",
    "case.meeting.vote.no",
    "case.meeting.present_full",
];

/// The votes cast fit the full members present, and account for all of them. A gap is not
/// looked for when more full members are said present than the cell has: that count is
/// already reported, and the gap would only repeat it.
pub(super) fn check(out: &mut Out, cell: &Cell, m: &Meeting) {
    let Some(v) = &m.vote else {
        return;
    };
    let abstain = v.abstain.unwrap_or(0);
    // Saturating: the counts are the user's, and a huge one must be reported, not overflow.
    let counted = v.yes.saturating_add(v.no).saturating_add(abstain);
    let full = m.present_full;
    if counted > full {
        too_many(out, m, counted);
    } else if counted < full && full <= cell.full_members {
        let gap = full - counted;
        match v.abstain {
            Some(a) => out.error(
                &[&FIELDS[..], &["case.meeting.vote.abstain"]].concat(),
                format!(
                    "biểu quyết chưa đủ: {} tán thành + {} không tán thành + {a} không biểu quyết = {counted}, phải bằng số đảng viên chính thức có mặt ({full}); sửa các số biểu quyết",
                    v.yes, v.no
                ),
                format!(
                    "the vote does not add up: {} for + {} against + {a} not voting = {counted}, it must equal the full members present ({full}); correct the counts",
                    v.yes, v.no
                ),
            ),
            None => out.warning(
                &FIELDS,
                format!(
                    "biểu quyết {} tán thành, {} không tán thành: còn {gap} trong {full} đảng viên chính thức có mặt chưa được tính; ghi số không biểu quyết vào case.meeting.vote.abstain hoặc sửa số biểu quyết",
                    v.yes, v.no
                ),
                format!(
                    "the vote ({} for, {} against) leaves {gap} of the {full} full members present unaccounted for; give those not voting in case.meeting.vote.abstain or correct the counts",
                    v.yes, v.no
                ),
            ),
        }
    }
}

/// More votes than full members present; when the excess is exactly the probationary members
/// present, they were counted, and the message says why they must not be.
fn too_many(out: &mut Out, m: &Meeting, counted: u32) {
    let v = m.vote.as_ref().expect("a vote");
    let (vi_abstain, en_abstain) = match v.abstain {
        Some(a) => (
            format!(", {a} không biểu quyết"),
            format!(", {a} not voting"),
        ),
        None => (String::new(), String::new()),
    };
    let probationary_counted = m.present_probationary > 0
        && counted == m.present_full.saturating_add(m.present_probationary);
    let (vi_why, en_why) = if probationary_counted {
        (
            format!(
                ": có vẻ đã tính cả {} đảng viên dự bị có mặt, mà đảng viên dự bị không biểu quyết; chỉ tính đảng viên chính thức",
                m.present_probationary
            ),
            format!(
                ": the {} probationary members present seem to be counted, but probationary members do not vote; count full members only",
                m.present_probationary
            ),
        )
    } else {
        (String::new(), String::new())
    };
    let fields = match v.abstain {
        Some(_) => [&FIELDS[..], &["case.meeting.vote.abstain"]].concat(),
        None => FIELDS.to_vec(),
    };
    out.error(
        &fields,
        format!(
            "số biểu quyết ({} tán thành, {} không tán thành{vi_abstain}) vượt số đảng viên chính thức có mặt ({}){vi_why}",
            v.yes, v.no, m.present_full
        ),
        format!(
            "votes ({} for, {} against{en_abstain}) exceed the full members present ({}){en_why}",
            v.yes, v.no, m.present_full
        ),
    );
}
