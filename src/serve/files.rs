//! Files in and out: the preview page, one document (DOCX or PDF), the dossier zip and print
//! bundle, the cell's blank set, and case JSON export and import. Rendering runs on the blocking pool; file names
//! sent are made from document ids, never from what a request says.

use super::auth::Viewer;
use super::pages::{Fail, Page, case_for, cell_for, lock};
use super::{Shared, db, views};
use axum::Extension;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use hoso::backend::html::escape;
use hoso::dossier::{self, Format, Output, Selection};
use hoso::input::CaseFile;
use hoso::template::RenderOptions;
use serde_json::Value;

/// The case file a case's JSON holds, refused with the rule errors when it has any: the
/// documents of a case that breaks a rule would be wrong.
pub fn checked_file(app: &Shared, json: &Value) -> Result<CaseFile, Fail> {
    let read = dossier::read(&super::form::pruned(json).to_string(), "hồ sơ")
        .map_err(|e| Fail::Bad(e.to_string()))?;
    let findings = dossier::check(&app.engine, &read.file, &app.rules)
        .map_err(|e| Fail::Bad(e.to_string()))?;
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == hoso::input::rules::Severity::Error)
        .map(|f| f.vi.clone())
        .collect();
    if !errors.is_empty() {
        return Err(Fail::Bad(format!(
            "Hồ sơ còn {} lỗi, hãy sửa trước: {}",
            errors.len(),
            errors.join("; ")
        )));
    }
    Ok(read.file)
}

/// Runs a render off the async workers, at most `App::renders` at a time: a render holds
/// every document of its set in memory, so unbounded concurrency would trade a queue for
/// gigabytes (200 simultaneous dossier zips took 2 GB before this limit).
pub async fn blocking<T: Send + 'static>(
    app: &Shared,
    f: impl FnOnce() -> Result<T, Fail> + Send + 'static,
) -> Result<T, Fail> {
    let _permit = app
        .renders
        .acquire()
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?
}

