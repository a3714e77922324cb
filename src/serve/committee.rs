//! The committee's view (`/committee`): every cell of its organisation for a year, with the
//! plan, inspection and supervision status that `hoso::tally` derives from the saved cases;
//! sorting and filtering by query string (no script needed), the progress pictures, the
//! report (PDF, DOCX), its CSV, the summary file, and a cell's dossier read only.

use super::auth::Viewer;
use super::files::{attachment, blocking};
use super::pages::{Fail, Page, cell_for, lock};
use super::{Shared, db, views};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use hoso::backend::Format;
use hoso::backend::html::escape;
use hoso::tally::report::{self, ReportInfo, Totals};
use hoso::tally::{CaseJson, CellStatus, Organisation, Progress, Summary, Tally, Track};
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Ask {
    year: Option<u16>,
    /// `name` (default), `met`, `inspection`, `supervision`
    sort: Option<String>,
    /// `all` (default), `met`, `unmet`, `in-progress`, `not-started`
    filter: Option<String>,
    /// On loopback (no login), which organisation to show.
    org: Option<i64>,
}

/// One organisation's count for a year, with each cell's id (for its link).
struct Count {
    org: db::Org,
    tally: Tally,
    ids: Vec<i64>,
}

/// The organisation a viewer counts: a committee's own; on loopback the one asked for or the
/// first. A cell's account is refused.
fn org_of(app: &Shared, v: &Viewer, ask: &Ask) -> Result<db::Org, Fail> {
    let conn = lock(app);
    let id = match v.scope {
        db::Scope::Cell(_) => {
            return Err(Fail::Forbidden(
                "Trang này dành cho Ủy ban kiểm tra; tài khoản của chi bộ không được xem \
                 tình hình của các chi bộ khác."
                    .to_string(),
            ));
        }
        db::Scope::Org(o) => o,
        db::Scope::All => match ask.org {
            Some(o) => o,
            None => db::default_org(&conn)?,
        },
    };
    db::get_org(&conn, id)?.ok_or(Fail::NotFound)
}

/// The year asked for, else the latest year any case counts for, else this year.
fn year_of(ask: &Ask, cases: &[db::CaseRow]) -> u16 {
    ask.year
        .or_else(|| {
            cases
                .iter()
                .filter_map(|c| hoso::tally::case_year(&c.json))
                .max()
        })
        .unwrap_or_else(this_year)
}

fn this_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (1970 + secs / 31_556_952) as u16
}

/// The organisation's name, committee and place, filled from its cells' lines where the
/// organisation record leaves them empty.
fn organisation(org: &db::Org, cells: &[db::CellRow]) -> Organisation {
    let from_cell = cells.first().map(|c| hoso::tally::organisation_of(&c.json));
    let or = |own: &str, f: fn(&Organisation) -> &String| {
        if own.is_empty() {
            from_cell.as_ref().map(f).cloned().unwrap_or_default()
        } else {
            own.to_string()
        }
    };
    Organisation {
        name: org.name.clone(),
        committee: or(&org.committee, |o| &o.committee),
        place: or(&org.place, |o| &o.place),
    }
}

fn count(app: &Shared, v: &Viewer, ask: &Ask) -> Result<Count, Fail> {
    let org = org_of(app, v, ask)?;
    let (cells, cases) = {
        let conn = lock(app);
        (
            db::list_cells(&conn, db::Scope::Org(org.id))?,
            db::cases_in(&conn, db::Scope::Org(org.id))?,
        )
    };
    let year = year_of(ask, &cases);
    let mut by_cell: BTreeMap<i64, Vec<CaseJson>> = BTreeMap::new();
    for c in &cases {
        by_cell.entry(c.cell_id).or_default().push(CaseJson {
            set: &c.set_id,
            json: &c.json,
        });
    }
    let statuses = cells
        .iter()
        .map(|c| {
            let name = c.json["name"].as_str().unwrap_or("");
            let cases = by_cell.get(&c.id).map_or(&[][..], Vec::as_slice);
            hoso::tally::cell_status(name, cases, year)
        })
        .collect();
    let summary = Summary {
        format: hoso::tally::FORMAT.to_string(),
        organisation: organisation(&org, &cells),
        year,
        cells: statuses,
    };
    Ok(Count {
        org,
        tally: Tally::commune(summary),
        ids: cells.iter().map(|c| c.id).collect(),
    })
}

