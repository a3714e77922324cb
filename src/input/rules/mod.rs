//! The rules a real dossier obeys (`procedure.md` §3), checked before anything is rendered:
//! dates run forward, deadlines fall inside the case, people belong to the cell, attendance
//! adds up and meets the quorum, votes fit, numbers are unique. Every finding names the fields
//! involved, in Vietnamese (and English on request); all are reported at once.
//!
//! The groups added for the facts of real cells live in their own files: people from outside
//! the cell (`outsiders`), the member under review at the meeting (`subject`), probationary
//! status (`probation`) and votes (`votes`).

mod outsiders;
mod probation;
mod subject;
mod votes;

use crate::input::date::Date;
use crate::input::{AnnualPlan, Case, CaseFile, Cell, CellPost, Meeting, TeamRole};
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The dossier would be wrong: nothing is rendered.
    Error,
    /// Unusual but possible: rendered, and said.
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// The JSON paths of the fields involved.
    pub fields: Vec<String>,
    pub vi: String,
    pub en: String,
    /// `case.json:40:15`: where the first field is written, once [`locate`]d.
    pub place: Option<String>,
}

/// Gives each finding the place in `file` where its first field is written.
pub fn locate(findings: &mut [Finding], file: &str, at: &crate::input::locate::Locations) {
    for f in findings {
        if let Some((line, col)) = f.fields.first().and_then(|p| at.find(p)) {
            f.place = Some(format!("{file}:{line}:{col}"));
        }
    }
}

impl Finding {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// `case.json:40:15: case.team[2].name (người thứ 3 trong tổ): …`: the place (once
    /// located), the fields, then the message, as reported to the user.
    pub fn line(&self, lang: Lang) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|f| crate::input::locate::describe(f, lang))
            .collect();
        let said = format!("{}: {}", fields.join(", "), self.message(lang));
        match &self.place {
            Some(place) => format!("{place}: {said}"),
            None => said,
        }
    }
}

/// The errors among `findings`, as the one error that stops a render; warnings pass.
pub fn refuse_errors(findings: &[Finding], lang: Lang) -> crate::error::Result<()> {
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.line(lang))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::error::Error::Rules { findings: errors })
    }
}

pub use crate::input::lang::Lang;

/// Settings of the rules that vary between provinces.
#[derive(Clone, Copy, Debug)]
pub struct RuleOptions {
    /// The share of full members who must be present at the cell meeting (numerator,
    /// denominator): two thirds by default.
    pub quorum: (u32, u32),
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions { quorum: (2, 3) }
    }
}

struct Out(Vec<Finding>);

impl Out {
    fn error(&mut self, fields: &[&str], vi: String, en: String) {
        self.push(Severity::Error, fields, vi, en);
    }
    fn warning(&mut self, fields: &[&str], vi: String, en: String) {
        self.push(Severity::Warning, fields, vi, en);
    }
    fn push(&mut self, severity: Severity, fields: &[&str], vi: String, en: String) {
        self.0.push(Finding {
            severity,
            fields: fields.iter().map(|f| f.to_string()).collect(),
            vi,
            en,
            place: None,
        });
    }
}

/// Checks every rule; returns all findings, errors and warnings, in a stable order.
pub fn check(file: &CaseFile, opts: &RuleOptions) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    let names: HashSet<&str> = file.cell.members.iter().map(|m| m.name.as_str()).collect();
    check_starter(&mut out, file);
    check_cell(&mut out, &file.cell);
    probation::check_flags(&mut out, &file.cell);
    check_annual_plan(&mut out, &file.annual_plan, &names);
    let Some(case) = &file.case else {
        return out.0;
    };
    // The groups run in this order so that findings keep the order users and tests expect.
    check_people(&mut out, &file.cell, case, &names);
    outsiders::check(&mut out, &file.cell, case);
    subject::check(&mut out, case);
    check_attendance(&mut out, &file.cell, &case.meeting, opts);
    probation::check(&mut out, &file.cell, &case.meeting);
    votes::check(&mut out, &file.cell, &case.meeting);
    check_dates(&mut out, &file.annual_plan, case);
    check_planned(&mut out, &file.annual_plan, case);
    check_numbers(&mut out, &file.annual_plan, case);
    out.0
}

