//! The real-browser test: Chromium driven through chromedriver (fantoccini) does what a new
//! cell secretary does, on a desktop window and on a 360×740 phone screen.
//!
//! Without chromedriver the test is skipped with a message, unless HOSO_REQUIRE_CLIENTS=1.
//! With HOSO_SCREENSHOTS=1 it writes the screenshots to docs/web-*.png.

use super::common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const MEMBERS: [&str; 10] = [
    "Nguyễn Văn Một",
    "Trần Thị Hai",
    "Lê Văn Ba",
    "Phạm Thị Tư",
    "Võ Văn Năm",
    "Huỳnh Thị Sáu",
    "Đặng Văn Bảy",
    "Bùi Thị Tám",
    "Đỗ Văn Chín",
    "Hồ Thị Mười",
];

pub(super) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(super) async fn browser(profile: &Path) -> Option<(Driver, Client)> {
    if !Path::new(CHROMEDRIVER).exists() {
        assert!(
            std::env::var("HOSO_REQUIRE_CLIENTS").as_deref() != Ok("1"),
            "chromedriver is missing and HOSO_REQUIRE_CLIENTS=1"
        );
        println!("SKIPPED: {CHROMEDRIVER} is not installed");
        return None;
    }
    let port = free_port();
    let driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        json!({ "args": args, "binary": "/usr/bin/chromium" }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session");
    Some((driver, client))
}

pub(super) async fn css(c: &Client, sel: &str) -> fantoccini::elements::Element {
    match c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(sel))
        .await
    {
        Ok(e) => e,
        Err(e) => {
            let text = js(c, "return document.body.innerText").await;
            panic!("{sel}: {e}\npage: {text}")
        }
    }
}

fn by_name(name: &str) -> String {
    format!("[name=\"{name}\"]")
}

/// Clicks an element after scrolling it to the middle of the screen (the sticky save bar
/// would take a click at the bottom edge).
async fn click(c: &Client, sel: &str) {
    let e = css(c, sel).await;
    c.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); return 0",
        vec![json!(sel)],
    )
    .await
    .unwrap();
    e.click().await.unwrap();
}

