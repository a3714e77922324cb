//! The JSON API for scripts: health, check a case file, render a case file. Stateless: the
//! case comes in the body, nothing is stored.

use super::Shared;
use super::files::{format_of, mime_of, render_file};
use super::pages::Fail;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use hoso::dossier;
use hoso::input::rules::Severity;
use serde_json::json;

pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "ok": true, "version": env!("CARGO_PKG_VERSION") }))
}

fn unprocessable(message: String, findings: serde_json::Value) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "ok": false, "error": message, "findings": findings })),
    )
        .into_response()
}

fn findings_json(findings: &[hoso::input::rules::Finding]) -> serde_json::Value {
    findings
        .iter()
        .map(|f| {
            json!({
                "severity": if f.severity == Severity::Error { "error" } else { "warning" },
                "fields": f.fields,
                "message": f.vi,
                "message_en": f.en,
            })
        })
        .collect()
}

/// `POST /api/check`: the case file in, `{ok, errors, findings}` out (200 even with rule
/// errors: the check itself worked); 422 when the file does not parse.
pub async fn check(State(app): State<Shared>, body: Bytes) -> Response {
    let text = String::from_utf8_lossy(&body);
    let read = match dossier::read(&text, "body") {
        Ok(r) => r,
        Err(e) => return unprocessable(e.to_string(), json!([])),
    };
    match dossier::check(&app.engine, &read.file, &app.rules) {
        Ok(findings) => {
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            Json(json!({ "ok": errors == 0, "errors": errors, "findings": findings_json(&findings) }))
                .into_response()
        }
        Err(e) => unprocessable(e.to_string(), json!([])),
    }
}

#[derive(serde::Deserialize)]
pub struct RenderQuery {
    doc: Option<String>,
    format: Option<String>,
}

/// `POST /api/render?doc=KT-01&format=pdf`: one document, or the zip of all (both formats
/// unless `format` says) when no `doc`; 422 with the findings when a rule is broken.
pub async fn render(
    State(app): State<Shared>,
    Query(q): Query<RenderQuery>,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body);
    let read = match dossier::read(&text, "body") {
        Ok(r) => r,
        Err(e) => return unprocessable(e.to_string(), json!([])),
    };
    let findings = match dossier::check(&app.engine, &read.file, &app.rules) {
        Ok(f) => f,
        Err(e) => return unprocessable(e.to_string(), json!([])),
    };
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return unprocessable(
            "hồ sơ chưa đúng quy định".to_string(),
            findings_json(&findings),
        );
    }
    let formats = match (format_of(q.format.as_deref()), &q.doc) {
        (Ok(f), Some(_)) if f.len() > 1 => vec![dossier::Format::Pdf],
        (Ok(f), _) => f,
        (Err(_), _) => return unprocessable("format: pdf, docx hoặc all".to_string(), json!([])),
    };
    match render_file(&app, read.file, q.doc, formats).await {
        Ok((name, bytes)) => super::files::attachment(&name, mime_of(&name), bytes),
        Err(Fail::Bad(m)) | Err(Fail::Internal(m)) => unprocessable(m, json!([])),
        Err(Fail::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(Fail::Forbidden(m)) => (StatusCode::FORBIDDEN, m).into_response(),
    }
}
