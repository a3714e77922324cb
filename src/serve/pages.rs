//! The pages and their form posts: cells and their rosters, cases with autosave, versions and
//! conflicts, previews and downloads. Every handler checks that the viewer sees the cell
//! before it reads anything else; what they may not see is a 404, like what does not exist.

use super::auth::Viewer;
use super::form::{self, Ctx, Drawn, Note, Posted};
use super::{Shared, db, views};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use hoso::backend::html::escape;
use hoso::input::CaseFile;
use hoso::input::rules::Severity;
use serde_json::{Value, json};
use std::fmt::Write;

/// Why a page is not shown.
pub enum Fail {
    NotFound,
    /// A page this kind of account may not use (a cell's account on the committee's view).
    Forbidden(String),
    Bad(String),
    Internal(String),
}

impl From<hoso::Error> for Fail {
    fn from(e: hoso::Error) -> Fail {
        Fail::Internal(e.to_string())
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        match self {
            Fail::NotFound => (
                StatusCode::NOT_FOUND,
                views::message_page(
                    "Không tìm thấy",
                    "Trang này không có hoặc bạn không được xem.",
                ),
            )
                .into_response(),
            Fail::Forbidden(m) => (
                StatusCode::FORBIDDEN,
                views::message_page("Không được xem", &m),
            )
                .into_response(),
            Fail::Bad(m) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                views::message_page("Chưa làm được", &m),
            )
                .into_response(),
            Fail::Internal(m) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                views::message_page("Lỗi", &m),
            )
                .into_response(),
        }
    }
}

pub type Page = Result<Response, Fail>;

pub async fn not_found() -> Fail {
    Fail::NotFound
}

pub fn lock(app: &Shared) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
    app.db.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn cell_for(app: &Shared, viewer: &Viewer, id: i64) -> Result<db::CellRow, Fail> {
    let cell = db::get_cell(&lock(app), id)?.ok_or(Fail::NotFound)?;
    if !viewer.sees(&cell) {
        return Err(Fail::NotFound);
    }
    Ok(cell)
}

/// A case the viewer may see, with its JSON's cell replaced by the cell record.
pub fn case_for(
    app: &Shared,
    viewer: &Viewer,
    id: i64,
) -> Result<(db::CaseRow, db::CellRow), Fail> {
    let mut case = db::get_case(&lock(app), id)?.ok_or(Fail::NotFound)?;
    let cell = cell_for(app, viewer, case.cell_id)?;
    case.json["cell"] = cell.json.clone();
    Ok((case, cell))
}

fn cell_name(cell: &Value) -> String {
    cell["name"].as_str().unwrap_or("").to_string()
}

