//! The app over HTTP without a browser: versions and conflicts, checks beside fields, the API,
//! downloads and the JSON round trip with the command line.

use super::common::*;
use std::io::Read;

fn unzip_names(bytes: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().to_string())
        .collect()
}

#[test]
fn two_tabs_get_a_conflict_and_old_versions_restore() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let page = s.get("/cases/1", None).text();
    let tab1 = form_fields(&page, "/cases/1");
    let mut tab2 = tab1.clone();
    let mut first = tab1.clone();
    set(&mut first, "case.announcement.place", "Nhà ông Tư");
    assert_eq!(s.post_form("/cases/1", &first, None).status, 303);
    // The second tab still holds version 1: refused, its text kept in the form.
    set(&mut tab2, "case.announcement.place", "Nhà bà Năm");
    let r = s.post_form("/cases/1", &tab2, None);
    assert_eq!(r.status, 409);
    let text = r.text();
    assert!(text.contains("vừa được sửa ở nơi khác") && text.contains("Nhà bà Năm"));
    assert!(s.get("/cases/1", None).text().contains("Nhà ông Tư"));
    // Autosave sees the same conflict, as JSON.
    let r = request(
        &s.addr,
        "POST",
        "/cases/1",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Autosave", "1"),
        ],
        encode(&tab2).as_bytes(),
    );
    assert_eq!(r.status, 409);
    assert!(r.text().contains("\"conflict\":true"));
    // Version 1 restored as version 3.
    let versions = s.get("/cases/1/versions", None).text();
    let mut restore = form_fields(&versions, "/cases/1/restore");
    set(&mut restore, "restore", "1");
    assert_eq!(s.post_form("/cases/1/restore", &restore, None).status, 303);
    let page = s.get("/cases/1", None).text();
    assert!(!page.contains("Nhà ông Tư"));
    assert!(
        s.get("/cases/1/versions", None)
            .text()
            .contains("<td>3</td>")
    );
}

#[test]
fn a_rule_error_shows_beside_its_field_and_blocks_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let mut fields = form_fields(&s.get("/cases/1", None).text(), "/cases/1");
    set(&mut fields, "case.meeting.present_full", "15");
    set(&mut fields, "case.meeting.date", "31/02/2026");
    let r = request(
        &s.addr,
        "POST",
        "/cases/1",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Autosave", "1"),
        ],
        encode(&fields).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let page = s.get("/cases/1", None).text();
    // The date kept as typed, with its message inside its own field.
    let at = page.find("data-path=\"case.meeting.date\"").unwrap();
    let field_html = &page[at..at + page[at..].find("</div>").unwrap()];
    assert!(field_html.contains("value=\"31/02/2026\""));
    assert!(field_html.contains("ngày không hợp lệ"), "{field_html}");
    assert_eq!(s.get("/cases/1/dossier.zip", None).status, 422);
    set(&mut fields, "case.meeting.date", "04/09/2026");
    set(&mut fields, "_version", "2");
    assert_eq!(s.post_form("/cases/1", &fields, None).status, 303);
    let page = s.get("/cases/1", None).text();
    let at = page
        .find("data-path=\"case.meeting.present_full\"")
        .unwrap();
    let field_html = &page[at..at + page[at..].find("</div>").unwrap()];
    assert!(field_html.contains("class=\"error\""), "{field_html}");
    assert!(
        field_html.contains("phải bằng tổng số đảng viên"),
        "{field_html}"
    );
    assert!(page.contains("… chưa đủ"));
}

#[test]
fn a_time_left_out_prints_as_a_blank_and_the_dossier_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let mut fields = form_fields(&s.get("/cases/1", None).text(), "/cases/1");
    // The schema lets the end time be left out: KT-04 then leaves it to be written by hand.
    set(&mut fields, "case.announcement.end_time", "");
    assert_eq!(s.post_form("/cases/1", &fields, None).status, 303);
    let page = s.get("/cases/1", None).text();
    assert!(!page.contains("… chưa đủ"), "every document is ready");
    assert!(!page.contains("Chưa dựng được văn bản"));
    assert_eq!(s.get("/cases/1/dossier.zip", None).status, 200);
}

#[test]
fn the_dossier_page_offers_the_print_bundle_with_a_bookmark_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let page = s.get("/cases/1", None).text();
    assert!(page.contains("href=\"/cases/1/bundle.pdf\""), "{page}");
    let documents = page.matches("format=pdf\">PDF</a>").count();
    let r = s.get("/cases/1/bundle.pdf", None);
    assert_eq!(r.status, 200, "{}", r.text());
    let pdf = lopdf::Document::load_mem(&r.body).expect("the bundle is a PDF");
    let outlines = pdf
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference();
    let outlines = pdf.get_dictionary(outlines.unwrap()).unwrap();
    let count = outlines.get(b"Count").and_then(|c| c.as_i64()).unwrap();
    assert!(documents >= 3, "the case page lists the documents");
    assert_eq!(count as usize, documents, "one bookmark per document");
    assert!(pdf.get_pages().len() >= documents);
}

