//! The JSON Schema of the case file (for editors such as VS Code) and the starter case files.

use crate::input::date::{Date, Time};
use crate::input::{
    Absentee, AnnualPlan, Case, CaseFile, CaseKind, Cell, CellPost, ContentItem, DocRef, Findings,
    Guest, Meeting, Member, Opinion, OutsideTeamMember, Period, Person, PlannedCase, SelfReport,
    Session, TeamMember, TeamReport, TeamRole, Verification, Vote,
};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;
use std::borrow::Cow;

/// Where the schema says it lives; no server is needed, editors use it as a name.
pub const SCHEMA_ID: &str = "https://hoso.local/case.schema.json";

/// What the schema's `title` says.
pub const SCHEMA_TITLE: &str = "Tệp dữ liệu hồ sơ kiểm tra, giám sát của chi bộ (hoso)";

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "hoso::input::date::Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])|[0-9]{4}[/.](0?[1-9]|1[0-2])[/.](0?[1-9]|[12][0-9]|3[01])|(0?[1-9]|[12][0-9]|3[01])[/.-](0?[1-9]|1[0-2])[/.-][0-9]{4})$",
            "description": "Ngày: ngày/tháng/năm (04/09/2026, 4/9/2026) hoặc năm-tháng-ngày (2026-09-04).",
            "examples": ["04/09/2026", "2026-09-04"]
        })
    }
}

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "hoso::input::date::Time".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
            "description": "Giờ viết theo dạng giờ:phút (HH:MM, 24 giờ).",
            "examples": ["08:00"]
        })
    }
}

/// The JSON Schema (draft 2020-12) of `T`, pretty-printed, with each field's Vietnamese doc
/// comment as its description, and `$id` (when given) and `title` set.
pub fn root_schema<T: JsonSchema>(id: Option<&str>, title: &str) -> String {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Some(root) = value.as_object_mut() {
        if let Some(id) = id {
            root.insert("$id".into(), Value::from(id));
        }
        root.insert("title".into(), Value::from(title));
    }
    join_description_lines(&mut value);
    serde_json::to_string_pretty(&value).expect("a JSON value always serialises")
}

/// The JSON Schema of a case file.
pub fn schema_json() -> String {
    root_schema::<CaseFile>(Some(SCHEMA_ID), SCHEMA_TITLE)
}

/// The schema an editor checks case files with (`hoso schema`): [`schema_json`], where `cell`
/// may also be the name of a shared cell file (`"cell": "chi-bo.json"`), which the front ends
/// read and set in before the typed model sees the case.
pub fn editor_schema_json() -> String {
    let mut value: Value = serde_json::from_str(&schema_json()).expect("the schema is JSON");
    if let Some(cell) = value.pointer_mut("/properties/cell") {
        let inline = cell.take();
        *cell = serde_json::json!({
            "description": "Thông tin chi bộ: ghi đủ tại đây, hoặc tên tệp chi bộ dùng chung (ví dụ \"chi-bo.json\", nằm cạnh tệp hồ sơ) để kế hoạch năm và các hồ sơ cùng dùng một danh sách.",
            "anyOf": [inline, {"type": "string", "pattern": "\\.json$"}]
        });
    }
    serde_json::to_string_pretty(&value).expect("a JSON value always serialises")
}

/// Doc comments arrive with their line breaks; a tooltip reads better with one paragraph per
/// line, so single breaks become spaces (a blank line, a paragraph break, stays).
fn join_description_lines(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|para| para.lines().map(str::trim).collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => join_description_lines(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(join_description_lines),
        _ => {}
    }
}