pub fn members_of(cell: &Value) -> Vec<String> {
    cell["members"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|m| m["name"].as_str())
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn see_other(to: String) -> Response {
    Redirect::to(&to).into_response()
}

pub async fn home(State(app): State<Shared>, Extension(v): Extension<Viewer>) -> Page {
    let cells = db::list_cells(&lock(&app), v.scope)?;
    let mut body = String::from("<h1>Các chi bộ</h1>");
    if let Some(user) = &v.user {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"/logout\" class=\"inline\">{}<span>Tài khoản: {}</span> <button type=\"submit\">Đăng xuất</button></form>",
            views::hidden(&v.csrf, None),
            escape(user)
        );
    }
    if !v.is_cell() {
        body.push_str(
            "<p><a href=\"/committee\" class=\"primary\" id=\"committee-link\">Ủy ban kiểm tra: \
             tình hình kiểm tra, giám sát của các chi bộ</a></p>",
        );
    }
    body.push_str("<ul class=\"cards\">");
    for c in &cells {
        let cases = db::list_cases(&lock(&app), c.id)?;
        let _ = write!(
            body,
            "<li class=\"card\"><h2><a href=\"/cells/{}\">{}</a>{}</h2><p class=\"hint\">{} đảng viên trong danh sách · {} hồ sơ</p>",
            c.id,
            escape(&cell_name(&c.json)),
            if c.demo {
                " <span class=\"badge\">ví dụ mẫu</span>"
            } else {
                ""
            },
            members_of(&c.json).len(),
            cases.len()
        );
        body.push_str("<ul class=\"links\">");
        for k in &cases {
            let _ = write!(
                body,
                "<li><a href=\"/cases/{}\">{}</a> {}</li>",
                k.id,
                views::set_name(&k.set_id),
                escape(case_subject(&k.json))
            );
        }
        body.push_str("</ul></li>");
    }
    body.push_str("</ul>");
    if !v.is_cell() {
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Thêm chi bộ</h2><form method=\"post\" action=\"/cells\">{}\
             <div class=\"field\"><label for=\"new-cell\">Tên chi bộ</label><input id=\"new-cell\" name=\"name\" required placeholder=\"Chi bộ ấp …\"></div>\
             <button type=\"submit\" class=\"primary\">Tạo chi bộ</button></form>\
             <form method=\"post\" action=\"/import?_csrf={}\" enctype=\"multipart/form-data\">\
             <div class=\"field\"><label for=\"import-file\">Hoặc nhập tệp hồ sơ JSON (dùng cho dòng lệnh)</label><input id=\"import-file\" type=\"file\" name=\"file\" accept=\".json,application/json\"></div>\
             <button type=\"submit\">Nhập tệp</button></form></section>",
            views::hidden(&v.csrf, None),
            escape(&v.csrf)
        );
    }
    Ok(views::layout("Các chi bộ", &[], &body).into_response())
}

fn case_subject(json: &Value) -> &str {
    json["case"]["subject"]
        .as_str()
        .or_else(|| json["annual_plan"]["year"].as_u64().map(|_| ""))
        .unwrap_or("")
}

#[derive(serde::Deserialize)]
pub struct NameForm {
    name: String,
}

pub async fn create_cell(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    axum::Form(f): axum::Form<NameForm>,
) -> Page {
    if v.is_cell() {
        return Err(Fail::NotFound);
    }
    let name = f.name.trim();
    if name.is_empty() {
        return Err(Fail::Bad("Cần tên chi bộ.".to_string()));
    }
    let id = db::create_cell(&lock(&app), &form::new_cell_json(name), false, v.org())?;
    Ok(see_other(format!("/cells/{id}")))
}

/// Findings about the cell alone: the rules run on an annual-plan file holding it.
fn cell_notes(cell: &Value, app: &Shared) -> Vec<Note> {
    let file = json!({"set": "nam", "cell": cell,
        "annual_plan": {"number": 1, "date": "2026-01-01", "year": 2026}});
    match serde_json::from_value::<CaseFile>(file) {
        Ok(f) => findings_notes(&hoso::input::rules::check(&f, &app.rules))
            .into_iter()
            .filter(|n| n.path.starts_with("cell."))
            .collect(),
        Err(_) => Vec::new(),
    }
}

pub fn findings_notes(findings: &[hoso::input::rules::Finding]) -> Vec<Note> {
    let mut notes = Vec::new();
    for f in findings {
        for field in &f.fields {
            notes.push(Note {
                path: field.clone(),
                error: f.severity == Severity::Error,
                text: f.vi.clone(),
            });
        }
    }
    notes
}

pub async fn cell_page(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let cell = cell_for(&app, &v, id)?;
    let cases = db::list_cases(&lock(&app), id)?;
    Ok(draw_cell_page(&app, &v, &cell, &cell.json, cell.version, &cases, None).into_response())
}

