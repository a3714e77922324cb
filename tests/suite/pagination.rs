//! Word and the PDF break pages alike, across realistic variation and not only on the
//! samples: variants of the inspection and supervision samples and of the annual plan (longer
//! findings, more opinions, long names, long superior lines, more plan rows) are rendered to DOCX and PDF, LibreOffice
//! renders every DOCX in one run, and for each document both PDFs must have the same page
//! count, each page must start with the same line, and no page may start with a signature
//! block or `Nơi nhận`.
//!
//! Needs `soffice` and `pdftotext`: a skip without them, a failure under
//! `HOSO_REQUIRE_CLIENTS=1`.

use hoso::backend::Format;
use hoso::dossier::{self, Selection};
use hoso::input::rules::{RuleOptions, Severity};
use hoso::template::{Engine, RenderOptions};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Variants per set; two sets of twelve documents each and the annual plan give well over
/// 100 documents.
const VARIANTS: usize = 5;
const SOFFICE_TIMEOUT: Duration = Duration::from_secs(300);

fn required() -> bool {
    std::env::var("HOSO_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}

fn tool_runs(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Long names of the kind people have: four and five syllables.
const LONG_NAMES: [(&str, &str); 3] = [
    ("Nguyễn Văn An", "Nguyễn Thị Hoàng Phương Thảo"),
    ("Lê Văn Cường", "Tôn Nữ Thị Huyền Trân"),
    ("Võ Minh Đức", "Trịnh Công Nguyễn Minh Đức"),
];

/// Every prose string under `v` repeated `times` times (a longer finding, a longer
/// opinion); names, places and times stay as they are.
fn lengthen(v: &mut Value, times: usize) {
    const FACTS: [&str; 5] = ["name", "chair", "secretary", "place", "reason"];
    match v {
        Value::String(s) if s.len() > 30 => *s = vec![s.as_str(); times].join(" "),
        Value::Array(a) => a.iter_mut().for_each(|x| lengthen(x, times)),
        Value::Object(m) => m
            .iter_mut()
            .filter(|(k, _)| !FACTS.contains(&k.as_str()))
            .for_each(|(_, x)| lengthen(x, times)),
        _ => {}
    }
}

/// The `n`-th variant of a sample: each turns a different mix of the knobs, so page breaks
/// fall in different places.
fn variant(set: &str, n: usize) -> String {
    let mut text = dossier::sample_text(set).expect("sample").to_string();
    if n % 2 == 1 {
        for (from, to) in LONG_NAMES {
            text = text.replace(from, to);
        }
    }
    let mut v: Value = serde_json::from_str(&text).expect("sample JSON");
    if !n.is_multiple_of(3) {
        v["cell"]["superior"] =
            "Đảng bộ Khối các cơ quan Đảng, đoàn thể và chính quyền huyện Châu Thành".into();
        v["cell"]["inspection_committee"] =
            "Ủy ban Kiểm tra Đảng ủy Khối các cơ quan Đảng, đoàn thể huyện Châu Thành".into();
    }
    if let Some(Value::Array(items)) = v.pointer_mut("/annual_plan/items") {
        // An annual plan of more people, over more than a page.
        let more: Vec<Value> = items
            .iter()
            .cycle()
            .take(items.len() * (1 + 2 * n))
            .cloned()
            .collect();
        *items = more;
    }
    if v.get("case").is_none() {
        lengthen(&mut v["annual_plan"], 1 + n % 3);
        return serde_json::to_string_pretty(&v).expect("JSON");
    }
    let case = &mut v["case"];
    for (key, times) in [
        ("findings", 1 + n % 3),
        ("self_report", 1 + (n + 1) % 3),
        ("working_session", 1 + n / 2),
    ] {
        lengthen(&mut case[key], times);
    }
    if let Some(Value::Array(opinions)) = case.pointer_mut("/meeting/opinions") {
        let more: Vec<Value> = opinions
            .iter()
            .cycle()
            .take(opinions.len() * (1 + n / 2))
            .cloned()
            .collect();
        *opinions = more;
        lengthen(&mut case["meeting"], 1 + n % 2);
    }
    serde_json::to_string_pretty(&v).expect("JSON")
}

/// Renders every variant's documents into `dir`; returns the file stems.
fn render_variants(dir: &Path) -> Vec<String> {
    let engine = Engine::builtin().expect("built-in templates");
    let mut stems = Vec::new();
    for set in ["kiem-tra", "giam-sat", "nam"] {
        for n in 0..VARIANTS {
            let text = variant(set, n);
            let read = dossier::read(&text, "variant.json").expect("variant reads");
            let findings = dossier::check(&engine, &read.file, &RuleOptions::default()).unwrap();
            let errors: Vec<_> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "variant {set}/{n} refused: {errors:?}");
            let selection = Selection::all(&[Format::Docx, Format::Pdf]);
            let outputs =
                dossier::render(&engine, &read.file, &selection, &RenderOptions::default())
                    .expect("variant renders");
            write_outputs(dir, &format!("{set}-{n}"), outputs, &mut stems);
        }
        // The blank forms too: more lines to write on must not push a signature alone.
        let formats = [Format::Docx, Format::Pdf];
        let blank = dossier::render_blank(&engine, set, None, &formats, &RenderOptions::default())
            .expect("blank forms render");
        write_outputs(dir, &format!("{set}-blank"), blank, &mut stems);
    }
    stems
}

/// Writes `outputs` into `dir` under `prefix`, adding each DOCX's stem to `stems`.
fn write_outputs(dir: &Path, prefix: &str, outputs: Vec<dossier::Output>, stems: &mut Vec<String>) {
    for o in outputs {
        let name = format!("{prefix}-{}", o.file_name);
        if let Some(stem) = name.strip_suffix(".docx") {
            stems.push(stem.to_string());
        }
        fs::write(dir.join(&name), &o.bytes).expect("write");
    }
}

/// LibreOffice's PDF of every DOCX, in one `soffice` run with a private profile.
fn libreoffice(dir: &Path, stems: &[String]) -> PathBuf {
    let out = dir.join("lo");
    let mut child = crate::common::soffice_to_pdf(&dir.join("profile"), &out)
        .args(stems.iter().map(|s| dir.join(format!("{s}.docx"))))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start soffice");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > SOFFICE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice did not finish within {SOFFICE_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    out
}

/// The first line of each page, whitespace normalised, the page number (a line of digits
/// at the head of pages 2 on) left out.
fn page_heads(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext {}: {e}", pdf.display()));
    assert!(out.status.success(), "pdftotext {} failed", pdf.display());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<&str> = text.split('\u{c}').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
        .iter()
        .map(|p| {
            p.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|l| !l.is_empty() && !l.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or_default()
        })
        .collect()
}

/// How a signature block or its `Nơi nhận` column starts, taken from the templates
/// (`@sig-title` and `@recipients-label` lines, up to their first placeholder).
fn signature_starts() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).expect("templates").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "hoso") {
                for line in fs::read_to_string(&p).unwrap_or_default().lines() {
                    let Some(rest) = line
                        .strip_prefix("@sig-title ")
                        .or_else(|| line.strip_prefix("@recipients-label "))
                    else {
                        continue;
                    };
                    let head = rest.split("{{").next().unwrap_or("").replace("__", "");
                    let head = head.trim().to_string();
                    if !head.is_empty() && !out.contains(&head) {
                        out.push(head);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut out,
    );
    assert!(out.iter().any(|s| s == "Nơi nhận:"), "{out:?}");
    out
}

/// Whether two page heads are the same line: equal, or one the start of the other (the two
/// renderers may end a line one word apart; the page must start at the same place). Dotted
/// room compares as one mark: our PDF draws ellipses, Word's tab leader full stops.
fn same_start(a: &str, b: &str) -> bool {
    fn dots(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            let c = if c == '.' { '…' } else { c };
            if !(c == '…' && out.ends_with('…')) {
                out.push(c);
            }
        }
        out
    }
    let (a, b) = (dots(a), dots(b));
    !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

/// The differences between our PDF and LibreOffice's for one document.
fn compare(stem: &str, ours: &[String], lo: &[String], sig: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    if ours.len() != lo.len() {
        problems.push(format!(
            "{stem}: {} pages in our PDF, {} in LibreOffice's",
            ours.len(),
            lo.len()
        ));
    }
    for (i, (a, b)) in ours.iter().zip(lo).enumerate().skip(1) {
        if !same_start(a, b) {
            problems.push(format!(
                "{stem}: page {} starts with «{a}» in ours, «{b}» in LibreOffice's",
                i + 1
            ));
        }
    }
    for (label, heads) in [("our PDF", ours), ("LibreOffice's", lo)] {
        for (i, h) in heads.iter().enumerate().skip(1) {
            if let Some(s) = sig.iter().find(|s| h.starts_with(s.as_str())) {
                problems.push(format!(
                    "{stem}: page {} of {label} starts with the signature block («{s}»)",
                    i + 1
                ));
            }
        }
    }
    problems
}

#[test]
fn word_and_pdf_break_pages_alike_over_many_variants() {
    for tool in ["soffice", "pdftotext"] {
        if !tool_runs(tool) {
            assert!(
                !required(),
                "{tool} not installed, but HOSO_REQUIRE_CLIENTS=1 requires it"
            );
            eprintln!("skipped: {tool} not installed (pagination agreement)");
            return;
        }
    }
    let tmp = tempfile::tempdir().expect("temporary folder");
    // HOSO_KEEP_PAGINATION=1 keeps the files to look at (the folder is printed).
    let dir = if std::env::var_os("HOSO_KEEP_PAGINATION").is_some() {
        let kept = tmp.keep();
        eprintln!("files kept in {}", kept.display());
        kept
    } else {
        tmp.path().to_path_buf()
    };
    let dir = dir.as_path();
    let stems = render_variants(dir);
    assert!(stems.len() >= 100, "only {} documents", stems.len());
    let lo = libreoffice(dir, &stems);
    let sig = signature_starts();
    let mut problems = Vec::new();
    let mut pages = 0;
    for stem in &stems {
        let lo_pdf = lo.join(format!("{stem}.pdf"));
        assert!(lo_pdf.is_file(), "LibreOffice made no PDF of {stem}.docx");
        let ours = page_heads(&dir.join(format!("{stem}.pdf")));
        pages += ours.len();
        problems.extend(compare(stem, &ours, &page_heads(&lo_pdf), &sig));
    }
    eprintln!("{} documents, {pages} pages compared", stems.len());
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_comparison_sees_a_moved_break_and_a_lone_signature() {
    let sig = vec!["Nơi nhận:".to_string(), "T/M".to_string()];
    let ours = vec!["A".to_string(), "Đồng chí chủ trì".to_string()];
    assert!(compare("x", &ours, &ours, &sig).is_empty());
    let moved = vec!["A".to_string(), "tổng hợp ý kiến".to_string()];
    assert_eq!(compare("x", &ours, &moved, &sig).len(), 1);
    let lone = vec!["A".to_string(), "Nơi nhận: T/M CHI BỘ".to_string()];
    assert_eq!(compare("x", &lone, &lone, &sig).len(), 2);
    assert_eq!(compare("x", &ours, &ours[..1], &sig).len(), 1);
}