/// A starter case file for a set ("kiem-tra" | "giam-sat" | "nam"): every field present,
/// optional ones included, with placeholder values that are obviously placeholders in
/// Vietnamese; it parses with `input::read::parse_case`.
///
/// The input types refuse unknown fields, so the guidance cannot travel as extra keys: it is in
/// the schema ([`schema_json`]), whose descriptions the editor shows beside each field.
pub fn init_json(set: &str) -> Option<String> {
    let kind = match set {
        "kiem-tra" => Some(CaseKind::KiemTra),
        "giam-sat" => Some(CaseKind::GiamSat),
        "nam" => None,
        _ => return None,
    };
    let file = CaseFile {
        set: set.to_string(),
        cell: starter_cell(),
        annual_plan: starter_annual_plan(),
        case: kind.map(starter_case),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a case file always serialises");
    text.push('\n');
    Some(text)
}

/// The one date every date field starts with.
fn date() -> Date {
    Date::new(2026, 1, 1).expect("a valid date")
}

fn time(text: &str) -> Time {
    Time::parse(text).expect("a valid time")
}

fn s(text: &str) -> String {
    text.to_string()
}

/// The name every member reference starts with; the same text in `cell.members`, so the
/// references resolve until the user writes the real names.
const NAME: &str = "Họ và tên";

fn starter_cell() -> Cell {
    Cell {
        name: s("Tên chi bộ (ví dụ: Chi bộ ấp …)"),
        superior: Some(s("Tên đảng bộ cấp trên trực tiếp")),
        place: s("Địa danh ghi trước ngày tháng"),
        inspection_committee: s("Tên ủy ban kiểm tra cấp trên"),
        issuer_code: s("CB"),
        term: Some(s("Nhiệm kỳ (ví dụ: 2025–2030)")),
        total_members: 0,
        full_members: 0,
        probationary_members: 0,
        members: vec![Member {
            name: s(NAME),
            post: Some(s("chức vụ viết thường (ví dụ: bí thư chi bộ)")),
            cell_post: CellPost::BiThu,
            born: Some(0),
            admitted: Some(date()),
            job: Some(s("Nghề nghiệp, nơi công tác")),
            probationary: false,
        }],
    }
}

fn starter_annual_plan() -> AnnualPlan {
    AnnualPlan {
        number: 0,
        date: date(),
        year: 2026,
        items: vec![PlannedCase {
            kind: CaseKind::KiemTra,
            subject: s(NAME),
            content: s("Nội dung kiểm tra hoặc chuyên đề giám sát"),
            time: s("Thời gian tiến hành (ví dụ: Quý III/2026)"),
            by: s("Chủ thể tiến hành (ví dụ: Tổ kiểm tra do Chi bộ thành lập)"),
        }],
        routine: vec![s("Nội dung giám sát thường xuyên")],
    }
}

fn doc_ref() -> DocRef {
    DocRef {
        number: 0,
        date: date(),
    }
}

fn session(what: &str) -> Session {
    Session {
        date: date(),
        time: time("08:00"),
        end_time: Some(time("10:00")),
        place: s("Địa điểm"),
        proceedings: vec![format!("Diễn biến {what}, mỗi đoạn một dòng")],
        member_opinion: Some(s("Ý kiến của đảng viên")),
    }
}

fn items(what: &str) -> Vec<String> {
    vec![format!("{what}, mỗi ý một dòng")]
}

fn starter_case(kind: CaseKind) -> Case {
    let inspection = kind == CaseKind::KiemTra;
    Case {
        kind,
        subject: s(NAME),
        // Inspection items for an inspection, a topic for a supervision: the other stays empty.
        contents: if inspection {
            vec![ContentItem {
                text: s("nội dung kiểm tra, viết thường"),
                self_report: Some(s("Đảng viên tự báo cáo về nội dung này")),
                finding: Some(s("Tổ kiểm tra xác định về nội dung này")),
            }]
        } else {
            Vec::new()
        },
        topic: (!inspection).then(|| s("Chuyên đề giám sát")),
        period: Period {
            from: date(),
            to: date(),
        },
        start: date(),
        end: date(),
        proposed_by: s("Người đề nghị (ví dụ: đồng chí Bí thư Chi bộ)"),
        team: vec![TeamMember {
            name: s(NAME),
            role: TeamRole::ToTruong,
        }],
        // Unusual: the starter shows its shape, to be deleted when the whole team is the cell's.
        outside_team: vec![OutsideTeamMember {
            name: s(NAME),
            post: s("chức vụ viết thường (ví dụ: cán bộ)"),
            unit: s("Đơn vị cử (ví dụ: Ủy ban Kiểm tra Đảng ủy xã …)"),
            role: TeamRole::ThanhVien,
        }],
        report_deadline: date(),
        decision: doc_ref(),
        plan: doc_ref(),
        announcement: session("buổi công bố quyết định"),
        self_report: SelfReport {
            due: date(),
            received: date(),
            strengths: items("Ưu điểm"),
            shortcomings: items("Hạn chế, khuyết điểm"),
            causes: items("Nguyên nhân"),
            proposals: items("Đề xuất, kiến nghị"),
        },
        working_session: session("buổi làm việc"),
        verification: Some(Verification {
            date: date(),
            time: time("08:00"),
            end_time: Some(time("10:00")),
            place: s("Địa điểm"),
            proceedings: vec![s("Diễn biến buổi xác minh, mỗi đoạn một dòng")],
            member_opinion: Some(s("Ý kiến của đảng viên")),
            with: s("Cơ quan, tổ chức hoặc người được xác minh"),
            representative: Person {
                name: s(NAME),
                post: s("Chức vụ"),
            },
        }),
        team_report: TeamReport { date: date() },
        meeting: Meeting {
            date: date(),
            time: time("08:00"),
            end_time: Some(time("10:00")),
            place: s("Địa điểm"),
            proceedings: vec![s("Diễn biến cuộc họp, mỗi đoạn một dòng")],
            member_opinion: Some(s("Ý kiến của đảng viên")),
            present_full: 0,
            present_probationary: 0,
            absent: vec![Absentee {
                name: s(NAME),
                reason: Some(s("Lý do vắng mặt")),
            }],
            guests: vec![Guest {
                name: s(NAME),
                post: s("chức vụ viết thường (ví dụ: ủy viên Ủy ban Kiểm tra)"),
                organisation: s("Cơ quan (ví dụ: Đảng ủy xã …)"),
                remarks: Some(s("Ý kiến phát biểu của khách mời")),
            }],
            chair: s(NAME),
            secretary: s(NAME),
            opinions: vec![Opinion {
                name: s(NAME),
                text: s("Nội dung ý kiến phát biểu"),
            }],
            subject_statement: Some(s("Ý kiến giải trình của đảng viên")),
            chair_summary: Some(s("Kết luận của người chủ trì")),
            vote: Some(Vote {
                yes: 0,
                no: 0,
                abstain: Some(0),
            }),
        },
        findings: Findings {
            strengths: items("Ưu điểm"),
            shortcomings: items("Hạn chế, khuyết điểm"),
            causes: items("Nguyên nhân"),
            requirements: items("Yêu cầu (kiểm tra) hoặc đề nghị (giám sát) khắc phục"),
            remedy_deadline: date(),
            violation_signs: false,
        },
        notice: doc_ref(),
        handover: session("buổi giao, nhận thông báo"),
        copies: 2,
    }
}
