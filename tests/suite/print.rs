//! The PDF as it is sent, printed and archived: sizes small enough for chat apps, the print
//! bundle (one file per dossier, a bookmark per document, the index agreeing with it),
//! PDF/A-2b and the draft watermark. Files are read with lopdf; `qpdf --check` runs where qpdf
//! is installed and is required under `HOSO_REQUIRE_CLIENTS=1`.

use crate::common::{have_tool, hoso, pdf_text_squashed, qpdf_check};
use lopdf::{Document, Object, ObjectId};
use std::path::{Path, PathBuf};

const KB: u64 = 1024;

/// `hoso example --set kiem-tra --format pdf -o DIR` plus `extra` arguments; the folder.
fn example(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    example_of("kiem-tra", extra)
}

/// The same for another set.
fn example_of(set: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("out");
    hoso()
        .args(["example", "--set", set, "--format", "pdf", "-o"])
        .arg(&dir)
        .args(extra)
        .assert()
        .success();
    (tmp, dir)
}

/// The documents' PDFs of a folder (not the bundle), sorted by name: `KT-01-…`, `KT-02-…`.
fn document_pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the output folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("ho-so-")
        })
        .collect();
    v.sort();
    v
}

fn pages(path: &Path) -> usize {
    Document::load(path)
        .expect("a PDF lopdf reads")
        .get_pages()
        .len()
}

fn check_with_qpdf(path: &Path) {
    if have_tool("qpdf") {
        qpdf_check(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn pdfs_are_small_enough_to_send() {
    let (_tmp, dir) = example(&[]);
    let mut two_pages = 0;
    for pdf in document_pdfs(&dir) {
        let (size, n) = (std::fs::metadata(&pdf).unwrap().len(), pages(&pdf));
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        eprintln!("{name}: {n} page(s), {size} bytes");
        if name.starts_with("KT-01") {
            assert_eq!(n, 1, "{name}");
            assert!(size <= 32 * KB, "{name}: {size} bytes, more than 32 KB");
        }
        if n == 2 {
            two_pages += 1;
            assert!(
                size <= 36 * KB,
                "{name}: two pages in {size} bytes, more than 36 KB"
            );
        }
    }
    assert!(
        two_pages >= 5,
        "the sample has two-page documents to measure"
    );
}

/// The sample case with six long content items: its decision (KT-01) runs to two pages.
fn long_decision_case() -> String {
    let mut case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("samples/kiem-tra.json").unwrap()).unwrap();
    let contents = case["case"]["contents"]
        .as_array_mut()
        .expect("case.contents");
    let item = contents[0].clone();
    for i in 0..6 {
        let mut c = item.clone();
        c["text"] = format!(
            "việc thực hiện nhiệm vụ thứ {} được Chi bộ phân công trong các năm 2025 và 2026, \
             gồm vận động nhân dân tham gia xây dựng nông thôn mới, giữ gìn an ninh trật tự ở \
             khu dân cư, hòa giải mâu thuẫn trong nhân dân và tham gia sinh hoạt đoàn thể",
            i + 4
        )
        .into();
        contents.push(c);
    }
    serde_json::to_string_pretty(&case).unwrap()
}

#[test]
fn a_two_page_decision_stays_under_36_kb() {
    let tmp = tempfile::tempdir().unwrap();
    let case = tmp.path().join("case.json");
    std::fs::write(&case, long_decision_case()).unwrap();
    let out = tmp.path().join("out");
    hoso()
        .args(["render", "--doc", "KT-01", "--format", "pdf", "-o"])
        .arg(&out)
        .arg(&case)
        .assert()
        .success();
    let pdf = out.join("KT-01-quyet-dinh-kiem-tra.pdf");
    let size = std::fs::metadata(&pdf).unwrap().len();
    eprintln!("two-page KT-01: {size} bytes");
    assert_eq!(pages(&pdf), 2, "the lengthened decision runs to two pages");
    assert!(
        size <= 36 * KB,
        "two-page decision: {size} bytes, more than 36 KB"
    );
}

/// The outline's entries: (title, 1-based page of the destination).
fn bookmarks(doc: &Document) -> Vec<(String, u32)> {
    let page_of: std::collections::HashMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc.catalog().expect("a catalog");
    let outlines = catalog.get(b"Outlines").and_then(Object::as_reference);
    let outlines = doc.get_dictionary(outlines.expect("an outline")).unwrap();
    let mut next = outlines.get(b"First").and_then(Object::as_reference).ok();
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = match item.get(b"Title").unwrap() {
            Object::String(bytes, _) => lopdf::decode_text_string(&Object::String(
                bytes.clone(),
                lopdf::StringFormat::Literal,
            ))
            .unwrap(),
            o => panic!("title {o:?}"),
        };
        let dest = doc
            .dereference(item.get(b"Dest").expect("a /Dest"))
            .unwrap()
            .1;
        let dest = dest.as_array().expect("a destination array");
        let page = dest[0].as_reference().expect("a page reference");
        out.push((title, page_of[&page]));
        next = item.get(b"Next").and_then(Object::as_reference).ok();
    }
    out
}

#[test]
fn the_bundle_is_the_dossier_in_order_with_a_bookmark_each() {
    for set in ["kiem-tra", "giam-sat"] {
        let (_tmp, dir) = example_of(set, &["--bundle"]);
        check_bundle(&dir.join(format!("ho-so-{set}.pdf")), &document_pdfs(&dir));
    }
}

/// The bundle holds `docs` (the documents' own PDFs, the index last) page for page, a
/// bookmark at each one's first page, and the index's total is the others' pages.
fn check_bundle(bundle: &Path, docs: &[PathBuf]) {
    let counts: Vec<usize> = docs.iter().map(|p| pages(p)).collect();
    let total: usize = counts.iter().sum();
    let doc = Document::load(bundle).expect("the bundle loads");
    assert_eq!(doc.get_pages().len(), total, "{}: pages", bundle.display());
    let marks = bookmarks(&doc);
    assert_eq!(
        marks.len(),
        docs.len(),
        "one bookmark per document: {marks:?}"
    );
    let mut first = 1;
    for ((title, page), (pdf, n)) in marks.iter().zip(docs.iter().zip(&counts)) {
        let id = &pdf.file_name().unwrap().to_string_lossy()[..5];
        assert!(title.starts_with(id), "bookmark {title:?} for {id}");
        assert_eq!(*page, first, "{title} starts on page {first}");
        first += *n as u32;
    }
    let index = docs.last().unwrap();
    let others = total - counts.last().unwrap();
    let text = pdf_text_squashed(index);
    assert!(
        text.contains(&format!("tổngsố{others}trang")),
        "{}: the index says a total other than {others} pages: {text}",
        index.display()
    );
    check_with_qpdf(bundle);
}

#[test]
fn a_batch_writes_each_cells_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    hoso()
        .args([
            "batch",
            "samples/cells.csv",
            "--example",
            "--set",
            "kiem-tra",
        ])
        .args(["--bundle", "--format", "pdf", "-o"])
        .arg(&out)
        .assert()
        .success();
    let cells: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(cells.len(), 3, "{cells:?}");
    for cell in cells {
        check_bundle(&cell.join("ho-so-kiem-tra.pdf"), &document_pdfs(&cell));
    }
}