/// Text of the starter file (`hoso init`) still in place: printed as is it would put
/// «Tên chi bộ (ví dụ: …)» in a real decision. Each field that holds it is named.
fn check_starter(out: &mut Out, file: &CaseFile) {
    let Ok(value) = serde_json::to_value(file) else {
        return;
    };
    let mut left = Vec::new();
    starter_fields(&value, String::new(), &mut left);
    for (path, text) in left {
        out.error(
            &[&path],
            format!("vẫn là chữ mẫu của tệp khởi tạo «{text}»: hãy thay bằng nội dung thật"),
            format!(
                "still holds the starter file's text «{text}»: replace it with the real content"
            ),
        );
    }
}

/// The strings of the starter files that are guidance, not content: every string `hoso init`
/// writes that no worked example uses (so `CB` or `Bí thư` are not among them).
fn starter_texts() -> &'static HashSet<String> {
    static TEXTS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let strings = |text: &str| {
            let mut all = Vec::new();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                starter_strings(&v, &mut all);
            }
            all
        };
        let used: HashSet<String> = crate::input::samples::SAMPLES
            .iter()
            .flat_map(|(_, text)| strings(text))
            .collect();
        ["nam", "kiem-tra", "giam-sat"]
            .iter()
            .filter_map(|set| crate::input::schema::init_json(set))
            .flat_map(|text| strings(&text))
            // A date or time is a value, even the starter's: only words are guidance.
            .filter(|s| {
                Date::parse_iso(s).is_none() && crate::input::date::Time::parse(s).is_none()
            })
            .filter(|s| !used.contains(s))
            .collect()
    })
}

fn starter_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| starter_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| starter_strings(x, out)),
        _ => {}
    }
}

/// The fields of `v` that still hold starter text, or the starter's «(ví dụ: …)» guidance.
fn starter_fields(v: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match v {
        serde_json::Value::String(s)
            if starter_texts().contains(s) || s.to_lowercase().contains("(ví dụ:") =>
        {
            out.push((path, s.clone()));
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                starter_fields(x, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                starter_fields(x, join(k), out);
            }
        }
        _ => {}
    }
}

/// The decision cites the annual plan: when the plan lists its cases, this one is among them,
/// and it is carried out in the plan's year.
fn check_planned(out: &mut Out, plan: &AnnualPlan, case: &Case) {
    if case.decision.date.year != plan.year {
        out.warning(
            &["case.decision.date", "annual_plan.year"],
            format!(
                "quyết định ngày {} căn cứ kế hoạch năm {}: hãy kiểm tra lại năm của kế hoạch",
                case.decision.date.short(),
                plan.year
            ),
            format!(
                "the decision of {} cites the plan for {}: check the plan's year",
                case.decision.date.short(),
                plan.year
            ),
        );
    }
    if plan.items.is_empty() {
        return;
    }
    let planned = plan
        .items
        .iter()
        .any(|i| i.kind == case.kind && i.subject == case.subject);
    if !planned {
        let what = match case.kind {
            crate::input::CaseKind::KiemTra => ("kiểm tra", "an inspection"),
            crate::input::CaseKind::GiamSat => ("giám sát", "a supervision"),
        };
        out.warning(
            &["case.subject", "annual_plan.items"],
            format!(
                "kế hoạch năm không có mục {} đồng chí {} (annual_plan.items), mà quyết định căn cứ kế hoạch đó: thêm mục vào kế hoạch, hoặc ghi rõ căn cứ khác",
                what.0, case.subject
            ),
            format!(
                "the annual plan lists no item for {} of {} (annual_plan.items), yet the decision cites it",
                what.1, case.subject
            ),
        );
    }
}

