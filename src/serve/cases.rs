//! The case page: the guided form per phase, the checks beside the fields, the dossier status,
//! autosave with versions and conflicts, and the version history.

use super::auth::Viewer;
use super::form::{self, Ctx, Drawn, Note, Posted};
use super::pages::{Fail, Page, case_for, lock, members_of};
use super::{Shared, db, views};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Json, Redirect};
use hoso::backend::html::escape;
use hoso::dossier;
use serde_json::Value;
use std::fmt::Write;

/// What the checks say about a case: notes by field, and what could not be placed or parsed.
struct Checked {
    notes: Vec<Note>,
    /// The case file does not parse (a value the form could not convert): the message.
    unreadable: Option<String>,
    errors: usize,
}

fn check(app: &Shared, json: &Value) -> Checked {
    match dossier::read(&form::pruned(json).to_string(), "hồ sơ") {
        Err(e) => Checked {
            notes: Vec::new(),
            unreadable: Some(e.to_string()),
            errors: 1,
        },
        Ok(read) => match dossier::check(&app.engine, &read.file, &app.rules) {
            Ok(findings) => {
                let notes = super::pages::findings_notes(&findings);
                let errors = findings
                    .iter()
                    .filter(|f| f.severity == hoso::input::rules::Severity::Error)
                    .count();
                // No rule broken: the templates must still accept the file (a template may
                // need a value the schema lets one leave out). Building the documents
                // without writing any format is the cheap way to know.
                let unreadable = (errors == 0)
                    .then(|| build_error(app, &read.file))
                    .flatten();
                Checked {
                    notes,
                    errors: errors + usize::from(unreadable.is_some()),
                    unreadable,
                }
            }
            Err(e) => Checked {
                notes: Vec::new(),
                unreadable: Some(e.to_string()),
                errors: 1,
            },
        },
    }
}

fn build_error(app: &Shared, file: &hoso::input::CaseFile) -> Option<String> {
    let nothing = dossier::Selection {
        formats: Vec::new(),
        docs: Vec::new(),
        bundle: false,
    };
    let opts = hoso::template::RenderOptions::default();
    dossier::render(&app.engine, file, &nothing, &opts)
        .err()
        .map(|e| format!("Chưa dựng được văn bản từ hồ sơ này: {e}"))
}

/// The drawn form and the pieces around it, for the page and for the autosave answer.
struct Drawing {
    sections: Vec<(form::Section, Drawn)>,
    checked: Checked,
}

fn draw(app: &Shared, json: &Value) -> Drawing {
    let set = json["set"].as_str().unwrap_or("");
    let checked = check(app, json);
    let members = members_of(&json["cell"]);
    let ctx = Ctx {
        members: &members,
        notes: &checked.notes,
    };
    let sections = form::sections(set)
        .into_iter()
        .map(|s| {
            let mut d = Drawn::default();
            app.form.draw(&s, json, &ctx, &mut d);
            (s, d)
        })
        .collect();
    Drawing { sections, checked }
}

/// Notes not beside any field of the form (the cell's counts, a file that does not parse).
fn top_html(d: &Drawing) -> String {
    let placed: Vec<usize> = d
        .sections
        .iter()
        .flat_map(|(_, x)| x.placed.clone())
        .collect();
    let mut out = String::new();
    if let Some(m) = &d.checked.unreadable {
        let _ = write!(out, "<li class=\"error\">{}</li>", escape(m));
    }
    let mut seen = Vec::new();
    for (i, n) in d.checked.notes.iter().enumerate() {
        if !placed.contains(&i) && !seen.contains(&&n.text) {
            seen.push(&n.text);
            let _ = write!(
                out,
                "<li class=\"{}\">{}{}</li>",
                if n.error { "error" } else { "warning" },
                escape(&n.text),
                if n.path.starts_with("cell.") {
                    " (sửa ở trang chi bộ)"
                } else {
                    ""
                }
            );
        }
    }
    if out.is_empty() {
        return String::new();
    }
    format!("<h2>Cần xem lại</h2><ul class=\"msgs\">{out}</ul>")
}

/// Problems per section: values that do not parse, required fields empty, rule errors naming
/// a field of the section.
fn section_problems(d: &Drawing) -> Vec<usize> {
    d.sections
        .iter()
        .map(|(s, drawn)| {
            let rule_errors = d
                .checked
                .notes
                .iter()
                .filter(|n| n.error && s.paths.iter().any(|p| n.path.starts_with(p)))
                .count();
            drawn.problems.len() + drawn.empty.len() + rule_errors
        })
        .collect()
}