/// A download: the bytes with their type and an ASCII file name.
pub fn attachment(name: &str, mime: &'static str, bytes: Vec<u8>) -> Response {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub fn mime_of(name: &str) -> &'static str {
    if name.ends_with(".pdf") {
        "application/pdf"
    } else if name.ends_with(".docx") {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    } else if name.ends_with(".zip") {
        "application/zip"
    } else {
        "application/octet-stream"
    }
}

fn options(file: &CaseFile) -> RenderOptions {
    RenderOptions {
        author: Some(file.cell.name.clone()),
        date: None,
        ..RenderOptions::default()
    }
}

pub async fn preview_page(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path((id, doc)): Path<(i64, String)>,
) -> Page {
    let (case, cell) = case_for(&app, &v, id)?;
    let file = checked_file(&app, &case.json)?;
    let manifest = app.engine.set(&file.set)?;
    let spec = manifest
        .documents
        .iter()
        .find(|d| d.id == doc)
        .ok_or(Fail::NotFound)?
        .clone();
    let app2 = app.clone();
    let html = blocking(&app, move || {
        // What the preview shows is not yet the file downloaded and signed: a draft.
        let opts = RenderOptions {
            draft: true,
            ..options(&file)
        };
        hoso::backend::html::preview(&app2.engine, &file, &spec.id, &opts).map_err(Fail::from)
    })
    .await?;
    let title = format!(
        "{} {}",
        doc,
        manifest
            .documents
            .iter()
            .find(|d| d.id == doc)
            .map_or("", |d| d.title.as_str())
    );
    let body = format!(
        "<h1>{}</h1><p class=\"actions\"><a class=\"button primary\" href=\"/cases/{id}/file?doc={}&amp;format=pdf\">Tải PDF</a> \
         <a class=\"button\" href=\"/cases/{id}/file?doc={}&amp;format=docx\">Tải Word</a> \
         <a class=\"button\" href=\"/cases/{id}\">Về biểu mẫu</a></p><div class=\"preview\">{html}</div>",
        escape(&title),
        escape(&doc),
        escape(&doc)
    );
    let name = cell.json["name"].as_str().unwrap_or("").to_string();
    Ok(views::layout(
        &title,
        &[
            (name, format!("/cells/{}", cell.id)),
            ("Hồ sơ".to_string(), format!("/cases/{id}")),
        ],
        &body,
    )
    .into_response())
}

#[derive(serde::Deserialize)]
pub struct FileQuery {
    doc: Option<String>,
    format: Option<String>,
}

pub fn format_of(s: Option<&str>) -> Result<Vec<Format>, Fail> {
    match s {
        None | Some("all") => Ok(vec![Format::Docx, Format::Pdf]),
        Some("pdf") => Ok(vec![Format::Pdf]),
        Some("docx") => Ok(vec![Format::Docx]),
        Some(_) => Err(Fail::Bad(
            "định dạng chỉ có thể là pdf, docx hoặc all".to_string(),
        )),
    }
}

/// Renders a case: one document in one format as itself, otherwise a zip.
pub async fn render_file(
    app: &Shared,
    file: CaseFile,
    doc: Option<String>,
    formats: Vec<Format>,
) -> Result<(String, Vec<u8>), Fail> {
    let app2 = app.clone();
    blocking(app, move || {
        let single = doc.is_some() && formats.len() == 1;
        let selection = Selection {
            formats,
            docs: doc.into_iter().collect(),
            bundle: false,
        };
        let outputs = dossier::render(&app2.engine, &file, &selection, &options(&file))
            .map_err(|e| Fail::Bad(e.to_string()))?;
        if single && outputs.len() == 1 {
            let o = outputs.into_iter().next().expect("one output");
            return Ok((o.file_name, o.bytes));
        }
        let folder = format!("ho-so-{}", file.set);
        Ok((format!("{folder}.zip"), dossier::zip(&folder, &outputs)))
    })
    .await
}

pub async fn download_one(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    Query(q): Query<FileQuery>,
) -> Page {
    let (case, _) = case_for(&app, &v, id)?;
    let file = checked_file(&app, &case.json)?;
    let formats = format_of(q.format.as_deref())?;
    let (name, bytes) = render_file(&app, file, q.doc, formats).await?;
    Ok(attachment(&name, mime_of(&name), bytes))
}

pub async fn download_zip(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let (case, _) = case_for(&app, &v, id)?;
    let file = checked_file(&app, &case.json)?;
    let (name, bytes) = render_file(&app, file, None, vec![Format::Docx, Format::Pdf]).await?;
    Ok(attachment(&name, mime_of(&name), bytes))
}

/// The whole dossier as one PDF to print, a bookmark per document.
pub async fn download_bundle(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let (case, _) = case_for(&app, &v, id)?;
    let file = checked_file(&app, &case.json)?;
    let app2 = app.clone();
    let out = blocking(&app, move || {
        dossier::render_bundle(&app2.engine, &file, &options(&file)).map_err(Fail::from)
    })
    .await?;
    Ok(attachment(&out.file_name, "application/pdf", out.bytes))
}

pub async fn export_json(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let (case, _) = case_for(&app, &v, id)?;
    let mut text = serde_json::to_string_pretty(&super::form::pruned(&case.json))
        .map_err(|e| Fail::Internal(e.to_string()))?;
    text.push('\n');
    let name = format!("{}-{id}.json", case.set_id);
    Ok(attachment(&name, "application/json", text.into_bytes()))
}

pub async fn blank_zip(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Page {
    let cell_row = cell_for(&app, &v, id)?;
    let cell: hoso::input::Cell = serde_json::from_value(cell_row.json.clone())
        .map_err(|e| Fail::Bad(format!("Thông tin chi bộ chưa đủ để in bộ mẫu: {e}")))?;
    let app2 = app.clone();
    let bytes = blocking(&app, move || {
        let mut outputs: Vec<Output> = Vec::new();
        for set in ["nam", "kiem-tra", "giam-sat"] {
            let opts = RenderOptions {
                author: Some(cell.name.clone()),
                date: None,
                ..RenderOptions::default()
            };
            for mut o in dossier::render_blank(
                &app2.engine,
                set,
                Some(&cell),
                &[Format::Docx, Format::Pdf],
                &opts,
            )? {
                o.file_name = format!("{set}/{}", o.file_name);
                outputs.push(o);
            }
        }
        Ok(dossier::zip("bo-mau-in-san", &outputs))
    })
    .await?;
    Ok(attachment("bo-mau-in-san.zip", "application/zip", bytes))
}

/// The text of the first file (or `text` field) of a multipart form.
pub async fn upload_text(mut mp: Multipart) -> Result<String, Fail> {
    let mut text = String::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| Fail::Bad(e.to_string()))?
    {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|e| Fail::Bad(e.to_string()))?;
        if (name == "file" || name == "text") && !bytes.is_empty() && text.trim().is_empty() {
            text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                Fail::Bad("Tệp không phải chữ UTF-8: trong Excel hãy lưu «CSV UTF-8».".to_string())
            })?;
        }
    }
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// A case file's JSON, checked enough to store: it is a JSON object of a known set.
fn imported(text: &str) -> Result<Value, Fail> {
    let json: Value = serde_json::from_str(text)
        .map_err(|e| Fail::Bad(format!("Tệp không phải JSON hợp lệ: {e}")))?;
    let set = json["set"].as_str().unwrap_or("");
    if !["kiem-tra", "giam-sat", "nam"].contains(&set) {
        return Err(Fail::Bad(
            "Tệp không phải hồ sơ của hoso (thiếu «set»).".to_string(),
        ));
    }
    Ok(json)
}

pub async fn import_case(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Page {
    let cell = cell_for(&app, &v, id)?;
    let mut json = imported(&upload_text(mp).await?)?;
    // The cell is stored once: the file's own cell part gives way to the cell record.
    json["cell"] = cell.json.clone();
    let set = json["set"].as_str().unwrap_or("").to_string();
    let case_id = db::create_case(&lock(&app), id, &set, &json)?;
    Ok(Redirect::to(&format!("/cases/{case_id}")).into_response())
}

pub async fn import_new_cell(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    mp: Multipart,
) -> Page {
    if v.is_cell() {
        return Err(Fail::NotFound);
    }
    let json = imported(&upload_text(mp).await?)?;
    if !json["cell"].is_object() {
        return Err(Fail::Bad("Tệp không có phần «cell».".to_string()));
    }
    let set = json["set"].as_str().unwrap_or("").to_string();
    let conn = lock(&app);
    let cell_id = db::create_cell(&conn, &json["cell"], false, v.org())?;
    let case_id = db::create_case(&conn, cell_id, &set, &json)?;
    Ok(Redirect::to(&format!("/cases/{case_id}")).into_response())
}
