//! The case file as the user writes it (JSON): serde types, nothing resolved yet.
//!
//! Field names are English snake_case so that the JSON reads the same for every province; the
//! values are Vietnamese text. Unknown fields are refused so that a typo is reported, not
//! silently ignored.

use crate::input::date::{Date, Time};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Một tệp hồ sơ: chi bộ, kế hoạch kiểm tra, giám sát năm và (với bộ hồ sơ một vụ việc) cuộc kiểm tra hoặc giám sát.
/// One input file: a cell, its annual plan and, for a case set, the case.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// Bộ hồ sơ cần lập: «kiem-tra» (kiểm tra đảng viên), «giam-sat» (giám sát chuyên đề) hoặc «nam» (chỉ kế hoạch năm).
    /// Which template set renders this file: `kiem-tra`, `giam-sat` or `nam`.
    #[schemars(extend("examples" = ["kiem-tra", "giam-sat", "nam"]))]
    pub set: String,
    /// Thông tin chi bộ và danh sách đảng viên.
    pub cell: Cell,
    /// Kế hoạch kiểm tra, giám sát năm của chi bộ.
    pub annual_plan: AnnualPlan,
    /// Cuộc kiểm tra hoặc giám sát; bỏ trống (null) khi chỉ lập kế hoạch năm.
    /// The inspection or supervision; absent for the annual plan alone.
    #[serde(default)]
    pub case: Option<Case>,
}

/// Chi bộ lập hồ sơ và danh sách đảng viên.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Tên chi bộ, viết hoa chữ đầu, ví dụ «Chi bộ ấp Tân Phú» (phần tiêu đề tự in hoa).
    /// `Chi bộ ấp Tân Phú` (sentence case; headers put it in capitals).
    pub name: String,
    /// Tổ chức đảng cấp trên trực tiếp, ví dụ «Đảng bộ xã Tân Hòa»; bỏ trống (null) nếu không có.
    /// The immediate superior organisation, `Đảng bộ xã Tân Hòa`; none for a rare cell without.
    #[serde(default)]
    pub superior: Option<String>,
    /// Địa danh ghi trước ngày tháng của văn bản, ví dụ «Tân Hòa».
    /// The place name written before dates: `Tân Hòa`.
    pub place: String,
    /// Ủy ban kiểm tra cấp trên nhận văn bản «để báo cáo», ví dụ «Ủy ban Kiểm tra Đảng ủy xã Tân Hòa».
    /// `Ủy ban Kiểm tra Đảng ủy xã Tân Hòa`, the recipient "để báo cáo".
    pub inspection_committee: String,
    /// Ký hiệu cơ quan ban hành trong số văn bản (chữ «CB» trong «02-QĐ/CB»); mặc định «CB».
    /// The issuer code in numbers (`CB` in `02-QĐ/CB`).
    #[serde(default = "default_issuer_code")]
    pub issuer_code: String,
    /// Nhiệm kỳ của chi bộ, ví dụ «2025–2030».
    /// `2025–2030`.
    #[serde(default)]
    pub term: Option<String>,
    /// Tổng số đảng viên của chi bộ.
    pub total_members: u32,
    /// Số đảng viên chính thức.
    pub full_members: u32,
    /// Số đảng viên dự bị.
    pub probationary_members: u32,
    /// Danh sách đảng viên được nêu tên trong hồ sơ (bí thư, phó bí thư, tổ kiểm tra, đảng viên được kiểm tra, giám sát, chủ trì, thư ký…).
    /// The members named anywhere in the dossier.
    pub members: Vec<Member>,
}

fn default_issuer_code() -> String {
    "CB".to_string()
}

/// Chức vụ của đảng viên trong chi bộ.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CellPost {
    /// Bí thư chi bộ («bi-thu»).
    BiThu,
    /// Phó Bí thư chi bộ («pho-bi-thu»).
    PhoBiThu,
    /// Chi ủy viên («chi-uy-vien»).
    ChiUyVien,
    /// Đảng viên («dang-vien», mặc định).
    #[default]
    DangVien,
}