/// Rank of a track for sorting: not started first, then by phase, completed last.
fn track_rank(t: &Track) -> (u8, String) {
    match &t.progress {
        Progress::NotStarted => (0, String::new()),
        Progress::InProgress { phase } => (1, phase.clone()),
        Progress::Completed { date, .. } => (2, date.iso()),
    }
}

fn keep(c: &CellStatus, filter: &str, target: &hoso::template::sets::ReportConfig) -> bool {
    let tracks = [&c.inspection.progress, &c.supervision.progress];
    match filter {
        "met" => c.met(target),
        "unmet" => !c.met(target),
        "in-progress" => tracks
            .iter()
            .any(|p| matches!(p, Progress::InProgress { .. })),
        "not-started" => tracks.iter().any(|p| matches!(p, Progress::NotStarted)),
        _ => true,
    }
}

/// The rows to show, filtered and sorted as asked: `(cell id, status)`.
fn rows<'a>(
    count: &'a Count,
    ask: &Ask,
    target: &hoso::template::sets::ReportConfig,
) -> Vec<(i64, &'a CellStatus)> {
    let filter = ask.filter.as_deref().unwrap_or("all");
    let mut rows: Vec<(i64, &CellStatus)> = count
        .ids
        .iter()
        .copied()
        .zip(count.tally.units[0].cells.iter())
        .filter(|(_, c)| keep(c, filter, target))
        .collect();
    let name = |c: &CellStatus| c.name.to_lowercase();
    match ask.sort.as_deref().unwrap_or("name") {
        "met" => rows.sort_by_key(|(_, c)| (c.met(target), name(c))),
        "inspection" => rows.sort_by_key(|(_, c)| (track_rank(&c.inspection), name(c))),
        "supervision" => rows.sort_by_key(|(_, c)| (track_rank(&c.supervision), name(c))),
        _ => rows.sort_by_key(|(_, c)| name(c)),
    }
    rows
}

/// A status as the page says it, with its state for styles and tests.
fn progress_html(p: &Progress) -> String {
    match p {
        Progress::NotStarted => {
            "<span class=\"st st-not-started\" data-state=\"not-started\">Chưa bắt đầu</span>"
                .to_string()
        }
        Progress::InProgress { phase } => format!(
            "<span class=\"st st-in-progress\" data-state=\"in-progress\">Đang làm: {}</span>",
            escape(phase)
        ),
        Progress::Completed { number, date } => format!(
            "<span class=\"st st-completed\" data-state=\"completed\">Đã xong: số {number:02}, ngày {}</span>",
            date.short()
        ),
    }
}

fn track_html(t: &Track, violation: &str) -> String {
    let mut s = progress_html(&t.progress);
    if let Some(subject) = &t.subject {
        let _ = write!(s, "<br><span class=\"hint\">Đ/c {}</span>", escape(subject));
    }
    if t.violations {
        let _ = write!(s, "<br><strong class=\"error\">{violation}</strong>");
    }
    s
}

/// The query string of this page with one parameter changed.
fn link(ask: &Ask, year: u16, key: &str, value: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("year", &year.to_string());
    let pairs = [
        ("sort", ask.sort.as_deref()),
        ("filter", ask.filter.as_deref()),
    ];
    for (k, v) in pairs {
        let v = if k == key { Some(value) } else { v };
        if let Some(v) = v {
            q.append_pair(k, v);
        }
    }
    if let Some(o) = ask.org {
        q.append_pair("org", &o.to_string());
    }
    escape(&format!("?{}", q.finish()))
}