#[allow(clippy::too_many_arguments)]
fn draw_cell_page(
    app: &Shared,
    v: &Viewer,
    cell: &db::CellRow,
    json: &Value,
    version: i64,
    cases: &[db::CaseRow],
    banner: Option<&str>,
) -> Html<String> {
    let name = cell_name(json);
    let mut body = format!(
        "<h1>{}{}</h1>",
        escape(&name),
        if cell.demo {
            " <span class=\"badge\">ví dụ mẫu</span>"
        } else {
            ""
        }
    );
    if let Some(b) = banner {
        let _ = write!(body, "<p class=\"error\" role=\"alert\">{}</p>", escape(b));
    }
    cases_card(&mut body, v, cell.id, cases);
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/cells/{}\" class=\"case-form\" data-autosave>{}</form>",
        cell.id,
        cell_form_inner(app, v, json, version)
    );
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Nhập danh sách đảng viên</h2>\
         <p class=\"hint\">Tệp CSV lưu từ Excel: một dòng tiêu đề (name hoặc «Họ và tên», post, cell_post, probationary, born, job) rồi mỗi đảng viên một dòng; hoặc tệp chi bộ (cells.csv) của dòng lệnh. Đảng viên trùng tên được cập nhật, người mới được thêm.</p>\
         <form method=\"post\" action=\"/cells/{}/roster?_csrf={}\" enctype=\"multipart/form-data\">\
         <div class=\"field\"><label for=\"roster-file\">Tệp CSV</label><input id=\"roster-file\" type=\"file\" name=\"file\" accept=\".csv,text/csv\"></div>\
         <div class=\"field\"><label for=\"roster-text\">Hoặc dán danh sách (mỗi dòng một người)</label><textarea id=\"roster-text\" name=\"text\" rows=\"4\"></textarea></div>\
         <button type=\"submit\">Nhập danh sách</button></form></section>",
        cell.id,
        escape(&v.csrf)
    );
    views::layout(
        &name,
        &[(name.clone(), format!("/cells/{}", cell.id))],
        &body,
    )
}

/// The inside of the cell form: drawn for the page and again after an add or remove.
fn cell_form_inner(app: &Shared, v: &Viewer, json: &Value, version: i64) -> String {
    let notes = cell_notes(json, app);
    let members = members_of(json);
    let mut drawn = Drawn::default();
    let wrapped = json!({ "cell": json });
    let ctx = Ctx {
        members: &members,
        notes: &notes,
    };
    app.form
        .draw(&form::cell_section(), &wrapped, &ctx, &mut drawn);
    format!(
        "{}<section class=\"card\"><h2>Thông tin chi bộ và danh sách đảng viên</h2>{}</section>\
         <div class=\"savebar\"><button type=\"submit\" class=\"primary\">Lưu</button>\
         <span class=\"save-state\" role=\"status\"></span></div>",
        views::hidden(&v.csrf, Some(version)),
        drawn.html
    )
}

fn cases_card(body: &mut String, v: &Viewer, cell_id: i64, cases: &[db::CaseRow]) {
    body.push_str("<section class=\"card\"><h2>Hồ sơ của chi bộ</h2><ul class=\"links\">");
    for k in cases {
        let _ = write!(
            body,
            "<li><a href=\"/cases/{}\">{} {}</a> <span class=\"hint\">(lưu lúc {} UTC)</span></li>",
            k.id,
            views::set_name(&k.set_id),
            escape(case_subject(&k.json)),
            escape(&k.saved)
        );
    }
    body.push_str("</ul><form method=\"post\" action=\"");
    let _ = write!(
        body,
        "/cells/{cell_id}/cases\" class=\"row\">{}<label for=\"new-set\">Lập hồ sơ mới</label>\
         <select id=\"new-set\" name=\"set\"><option value=\"kiem-tra\">Kiểm tra đảng viên</option>\
         <option value=\"giam-sat\">Giám sát chuyên đề</option><option value=\"nam\">Kế hoạch năm</option></select>\
         <button type=\"submit\" class=\"primary\">Lập hồ sơ</button></form>\
         <form method=\"post\" action=\"/cells/{cell_id}/import?_csrf={}\" enctype=\"multipart/form-data\" class=\"row\">\
         <label for=\"case-file\">Nhập hồ sơ JSON</label><input id=\"case-file\" type=\"file\" name=\"file\" accept=\".json,application/json\">\
         <button type=\"submit\">Nhập</button></form>\
         <p><a class=\"button\" href=\"/cells/{cell_id}/blank.zip\">Tải bộ mẫu in sẵn của chi bộ (.zip)</a></p></section>",
        views::hidden(&v.csrf, None),
        escape(&v.csrf)
    );
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.contains_key("x-autosave")
}