/// Một đảng viên của chi bộ.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Họ và tên đảng viên, ví dụ «Nguyễn Văn An».
    pub name: String,
    /// Chức vụ viết trong câu văn, chữ thường, ví dụ «chi ủy viên, trưởng ấp Tân Phú».
    /// Post as written in running text, lower case: `chi ủy viên, trưởng ấp Tân Phú`.
    #[serde(default)]
    pub post: Option<String>,
    /// Chức vụ trong chi bộ («bi-thu», «pho-bi-thu», «chi-uy-vien» hoặc «dang-vien»), dùng cho phần ký tên và khi soát quy định.
    /// The member's post in the cell, used by the signature lines and the rules.
    #[serde(default)]
    pub cell_post: CellPost,
    /// Năm sinh, ví dụ 1978.
    #[serde(default)]
    pub born: Option<u16>,
    /// Ngày vào Đảng (năm-tháng-ngày).
    #[serde(default)]
    pub admitted: Option<Date>,
    /// Nghề nghiệp hoặc nơi công tác, ví dụ «Trưởng ấp Tân Phú».
    /// Job or work place: `Trưởng ấp Tân Phú`.
    #[serde(default)]
    pub job: Option<String>,
    /// Đảng viên dự bị (true) hay chính thức (false, mặc định); đảng viên dự bị dự họp, phát biểu nhưng không biểu quyết.
    /// Probationary members attend and speak but do not vote.
    #[serde(default)]
    pub probationary: bool,
}

/// Kế hoạch kiểm tra, giám sát năm của chi bộ.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualPlan {
    /// Số của kế hoạch năm (số 1 được viết «01-KH/CB»).
    pub number: u32,
    /// Ngày ban hành kế hoạch năm (năm-tháng-ngày).
    pub date: Date,
    /// Năm của kế hoạch, ví dụ 2026.
    pub year: u16,
    /// Các cuộc kiểm tra, giám sát dự kiến trong năm (bảng của kế hoạch).
    /// The planned cases (the plan's table).
    #[serde(default)]
    pub items: Vec<PlannedCase>,
    /// Nội dung giám sát thường xuyên, mỗi dòng một phần tử.
    /// Routine supervision (giám sát thường xuyên), one line each.
    #[serde(default)]
    pub routine: Vec<String>,
}

/// Loại việc: kiểm tra hay giám sát.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CaseKind {
    /// Kiểm tra đảng viên («kiem-tra»).
    KiemTra,
    /// Giám sát chuyên đề («giam-sat»).
    GiamSat,
}

/// Một cuộc kiểm tra, giám sát dự kiến trong kế hoạch năm.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedCase {
    /// Loại việc: «kiem-tra» (kiểm tra) hoặc «giam-sat» (giám sát).
    pub kind: CaseKind,
    /// Họ và tên đảng viên sẽ được kiểm tra, giám sát.
    /// The member concerned.
    pub subject: String,
    /// Nội dung kiểm tra hoặc chuyên đề giám sát.
    /// What is inspected, or the supervision topic.
    pub content: String,
    /// Thời gian tiến hành, ví dụ «Quý III/2026».
    /// `Quý III/2026`.
    pub time: String,
    /// Chủ thể tiến hành, ví dụ «Tổ kiểm tra do Chi bộ thành lập».
    /// Who carries it out: `Tổ kiểm tra do Chi bộ thành lập`.
    pub by: String,
}

/// Cuộc kiểm tra hoặc giám sát một đảng viên.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Loại việc: «kiem-tra» hoặc «giam-sat», trùng với bộ hồ sơ («set»).
    pub kind: CaseKind,
    /// Họ và tên đảng viên được kiểm tra, giám sát (phải có trong cell.members).
    /// Name of the inspected or supervised member (one of `cell.members`).
    pub subject: String,
    /// Với kiểm tra: các nội dung kiểm tra, mỗi nội dung kèm phần đảng viên tự báo cáo và phần tổ kiểm tra xác định.
    /// Inspection: the content items, each with what the member reported and what the team
    /// found.
    #[serde(default)]
    pub contents: Vec<ContentItem>,
    /// Với giám sát: chuyên đề giám sát.
    /// Supervision: the topic (chuyên đề).
    #[serde(default)]
    pub topic: Option<String>,
    /// Mốc thời gian được kiểm tra, giám sát (từ ngày, đến ngày).
    /// Period under review (mốc thời gian).
    pub period: Period,
    /// Ngày bắt đầu cuộc kiểm tra, giám sát (năm-tháng-ngày).
    /// When the case runs.
    pub start: Date,
    /// Ngày kết thúc cuộc kiểm tra, giám sát (năm-tháng-ngày).
    pub end: Date,
    /// Người đề nghị, viết sau «Xét đề nghị của …», ví dụ «đồng chí Bí thư Chi bộ».
    /// "Xét đề nghị của …": `đồng chí Bí thư Chi bộ`.
    pub proposed_by: String,
    /// Thành viên tổ kiểm tra, giám sát và vai trò của từng người (phải có một tổ trưởng; tên phải có trong cell.members).
    pub team: Vec<TeamMember>,
    /// Thành viên tổ do cấp trên cử từ ngoài chi bộ (ít gặp): họ tên, chức vụ, đơn vị, vai trò; không ghi vào cell.members và không tính vào số đảng viên của chi bộ.
    /// Team members appointed from outside the cell (unusual): not in `cell.members`, not
    /// counted among the cell's members.
    #[serde(default)]
    pub outside_team: Vec<OutsideTeamMember>,
    /// Hạn tổ báo cáo kết quả với chi bộ (trước ngày này).
    /// The team reports to the cell before this date.
    pub report_deadline: Date,
    /// Số và ngày của quyết định kiểm tra, giám sát.
    pub decision: DocRef,
    /// Số và ngày của kế hoạch kiểm tra, giám sát.
    pub plan: DocRef,
    /// Buổi công bố quyết định và kế hoạch.
    pub announcement: Session,
    /// Báo cáo tự kiểm tra (tự giải trình) của đảng viên.
    pub self_report: SelfReport,
    /// Buổi làm việc của tổ với đảng viên.
    pub working_session: Session,
    /// Buổi xác minh; bỏ trống (null) nếu không xác minh.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// Báo cáo kết quả của tổ.
    pub team_report: TeamReport,
    /// Cuộc họp chi bộ xem xét, kết luận.
    pub meeting: Meeting,
    /// Kết quả kiểm tra, giám sát do chi bộ kết luận.
    pub findings: Findings,
    /// Số và ngày của thông báo kết luận kiểm tra hoặc thông báo kết quả giám sát.
    pub notice: DocRef,
    /// Buổi giao, nhận thông báo cho đảng viên.
    pub handover: Session,
    /// Số bản lập của mỗi biên bản (mặc định 2).
    /// How many copies each record is made in.
    #[serde(default = "default_copies")]
    pub copies: u32,
}