fn controls(ask: &Ask, year: u16) -> String {
    let mut s = format!(
        "<form method=\"get\" action=\"/committee\" class=\"inline no-print\">\
         <label for=\"year\">Năm</label> <input id=\"year\" name=\"year\" type=\"number\" \
         min=\"2000\" max=\"2100\" value=\"{year}\"> <button type=\"submit\">Xem</button></form>\
         <p class=\"no-print\">Lọc: "
    );
    let filters = [
        ("all", "tất cả"),
        ("met", "đạt chỉ tiêu"),
        ("unmet", "chưa đạt"),
        ("in-progress", "đang làm"),
        ("not-started", "chưa bắt đầu"),
    ];
    let current = ask.filter.as_deref().unwrap_or("all");
    for (k, label) in filters {
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"chip{}\" data-filter=\"{k}\">{label}</a> ",
            link(ask, year, "filter", k),
            if k == current { " on" } else { "" }
        );
    }
    s.push_str("</p>");
    s
}

fn table(count: &Count, ask: &Ask, target: &hoso::template::sets::ReportConfig) -> String {
    let year = count.tally.year;
    let head = |key: &str, label: &str| {
        format!(
            "<th><a href=\"{}\" data-sort=\"{key}\">{label}</a></th>",
            link(ask, year, "sort", key)
        )
    };
    let mut s = format!(
        "<div class=\"committee-wrap\"><table class=\"committee\" id=\"cells\"><thead><tr>{}<th>Kế hoạch năm</th>{}{}{}</tr></thead><tbody>",
        head("name", "Chi bộ"),
        head("inspection", "Kiểm tra"),
        head("supervision", "Giám sát chuyên đề"),
        head("met", "Đạt chỉ tiêu")
    );
    for (id, c) in rows(count, ask, target) {
        let _ = write!(
            s,
            "<tr data-cell=\"{id}\"><td><a href=\"/committee/cells/{id}?year={year}\">{}</a></td>\
             <td data-track=\"plan\">{}</td><td data-track=\"inspection\">{}</td>\
             <td data-track=\"supervision\">{}</td><td data-met=\"{}\">{}</td></tr>",
            escape(&c.name),
            progress_html(&c.plan),
            track_html(&c.inspection, "có vi phạm"),
            track_html(&c.supervision, "có dấu hiệu vi phạm"),
            c.met(target),
            if c.met(target) { "Đạt" } else { "Chưa" }
        );
    }
    s.push_str("</tbody></table></div>");
    s
}

fn downloads(year: u16, ask: &Ask) -> String {
    let org = ask.org.map(|o| format!("&org={o}")).unwrap_or_default();
    let items = [
        ("report.pdf", "Báo cáo (PDF)"),
        ("report.docx", "Báo cáo (Word)"),
        ("report.csv", "Bảng tổng hợp (CSV, Excel)"),
        ("summary.json", "Tệp tổng hợp gửi cấp trên (JSON)"),
    ];
    let mut s = String::from("<ul class=\"links no-print\">");
    for (file, label) in items {
        let _ = write!(
            s,
            "<li><a href=\"/committee/{file}?year={year}{}\">{label}</a></li>",
            escape(&org)
        );
    }
    s.push_str("</ul>");
    s
}

pub async fn page(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Query(ask): Query<Ask>,
) -> Page {
    let count = count(&app, &v, &ask)?;
    let target = report::target(&app.engine)?;
    let t = Totals::of(count.tally.cells().map(|(_, c)| c), &target);
    let year = count.tally.year;
    let mut body = format!(
        "<h1>Ủy ban kiểm tra · {} · năm {year}</h1>{}\
         <p class=\"summary\" id=\"totals\" data-cells=\"{}\" data-met=\"{}\"><strong>{}/{} chi bộ đạt chỉ tiêu ({})</strong>; \
         kiểm tra xong {}, giám sát xong {}, kế hoạch năm {}.</p>",
        escape(&count.org.name),
        controls(&ask, year),
        t.cells,
        t.met,
        t.met,
        t.cells,
        report::percent(t.met, t.cells),
        t.inspections,
        t.supervisions,
        t.plans
    );
    let _ = write!(
        body,
        "<div class=\"charts\">{}{}</div>{}{}",
        hoso::tally::chart::by_month(&count.tally, &target),
        hoso::tally::chart::by_status(&count.tally),
        table(&count, &ask, &target),
        downloads(year, &ask)
    );
    Ok(views::layout("Ủy ban kiểm tra", &[], &body).into_response())
}

