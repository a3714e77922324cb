//! What several integration tests share: the strings issue 2 requires in KT-01, and reading
//! the text of the files hoso writes. Not every test file uses every item.
#![allow(dead_code)]

use assert_cmd::Command;
use std::io::Read;
use std::path::Path;

/// KT-01 (the decision) must hold each of these exactly, in DOCX and PDF alike.
pub const KT01_KEYS: &[&str] = &[
    "ĐẢNG BỘ XÃ TÂN HÒA",
    "CHI BỘ ẤP TÂN PHÚ",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 02-QĐ/CB",
    "Tân Hòa, ngày 03 tháng 8 năm 2026",
    "QUYẾT ĐỊNH",
    "Lê Văn Cường",
    "T/M CHI BỘ",
    "BÍ THƯ",
    "Nguyễn Văn An",
    "Nơi nhận:",
];

/// One part of a DOCX package, as text (`word/document.xml`).
pub fn docx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut z = zip::ZipArchive::new(file).expect("a DOCX is a zip");
    let mut s = String::new();
    z.by_name(part)
        .unwrap_or_else(|e| panic!("{part}: {e}"))
        .read_to_string(&mut s)
        .expect("UTF-8 XML");
    s
}

/// The text of every paragraph of a DOCX, one line per paragraph (table cells included).
pub fn docx_text(path: &Path) -> String {
    let xml = docx_part(path, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let mut out = String::new();
    for p in doc.descendants().filter(|n| n.has_tag_name("p")) {
        for t in p.descendants() {
            if t.has_tag_name("t") {
                out.push_str(t.text().unwrap_or(""));
            } else if t.has_tag_name("noBreakHyphen") {
                out.push('-');
            }
        }
        out.push('\n');
    }
    // As a reader sees it: a no-break space is a space, a word joiner nothing.
    out.replace('\u{a0}', " ").replace('\u{2060}', "")
}

/// The text of a PDF read with lopdf (no external tool), white space removed: lopdf puts each
/// drawn word on a line of its own, so only the letters are compared.
pub fn pdf_text_squashed(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("a PDF lopdf reads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    squash(&doc.extract_text(&pages).unwrap_or_default())
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `qpdf --check` on a PDF: the error is what qpdf said, when it did not pass cleanly (exit 3,
/// "warnings", counts as a failure too).
pub fn qpdf_check(path: &Path) -> Result<(), String> {
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("run qpdf");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && text.contains("No syntax or stream encoding errors") {
        Ok(())
    } else {
        Err(format!("qpdf --check exited with {}:\n{text}", out.status))
    }
}

/// Whether `tool` runs; a missing one is a failure under `HOSO_REQUIRE_CLIENTS=1` (as in CI),
/// otherwise a note on stderr and the caller skips what needs it.
pub fn have_tool(tool: &str) -> bool {
    let found = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok();
    if !found && std::env::var("HOSO_REQUIRE_CLIENTS").is_ok_and(|v| v == "1") {
        panic!("{tool} not installed, but HOSO_REQUIRE_CLIENTS=1 requires it");
    }
    if !found {
        eprintln!("skipped: {tool} not installed");
    }
    found
}

/// `soffice` converting files to PDF into `outdir`, with a private profile under
/// `profile` (so runs beside each other and the user's own LibreOffice do not collide);
/// the caller adds the files.
pub fn soffice_to_pdf(profile: &Path, outdir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
    ])
    .arg(outdir)
    .stdin(std::process::Stdio::null());
    cmd
}

/// The `hoso` binary of this build, as a command to run.
pub fn hoso() -> Command {
    Command::cargo_bin("hoso").expect("binary built")
}

/// The seed of this run: `PROPTEST_SEED=n` to repeat one, else a new one each run, so that
/// every run explores other cases. It is printed, and shown when the test fails.
pub fn run_seed() -> u64 {
    let seed = std::env::var("PROPTEST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0);
            t ^ u64::from(std::process::id()).rotate_left(32)
        });
    eprintln!("proptest seed: {seed} (PROPTEST_SEED={seed} repeats this run)");
    seed
}