fn default_copies() -> u32 {
    2
}

/// Một nội dung kiểm tra.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentItem {
    /// Nội dung kiểm tra, chữ thường, ví dụ «việc chấp hành Điều lệ Đảng, nghị quyết của chi bộ».
    /// `việc chấp hành Điều lệ Đảng, nghị quyết của chi bộ`.
    pub text: String,
    /// Phần đảng viên tự báo cáo về nội dung này.
    /// What the member says in the self-report on this item.
    #[serde(default)]
    pub self_report: Option<String>,
    /// Phần tổ kiểm tra xác định về nội dung này.
    /// What the team found on this item.
    #[serde(default)]
    pub finding: Option<String>,
}

/// Khoảng thời gian được kiểm tra, giám sát (mốc thời gian).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Từ ngày (năm-tháng-ngày).
    pub from: Date,
    /// Đến ngày (năm-tháng-ngày).
    pub to: Date,
}

/// Vai trò trong tổ kiểm tra, giám sát.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TeamRole {
    /// Tổ trưởng («to-truong»).
    ToTruong,
    /// Thành viên («thanh-vien»).
    ThanhVien,
    /// Thành viên, thư ký («thu-ky»).
    ThuKy,
}

/// Một thành viên của tổ kiểm tra, giám sát.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Họ và tên thành viên tổ (phải có trong cell.members).
    pub name: String,
    /// Vai trò trong tổ: «to-truong», «thanh-vien» hoặc «thu-ky».
    pub role: TeamRole,
}

/// Một thành viên tổ kiểm tra, giám sát không phải đảng viên của chi bộ, do cấp trên cử.
/// A team member from outside the cell, appointed by the superior.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutsideTeamMember {
    /// Họ và tên, ví dụ «Đặng Văn Hùng».
    pub name: String,
    /// Chức vụ, chữ thường, ví dụ «cán bộ».
    /// Post in lower case: `cán bộ`.
    pub post: String,
    /// Đơn vị công tác, ví dụ «Ủy ban Kiểm tra Đảng ủy xã Tân Hòa».
    /// The unit the member comes from: `Ủy ban Kiểm tra Đảng ủy xã Tân Hòa`.
    pub unit: String,
    /// Vai trò trong tổ: «thanh-vien» hoặc «thu-ky» (tổ trưởng phải là cấp ủy của chi bộ).
    pub role: TeamRole,
}

/// Văn bản có số của chi bộ: số và ngày ban hành.
/// A numbered document of the cell: its running number and date.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocRef {
    /// Số văn bản (số 2 được viết «02-QĐ/CB»).
    pub number: u32,
    /// Ngày ban hành (năm-tháng-ngày).
    pub date: Date,
}