/// The cell itself: its counts add up, its members are listed once, it has one secretary.
fn check_cell(out: &mut Out, cell: &Cell) {
    if cell.full_members + cell.probationary_members != cell.total_members {
        out.error(
            &[
                "cell.total_members",
                "cell.full_members",
                "cell.probationary_members",
            ],
            format!(
                "số đảng viên chính thức ({}) cộng dự bị ({}) phải bằng tổng số ({})",
                cell.full_members, cell.probationary_members, cell.total_members
            ),
            format!(
                "full members ({}) plus probationary ({}) must equal the total ({})",
                cell.full_members, cell.probationary_members, cell.total_members
            ),
        );
    }
    let mut seen = HashSet::new();
    for (i, m) in cell.members.iter().enumerate() {
        if !seen.insert(m.name.as_str()) {
            out.error(
                &[&format!("cell.members[{i}].name")],
                format!("đảng viên «{}» có tên hai lần trong danh sách", m.name),
                format!("member «{}» is listed twice", m.name),
            );
        }
    }
    if (cell.members.len() as u32) > cell.total_members {
        out.error(
            &["cell.members", "cell.total_members"],
            format!(
                "danh sách có {} đảng viên, nhiều hơn tổng số {}",
                cell.members.len(),
                cell.total_members
            ),
            format!(
                "{} members are listed, more than the total of {}",
                cell.members.len(),
                cell.total_members
            ),
        );
    }
    let secretaries = cell
        .members
        .iter()
        .filter(|m| m.cell_post == CellPost::BiThu)
        .count();
    if secretaries != 1 {
        out.error(
            &["cell.members[].cell_post"],
            format!("chi bộ cần đúng một bí thư (cell_post: \"bi-thu\"), đang có {secretaries}"),
            format!(
                "the cell needs exactly one secretary (cell_post: \"bi-thu\"), found {secretaries}"
            ),
        );
    }
}

/// The annual plan: dated in its year, about members of the cell.
fn check_annual_plan(out: &mut Out, plan: &AnnualPlan, names: &HashSet<&str>) {
    if plan.date.year != plan.year {
        out.warning(
            &["annual_plan.date", "annual_plan.year"],
            format!(
                "kế hoạch năm {} nhưng ban hành ngày {}",
                plan.year,
                plan.date.short()
            ),
            format!("the plan for {} is dated {}", plan.year, plan.date.short()),
        );
    }
    for (i, item) in plan.items.iter().enumerate() {
        check_member(
            out,
            names,
            &item.subject,
            &format!("annual_plan.items[{i}].subject"),
        );
    }
}

/// Reports `name` at `field` unless it is a member of the cell, suggesting the nearest name.
fn check_member(out: &mut Out, names: &HashSet<&str>, name: &str, field: &str) {
    if !names.contains(name) {
        let (vi, en) = match nearest(name, names) {
            Some(n) => (
                format!("; có phải «{n}»?"),
                format!("; did you mean «{n}»?"),
            ),
            None => (String::new(), String::new()),
        };
        out.error(
            &[field],
            format!("«{name}» không có trong danh sách đảng viên của chi bộ (cell.members){vi}"),
            format!("«{name}» is not among the cell's members (cell.members){en}"),
        );
    }
}

/// The member name closest to `name` when it is close enough to be a slip of the keyboard
/// (a letter, a tone mark or a space or two off); ties go to the first in alphabetical order.
pub fn nearest<'a>(name: &str, names: &HashSet<&'a str>) -> Option<&'a str> {
    let typed = folded(name);
    let limit = (typed.len() / 4).max(2);
    names
        .iter()
        .map(|&n| {
            // Tone marks typed wrong or left out cost little; letters cost one each.
            let d = edit_distance(&typed, &folded(n));
            let marks = edit_distance(&lower(name), &lower(n));
            (d * 4 + marks.min(4), n)
        })
        .filter(|&(d, _)| d / 4 <= limit)
        .min()
        .map(|(_, n)| n)
}

fn lower(s: &str) -> Vec<char> {
    s.to_lowercase().chars().collect()
}