fn posted_version(p: &Posted) -> Option<i64> {
    p.get("_version")?.parse().ok()
}

pub async fn save_cell(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let cell = cell_for(&app, &v, id)?;
    let posted = Posted::parse(&body);
    let mut wrapped = json!({ "cell": cell.json });
    app.form
        .apply(&[form::cell_section()], &mut wrapped, &posted);
    let new = wrapped["cell"].clone();
    let expected = posted_version(&posted).unwrap_or(-1);
    let force = posted.get("_force").is_some();
    let saved = db::save_cell(
        &lock(&app),
        id,
        &new,
        if force { cell.version } else { expected },
    )?;
    match saved {
        Ok(version) => {
            if wants_json(&headers) {
                let notes = cell_notes(&new, &app);
                let form = posted
                    .get("_act")
                    .map(|_| cell_form_inner(&app, &v, &new, version));
                return Ok(Json(autosave_answer(version, &notes, "", "", form)).into_response());
            }
            Ok(see_other(format!("/cells/{id}")))
        }
        Err(c) => {
            if wants_json(&headers) {
                return Ok(conflict_json(c.current));
            }
            let cases = db::list_cases(&lock(&app), id)?;
            let page = draw_cell_page(&app, &v, &cell, &new, c.current, &cases, Some(CONFLICT));
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

pub const CONFLICT: &str = "Hồ sơ vừa được sửa ở nơi khác (thẻ hoặc máy khác) nên chưa lưu những gì bạn vừa gõ. \
     Những gì bạn gõ vẫn ở trong biểu mẫu dưới đây: bấm «Lưu» để ghi đè lên bản kia, hoặc tải lại trang để xem bản kia.";

pub fn conflict_json(current: i64) -> Response {
    (
        StatusCode::CONFLICT,
        Json(json!({ "conflict": true, "current": current, "message": CONFLICT })),
    )
        .into_response()
}

/// The autosave answer: the new version and every note by field, for the script to place.
pub fn autosave_answer(
    version: i64,
    notes: &[Note],
    top: &str,
    status: &str,
    form: Option<String>,
) -> Value {
    let mut fields = serde_json::Map::new();
    for n in notes {
        let entry = fields.entry(n.path.clone()).or_insert_with(|| json!(""));
        let html = format!(
            "{}<li class=\"{}\">{}</li>",
            entry.as_str().unwrap_or(""),
            if n.error { "error" } else { "warning" },
            escape(&n.text)
        );
        *entry = json!(html);
    }
    json!({ "version": version, "fields": fields, "top": top, "status": status, "form": form })
}

pub async fn create_case(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Page {
    let cell = cell_for(&app, &v, id)?;
    let posted = Posted::parse(&body);
    let set = posted.get("set").unwrap_or("");
    let text = hoso::input::schema::init_json(set).ok_or(Fail::NotFound)?;
    let mut json: Value = serde_json::from_str(&text).map_err(|e| Fail::Internal(e.to_string()))?;
    app.form.clear_placeholders(&mut json, "", app.form.root());
    json["set"] = json!(set);
    json["cell"] = cell.json.clone();
    // The year's plan is shared: a new case starts from the cell's latest annual plan.
    let cases = db::list_cases(&lock(&app), id)?;
    if let Some(plan) = cases.iter().rev().find(|c| c.set_id == "nam") {
        json["annual_plan"] = plan.json["annual_plan"].clone();
    } else if set != "nam" {
        // The plan's table belongs to the annual-plan form; a case shows only its number,
        // date and year, so the starter's empty row would be an error no field can fix.
        json["annual_plan"]["items"] = json!([]);
        json["annual_plan"]["routine"] = json!([]);
    }
    if set != "nam" {
        // The starter shows a guest and an outside team member by example; a new case starts
        // without them, and the secretary adds one where the cell has one.
        json["case"]["outside_team"] = json!([]);
        json["case"]["meeting"]["guests"] = json!([]);
    }
    let case_id = db::create_case(&lock(&app), id, set, &json)?;
    Ok(see_other(format!("/cases/{case_id}")))
}