/// Một buổi làm việc hoặc cuộc họp có biên bản.
/// A working session or meeting recorded in minutes.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Ngày diễn ra (năm-tháng-ngày), ví dụ «2026-08-07».
    pub date: Date,
    /// Giờ bắt đầu (giờ:phút), ví dụ «08:00».
    pub time: Time,
    /// Giờ kết thúc (giờ:phút); bỏ trống nếu không ghi.
    #[serde(default)]
    pub end_time: Option<Time>,
    /// Địa điểm, ví dụ «Nhà văn hóa ấp Tân Phú».
    pub place: String,
    /// Diễn biến: việc đã làm, ý kiến đã nêu, mỗi đoạn một phần tử.
    /// What was done and said, one paragraph each.
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// Ý kiến của đảng viên được kiểm tra, giám sát, ghi vào biên bản.
    /// The member's opinion, recorded in the minutes.
    #[serde(default)]
    pub member_opinion: Option<String>,
}

/// Báo cáo tự kiểm tra (tự giải trình) của đảng viên.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfReport {
    /// Hạn nộp báo cáo theo kế hoạch (năm-tháng-ngày).
    /// The deadline set in the plan.
    pub due: Date,
    /// Ngày tổ nhận báo cáo, cũng là ngày của báo cáo.
    /// When the team received it (the report's date).
    pub received: Date,
    /// Ưu điểm, mỗi ý một phần tử.
    #[serde(default)]
    pub strengths: Vec<String>,
    /// Hạn chế, khuyết điểm, mỗi ý một phần tử.
    #[serde(default)]
    pub shortcomings: Vec<String>,
    /// Nguyên nhân, mỗi ý một phần tử.
    #[serde(default)]
    pub causes: Vec<String>,
    /// Đề xuất, kiến nghị, mỗi ý một phần tử.
    #[serde(default)]
    pub proposals: Vec<String>,
}

/// Buổi xác minh: các mục của một buổi làm việc, cùng bên được xác minh.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    // The session's fields written out, not `#[serde(flatten)]`: serde cannot refuse unknown
    // fields through a flattened struct, and a typo must be reported.
    /// Ngày diễn ra (năm-tháng-ngày), ví dụ «2026-08-07».
    pub date: Date,
    /// Giờ bắt đầu (giờ:phút), ví dụ «08:00».
    pub time: Time,
    /// Giờ kết thúc (giờ:phút); bỏ trống nếu không ghi.
    #[serde(default)]
    pub end_time: Option<Time>,
    /// Địa điểm, ví dụ «Nhà văn hóa ấp Tân Phú».
    pub place: String,
    /// Diễn biến: việc đã làm, ý kiến đã nêu, mỗi đoạn một phần tử.
    /// What was done and said, one paragraph each.
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// Ý kiến của đảng viên được kiểm tra, giám sát, ghi vào biên bản.
    /// The member's opinion, recorded in the minutes.
    #[serde(default)]
    pub member_opinion: Option<String>,
    /// Cơ quan, tổ chức hoặc người được xác minh, ví dụ «Ban công tác Mặt trận ấp Tân Phú».
    /// The body or person verified with: `Ban công tác Mặt trận ấp Tân Phú`.
    pub with: String,
    /// Người đại diện bên được xác minh, ký biên bản.
    /// Its representative, who signs the record.
    pub representative: Person,
}

/// Một người ngoài chi bộ: họ tên và chức vụ.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Họ và tên.
    pub name: String,
    /// Chức vụ.
    pub post: String,
}

/// Báo cáo kết quả của tổ kiểm tra, giám sát.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamReport {
    /// Ngày báo cáo kết quả của tổ (năm-tháng-ngày).
    pub date: Date,
}