/// Lower case, without tone and vowel marks (`đ` as `d`), spaces collapsed: what is left when
/// a name is typed on a keyboard without Vietnamese input.
fn folded(s: &str) -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    s.to_lowercase()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// People: the subject, the team and its leader are members and fit their roles.
fn check_people(out: &mut Out, cell: &Cell, case: &Case, names: &HashSet<&str>) {
    check_member(out, names, &case.subject, "case.subject");
    for (i, t) in case.team.iter().enumerate() {
        check_member(out, names, &t.name, &format!("case.team[{i}].name"));
        if t.name == case.subject {
            out.error(
                &["case.subject", &format!("case.team[{i}].name")],
                format!(
                    "đồng chí {} là người được kiểm tra, giám sát nên không ở trong tổ",
                    t.name
                ),
                format!(
                    "{} is the member under review and cannot sit on the team",
                    t.name
                ),
            );
        }
    }
    let leaders: Vec<usize> = (0..case.team.len())
        .filter(|&i| case.team[i].role == TeamRole::ToTruong)
        .collect();
    // Members from outside the cell fill seats too (their own rules are in `outsiders`).
    let outside_roles = || case.outside_team.iter().map(|o| o.role);
    let outside_leaders = outside_roles().filter(|&r| r == TeamRole::ToTruong).count();
    if leaders.len() + outside_leaders != 1 {
        out.error(
            &["case.team[].role"],
            format!(
                "tổ cần đúng một tổ trưởng (role: \"to-truong\"), đang có {}",
                leaders.len() + outside_leaders
            ),
            format!(
                "the team needs exactly one leader (role: \"to-truong\"), found {}",
                leaders.len() + outside_leaders
            ),
        );
    }
    let secretaries = case
        .team
        .iter()
        .map(|t| t.role)
        .chain(outside_roles())
        .filter(|&r| r == TeamRole::ThuKy)
        .count();
    if secretaries != 1 {
        out.error(
            &["case.team[].role"],
            format!(
                "tổ cần đúng một thư ký (role: \"thu-ky\") để ghi biên bản, đang có {secretaries}"
            ),
            format!(
                "the team needs exactly one secretary (role: \"thu-ky\") to take the minutes, found {secretaries}"
            ),
        );
    }
    for &i in &leaders {
        let name = &case.team[i].name;
        if let Some(m) = cell.members.iter().find(|m| &m.name == name)
            && m.cell_post == CellPost::DangVien
        {
            out.error(
                &[&format!("case.team[{i}].name"), "cell.members[].cell_post"],
                format!("tổ trưởng {name} phải là bí thư, phó bí thư hoặc chi ủy viên (cell_post)"),
                format!("team leader {name} must be the secretary, a deputy or a committee member"),
            );
        }
    }
    check_meeting_people(out, &case.meeting, names);
}

/// People at the meeting: members all, and those absent neither speak, chair nor take minutes.
fn check_meeting_people(out: &mut Out, m: &Meeting, names: &HashSet<&str>) {
    check_member(out, names, &m.chair, "case.meeting.chair");
    check_member(out, names, &m.secretary, "case.meeting.secretary");
    for (i, a) in m.absent.iter().enumerate() {
        check_member(
            out,
            names,
            &a.name,
            &format!("case.meeting.absent[{i}].name"),
        );
    }
    for (i, o) in m.opinions.iter().enumerate() {
        check_member(
            out,
            names,
            &o.name,
            &format!("case.meeting.opinions[{i}].name"),
        );
        if m.absent.iter().any(|a| a.name == o.name) {
            out.error(
                &[
                    &format!("case.meeting.opinions[{i}].name"),
                    "case.meeting.absent",
                ],
                format!("đồng chí {} vắng mặt nhưng có ý kiến phát biểu", o.name),
                format!("{} is absent but has an opinion recorded", o.name),
            );
        }
    }
    for (field, name) in [
        ("case.meeting.chair", &m.chair),
        ("case.meeting.secretary", &m.secretary),
    ] {
        if m.absent.iter().any(|a| &a.name == name) {
            out.error(
                &[field, "case.meeting.absent"],
                format!("đồng chí {name} vắng mặt nên không thể chủ trì hay ghi biên bản"),
                format!("{name} is absent and cannot chair or take the minutes"),
            );
        }
    }
}