#[test]
fn pdfa_2b_is_identified_with_an_output_intent_and_reproducible() {
    let (_tmp, dir) = example(&["--pdfa", "--date", "2026-08-03"]);
    let pdf = dir.join("KT-01-quyet-dinh-kiem-tra.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let meta = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .unwrap();
    let xmp = String::from_utf8(
        doc.get_object(meta)
            .unwrap()
            .as_stream()
            .unwrap()
            .content
            .clone(),
    )
    .expect("XMP is UTF-8");
    for want in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "KT-01 – Quyết định kiểm tra",
        "vi-VN",
        "2026-08-03",
    ] {
        assert!(xmp.contains(want), "XMP lacks {want}: {xmp}");
    }
    let intents = catalog.get(b"OutputIntents").expect("/OutputIntents");
    let intents = match intents {
        Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap().clone(),
        o => o.as_array().unwrap().clone(),
    };
    let intent = doc
        .dereference(&intents[0])
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .clone();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    assert!(intent.get(b"DestOutputProfile").is_ok(), "an ICC profile");
    check_with_qpdf(&pdf);
    let (_tmp2, again) = example(&["--pdfa", "--date", "2026-08-03"]);
    assert_eq!(
        std::fs::read(again.join("KT-01-quyet-dinh-kiem-tra.pdf")).unwrap(),
        bytes
    );
}

#[test]
fn pdfa_draws_characters_the_font_lacks_as_boxes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("samples/kiem-tra.json").unwrap()).unwrap();
    let name = case["cell"]["name"].as_str().unwrap().to_string();
    case["cell"]["name"] = format!("{name} \u{1F600}\u{4E2D}").into();
    let path = tmp.path().join("case.json");
    std::fs::write(&path, case.to_string()).unwrap();
    let out = tmp.path().join("out");
    hoso()
        .args([
            "render",
            "--format",
            "pdf",
            "--pdfa",
            "--date",
            "2026-08-03",
            "-o",
        ])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    check_with_qpdf(&out.join("KT-01-quyet-dinh-kiem-tra.pdf"));
}

#[test]
fn pdfa_without_a_date_is_refused_naming_the_option() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hoso()
        .args(["example", "--set", "kiem-tra", "--pdfa", "-o"])
        .arg(tmp.path().join("out"))
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("--date"), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing written");
}

#[test]
fn a_draft_docx_carries_the_mark_in_every_header() {
    let tmp = tempfile::tempdir().unwrap();
    for (sub, draft) in [("draft", true), ("final", false)] {
        let dir = tmp.path().join(sub);
        let mut cmd = hoso();
        cmd.args(["example", "--set", "kiem-tra", "--format", "docx", "-o"])
            .arg(&dir);
        if draft {
            cmd.arg("--draft");
        }
        cmd.assert().success();
        let docx = dir.join("KT-02-ke-hoach-kiem-tra.docx");
        // header1: pages 2 on (page number), header2: the first page's.
        for part in ["word/header1.xml", "word/header2.xml"] {
            let xml = crate::common::docx_part(&docx, part);
            let marked = xml.contains(r#"<v:textpath"#) && xml.contains(r#"string="DỰ THẢO""#);
            assert_eq!(marked, draft, "{sub} {part}: {xml}");
        }
    }
}

#[test]
fn a_draft_is_marked_on_every_page_and_a_final_copy_is_not() {
    let (_tmp, dir) = example(&["--draft"]);
    let (_tmp2, plain) = example(&[]);
    for name in [
        "KT-01-quyet-dinh-kiem-tra.pdf",
        "KT-02-ke-hoach-kiem-tra.pdf",
    ] {
        let doc = Document::load(dir.join(name)).unwrap();
        for (n, _) in doc.get_pages() {
            let text = crate::common::squash(&doc.extract_text(&[n]).unwrap_or_default());
            assert!(text.contains("DỰTHẢO"), "{name} page {n}: no draft mark");
        }
        assert!(!pdf_text_squashed(&plain.join(name)).contains("DỰTHẢO"));
    }
}