/// Cuộc họp chi bộ xem xét, kết luận: các mục của một buổi làm việc, cùng số có mặt, ý kiến, biểu quyết.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    // Written out rather than flattened, as in `Verification`.
    /// Ngày diễn ra (năm-tháng-ngày), ví dụ «2026-08-07».
    pub date: Date,
    /// Giờ bắt đầu (giờ:phút), ví dụ «08:00».
    pub time: Time,
    /// Giờ kết thúc (giờ:phút); bỏ trống nếu không ghi.
    #[serde(default)]
    pub end_time: Option<Time>,
    /// Địa điểm, ví dụ «Nhà văn hóa ấp Tân Phú».
    pub place: String,
    /// Diễn biến khác, mỗi đoạn một phần tử. Biên bản tự in: chủ trì nêu mục đích, tổ trưởng
    /// trình bày báo cáo và dự thảo kết luận, ý kiến phát biểu, giải trình, biểu quyết.
    /// Anything else that happened (the minutes print the usual steps themselves).
    #[serde(default)]
    pub proceedings: Vec<String>,
    /// Ý kiến của đảng viên được kiểm tra, giám sát về kết luận, ghi sau phần biểu quyết.
    /// The member's opinion on the conclusion, recorded after the vote.
    #[serde(default)]
    pub member_opinion: Option<String>,
    /// Số đảng viên chính thức có mặt.
    pub present_full: u32,
    /// Số đảng viên dự bị có mặt.
    pub present_probationary: u32,
    /// Đảng viên vắng mặt và lý do.
    #[serde(default)]
    pub absent: Vec<Absentee>,
    /// Khách mời dự họp (không phải đảng viên của chi bộ, không tính vào số có mặt, biểu quyết), ví dụ đại diện Đảng ủy xã hoặc Ủy ban Kiểm tra Đảng ủy xã.
    /// Guests (a representative of the commune Party committee or its inspection committee):
    /// not members of the cell, not counted in attendance, quorum or votes.
    #[serde(default)]
    pub guests: Vec<Guest>,
    /// Họ và tên người chủ trì (phải có trong cell.members).
    pub chair: String,
    /// Họ và tên thư ký cuộc họp (phải có trong cell.members).
    pub secretary: String,
    /// Ý kiến phát biểu tại cuộc họp.
    #[serde(default)]
    pub opinions: Vec<Opinion>,
    /// Ý kiến giải trình của đảng viên được kiểm tra, giám sát.
    /// The inspected member's explanation.
    #[serde(default)]
    pub subject_statement: Option<String>,
    /// Phần kết luận của người chủ trì.
    /// The chair's summing up.
    #[serde(default)]
    pub chair_summary: Option<String>,
    /// Kết quả biểu quyết; bỏ trống (null) nếu không biểu quyết.
    #[serde(default)]
    pub vote: Option<Vote>,
}

/// Một khách mời dự cuộc họp chi bộ.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guest {
    /// Họ và tên khách mời, ví dụ «Đặng Văn Hùng».
    pub name: String,
    /// Chức vụ, chữ thường, ví dụ «ủy viên Ủy ban Kiểm tra».
    /// Post in lower case: `ủy viên Ủy ban Kiểm tra`.
    pub post: String,
    /// Cơ quan, tổ chức, ví dụ «Đảng ủy xã Tân Hòa» (in liền sau chức vụ).
    /// The organisation, printed right after the post: `Đảng ủy xã Tân Hòa`.
    pub organisation: String,
    /// Ý kiến phát biểu của khách mời, ghi vào biên bản; bỏ trống (null) nếu không phát biểu.
    /// What the guest said, recorded in the minutes.
    #[serde(default)]
    pub remarks: Option<String>,
}

/// Một đảng viên vắng mặt tại cuộc họp.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Absentee {
    /// Họ và tên đảng viên vắng mặt.
    pub name: String,
    /// Lý do vắng mặt; bỏ trống (null) nếu vắng không lý do.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Một ý kiến phát biểu tại cuộc họp.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opinion {
    /// Họ và tên người phát biểu.
    pub name: String,
    /// Nội dung ý kiến.
    pub text: String,
}

/// Kết quả biểu quyết.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// Số đảng viên tán thành.
    pub yes: u32,
    /// Số đảng viên không tán thành.
    pub no: u32,
    /// Số đảng viên chính thức có mặt không biểu quyết; bỏ trống (null) nếu mọi đảng viên chính thức có mặt đều biểu quyết.
    /// Full members present who did not vote; tán thành + không tán thành + this = full
    /// members present.
    #[serde(default)]
    pub abstain: Option<u32>,
}

/// Kết quả kiểm tra, giám sát do chi bộ kết luận.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Findings {
    /// Ưu điểm, mỗi ý một phần tử.
    pub strengths: Vec<String>,
    /// Hạn chế, khuyết điểm, mỗi ý một phần tử.
    pub shortcomings: Vec<String>,
    /// Nguyên nhân, mỗi ý một phần tử.
    pub causes: Vec<String>,
    /// Những việc chi bộ yêu cầu (kiểm tra) hoặc đề nghị (giám sát) đảng viên khắc phục.
    /// What the cell requires (inspection) or proposes (supervision).
    pub requirements: Vec<String>,
    /// Hạn đảng viên báo cáo kết quả khắc phục (năm-tháng-ngày).
    /// The member reports the remedies by this date.
    pub remedy_deadline: Date,
    /// Chỉ với giám sát: phát hiện dấu hiệu vi phạm, chi bộ chuyển sang kiểm tra.
    /// Supervision only: signs of violation found, so the cell moves to an inspection.
    #[serde(default)]
    pub violation_signs: bool,
}
