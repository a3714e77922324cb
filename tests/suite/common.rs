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

/// The paragraphs of a DOCX's `word/document.xml`, in document order (table cells included),
/// each as its runs' text with `w:br` as a newline and `w:tab` as a tab; empty ones left out.
pub fn docx_paragraphs(docx: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| n.has_tag_name("p")) {
        let mut s = String::new();
        for n in p.descendants() {
            match n.tag_name().name() {
                "t" => s.push_str(n.text().unwrap_or("")),
                // The layout holds `03-KH/CB` together: Word shows a no-break hyphen as «-».
                "noBreakHyphen" => s.push('-'),
                "br" => s.push('\n'),
                "tab" => s.push('\t'),
                _ => {}
            }
        }
        if !s.is_empty() {
            out.push(seen(&s));
        }
    }
    out
}

/// Text as a reader sees it: the no-break space and the word joiner that hold a number or a
/// date together read as a space and as nothing.
pub fn seen(t: &str) -> String {
    t.replace('\u{a0}', " ").replace('\u{2060}', "")
}

/// A property-test runner: `PROPTEST_CASES` cases (else `default_cases`), the seed of
/// [`run_seed`], failures saved beside `source_file` and replayed first. Returns the case
/// count too, for a test that counts how many cases were not refused.
pub fn property_runner(
    default_cases: u32,
    source_file: &'static str,
) -> (proptest::test_runner::TestRunner, u32) {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestRunner};
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        rng_seed: RngSeed::Fixed(run_seed()),
        source_file: Some(source_file),
        ..Config::default()
    };
    (TestRunner::new(config), cases)
}

/// Whether a real client (`pdftotext`, `qpdf`, …) is there to use: a test goes without it
/// on a bare machine, but under `HOSO_REQUIRE_CLIENTS=1` (CI) a missing one is a failure.
pub fn client(tool: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()));
    if !found && std::env::var("HOSO_REQUIRE_CLIENTS").is_ok_and(|v| v == "1") {
        panic!("{tool} not installed, but HOSO_REQUIRE_CLIENTS=1 requires it");
    }
    found
}

/// The text of PDF bytes as poppler's `pdftotext -raw` reads it, white space removed. Raw:
/// in drawing order, since its column detection mixes a long header line into the body.
/// pdftotext follows krilla's ToUnicode and ActualText, which lopdf's extraction does not.
pub fn pdftotext_squashed(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run pdftotext");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("feed pdftotext");
    let out = child.wait_with_output().expect("pdftotext output");
    assert!(out.status.success(), "pdftotext failed: {}", out.status);
    squash(&String::from_utf8_lossy(&out.stdout))
}

/// The model's text is the files' text: the non-empty paragraphs of the document model are,
/// in order, exactly the paragraphs of the DOCX, and each is found in the PDF's text as
/// pdftotext reads it (white space and line breaks aside; skipped without pdftotext, see
/// [`client`]). `model` holds the paragraphs' plain text in document order.
pub fn model_text_in_files(model: &[String], docx: &[u8], pdf: &[u8]) -> Result<(), String> {
    let model: Vec<String> = model
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| seen(t))
        .collect();
    let in_docx = docx_paragraphs(docx);
    if let Some(i) = (0..model.len().max(in_docx.len())).find(|&i| model.get(i) != in_docx.get(i)) {
        return Err(format!(
            "DOCX paragraph {} is {:?}, the model's is {:?}",
            i + 1,
            in_docx.get(i),
            model.get(i)
        ));
    }
    if !client("pdftotext") {
        return Ok(());
    }
    // U+FFFD is what a reader shows for a character it cannot map: it says nothing.
    let known = |s: &str| squash(s).replace('\u{FFFD}', "");
    let in_pdf = known(&pdftotext_squashed(pdf));
    // Not compared: a paragraph with a character the font lacks (hoso warns about those on
    // input; it is drawn as the empty box, and krilla's text layer loses the rest of the line
    // after two such characters in a row), and one with a direction override (U+202A–U+202E,
    // U+2066–U+2069), after which pdftotext's bidirectional reordering changes the order.
    let comparable = |t: &str| {
        hoso::layout::fonts::missing_chars(t).is_empty()
            && !t
                .chars()
                .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    };
    match model
        .iter()
        .find(|t| comparable(t) && !in_pdf.contains(&known(t)))
    {
        Some(t) => Err(format!("the PDF's text (pdftotext) lacks {t:?}")),
        None => Ok(()),
    }
}