#[test]
fn api_checks_and_renders_and_json_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let health = s.get("/api/health", None);
    assert_eq!(health.status, 200);
    assert!(health.text().contains("\"ok\":true"));
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/kiem-tra.json"
    ))
    .unwrap();
    let json = [("Content-Type", "application/json")];
    let r = request(&s.addr, "POST", "/api/check", &json, sample.as_bytes());
    assert_eq!(r.status, 200);
    assert!(r.text().contains("\"errors\":0"), "{}", r.text());
    let broken = sample.replace("\"present_full\": 19", "\"present_full\": 15");
    let r = request(&s.addr, "POST", "/api/check", &json, broken.as_bytes());
    assert!(
        r.text().contains("case.meeting.present_full"),
        "{}",
        r.text()
    );
    let r = request(
        &s.addr,
        "POST",
        "/api/render?doc=KT-01&format=pdf",
        &json,
        sample.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"%PDF"));
    let r = request(&s.addr, "POST", "/api/render", &json, sample.as_bytes());
    assert_eq!(r.status, 200);
    assert!(
        unzip_names(&r.body)
            .iter()
            .any(|n| n.ends_with("KT-01-quyet-dinh-kiem-tra.docx"))
    );
    let r = request(&s.addr, "POST", "/api/render", &json, broken.as_bytes());
    assert_eq!(r.status, 422);
    // Exported JSON is the command line's file: it renders with `hoso render`.
    let exported = s.get("/cases/1/case.json", None);
    assert_eq!(exported.status, 200);
    let path = dir.path().join("case.json");
    std::fs::write(&path, &exported.body).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["check"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported: serde_json::Value = serde_json::from_slice(&exported.body).unwrap();
    let original: serde_json::Value = serde_json::from_str(&sample).unwrap();
    assert_eq!(exported, original, "the demo case exports as the sample");
    imports_back(&s, &exported);
    let blank = s.get("/cells/1/blank.zip", None);
    assert_eq!(blank.status, 200);
    let names = unzip_names(&blank.body);
    assert!(
        names
            .iter()
            .any(|n| n.contains("kiem-tra/") && n.ends_with(".pdf")),
        "{names:?}"
    );
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&blank.body)).unwrap();
    let mut first = Vec::new();
    z.by_index(0).unwrap().read_to_end(&mut first).unwrap();
    assert!(!first.is_empty());
}

/// Imported back (as a new cell, with its case): the same file comes out again.
fn imports_back(s: &Server, exported: &serde_json::Value) {
    let token = field(&form_fields(&s.get("/", None).text(), "/cells"), "_csrf")
        .unwrap()
        .to_string();
    let text = serde_json::to_string(exported).unwrap();
    let body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"case.json\"\r\n\
         Content-Type: application/json\r\n\r\n{text}\r\n--XyZ--\r\n"
    );
    let r = request(
        &s.addr,
        "POST",
        &format!("/import?_csrf={token}"),
        &[("Content-Type", "multipart/form-data; boundary=XyZ")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let new_case = r.header("location").unwrap().to_string();
    assert_eq!(new_case, "/cases/4");
    let again = s.get("/cases/4/case.json", None);
    let again: serde_json::Value = serde_json::from_slice(&again.body).unwrap();
    assert_eq!(&again, exported);
}

/// The facts of real cells go through the form: the example's guest is shown, and a team
/// member from outside the cell, added in the form, is printed in the decision with their unit.
#[test]
fn a_guest_and_an_outside_team_member_go_through_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let mut fields = form_fields(&s.get("/cases/1", None).text(), "/cases/1");
    assert_eq!(
        field(&fields, "case.meeting.guests[0].name"),
        Some("Đặng Văn Hùng")
    );
    set(&mut fields, "_act", "add:case.outside_team");
    assert_eq!(s.post_form("/cases/1", &fields, None).status, 303);
    let mut fields = form_fields(&s.get("/cases/1", None).text(), "/cases/1");
    for (k, v) in [
        ("name", "Đặng Thị Lan"),
        ("post", "cán bộ"),
        ("unit", "Ủy ban Kiểm tra Đảng ủy xã Tân Hòa"),
        ("role", "thanh-vien"),
    ] {
        set(&mut fields, &format!("case.outside_team[0].{k}"), v);
    }
    assert_eq!(s.post_form("/cases/1", &fields, None).status, 303);
    let pdf = s.get("/cases/1/file?doc=KT-01&format=pdf", None);
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    let text = pdf_text(&pdf.body, dir.path());
    assert!(
        text.contains("Đồng chí Đặng Thị Lan, cán bộ Ủy ban Kiểm tra"),
        "{text}"
    );
}
