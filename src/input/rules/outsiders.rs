//! People at a case who are not members of the cell: guests at the cell meeting and team
//! members the superior appointed from outside (`procedure.md` §3). Neither counts towards the
//! cell's members, attendance, quorum or votes, so neither may also be listed as a member.

use super::Out;
use crate::input::{Case, Cell, TeamRole};

/// Outside team members are unusual (warned), never also cell members, never the leader;
/// guests are not members of the cell.
pub(super) fn check(out: &mut Out, cell: &Cell, case: &Case) {
    let is_member = |name: &str| cell.members.iter().any(|m| m.name == name);
    for (i, o) in case.outside_team.iter().enumerate() {
        let field = format!("case.outside_team[{i}].name");
        if is_member(&o.name) {
            out.error(
                &[&field, "cell.members"],
                format!(
                    "«{}» có trong danh sách đảng viên của chi bộ: ghi đồng chí vào case.team, không ghi vào case.outside_team (thành viên tổ từ ngoài chi bộ)",
                    o.name
                ),
                format!(
                    "«{}» is a member of the cell: list them in case.team, not in case.outside_team (team members from outside the cell)",
                    o.name
                ),
            );
        } else {
            out.warning(
                &[&field, &format!("case.outside_team[{i}].unit")],
                format!(
                    "đồng chí {} ({}) là thành viên tổ từ ngoài chi bộ: việc này ít gặp, cần có văn bản phân công của cấp trên; nếu đồng chí là đảng viên của chi bộ, ghi vào cell.members và case.team",
                    o.name, o.unit
                ),
                format!(
                    "{} ({}) is a team member from outside the cell: unusual, and needs the superior's written assignment; if they are a member of the cell, list them in cell.members and case.team",
                    o.name, o.unit
                ),
            );
        }
        if o.role == TeamRole::ToTruong {
            out.error(
                &[&format!("case.outside_team[{i}].role")],
                format!(
                    "tổ trưởng phải là bí thư, phó bí thư hoặc chi ủy viên của chi bộ; đồng chí {} ở ngoài chi bộ chỉ làm thành viên hoặc thư ký (role: \"thanh-vien\" hoặc \"thu-ky\")",
                    o.name
                ),
                format!(
                    "the team leader must be the cell's secretary, a deputy or a committee member; {}, from outside the cell, can only be a member or the secretary (role: \"thanh-vien\" or \"thu-ky\")",
                    o.name
                ),
            );
        }
    }
    for (i, g) in case.meeting.guests.iter().enumerate() {
        if is_member(&g.name) {
            out.error(
                &[&format!("case.meeting.guests[{i}].name"), "cell.members"],
                format!(
                    "«{}» là đảng viên của chi bộ nên không phải khách mời: bỏ khỏi case.meeting.guests và tính đồng chí vào số có mặt",
                    g.name
                ),
                format!(
                    "«{}» is a member of the cell, not a guest: remove them from case.meeting.guests and count them as present",
                    g.name
                ),
            );
        }
    }
}
