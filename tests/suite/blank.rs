//! Blank pre-printed forms: every document of every set, no fact of the worked example left,
//! dotted lines that stay dotted in Word, made from the same template files as the filled
//! documents, and personalised for one cell or many.

use crate::common::hoso;
use crate::common::{docx_part, docx_text, pdf_text_squashed};
use predicates::prelude::*;
use std::path::Path;

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Names of the worked examples: none may appear on a blank form.
const EXAMPLE_FACTS: &[&str] = &[
    "Lê Văn Cường",
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Huỳnh Thị Em",
    "Võ Minh Đức",
    "Tân Phú",
    "Tân Hòa",
    "02-QĐ/CB",
    "2026",
];

#[test]
fn every_document_of_every_set_has_a_blank_form_without_the_example_facts() {
    let dir = tempfile::tempdir().unwrap();
    hoso()
        .args(["blank", "--set", "all", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let names = files(dir.path());
    // The annual plan, twelve inspection and twelve supervision documents, in two formats.
    assert_eq!(names.len(), 2 * (1 + 12 + 12), "{names:?}");
    for name in &names {
        let path = dir.path().join(name);
        let text = if name.ends_with(".docx") {
            docx_text(&path)
        } else {
            pdf_text_squashed(&path)
        };
        for fact in EXAMPLE_FACTS {
            let fact_cmp: String = if name.ends_with(".pdf") {
                fact.chars().filter(|c| !c.is_whitespace()).collect()
            } else {
                fact.to_string()
            };
            assert!(!text.contains(&fact_cmp), "{name} still holds «{fact}»");
        }
    }
    let kt01 = dir.path().join("KT-01-quyet-dinh-kiem-tra.docx");
    let text = docx_text(&kt01);
    for k in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "QUYẾT ĐỊNH",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Nơi nhận:",
        "Điều 1.",
    ] {
        assert!(text.contains(k), "blank KT-01 lacks «{k}»");
    }
    assert!(
        text.contains("-QĐ/CB"),
        "the number keeps its kind: Số      -QĐ/CB"
    );
    assert!(text.contains("ngày …… tháng …… năm 20……"), "{text}");
    let xml = docx_part(&kt01, "word/document.xml");
    assert!(
        xml.contains(r#"w:leader="dot""#),
        "dotted lines are tab stops with a dot leader"
    );
    assert!(xml.contains(r#"w:val="right""#));
    assert!(xml.contains("<w:tab />"));
    let pdf = pdf_text_squashed(&dir.path().join("KT-01-quyet-dinh-kiem-tra.pdf"));
    for k in ["ĐẢNGCỘNGSẢNVIỆTNAM", "QUYẾTĐỊNH", "T/MCHIBỘ", "……………………"]
    {
        assert!(pdf.contains(k), "blank KT-01 PDF lacks «{k}»");
    }
}

/// Puts a marker line into every template of a copy of the built-in folder; both the filled
/// and the blank render of each document must show its own marker: they read the same file.
#[test]
fn filled_and_blank_forms_come_from_the_same_template_file() {
    let tpl = tempfile::tempdir().unwrap();
    hoso()
        .args(["templates", "export"])
        .arg(tpl.path())
        .assert()
        .success();
    let mut markers = Vec::new();
    for set in ["kiem-tra", "giam-sat", "nam"] {
        for e in std::fs::read_dir(tpl.path().join(set)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().and_then(|x| x.to_str()) != Some("hoso") {
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().to_uppercase();
            let marker = format!("DẤU MẪU {stem}");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}\n@center {marker}\n")).unwrap();
            markers.push(marker);
        }
    }
    assert_eq!(markers.len(), 25);
    let filled = tempfile::tempdir().unwrap();
    let blank = tempfile::tempdir().unwrap();
    for (cmd, out) in [("example", filled.path()), ("blank", blank.path())] {
        hoso()
            .arg("--templates")
            .arg(tpl.path())
            .args([cmd, "--format", "docx", "-o"])
            .arg(out)
            .assert()
            .success();
    }
    let all_text = |dir: &Path| -> String {
        files(dir)
            .iter()
            .map(|n| docx_text(&dir.join(n)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (f, b) = (all_text(filled.path()), all_text(blank.path()));
    for m in &markers {
        assert!(f.contains(m), "filled documents lack {m}");
        assert!(b.contains(m), "blank forms lack {m}");
    }
}

#[test]
fn one_cell_personalises_the_header_and_leaves_the_case_blank() {
    let dir = tempfile::tempdir().unwrap();
    let cell = dir.path().join("cell.json");
    std::fs::write(
        &cell,
        r#"{"cell": {
            "name": "Chi bộ ấp Mỹ Lợi", "superior": "Đảng bộ xã Mỹ Hòa", "place": "Mỹ Hòa",
            "inspection_committee": "Ủy ban Kiểm tra Đảng ủy xã Mỹ Hòa",
            "total_members": 15, "full_members": 14, "probationary_members": 1,
            "members": [{"name": "Châu Văn Tài", "post": "bí thư chi bộ", "cell_post": "bi-thu"}]
        }}"#,
    )
    .unwrap();
    hoso()
        .args(["blank", "--set", "kiem-tra", "--format", "docx", "--cell"])
        .arg(&cell)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let text = docx_text(&dir.path().join("out/KT-01-quyet-dinh-kiem-tra.docx"));
    for k in [
        "ĐẢNG BỘ XÃ MỸ HÒA",
        "CHI BỘ ẤP MỸ LỢI",
        "Mỹ Hòa, ngày …… tháng …… năm 20……",
        "Châu Văn Tài",
    ] {
        assert!(text.contains(k), "personalised KT-01 lacks «{k}»:\n{text}");
    }
    assert!(!text.contains("Lê Văn Cường"));
    // The member counts the cell file gives are printed in the minutes.
    let kt09 = docx_text(&dir.path().join("out/KT-09-bien-ban-hop-chi-bo.docx"));
    let counts = "Tổng số đảng viên của Chi bộ: 15 (mười lăm) đồng chí (chính thức 14, dự bị 1)";
    assert!(kt09.contains(counts), "KT-09 lacks «{counts}»:\n{kt09}");
}

/// Dotted lines in each free-text value of `id`'s blank form whose outline line starts with
/// `start`.
fn dotted_lines(outline: &str, start: &str) -> Vec<usize> {
    outline
        .lines()
        .filter(|l| l.starts_with(start))
        .map(|l| l.matches("[……→]").count())
        .collect()
}

#[test]
fn blank_forms_leave_room_to_write_and_notices_keep_to_one_page() {
    use hoso::dossier;
    use hoso::template::{Engine, RenderOptions};
    let engine = Engine::builtin().unwrap();
    let docs = |set: &str| {
        dossier::blank_documents(&engine, set, None, &RenderOptions::default()).unwrap()
    };
    let kt = docs("kiem-tra");
    let outline = |id: &str| {
        let (_, d) = kt.iter().find(|(s, _)| s.id == id).unwrap();
        d.outline()
    };
    // KT-06, items 1–3 of the working session: several lines each.
    let kt06 = outline("KT-06");
    for item in ["[body] 1. ", "[body] 2. ", "[body] 3. "] {
        assert_eq!(dotted_lines(&kt06, item), [3], "KT-06 {item}\n{kt06}");
    }
    // KT-05, each content item of the self-report.
    let kt05 = outline("KT-05");
    let items: Vec<&str> = kt05
        .lines()
        .filter(|l| l.starts_with("[body] [……→]"))
        .collect();
    assert!(
        items
            .iter()
            .filter(|l| l.matches("[……→]").count() >= 5)
            .count()
            >= 2,
        "KT-05\n{kt05}"
    );
    // KT-09, the causes.
    let kt09 = outline("KT-09");
    assert_eq!(dotted_lines(&kt09, "[body] - Nguyên nhân:"), [3], "{kt09}");
    // The notices stay on one page.
    for (set, id) in [("kiem-tra", "KT-10"), ("giam-sat", "GS-10")] {
        let all = docs(set);
        let (_, d) = all.iter().find(|(s, _)| s.id == id).unwrap();
        assert_eq!(hoso::layout::layout(d).len(), 1, "{id}:\n{}", d.outline());
    }
}

#[test]
fn a_csv_of_three_cells_writes_three_personalised_folders() {
    let dir = tempfile::tempdir().unwrap();
    // The sample file starts with a byte-order mark (as Excel saves "CSV UTF-8") and has a
    // quoted name with a comma in it.
    let sample = std::fs::read("samples/cells.csv").unwrap();
    assert!(
        sample.starts_with(&[0xEF, 0xBB, 0xBF]),
        "samples/cells.csv has a BOM"
    );
    assert!(String::from_utf8_lossy(&sample).contains("\"Chi bộ Khu phố 3, phường Đông Hòa\""));
    // The same rows without a BOM read the same.
    let no_bom = dir.path().join("no-bom.csv");
    std::fs::write(&no_bom, &sample[3..]).unwrap();
    for (csv, out) in [("samples/cells.csv", "a"), (no_bom.to_str().unwrap(), "b")] {
        hoso()
            .args([
                "blank", "--set", "kiem-tra", "--format", "docx", "--cells", csv, "-o",
            ])
            .arg(dir.path().join(out))
            .assert()
            .success();
        let folders = files(&dir.path().join(out));
        assert_eq!(
            folders,
            vec![
                "chi-bo-ap-tan-phu",
                "chi-bo-khu-pho-3-phuong-dong-hoa",
                "chi-bo-truong-tieu-hoc-long-my"
            ]
        );
        for (folder, keys) in [
            (
                "chi-bo-ap-tan-phu",
                ["ĐẢNG BỘ XÃ TÂN HÒA", "CHI BỘ ẤP TÂN PHÚ", "Nguyễn Văn An"],
            ),
            (
                "chi-bo-khu-pho-3-phuong-dong-hoa",
                [
                    "ĐẢNG BỘ PHƯỜNG ĐÔNG HÒA",
                    "CHI BỘ KHU PHỐ 3, PHƯỜNG ĐÔNG HÒA",
                    "Đặng Thị Lan",
                ],
            ),
            (
                "chi-bo-truong-tieu-hoc-long-my",
                [
                    "ĐẢNG BỘ XÃ LONG MỸ",
                    "CHI BỘ TRƯỜNG TIỂU HỌC LONG MỸ",
                    "Hồ Văn Nam",
                ],
            ),
        ] {
            let text = docx_text(
                &dir.path()
                    .join(out)
                    .join(folder)
                    .join("KT-01-quyet-dinh-kiem-tra.docx"),
            );
            for k in keys {
                assert!(text.contains(k), "{folder}: KT-01 lacks «{k}»");
            }
        }
    }
}

#[test]
fn a_csv_with_a_bad_row_names_the_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("cells.csv");
    std::fs::write(
        &csv,
        "name,place,inspection_committee,secretary,total_members\nChi bộ A,X,UBKT,Ông A,12\nChi bộ B,Y,UBKT,,9\n",
    )
    .unwrap();
    hoso()
        .args(["blank", "--cells"])
        .arg(&csv)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("dòng 3, cột secretary"));
    assert!(!dir.path().join("out").exists());
}
