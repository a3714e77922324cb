//! `hoso handout`: the booklet's table of contents gives the pages its headings are really on
//! (read back page by page with pdftotext, and in LibreOffice's rendering of the DOCX), the
//! DOCX holds a real TOC field and every document of the three sets, worked and blank, and a
//! list of 19 courses gives 19 booklets.
//!
//! pdftotext and LibreOffice are real clients: without them these checks are skipped, unless
//! `HOSO_REQUIRE_CLIENTS=1` (as in CI), when a missing tool is a failure.

use crate::common::hoso;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{docx_part, docx_text, have_tool as have, squash};

/// Every document of the three sets, as `hoso list` prints them: (id, title).
fn documents() -> Vec<(String, String)> {
    let out = hoso().arg("list").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| {
            let f: Vec<&str> = l.trim().split('\t').collect();
            (f[0].to_string(), f[2].to_string())
        })
        .collect()
}

/// The sample course's booklet, written once for all tests here.
fn booklet() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("handout");
        let _ = std::fs::remove_dir_all(&dir);
        hoso()
            .args(["handout", "samples/khoa-hoc.json", "-o"])
            .arg(&dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .assert()
            .success();
        dir
    })
}

fn page_count(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).unwrap().get_pages().len()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The contents entries printed on the contents pages: (heading text, page number).
fn contents(pdf: &Path) -> Vec<(String, usize)> {
    let mut entries = Vec::new();
    for page in 1..=page_count(pdf) {
        let text = page_text(pdf, page);
        if !text.trim_start().starts_with("Mục lục") {
            continue;
        }
        // A long heading wraps: its first lines have no leader.
        let mut pending = String::new();
        for line in text.lines().skip(1) {
            let line = line.trim();
            if line.is_empty() || line == "MỤC LỤC" {
                continue;
            }
            let Some(dots) = line.find("...") else {
                pending.push_str(line);
                pending.push(' ');
                continue;
            };
            let digits: String = line
                .trim_end()
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let title = format!("{pending}{}", line[..dots].trim_end_matches('.').trim());
            pending.clear();
            entries.push((title, digits.parse().expect("a page number")));
        }
    }
    entries
}

/// Checks that every entry's heading is on the page the entry gives, and on no earlier page
/// after the contents.
fn check_contents(pdf: &Path, entries: &[(String, usize)], first_body_page: usize) {
    let n = page_count(pdf);
    for (title, page) in entries {
        assert!(*page <= n, "«{title}» → page {page} of {n}");
        let here = squash(&page_text(pdf, *page));
        assert!(
            here.contains(&squash(title)),
            "{}: «{title}» is not on page {page}",
            pdf.display()
        );
        if *page > first_body_page {
            let before = squash(&page_text(pdf, page - 1));
            assert!(
                !before.contains(&squash(title)),
                "{}: «{title}» is already on page {}",
                pdf.display(),
                page - 1
            );
        }
    }
}

#[test]
fn pdf_contents_give_the_pages_the_headings_are_on() {
    if !have("pdftotext") {
        return;
    }
    let pdf = booklet().join("tai-lieu-lop-07.pdf");
    let cover = squash(&page_text(&pdf, 1));
    for k in [
        "TÀILIỆUBỒIDƯỠNG",
        "Lớpthứ7/19",
        "12–13/03/2026",
        "HộitrườngĐảngủyxãTânHòa",
        "102đồngchí",
        "ỦybanKiểmtraĐảngủyxãTânHòa",
    ] {
        assert!(cover.contains(k), "cover lacks «{k}»: {cover}");
    }
    assert!(
        !page_text(&pdf, 1).trim_end().ends_with('1'),
        "no page number on the cover"
    );
    let entries = contents(&pdf);
    let docs = documents();
    // The overview, three parts, and each document twice (worked and blank).
    assert_eq!(entries.len(), 4 + 2 * docs.len(), "{entries:#?}");
    for (id, title) in &docs {
        for which in ["bản có nêu ví dụ", "mẫu in sẵn"] {
            let want = format!("{id}. {title} – {which}");
            assert!(
                entries.iter().any(|(t, _)| squash(t) == squash(&want)),
                "contents lack «{want}»"
            );
        }
    }
    let first_body = entries.iter().map(|(_, p)| *p).min().unwrap();
    check_contents(&pdf, &entries, first_body);
    // Running heads and page numbers: page 2 on.
    let p5 = page_text(&pdf, entries[1].1 + 1);
    assert!(p5.trim_start().starts_with("Phần I."), "{p5}");
}

