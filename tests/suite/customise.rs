//! A province's own templates: export, change wording, a legal basis and a margin, render with
//! `--templates`, and find every change in both formats; broken templates are caught by
//! `templates check` with `file:line:col`.

use crate::common::hoso;
use crate::common::{docx_part, docx_text, pdf_text_squashed, squash};
use predicates::prelude::*;
use std::path::Path;

fn export(dir: &Path) {
    hoso()
        .args(["templates", "export"])
        .arg(dir)
        .assert()
        .success();
    assert!(dir.join("profile.toml").exists());
    assert!(dir.join("kiem-tra/manifest.toml").exists());
    assert!(dir.join("kiem-tra/kt-01-quyet-dinh.hoso").exists());
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks «{from}»", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// x of the leftmost text on page 1, from the content stream's text matrices (points).
fn pdf_leftmost_x(path: &Path) -> f32 {
    let doc = lopdf::Document::load(path).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut min = f32::MAX;
    for op in content.operations {
        if op.operator == "Tm"
            && op.operands.len() == 6
            && let Ok(x) = op.operands[4].as_float()
        {
            min = min.min(x);
        }
    }
    min
}

#[test]
fn changed_wording_basis_and_margin_reach_both_formats() {
    let tpl = tempfile::tempdir().unwrap();
    export(tpl.path());
    let sentence_old = "Quyết định có hiệu lực kể từ ngày ký.";
    let sentence_new = "Quyết định này có hiệu lực thi hành từ ngày ký.";
    edit(
        &tpl.path().join("kiem-tra/kt-01-quyet-dinh.hoso"),
        sentence_old,
        sentence_new,
    );
    edit(
        &tpl.path().join("kiem-tra/manifest.toml"),
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam khóa mẫu;",
    );
    edit(
        &tpl.path().join("profile.toml"),
        "margin_left_mm = 30",
        "margin_left_mm = 35",
    );

    // The global option is accepted after the subcommand as well as before it.
    let before = tempfile::tempdir().unwrap();
    hoso()
        .arg("--templates")
        .arg(tpl.path())
        .args(["example", "--set", "kiem-tra", "-o"])
        .arg(before.path())
        .assert()
        .success();
    let after = tempfile::tempdir().unwrap();
    hoso()
        .args(["example", "--set", "kiem-tra", "-o"])
        .arg(after.path())
        .arg("--templates")
        .arg(tpl.path())
        .assert()
        .success();
    let builtin = tempfile::tempdir().unwrap();
    hoso()
        .args(["example", "--set", "kiem-tra", "-o"])
        .arg(builtin.path())
        .assert()
        .success();

    for out in [before.path(), after.path()] {
        let docx = out.join("KT-01-quyet-dinh-kiem-tra.docx");
        let text = docx_text(&docx);
        assert!(text.contains(sentence_new), "DOCX wording");
        assert!(!text.contains(sentence_old));
        assert!(text.contains("khóa mẫu;"), "DOCX legal basis");
        let twips = (35.0f32 * 72.0 / 25.4 * 20.0).round() as i32;
        let doc_xml = docx_part(&docx, "word/document.xml");
        assert!(
            doc_xml.contains(&format!(r#"w:left="{twips}""#)),
            "DOCX section left margin of 35 mm ({twips} twips)"
        );
        let pdf = out.join("KT-01-quyet-dinh-kiem-tra.pdf");
        let ptext = pdf_text_squashed(&pdf);
        assert!(
            ptext.contains(&squash(sentence_new)),
            "PDF wording in:\n{ptext}"
        );
        assert!(!ptext.contains(&squash(sentence_old)));
        assert!(
            ptext.contains(&squash("Việt Nam khóa mẫu;")),
            "PDF legal basis"
        );
    }
    // The PDF's text block moved right by 5 mm.
    let moved = pdf_leftmost_x(&before.path().join("KT-01-quyet-dinh-kiem-tra.pdf"));
    let base = pdf_leftmost_x(&builtin.path().join("KT-01-quyet-dinh-kiem-tra.pdf"));
    let five_mm = 5.0 * 72.0 / 25.4;
    assert!(
        (moved - base - five_mm).abs() < 0.5,
        "leftmost text at {moved} pt, built-in at {base} pt: expected +{five_mm}"
    );
    assert!(
        (base - 30.0 * 72.0 / 25.4).abs() < 0.5,
        "built-in left margin 30 mm: {base}"
    );
}

#[test]
fn a_broken_template_is_reported_with_file_line_and_column() {
    let tpl = tempfile::tempdir().unwrap();
    export(tpl.path());
    let file = tpl.path().join("kiem-tra/kt-01-quyet-dinh.hoso");
    let text = std::fs::read_to_string(&file).unwrap();
    // Break the template on a known line: append an unterminated tag to line 3.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2].push_str(" {% if %}");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let col = lines[2].chars().count() - "{% if %}".len() + "{% if ".len() + 1;
    let location = format!("kt-01-quyet-dinh.hoso:3:{col}");
    hoso()
        .args(["templates", "check"])
        .arg(tpl.path())
        .assert()
        .code(4)
        .stderr(predicate::str::contains(location.clone()))
        .stderr(predicate::str::contains("{% if %}"))
        .stderr(predicate::str::contains("^"));
    // Rendering with it fails the same way, and writes nothing.
    let out = tempfile::tempdir().unwrap();
    hoso()
        .arg("--templates")
        .arg(tpl.path())
        .args(["example", "--set", "kiem-tra", "-o"])
        .arg(out.path().join("x"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains(location));
    assert!(!out.path().join("x").exists());
}

#[test]
fn an_unknown_variable_is_caught_before_any_render() {
    let tpl = tempfile::tempdir().unwrap();
    export(tpl.path());
    let file = tpl.path().join("kiem-tra/kt-10-thong-bao-ket-luan.hoso");
    let text = std::fs::read_to_string(&file).unwrap();
    // Inside a condition that is false for every sample, so no render would ever show it.
    let line = "{% if case.findings.violation_signs %}{{ case.subject_person.nam }}{% endif %}";
    std::fs::write(&file, format!("{line}\n{text}")).unwrap();
    hoso()
        .args(["templates", "check"])
        .arg(tpl.path())
        .assert()
        .code(4)
        .stderr(predicate::str::contains("case.subject_person.nam"))
        .stderr(predicate::str::contains(
            "kt-10-thong-bao-ket-luan.hoso:1:42",
        ));
    // The built-in templates pass the same check.
    hoso()
        .args(["templates", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("không có lỗi"));
}

#[test]
fn export_refuses_to_overwrite_edited_templates() {
    let tpl = tempfile::tempdir().unwrap();
    export(tpl.path());
    hoso()
        .args(["templates", "export"])
        .arg(tpl.path())
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--force"));
}
