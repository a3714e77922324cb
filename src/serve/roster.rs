//! Roster import: a member CSV saved from Excel (comma or semicolon, Vietnamese or English
//! headers), a bare list of names, or the command line's cells CSV; merged into the cell.

use super::auth::Viewer;
use super::files::upload_text;
use super::pages::{Fail, Page, cell_for, lock};
use super::{Shared, db};
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use serde_json::{Value, json};

pub async fn import_roster(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Page {
    let cell = cell_for(&app, &v, id)?;
    let text = upload_text(mp).await?;
    if text.trim().is_empty() {
        return Err(Fail::Bad("Chưa chọn tệp hay dán danh sách.".to_string()));
    }
    let merged = merge(&cell.json, &text)?;
    match db::save_cell(&lock(&app), id, &merged, cell.version)? {
        Ok(_) => Ok(Redirect::to(&format!("/cells/{id}")).into_response()),
        Err(_) => Err(Fail::Bad(
            "Chi bộ vừa được sửa ở nơi khác; hãy thử lại.".to_string(),
        )),
    }
}

/// The cell with the imported members merged in (same name: updated; new: added), or the
/// cells CSV's first cell replacing it.
pub fn merge(cell: &Value, text: &str) -> Result<Value, Fail> {
    let first = text.lines().next().unwrap_or("").to_lowercase();
    if first.contains("inspection_committee") {
        let mut rows = hoso::input::cells::CsvRows::from_text(text.to_string(), "tệp CSV")
            .map_err(|e| Fail::Bad(e.to_string()))?;
        let row = rows
            .next()
            .ok_or_else(|| Fail::Bad("Tệp không có dòng nào.".to_string()))?;
        let c = row
            .cell
            .map_err(|e| Fail::Bad(format!("{} {}: {}", row.place, e.field, e.message)))?;
        return serde_json::to_value(c).map_err(|e| Fail::Internal(e.to_string()));
    }
    let mut out = cell.clone();
    let members = read_members(text)?;
    let list = out["members"].as_array_mut();
    let Some(list) = list else {
        return Err(Fail::Internal(
            "chi bộ không có danh sách đảng viên".to_string(),
        ));
    };
    for m in members {
        match list.iter_mut().find(|x| x["name"] == m["name"]) {
            Some(existing) => {
                for (k, val) in m.as_object().into_iter().flatten() {
                    if !val.is_null() {
                        existing[k] = val.clone();
                    }
                }
            }
            None => list.push(complete(m)),
        }
    }
    let n = list.len() as u64;
    let prob = list
        .iter()
        .filter(|m| m["probationary"] == json!(true))
        .count() as u64;
    // Counts the user set are kept; an empty cell takes the roster's.
    if out["total_members"].as_u64().unwrap_or(0) < n {
        out["total_members"] = json!(n);
        out["probationary_members"] = json!(prob);
        out["full_members"] = json!(n - prob);
    }
    Ok(out)
}

const NAME: &[&str] = &["name", "họ và tên", "họ tên", "ho_ten", "ho ten"];
const POST: &[&str] = &["post", "chức vụ", "chuc_vu"];
const CELL_POST: &[&str] = &["cell_post", "chức vụ trong chi bộ"];
const PROBATIONARY: &[&str] = &["probationary", "dự bị", "du_bi"];
const BORN: &[&str] = &["born", "năm sinh", "nam_sinh"];
const JOB: &[&str] = &["job", "nghề nghiệp", "nơi công tác"];

fn read_members(text: &str) -> Result<Vec<Value>, Fail> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let headers: Vec<String> = first
        .split(delimiter as char)
        .map(|h| h.trim().trim_matches('"').to_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(name_col) = col(NAME) else {
        // No header: one name per line.
        return Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| member(l, None, None, None, None, None))
            .collect());
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Fail::Bad(format!("dòng {}: {e}", i + 2)))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(name) = get(Some(name_col)) else {
            continue;
        };
        let prob = col(PROBATIONARY).map(|c| {
            get(Some(c)).is_some_and(|v| {
                ["1", "x", "có", "co", "true", "dự bị"].contains(&v.to_lowercase().as_str())
            })
        });
        let cell_post = get(col(CELL_POST)).map(cell_post_of);
        out.push(member(
            name,
            get(col(POST)),
            cell_post,
            prob,
            get(col(BORN)),
            get(col(JOB)),
        ));
    }
    Ok(out)
}

fn cell_post_of(v: &str) -> &'static str {
    match v.to_lowercase().as_str() {
        "bi-thu" | "bí thư" => "bi-thu",
        "pho-bi-thu" | "phó bí thư" => "pho-bi-thu",
        "chi-uy-vien" | "chi ủy viên" | "chi uỷ viên" => "chi-uy-vien",
        _ => "dang-vien",
    }
}

/// A member's fields that the import names (absent columns stay out, so that a merge
/// keeps what the roster had).
fn member(
    name: &str,
    post: Option<&str>,
    cell_post: Option<&str>,
    probationary: Option<bool>,
    born: Option<&str>,
    job: Option<&str>,
) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("name".into(), json!(hoso_clean(name)));
    if let Some(p) = post {
        m.insert("post".into(), json!(p));
    }
    if let Some(p) = cell_post {
        m.insert("cell_post".into(), json!(p));
    }
    if let Some(p) = probationary {
        m.insert("probationary".into(), json!(p));
    }
    if let Some(b) = born.and_then(|b| b.parse::<u16>().ok()) {
        m.insert("born".into(), json!(b));
    }
    if let Some(j) = job {
        m.insert("job".into(), json!(j));
    }
    Value::Object(m)
}

/// A new roster entry: the imported fields over the defaults of an empty member.
fn complete(m: Value) -> Value {
    let mut full = json!({"name": "", "post": null, "cell_post": "dang-vien", "born": null,
        "admitted": null, "job": null, "probationary": false});
    for (k, v) in m.as_object().into_iter().flatten() {
        full[k] = v.clone();
    }
    full
}

fn hoso_clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excel_csv_merges_into_the_roster() {
        let cell = super::super::form::new_cell_json("Chi bộ A");
        let text = "Họ và tên;Chức vụ;Dự bị\nNguyễn Văn An;bí thư chi bộ;\nLê Thị B;đảng viên;x\n";
        let out = merge(&cell, text).unwrap_or_else(|_| panic!("merge failed"));
        let members = out["members"].as_array().unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[1]["name"], "Lê Thị B");
        assert_eq!(members[1]["probationary"], true);
        assert_eq!(out["total_members"], 2);
        assert_eq!(out["probationary_members"], 1);
        let again = merge(&out, "Nguyễn Văn An\nTrần C\n").unwrap_or_else(|_| panic!("merge"));
        assert_eq!(again["members"].as_array().unwrap().len(), 3);
        assert_eq!(again["members"][0]["post"], "bí thư chi bộ");
    }
}