async fn fill(c: &Client, name: &str, value: &str) {
    let e = css(c, &by_name(name)).await;
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

async fn choose(c: &Client, name: &str, label: &str) {
    css(c, &by_name(name))
        .await
        .select_by_label(label)
        .await
        .unwrap();
}

pub(super) async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Waits until the form's autosave has caught up ("Đã lưu …", nothing in flight).
async fn saved(c: &Client) {
    // Leave the field being typed in, so that its change event fires now.
    js(
        c,
        "document.activeElement && document.activeElement.blur(); return 0",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = js(
            c,
            "var f=document.querySelector('form[data-autosave]');\
             var s=f.querySelector('.save-state');\
             return [s?s.textContent:'', f.dataset.saving||''];",
        )
        .await;
        if state[0].as_str().unwrap_or("").starts_with("Đã lưu") && state[1] == "" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "autosave did not finish: {state}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn click_button(c: &Client, text: &str) {
    let buttons = c.find_all(Locator::Css("button")).await.unwrap();
    for b in buttons {
        if b.text().await.unwrap_or_default().trim() == text {
            c.execute(
                "arguments[0].scrollIntoView({block: 'center'}); return 0",
                vec![serde_json::to_value(&b).unwrap()],
            )
            .await
            .unwrap();
            b.click().await.unwrap();
            return;
        }
    }
    panic!("no button «{text}»");
}

/// On a phone: the page must not scroll sideways.
async fn fits(c: &Client, phone: bool, what: &str) {
    if !phone {
        return;
    }
    let w = js(
        c,
        "return [document.documentElement.scrollWidth, window.innerWidth]",
    )
    .await;
    assert!(
        w[0].as_u64() <= w[1].as_u64(),
        "{what}: scrollWidth {} > innerWidth {}",
        w[0],
        w[1]
    );
}

pub(super) async fn shot(c: &Client, name: &str, dir: &Path) {
    js(c, "window.scrollTo(0, 0); return 0").await;
    let png = c.screenshot().await.unwrap();
    let to = if std::env::var("HOSO_SCREENSHOTS").is_ok() {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(format!("web-{name}.png"))
    } else {
        dir.join(format!("web-{name}.png"))
    };
    std::fs::write(to, png).unwrap();
}

/// Creates the cell with its ten members; returns the cell page's address.
async fn make_cell(c: &Client, base: &str, cell: &str) -> String {
    c.goto(base).await.unwrap();
    fill(c, "name", cell).await;
    click_button(c, "Tạo chi bộ").await;
    css(c, "#roster-text")
        .await
        .send_keys(&MEMBERS.join("\n"))
        .await
        .unwrap();
    click_button(c, "Nhập danh sách").await;
    css(c, &by_name("cell.members[9].name")).await;
    let url = c.current_url().await.unwrap().to_string();
    // A member added and removed again, in place.
    click(c, "button[value=\"add:cell.members\"]").await;
    saved(c).await;
    fill(c, "cell.members[10].name", "Người Tạm").await;
    saved(c).await;
    click(c, "button[value=\"del:cell.members[10]\"]").await;
    saved(c).await;
    let left = js(
        c,
        "return document.querySelectorAll('[name^=\"cell.members[\"][name$=\"].name\"]').length",
    )
    .await;
    assert_eq!(left, json!(10));
    fill(c, "cell.superior", "Đảng bộ xã Thử Nghiệm").await;
    fill(c, "cell.place", "Thử Nghiệm").await;
    fill(
        c,
        "cell.inspection_committee",
        "Ủy ban Kiểm tra Đảng ủy xã Thử Nghiệm",
    )
    .await;
    choose(c, "cell.members[0].cell_post", "Bí thư chi bộ").await;
    choose(c, "cell.members[1].cell_post", "Phó Bí thư chi bộ").await;
    click(c, &by_name("cell.members[9].probationary")).await;
    fill(c, "cell.full_members", "9").await;
    fill(c, "cell.probationary_members", "1").await;
    saved(c).await;
    url
}

const PREPARE: &[(&str, &str)] = &[
    ("annual_plan.number", "1"),
    ("annual_plan.date", "15/01/2026"),
    (
        "case.contents[0].text",
        "việc chấp hành Điều lệ Đảng, nghị quyết của chi bộ",
    ),
    (
        "case.contents[0].self_report",
        "Tôi chấp hành nghiêm Điều lệ Đảng.",
    ),
    (
        "case.contents[0].finding",
        "Đồng chí chấp hành Điều lệ Đảng.",
    ),
    ("case.period.from", "01/01/2025"),
    ("case.period.to", "30/06/2026"),
    ("case.start", "03/08/2026"),
    ("case.end", "08/09/2026"),
    ("case.proposed_by", "đồng chí Bí thư Chi bộ"),
    ("case.report_deadline", "31/08/2026"),
    ("case.decision.number", "2"),
    ("case.decision.date", "03/08/2026"),
    ("case.plan.number", "2"),
    ("case.plan.date", "04/08/2026"),
    ("case.announcement.date", "07/08/2026"),
    ("case.announcement.time", "08:00"),
    ("case.announcement.end_time", "09:30"),
    ("case.announcement.place", "Nhà văn hóa ấp Thử Nghiệm"),
    (
        "case.announcement.proceedings[0]",
        "Tổ kiểm tra công bố quyết định và kế hoạch.",
    ),
];

const CONDUCT: &[(&str, &str)] = &[
    ("case.self_report.due", "17/08/2026"),
    ("case.self_report.received", "17/08/2026"),
    ("case.self_report.strengths[0]", "Chấp hành tốt nghị quyết."),
    ("case.self_report.shortcomings[0]", "Có lúc báo cáo chậm."),
    ("case.self_report.causes[0]", "Công việc nhiều."),
    ("case.self_report.proposals[0]", "Đề nghị Chi bộ góp ý."),
    ("case.working_session.date", "20/08/2026"),
    ("case.working_session.time", "14:00"),
    ("case.working_session.end_time", "16:00"),
    ("case.working_session.place", "Nhà văn hóa ấp Thử Nghiệm"),
    (
        "case.working_session.proceedings[0]",
        "Tổ nghe đảng viên trình bày báo cáo.",
    ),
    ("case.verification.date", "24/08/2026"),
    ("case.verification.time", "08:00"),
    ("case.verification.end_time", "09:00"),
    ("case.verification.place", "Nhà văn hóa ấp Thử Nghiệm"),
    (
        "case.verification.proceedings[0]",
        "Ban công tác Mặt trận xác nhận.",
    ),
    (
        "case.verification.with",
        "Ban công tác Mặt trận ấp Thử Nghiệm",
    ),
    ("case.verification.representative.name", "Mai Văn Khách"),
    (
        "case.verification.representative.post",
        "Trưởng Ban công tác Mặt trận ấp",
    ),
    ("case.team_report.date", "28/08/2026"),
];

const CONCLUDE: &[(&str, &str)] = &[
    ("case.meeting.date", "04/09/2026"),
    ("case.meeting.time", "19:00"),
    ("case.meeting.end_time", "21:00"),
    ("case.meeting.place", "Hội trường ấp Thử Nghiệm"),
    (
        "case.meeting.proceedings[0]",
        "Chi bộ nghe báo cáo của Tổ kiểm tra.",
    ),
    ("case.meeting.opinions[0].text", "Thống nhất với báo cáo."),
    ("case.meeting.vote.yes", "7"),
    ("case.meeting.vote.no", "0"),
    ("case.findings.strengths[0]", "Chấp hành tốt Điều lệ Đảng."),
    ("case.findings.shortcomings[0]", "Báo cáo có lúc chậm."),
    ("case.findings.causes[0]", "Sắp xếp thời gian chưa hợp lý."),
    (
        "case.findings.requirements[0]",
        "Báo cáo kịp thời với Chi bộ.",
    ),
    ("case.findings.remedy_deadline", "31/12/2026"),
    ("case.notice.number", "1"),
    ("case.notice.date", "07/09/2026"),
    ("case.handover.date", "08/09/2026"),
    ("case.handover.time", "08:00"),
    ("case.handover.end_time", "08:30"),
    ("case.handover.place", "Nhà văn hóa ấp Thử Nghiệm"),
];

async fn fill_all(c: &Client, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        fill(c, name, value).await;
    }
}

/// Fills an inspection through its three phases, meeting the attendance error on the way.
async fn fill_case(c: &Client) {
    choose(c, "case.subject", MEMBERS[2]).await;
    fill_all(c, PREPARE).await;
    choose(c, "case.team[0].name", MEMBERS[0]).await;
    saved(c).await;
    // A second team member, added in place.
    click(c, "button[value=\"add:case.team\"]").await;
    saved(c).await;
    choose(c, "case.team[1].name", MEMBERS[1]).await;
    css(c, &by_name("case.team[1].role"))
        .await
        .select_by_value("thu-ky")
        .await
        .unwrap();
    fill_all(c, CONDUCT).await;
    fill_all(c, CONCLUDE).await;
    choose(c, "case.meeting.chair", MEMBERS[0]).await;
    choose(c, "case.meeting.secretary", MEMBERS[1]).await;
    choose(c, "case.meeting.opinions[0].name", MEMBERS[3]).await;
    // The starter's empty absentee is removed in place; then 7 + 1 present of 10 does not
    // add up, and the message appears beside the field.
    click(c, "button[value=\"del:case.meeting.absent[0]\"]").await;
    saved(c).await;
    fill(c, "case.meeting.present_full", "7").await;
    fill(c, "case.meeting.present_probationary", "1").await;
    saved(c).await;
    let msg = css(
        c,
        "[data-path=\"case.meeting.present_full\"] ul.msgs li.error",
    )
    .await;
    assert!(
        msg.text()
            .await
            .unwrap()
            .contains("phải bằng tổng số đảng viên")
    );
    for (i, who) in [(0, MEMBERS[7]), (1, MEMBERS[8])] {
        click(c, "button[value=\"add:case.meeting.absent\"]").await;
        saved(c).await;
        choose(c, &format!("case.meeting.absent[{i}].name"), who).await;
        fill(
            c,
            &format!("case.meeting.absent[{i}].reason"),
            "đi công tác",
        )
        .await;
    }
    saved(c).await;
    let left = js(
        c,
        "return Array.from(document.querySelectorAll('ul.msgs li.error')).map(e => e.textContent)",
    )
    .await;
    assert_eq!(left, json!([]), "errors left after the fix");
    let todo = js(
        c,
        "return document.querySelectorAll('#status li.todo').length",
    )
    .await;
    assert_eq!(todo, json!(0), "every document ready");
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|c| *c != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|c| val(*c) as u32).collect();
        let n = v
            .iter()
            .enumerate()
            .fold(0u32, |a, (i, x)| a | (x << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// Downloads the dossier zip through the browser and opens its KT-01 DOCX in LibreOffice.
async fn check_download(c: &Client, case_url: &str, dir: &Path) {
    let b64 = c
        .execute_async(
            "var done = arguments[arguments.length - 1];\
             fetch(arguments[0]).then(r => r.blob()).then(b => {\
               var fr = new FileReader(); fr.onload = () => done(fr.result.split(',')[1]);\
               fr.readAsDataURL(b); });",
            vec![json!(format!("{case_url}/dossier.zip"))],
        )
        .await
        .unwrap();
    let zip_bytes = base64_decode(b64.as_str().unwrap());
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let name = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with("KT-01-quyet-dinh-kiem-tra.docx"))
        .expect("KT-01 in the zip");
    let mut docx = Vec::new();
    std::io::Read::read_to_end(&mut z.by_name(&name).unwrap(), &mut docx).unwrap();
    let path = dir.join("kt-01.docx");
    std::fs::write(&path, docx).unwrap();
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&path)
        .env("HOME", dir)
        .output()
        .expect("LibreOffice is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.join("kt-01.pdf")).expect("LibreOffice wrote the PDF");
    let text = pdf_text(&pdf, dir);
    for name in [MEMBERS[2], MEMBERS[0], MEMBERS[1]] {
        assert!(text.contains(name), "{name} in the Word file: {text}");
    }
}

/// Another tab saves the case meanwhile: the browser's next autosave meets a conflict
/// message, and only the user's explicit choice overwrites.
async fn two_tabs(c: &Client, s: &Server, case_url: &str) {
    let path = &case_url[case_url.find("/cases/").unwrap()..];
    let mut other = form_fields(&s.get(path, None).text(), path);
    set(&mut other, "case.copies", "3");
    assert_eq!(s.post_form(path, &other, None).status, 303);
    fill(c, "case.copies", "4").await;
    js(c, "document.activeElement.blur(); return 0").await;
    let banner = css(c, "#conflict p.error").await.text().await.unwrap();
    assert!(banner.contains("vừa được sửa ở nơi khác"), "{banner}");
    let page = s.get(path, None).text();
    assert_eq!(field(&form_fields(&page, path), "case.copies"), Some("3"));
    click_button(c, "Lưu bản của tôi (ghi đè)").await;
    saved(c).await;
    let page = s.get(path, None).text();
    assert_eq!(field(&form_fields(&page, path), "case.copies"), Some("4"));
}

async fn flow(c: &Client, s: &Server, phone: bool, dir: &Path) {
    let base = format!("http://{}/", s.addr);
    let tag = if phone { "phone" } else { "desktop" };
    let (w, h) = if phone { (360, 740) } else { (1280, 900) };
    c.set_window_size(w, h).await.unwrap();
    c.goto(&base).await.unwrap();
    fits(c, phone, "home").await;
    shot(c, &format!("{tag}-home"), dir).await;
    let cell_url = make_cell(c, &base, &format!("Chi bộ ấp Thử Nghiệm ({tag})")).await;
    fits(c, phone, "cell").await;
    shot(c, &format!("{tag}-cell"), dir).await;
    c.goto(&cell_url).await.unwrap();
    click_button(c, "Lập hồ sơ").await;
    css(c, &by_name("case.subject")).await;
    let case_url = c.current_url().await.unwrap().to_string();
    fill_case(c).await;
    fits(c, phone, "case").await;
    if !phone {
        two_tabs(c, s, &case_url).await;
    }
    c.goto(&case_url).await.unwrap();
    shot(c, &format!("{tag}-case"), dir).await;
    // A reload shows everything still there.
    let subject = css(c, &by_name("case.subject"))
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(subject.as_deref(), Some(MEMBERS[2]));
    for (name, value) in PREPARE.iter().chain(CONDUCT).chain(CONCLUDE) {
        let v = css(c, &by_name(name)).await.prop("value").await.unwrap();
        assert_eq!(v.as_deref(), Some(*value), "{name} after reload");
    }
    let absent = css(c, &by_name("case.meeting.absent[1].name"))
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(absent.as_deref(), Some(MEMBERS[8]));
    // The preview of KT-01 holds the names typed.
    click(c, "#status a[href$=\"/preview/KT-01\"]").await;
    let page = css(c, ".preview .page").await.text().await.unwrap();
    assert!(
        page.contains(MEMBERS[2]) && page.contains("CHI BỘ ẤP THỬ NGHIỆM"),
        "{page}"
    );
    fits(c, phone, "preview").await;
    shot(c, &format!("{tag}-preview"), dir).await;
    if !phone {
        check_download(c, case_url.trim_end_matches('/'), dir).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_secretary_fills_an_inspection_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_driver, c)) = browser(&dir.path().join("profile")).await else {
        return;
    };
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    flow(&c, &s, false, dir.path()).await;
    flow(&c, &s, true, dir.path()).await;
    c.close().await.unwrap();
}