/// Which documents are ready: those whose section and every section before it have no
/// problem, when the whole file parses and breaks no rule of the cell.
fn status_html(app: &Shared, case_id: i64, json: &Value, d: &Drawing) -> String {
    let set = json["set"].as_str().unwrap_or("");
    let Ok(manifest) = app.engine.set(set) else {
        return String::new();
    };
    let problems = section_problems(d);
    let blocked = d.checked.unreadable.is_some();
    let mut out = String::from("<h2>Tình trạng hồ sơ</h2><ul class=\"docs\">");
    for doc in &manifest.documents {
        let upto = d
            .sections
            .iter()
            .position(|(s, _)| s.phase == Some(doc.phase.as_str()))
            .unwrap_or(d.sections.len().saturating_sub(1));
        let missing: usize = problems[..=upto.min(problems.len().saturating_sub(1))]
            .iter()
            .sum();
        let ready = !blocked && missing == 0 && d.checked.errors == 0;
        let _ = write!(
            out,
            "<li class=\"{}\"><span class=\"mark\">{}</span> <a href=\"/cases/{case_id}/preview/{}\">{} {}</a> \
             <a class=\"small\" href=\"/cases/{case_id}/file?doc={}&amp;format=pdf\">PDF</a> \
             <a class=\"small\" href=\"/cases/{case_id}/file?doc={}&amp;format=docx\">Word</a></li>",
            if ready { "ready" } else { "todo" },
            if ready {
                "✓ sẵn sàng"
            } else {
                "… chưa đủ"
            },
            escape(&doc.id),
            escape(&doc.id),
            escape(&doc.title),
            escape(&doc.id),
            escape(&doc.id)
        );
    }
    let _ = write!(
        out,
        "</ul><p class=\"actions\"><a class=\"button primary\" href=\"/cases/{case_id}/dossier.zip\">Tải cả hồ sơ (.zip)</a> \
         <a class=\"button\" href=\"/cases/{case_id}/bundle.pdf\">Tải bản in (một tệp PDF)</a> \
         <a class=\"button\" href=\"/cases/{case_id}/case.json\">Xuất tệp JSON</a> \
         <a class=\"button\" href=\"/cases/{case_id}/versions\">Các phiên bản đã lưu</a></p>"
    );
    out
}

fn form_inner(app: &Shared, v: &Viewer, json: &Value, version: i64, d: &Drawing) -> String {
    let set = json["set"].as_str().unwrap_or("");
    let docs = app
        .engine
        .set(set)
        .map(|m| m.documents.clone())
        .unwrap_or_default();
    let mut out = views::hidden(&v.csrf, Some(version));
    out.push_str("<nav class=\"phases\">");
    for (i, (s, _)) in d.sections.iter().enumerate() {
        let _ = write!(out, "<a href=\"#s{i}\">{}</a>", escape(s.title));
    }
    out.push_str("</nav>");
    for (i, (s, drawn)) in d.sections.iter().enumerate() {
        let fed: Vec<String> = docs
            .iter()
            .filter(|doc| s.phase == Some(doc.phase.as_str()))
            .map(|doc| format!("{} {}", doc.id, doc.title))
            .collect();
        let _ = write!(
            out,
            "<section class=\"card phase\" id=\"s{i}\"><h2>{}</h2>",
            escape(s.title)
        );
        if !fed.is_empty() {
            let _ = write!(
                out,
                "<p class=\"feeds\">Dùng cho: {}</p>",
                escape(&fed.join("; "))
            );
        }
        out.push_str(&drawn.html);
        out.push_str("</section>");
    }
    out.push_str(
        "<div class=\"savebar\"><button type=\"submit\" class=\"primary\">Lưu</button>\
         <span class=\"save-state\" role=\"status\"></span></div>",
    );
    out
}

fn title_of(json: &Value) -> String {
    let set = json["set"].as_str().unwrap_or("");
    match json["case"]["subject"].as_str().filter(|s| !s.is_empty()) {
        Some(s) => format!("{}: {s}", views::set_name(set)),
        None => views::set_name(set).to_string(),
    }
}

fn draw_page(
    app: &Shared,
    v: &Viewer,
    case_id: i64,
    cell: &db::CellRow,
    json: &Value,
    version: i64,
    banner: Option<&str>,
) -> Html<String> {
    let d = draw(app, json);
    let title = title_of(json);
    let name = json["cell"]["name"].as_str().unwrap_or("").to_string();
    let mut body = format!("<h1>{}</h1>", escape(&title));
    if cell.demo {
        body.push_str("<p class=\"badge\">ví dụ mẫu</p>");
    }
    if let Some(b) = banner {
        let _ = write!(body, "<p class=\"error\" role=\"alert\">{}</p>", escape(b));
    }
    let _ = write!(
        body,
        "<div class=\"case-layout\"><aside class=\"card\" id=\"status\">{}</aside>\
         <div><div class=\"card top\" id=\"top\">{}</div>\
         <form method=\"post\" action=\"/cases/{case_id}\" class=\"case-form\" data-autosave>{}</form></div></div>",
        status_html(app, case_id, json, &d),
        top_html(&d),
        form_inner(app, v, json, version, &d)
    );
    views::layout(
        &title,
        &[
            (name, format!("/cells/{}", cell.id)),
            (title.clone(), format!("/cases/{case_id}")),
        ],
        &body,
    )
}