/// `/committee/{file}`: the report, its CSV, the summary, a picture.
pub async fn download(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(file): Path<String>,
    Query(ask): Query<Ask>,
) -> Page {
    let count = count(&app, &v, &ask)?;
    let year = count.tally.year;
    let target = report::target(&app.engine)?;
    let svg = |text: String| {
        Ok((
            [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
            text,
        )
            .into_response())
    };
    let format = match file.as_str() {
        "report.pdf" => Format::Pdf,
        "report.docx" => Format::Docx,
        "report.csv" => {
            return Ok(attachment(
                &format!("tong-hop-{year}.csv"),
                "text/csv; charset=utf-8",
                report::csv(&count.tally, &target),
            ));
        }
        "summary.json" => {
            let summary = &count.tally.units[0];
            return Ok(attachment(
                &format!("tong-hop-{year}-dv{}.json", count.org.id),
                "application/json",
                hoso::tally::summary_json(summary),
            ));
        }
        "by-month.svg" => return svg(hoso::tally::chart::by_month(&count.tally, &target)),
        "by-status.svg" => return svg(hoso::tally::chart::by_status(&count.tally)),
        _ => return Err(Fail::NotFound),
    };
    let app2 = app.clone();
    let tally = count.tally;
    let out = blocking(&app, move || {
        report::render(
            &app2.engine,
            &tally,
            &ReportInfo::default(),
            &[format],
            &Default::default(),
        )
        .map_err(Fail::from)
    })
    .await?;
    let o = out.into_iter().next().ok_or(Fail::NotFound)?;
    Ok(attachment(
        &o.file_name,
        super::files::mime_of(&o.file_name),
        o.bytes,
    ))
}

/// A cell's dossier for the committee, read only: its cases with their status and the
/// previews and downloads of their documents.
pub async fn cell_dossier(
    State(app): State<Shared>,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    Query(ask): Query<Ask>,
) -> Page {
    let org = org_of(&app, &v, &ask)?;
    let cell = cell_for(&app, &v, id)?;
    if cell.org_id != Some(org.id) && v.read_only() {
        return Err(Fail::NotFound);
    }
    let cases = db::list_cases(&lock(&app), id)?;
    let name = cell.json["name"].as_str().unwrap_or("").to_string();
    let mut body = format!(
        "<h1>{}</h1><p class=\"hint\">Hồ sơ của chi bộ, chỉ xem.</p><ul class=\"cards\">",
        escape(&name)
    );
    for k in &cases {
        let progress = match k.set_id.as_str() {
            "nam" => String::new(),
            _ => progress_html(&hoso::tally::case_progress(&k.json["case"])),
        };
        let _ = write!(
            body,
            "<li class=\"card\" data-case=\"{}\"><h2>{}</h2><p>{} {}</p>{}</li>",
            k.id,
            views::set_name(&k.set_id),
            escape(k.json["case"]["subject"].as_str().unwrap_or("")),
            progress,
            documents(&app, k)
        );
    }
    body.push_str("</ul>");
    let crumbs = [("Ủy ban kiểm tra".to_string(), "/committee".to_string())];
    Ok(views::layout(&name, &crumbs, &body).into_response())
}

/// Links to each document's preview and files, and the dossier zip.
fn documents(app: &Shared, k: &db::CaseRow) -> String {
    let Ok(set) = app.engine.set(&k.set_id) else {
        return String::new();
    };
    let mut s = String::from("<ul class=\"links\">");
    for d in &set.documents {
        let _ = write!(
            s,
            "<li><a href=\"/cases/{id}/preview/{doc}\">{doc} {title}</a> · \
             <a href=\"/cases/{id}/file?doc={doc}&amp;format=pdf\">PDF</a></li>",
            id = k.id,
            doc = escape(&d.id),
            title = escape(&d.title)
        );
    }
    let _ = write!(
        s,
        "<li><a href=\"/cases/{}/dossier.zip\">Cả hồ sơ (zip)</a></li></ul>",
        k.id
    );
    s
}
