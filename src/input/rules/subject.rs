//! The member under review at the meeting that concludes on them (`procedure.md` §3): they
//! attend and state their view, but neither chair the meeting nor take its minutes, and if
//! they are absent the minutes cannot carry their statement.

use super::Out;
use crate::input::Case;

/// The subject neither chairs nor takes the minutes; absent, they make no statement.
pub(super) fn check(out: &mut Out, case: &Case) {
    let m = &case.meeting;
    let who = &case.subject;
    if &m.chair == who {
        out.error(
            &["case.meeting.chair", "case.subject"],
            format!(
                "đồng chí {who} là đảng viên được kiểm tra, giám sát nên không chủ trì cuộc họp xem xét, kết luận về mình: chọn người chủ trì khác (thường là bí thư hoặc phó bí thư)"
            ),
            format!(
                "{who} is the member under review and cannot chair the meeting that concludes on them: choose another chair (usually the secretary or a deputy)"
            ),
        );
    }
    if &m.secretary == who {
        out.error(
            &["case.meeting.secretary", "case.subject"],
            format!(
                "đồng chí {who} là đảng viên được kiểm tra, giám sát nên không ghi biên bản cuộc họp xem xét, kết luận về mình: chọn thư ký khác"
            ),
            format!(
                "{who} is the member under review and cannot take the minutes of the meeting that concludes on them: choose another secretary"
            ),
        );
    }
    let Some(i) = m.absent.iter().position(|a| &a.name == who) else {
        return;
    };
    let field = format!("case.meeting.absent[{i}].name");
    if m.subject_statement.is_some() {
        out.error(
            &[&field, "case.meeting.subject_statement"],
            format!(
                "đồng chí {who} có tên trong danh sách vắng mặt nhưng biên bản ghi ý kiến giải trình của đồng chí: bỏ case.meeting.subject_statement, hoặc bỏ đồng chí khỏi danh sách vắng mặt và tính vào số có mặt"
            ),
            format!(
                "{who} is listed absent but the minutes carry their statement: remove case.meeting.subject_statement, or remove them from the absent list and count them as present"
            ),
        );
    } else {
        out.warning(
            &[&field],
            format!(
                "đồng chí {who}, đảng viên được kiểm tra, giám sát, vắng mặt tại cuộc họp xem xét, kết luận về mình: thường đồng chí phải dự họp để trình bày ý kiến; biên bản sẽ ghi đồng chí vắng mặt"
            ),
            format!(
                "{who}, the member under review, is absent from the meeting that concludes on them: they normally attend to state their view; the minutes will record the absence"
            ),
        );
    }
}