pub async fn case_page(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let (case, cell) = case_for(&app, &v, id)?;
    Ok(draw_page(&app, &v, id, &cell, &case.json, case.version, None).into_response())
}

pub async fn save_case(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let (case, cell) = case_for(&app, &v, id)?;
    let posted = Posted::parse(&body);
    let mut json = case.json.clone();
    let set = case.set_id.clone();
    app.form.apply(&form::sections(&set), &mut json, &posted);
    let expected = posted
        .get("_version")
        .and_then(|s| s.parse().ok())
        .unwrap_or(-1);
    let autosave = headers.contains_key("x-autosave");
    let act = posted.get("_act").map(str::to_string);
    match db::save_case(&lock(&app), id, &json, expected)? {
        Ok(version) if autosave => {
            let d = draw(&app, &json);
            let form = act.map(|_| form_inner(&app, &v, &json, version, &d));
            let mut notes = d.checked.notes.clone();
            notes.extend(d.sections.iter().flat_map(|(_, x)| x.problems.clone()));
            let answer = super::pages::autosave_answer(
                version,
                &notes,
                &top_html(&d),
                &status_html(&app, id, &json, &d),
                form,
            );
            Ok(Json(answer).into_response())
        }
        Ok(_) => {
            let anchor = act
                .as_deref()
                .and_then(|a| a.split_once(':'))
                .map(|(_, p)| format!("#{}", form_anchor(p)))
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/cases/{id}{anchor}")).into_response())
        }
        Err(c) if autosave => Ok(super::pages::conflict_json(c.current)),
        Err(c) => {
            let page = draw_page(
                &app,
                &v,
                id,
                &cell,
                &json,
                c.current,
                Some(super::pages::CONFLICT),
            );
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

/// The anchor of the list an add or remove acted on, to come back to it.
fn form_anchor(path: &str) -> String {
    let list = if path.ends_with(']') {
        path.rsplit_once('[').map_or(path, |(l, _)| l)
    } else {
        path
    };
    format!("f-{list}")
}

pub async fn versions_page(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let (case, cell) = case_for(&app, &v, id)?;
    let list = db::versions(&lock(&app), id)?;
    let title = title_of(&case.json);
    let mut body = String::from(
        "<h1>Các phiên bản đã lưu</h1><p>Mỗi lần lưu là một phiên bản; khôi phục một bản cũ tạo một phiên bản mới, không xoá bản nào.</p><table class=\"versions\"><tr><th>Phiên bản</th><th>Lưu lúc (UTC)</th><th></th></tr>",
    );
    for (n, saved, _) in &list {
        let action = if *n == case.version {
            "<td>bản hiện tại</td>".to_string()
        } else {
            format!(
                "<td><form method=\"post\" action=\"/cases/{id}/restore\">{}<input type=\"hidden\" name=\"restore\" value=\"{n}\"><button type=\"submit\">Khôi phục</button></form></td>",
                views::hidden(&v.csrf, Some(case.version))
            )
        };
        let _ = write!(
            body,
            "<tr><td>{n}</td><td>{}</td>{action}</tr>",
            escape(saved)
        );
    }
    body.push_str("</table>");
    let name = cell.json["name"].as_str().unwrap_or("").to_string();
    Ok(views::layout(
        "Các phiên bản",
        &[
            (name, format!("/cells/{}", cell.id)),
            (title, format!("/cases/{id}")),
            ("Phiên bản".to_string(), format!("/cases/{id}/versions")),
        ],
        &body,
    )
    .into_response())
}

pub async fn restore_version(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Page {
    let (case, _) = case_for(&app, &v, id)?;
    let posted = Posted::parse(&body);
    let n: i64 = posted
        .get("restore")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Fail::Bad("thiếu số phiên bản".to_string()))?;
    let expected: i64 = posted
        .get("_version")
        .and_then(|s| s.parse().ok())
        .unwrap_or(-1);
    let old = db::version_json(&lock(&app), id, n)?.ok_or(Fail::NotFound)?;
    match db::save_case(&lock(&app), id, &old, expected)? {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(c) => Err(Fail::Bad(format!(
            "Hồ sơ vừa được sửa ở nơi khác (phiên bản {}, trang này thấy {}); hãy mở lại danh sách phiên bản.",
            c.current, case.version
        ))),
    }
}