/// Attendance adds up to the cell and meets the quorum.
fn check_attendance(out: &mut Out, cell: &Cell, m: &Meeting, opts: &RuleOptions) {
    let present = m.present_full.saturating_add(m.present_probationary);
    if m.present_full > cell.full_members || m.present_probationary > cell.probationary_members {
        out.error(
            &["case.meeting.present_full", "case.meeting.present_probationary"],
            format!(
                "có mặt {} chính thức, {} dự bị: nhiều hơn số đảng viên của chi bộ ({} chính thức, {} dự bị)",
                m.present_full, m.present_probationary, cell.full_members, cell.probationary_members
            ),
            format!(
                "{} full and {} probationary present: more than the cell has ({} full, {} probationary)",
                m.present_full, m.present_probationary, cell.full_members, cell.probationary_members
            ),
        );
    } else if present + m.absent.len() as u32 != cell.total_members {
        out.error(
            &[
                "case.meeting.present_full",
                "case.meeting.present_probationary",
                "case.meeting.absent",
                "cell.total_members",
            ],
            format!(
                "có mặt {present} cộng vắng mặt {} phải bằng tổng số đảng viên {}",
                m.absent.len(),
                cell.total_members
            ),
            format!(
                "present {present} plus absent {} must equal the total of {}",
                m.absent.len(),
                cell.total_members
            ),
        );
    }
    let (num, den) = opts.quorum;
    let needed = (cell.full_members * num).div_ceil(den.max(1));
    if m.present_full < needed {
        out.error(
            &["case.meeting.present_full", "cell.full_members"],
            format!(
                "cuộc họp không đủ số lượng: có mặt {} đảng viên chính thức, cần ít nhất {needed} ({num}/{den} của {})",
                m.present_full, cell.full_members
            ),
            format!(
                "no quorum: {} full members present, at least {needed} needed ({num}/{den} of {})",
                m.present_full, cell.full_members
            ),
        );
    }
}

/// The dated steps of the procedure, in the order they must happen.
fn procedure_steps(plan: &AnnualPlan, case: &Case) -> Vec<(&'static str, Date)> {
    let mut steps: Vec<(&str, Date)> = vec![
        ("annual_plan.date", plan.date),
        ("case.decision.date", case.decision.date),
        ("case.plan.date", case.plan.date),
        ("case.announcement.date", case.announcement.date),
        ("case.self_report.received", case.self_report.received),
        ("case.working_session.date", case.working_session.date),
    ];
    if let Some(v) = &case.verification {
        steps.push(("case.verification.date", v.date));
    }
    steps.extend([
        ("case.team_report.date", case.team_report.date),
        ("case.meeting.date", case.meeting.date),
        ("case.notice.date", case.notice.date),
        ("case.handover.date", case.handover.date),
    ]);
    steps
}

/// Dates run forward through the procedure and fall inside the case.
fn check_dates(out: &mut Out, plan: &AnnualPlan, case: &Case) {
    let steps = procedure_steps(plan, case);
    for w in steps.windows(2) {
        let ((fa, a), (fb, b)) = (w[0], w[1]);
        if b < a {
            out.error(
                &[fa, fb],
                format!(
                    "{fb} ({}) sớm hơn {fa} ({}): các bước phải theo đúng thứ tự",
                    b.short(),
                    a.short()
                ),
                format!(
                    "{fb} ({}) is before {fa} ({}): the steps must run in order",
                    b.short(),
                    a.short()
                ),
            );
        }
    }
    if case.end < case.start {
        out.error(
            &["case.start", "case.end"],
            format!(
                "ngày kết thúc ({}) sớm hơn ngày bắt đầu ({})",
                case.end.short(),
                case.start.short()
            ),
            format!(
                "the case ends ({}) before it starts ({})",
                case.end.short(),
                case.start.short()
            ),
        );
        // Every step would then fall "outside" a case that cannot exist: one cause, one
        // message.
        return;
    }
    // The annual plan comes before the case, so only the steps after it must fall inside.
    for (f, d) in steps.iter().skip(1) {
        if *d < case.start || *d > case.end {
            out.error(
                &[f, "case.start", "case.end"],
                format!(
                    "{f} ({}) nằm ngoài thời gian tiến hành từ {} đến {}",
                    d.short(),
                    case.start.short(),
                    case.end.short()
                ),
                format!(
                    "{f} ({}) falls outside the case, {} to {}",
                    d.short(),
                    case.start.short(),
                    case.end.short()
                ),
            );
        }
    }
    check_period_and_deadlines(out, case);
}