#[test]
fn docx_has_a_toc_field_with_our_pages_and_every_document() {
    let docx = booklet().join("tai-lieu-lop-07.docx");
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains(r#"TOC \o &quot;1-2&quot;"#) || xml.contains(r#"TOC \o "1-2""#));
    assert!(
        xml.contains("PAGEREF _Toc_hoso_1 "),
        "entries point at bookmarks"
    );
    assert!(
        xml.contains(r#"w:name="_Toc_hoso_54""#),
        "54 headings bookmarked"
    );
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(
        styles.contains("w:outlineLvl"),
        "headings carry outline levels"
    );
    let text = docx_text(&docx);
    for (id, title) in documents() {
        for which in ["bản có nêu ví dụ", "mẫu in sẵn"] {
            let want = format!("{id}. {title} – {which}");
            assert!(
                text.matches(&want).count() >= 2,
                "«{want}» should be in the contents and as a heading"
            );
        }
    }
    // One header per section: cover, contents, overview and the three parts.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let headers = (0..z.len())
        .filter(|i| {
            let name = z.by_index(*i).unwrap().name().to_string();
            name.starts_with("word/header") && name.ends_with(".xml")
        })
        .count();
    assert_eq!(headers, 6);
}

#[test]
fn libreoffice_opens_the_docx_and_puts_headings_on_the_contents_pages() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = booklet();
    let out = dir.join("libreoffice");
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(dir.join("tai-lieu-lop-07.docx"))
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    let pdf = out.join("tai-lieu-lop-07.pdf");
    assert!(pdf.exists(), "LibreOffice did not convert: {status:?}");
    let ours = contents(&dir.join("tai-lieu-lop-07.pdf"));
    let theirs = contents(&pdf);
    assert_eq!(ours, theirs, "the DOCX's cached contents are ours");
    let first_body = theirs.iter().map(|(_, p)| *p).min().unwrap();
    check_contents(&pdf, &theirs, first_body);
}

#[test]
fn nineteen_courses_give_nineteen_booklets() {
    let dir = tempfile::tempdir().unwrap();
    hoso()
        .args(["handout", "samples/khoa-hoc-19.json", "-o"])
        .arg(dir.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 38, "{names:?}");
    assert_eq!(names[0], "tai-lieu-lop-01.docx");
    assert_eq!(names[37], "tai-lieu-lop-19.pdf");
    // Each booklet carries its own course on its cover.
    let text = docx_text(&dir.path().join("tai-lieu-lop-12.docx"));
    assert!(text.contains("Lớp thứ 12/19"), "{}", &text[..300]);
    // Course 7 of the list is the sample course: rendered among 18 others, on whichever
    // thread, it gives the same bytes as alone.
    for ext in ["docx", "pdf"] {
        let name = format!("tai-lieu-lop-07.{ext}");
        assert!(
            std::fs::read(dir.path().join(&name)).unwrap()
                == std::fs::read(booklet().join(&name)).unwrap(),
            "{name} differs between the 19-course run and the single run"
        );
    }
}

#[test]
fn a_wrong_course_file_is_named_with_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("k.json");
    std::fs::write(
        &bad,
        include_str!("../../samples/khoa-hoc.json").replace("\"2026-03-13\"", "\"13/3/2026\""),
    )
    .unwrap();
    hoso()
        .arg("handout")
        .arg(&bad)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(3)
        .stderr(predicates::str::contains("course.to"));
}

/// The overview table's codes stay whole: `KH-NAM` is one word on one line (no break at its
/// hyphen, no column so narrow that it is cut), in the booklet's PDF layout.
#[test]
fn overview_codes_stay_whole() {
    use hoso::layout::Item;
    use hoso::template::{Engine, RenderOptions};
    let engine = Engine::builtin().unwrap();
    let opts = RenderOptions::default();
    let library = hoso::handout::Library::new(&engine, &opts).unwrap();
    let course = hoso::handout::sample_course().unwrap();
    let doc = hoso::handout::booklet(&engine, &library, &course, &opts).unwrap();
    let texts: Vec<String> = hoso::layout::layout(&doc)
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Item::Text(g) => Some(g.text.trim().to_string()),
            Item::Rect { .. } => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == "KH-NAM"), "no whole KH-NAM");
    for cut in ["KH-", "KH-NA", "KH-N"] {
        assert!(!texts.iter().any(|t| t == cut), "KH-NAM cut as «{cut}»");
    }
}