/// The period under review ends before the case; deadlines fall inside it or after the notice.
fn check_period_and_deadlines(out: &mut Out, case: &Case) {
    if case.period.to < case.period.from {
        out.error(
            &["case.period.from", "case.period.to"],
            "mốc thời gian: ngày kết thúc sớm hơn ngày bắt đầu".to_string(),
            "period under review: it ends before it starts".to_string(),
        );
    }
    if case.period.to >= case.start {
        out.error(
            &["case.period.to", "case.start"],
            format!(
                "mốc thời gian kiểm tra, giám sát phải kết thúc ({}) trước khi tiến hành ({})",
                case.period.to.short(),
                case.start.short()
            ),
            format!(
                "the period under review must end ({}) before the case starts ({})",
                case.period.to.short(),
                case.start.short()
            ),
        );
    }
    for (f, d) in [
        ("case.report_deadline", case.report_deadline),
        ("case.self_report.due", case.self_report.due),
    ] {
        if d < case.start || d > case.end {
            out.error(
                &[f, "case.start", "case.end"],
                format!(
                    "hạn {f} ({}) phải nằm trong thời gian tiến hành, từ {} đến {}",
                    d.short(),
                    case.start.short(),
                    case.end.short()
                ),
                format!(
                    "deadline {f} ({}) must fall inside the case, {} to {}",
                    d.short(),
                    case.start.short(),
                    case.end.short()
                ),
            );
        }
    }
    if case.findings.remedy_deadline < case.notice.date {
        out.error(
            &["case.findings.remedy_deadline", "case.notice.date"],
            "hạn khắc phục phải sau ngày thông báo".to_string(),
            "the remedy deadline must come after the notice".to_string(),
        );
    }
}

/// Numbers are unique per kind and start at 1.
fn check_numbers(out: &mut Out, plan: &AnnualPlan, case: &Case) {
    if plan.number == case.plan.number {
        out.error(
            &["annual_plan.number", "case.plan.number"],
            format!(
                "hai kế hoạch cùng số {:02}-KH: số văn bản không được trùng trong một loại",
                plan.number
            ),
            format!(
                "two plans share number {:02}-KH: numbers are unique per kind",
                plan.number
            ),
        );
    }
    for (f, n) in [
        ("case.decision.number", case.decision.number),
        ("case.plan.number", case.plan.number),
        ("case.notice.number", case.notice.number),
        ("annual_plan.number", plan.number),
    ] {
        if n == 0 {
            out.error(
                &[f],
                "số văn bản phải từ 1 trở lên".to_string(),
                "document numbers start at 1".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CaseFile {
        crate::input::read::sample("kiem-tra").unwrap().unwrap()
    }

    #[test]
    fn the_samples_obey_every_rule() {
        for (name, file) in crate::input::read::samples().unwrap() {
            let f = check(&file, &RuleOptions::default());
            assert!(f.is_empty(), "{name}: {f:?}");
        }
    }

    #[test]
    fn quorum_is_configurable() {
        let mut f = sample();
        let c = f.case.as_mut().unwrap();
        c.meeting.present_full = 13;
        c.meeting.present_probationary = 2;
        // 13 of 21 is under two thirds (14); the attendance sum is also off.
        let found = check(&f, &RuleOptions::default());
        assert!(
            found.iter().any(|x| x.vi.contains("không đủ số lượng")),
            "{found:?}"
        );
        let found = check(&f, &RuleOptions { quorum: (1, 2) });
        assert!(!found.iter().any(|x| x.vi.contains("không đủ số lượng")));
    }
}
