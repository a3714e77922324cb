//! End-to-end runs of the `hoso` binary: the commands of the README and the issues, their
//! files, texts and exit codes.

use crate::common::hoso;
use predicates::prelude::*;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

use crate::common::{KT01_KEYS, docx_text};

#[test]
fn example_kiem_tra_writes_all_twelve_documents_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    hoso()
        .args(["example", "--set", "kiem-tra", "-o"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("KT-01-quyet-dinh-kiem-tra.docx"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 24, "{names:?}");
    for i in 1..=12 {
        let id = format!("KT-{i:02}-");
        for ext in ["docx", "pdf"] {
            assert!(
                names.iter().any(|n| n.starts_with(&id) && n.ends_with(ext)),
                "{id}*.{ext} missing from {names:?}"
            );
        }
    }
    let kt01 = docx_text(&dir.path().join("KT-01-quyet-dinh-kiem-tra.docx"));
    for k in KT01_KEYS {
        assert!(kt01.contains(k), "KT-01 DOCX lacks «{k}»");
    }
    let pdf = std::fs::read(dir.path().join("KT-01-quyet-dinh-kiem-tra.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() <= 80 * 1024, "KT-01 PDF is {} bytes", pdf.len());

    let kt09 = docx_text(&dir.path().join("KT-09-bien-ban-hop-chi-bo.docx"));
    for k in [
        "Tổng số đảng viên của Chi bộ: 23 (hai mươi ba) đồng chí",
        "chính thức 21, dự bị 2",
        "Có mặt: 21 (hai mươi mốt) đồng chí",
        "Biên bản được lập thành 02 (hai) bản.",
        "Vắng mặt: 2 đồng chí",
        "Trương Văn Giàu: đi công tác",
        "Lâm Thị Hạnh: ốm",
        "19/19 đồng chí tán thành (100%)",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ] {
        assert!(kt09.contains(k), "KT-09 lacks «{k}»:\n{kt09}");
    }
    let kt10 = docx_text(&dir.path().join("KT-10-thong-bao-ket-luan-kiem-tra.docx"));
    for k in [
        "Số 01-TB/CB",
        "1. Ưu điểm",
        "2. Hạn chế, khuyết điểm",
        "3. Nguyên nhân",
        "4. Chi bộ yêu cầu",
        "1,2 km",
        "31/12/2026",
    ] {
        assert!(kt10.contains(k), "KT-10 lacks «{k}»");
    }
}

#[test]
fn example_nam_writes_the_annual_plan() {
    let dir = tempfile::tempdir().unwrap();
    hoso()
        .args(["example", "--set", "nam", "--format", "pdf", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let pdf = dir.path().join("KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.pdf");
    assert!(pdf.exists());
    assert!(
        !dir.path()
            .join("KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.docx")
            .exists()
    );
}

#[test]
fn list_names_every_document() {
    let out = hoso()
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for id in ["KH-NAM", "KT-01", "KT-09", "KT-12"] {
        assert!(out.contains(id), "{out}");
    }
    assert!(out.contains("QĐ\tQuyết định kiểm tra"));
}

fn render(case: &str, dir: &Path) {
    let input = dir.join("case.json");
    std::fs::write(&input, case).unwrap();
    hoso()
        .arg("render")
        .arg(&input)
        .args(["--format", "docx", "-o"])
        .arg(dir.join("out"))
        .assert()
        .success();
}

#[test]
fn decomposed_input_renders_the_same_nfc_text() {
    let sample = include_str!("../../samples/kiem-tra.json");
    let nfd: String = sample.nfd().collect();
    assert_ne!(
        nfd, sample,
        "the sample has precomposed letters to decompose"
    );
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    render(sample, a.path());
    render(&nfd, b.path());
    let name = "KT-01-quyet-dinh-kiem-tra.docx";
    let ta = docx_text(&a.path().join("out").join(name));
    let tb = docx_text(&b.path().join("out").join(name));
    assert_eq!(ta, tb);
    assert!(tb.contains("Lê Văn Cường"));
    assert_eq!(tb.nfc().collect::<String>(), tb);
}

#[test]
fn markup_characters_in_data_stay_literal() {
    let sample = include_str!("../../samples/kiem-tra.json");
    let tricky = r#"Nhà văn hóa **ấp** @pagebreak | {{ x }} {% if %} <b>&amp; //n// __u__ \\n"#;
    let case = sample.replace(
        r#""place": "Nhà văn hóa ấp Tân Phú",
      "proceedings": [
        "Đồng chí Nguyễn Văn An, Tổ trưởng"#,
        &format!(
            r#""place": {},
      "proceedings": [
        "Đồng chí Nguyễn Văn An, Tổ trưởng"#,
            serde_json::to_string(tricky).unwrap()
        ),
    );
    assert_ne!(case, sample, "the replacement found its place");
    let dir = tempfile::tempdir().unwrap();
    render(&case, dir.path());
    let text = docx_text(
        &dir.path()
            .join("out")
            .join("KT-04-bien-ban-trien-khai-kiem-tra.docx"),
    );
    assert!(text.contains(tricky), "literal data expected in:\n{text}");
}

#[test]
fn a_second_run_refuses_to_overwrite_and_force_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let run = |force: bool| {
        let mut c = hoso();
        c.args(["example", "--set", "nam", "-o"]).arg(dir.path());
        if force {
            c.arg("--force");
        }
        c.assert()
    };
    run(false).success();
    let target = dir
        .path()
        .join("KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.docx");
    std::fs::write(&target, b"edited by hand").unwrap();
    run(false)
        .code(5)
        .stderr(predicate::str::contains("--force"))
        .stderr(predicate::str::contains(
            "KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.docx",
        ));
    assert_eq!(std::fs::read(&target).unwrap(), b"edited by hand");
    run(true).success();
    assert_ne!(std::fs::read(&target).unwrap(), b"edited by hand");
    // No temporary files are left behind.
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp-"), "{name}");
    }
}

#[test]
fn malformed_json_names_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.json");
    std::fs::write(&input, "{\n  \"set\": \"kiem-tra\",\n  \"cell\": {,\n}").unwrap();
    hoso()
        .arg("render")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.json:3:"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_wrong_field_names_its_path() {
    let sample = include_str!("../../samples/kiem-tra.json");
    let case = sample.replace(r#""role": "thu-ky""#, r#""role": "thu-quy""#);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("case.json");
    std::fs::write(&input, case).unwrap();
    hoso()
        .arg("render")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("case.team[2].role"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn example_giam_sat_writes_the_supervision_set() {
    let dir = tempfile::tempdir().unwrap();
    hoso()
        .args(["example", "--set", "giam-sat", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 24, "{names:?}");
    for i in 1..=12 {
        for ext in ["docx", "pdf"] {
            let prefix = format!("GS-{i:02}-");
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(&prefix) && n.ends_with(ext)),
                "{prefix}*.{ext} missing"
            );
        }
    }
    let gs01 = docx_text(&dir.path().join("GS-01-quyet-dinh-giam-sat.docx"));
    for k in [
        "Số 03-QĐ/CB",
        "Huỳnh Thị Em",
        "việc thực hiện trách nhiệm nêu gương của đảng viên trong vận động gia đình và hội viên phụ nữ thực hiện xây dựng nông thôn mới ở ấp",
        "Trần Thị Bình",
        "Phạm Thị Dung",
        "Võ Minh Đức",
        "Tổ giám sát",
    ] {
        assert!(gs01.contains(k), "GS-01 lacks «{k}»");
    }
    let gs10 = docx_text(&dir.path().join("GS-10-thong-bao-ket-qua-giam-sat.docx"));
    assert!(gs10.contains("Số 02-TB/CB"));
    assert!(gs10.contains("kết quả giám sát"));
    assert!(
        !gs10.contains("kết luận kiểm tra"),
        "GS-10 is a notice of results, not a conclusion"
    );
}

#[test]
fn example_without_set_renders_every_set() {
    let dir = tempfile::tempdir().unwrap();
    hoso()
        .arg("example")
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    let n = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(n, 2 * (1 + 12 + 12));
}

/// A run killed midway leaves no truncated document under a real name: every file is written
/// to a temporary name and renamed; the next run removes the temporary leftovers.
#[test]
fn messages_are_vietnamese_by_default_and_english_on_request() {
    let sample = include_str!("../../samples/kiem-tra.json");
    let case = sample.replace(r#""role": "thu-ky""#, r#""role": "thu-quy""#);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("case.json");
    std::fs::write(&input, case).unwrap();
    hoso()
        .arg("check")
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "giá trị «thu-quy» không hợp lệ; chọn một trong: to-truong, thanh-vien, thu-ky",
        ));
    hoso()
        .args(["check", "--lang", "en"])
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "error: the input has 1 problem(s)",
        ))
        .stderr(predicate::str::contains("unknown variant `thu-quy`"));
}

/// Issue 7's size limits, on a decision long enough for two pages (five more content items
/// than the worked example): PDF ≤ 60 KB, DOCX ≤ 15 KB.
#[test]
fn a_two_page_decision_stays_small() {
    let mut case: serde_json::Value =
        serde_json::from_str(include_str!("../../samples/kiem-tra.json")).unwrap();
    let items = case["case"]["contents"].as_array_mut().unwrap();
    let first = items[0].clone();
    for t in [
        "việc giữ gìn phẩm chất chính trị, đạo đức, lối sống của người đảng viên ở nơi cư trú và nơi công tác",
        "việc thực hiện các quy định về những điều đảng viên không được làm và trách nhiệm nêu gương",
        "việc thực hiện quy chế dân chủ ở cơ sở và giữ mối liên hệ mật thiết với nhân dân trên địa bàn ấp",
        "việc kê khai tài sản, thu nhập và thực hiện chế độ báo cáo với chi bộ theo quy định hiện hành",
        "việc tham gia sinh hoạt chi bộ, đóng đảng phí và thực hiện nhiệm vụ do chi bộ phân công trong năm",
    ] {
        let mut it = first.clone();
        it["text"] = serde_json::json!(t);
        items.push(it);
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("case.json");
    std::fs::write(&input, case.to_string()).unwrap();
    hoso()
        .arg("render")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let pdf = dir.path().join("out/KT-01-quyet-dinh-kiem-tra.pdf");
    let docx = dir.path().join("out/KT-01-quyet-dinh-kiem-tra.docx");
    let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
    assert_eq!(pages, 2, "the decision should run to two pages");
    let (p, d) = (
        std::fs::metadata(&pdf).unwrap().len(),
        std::fs::metadata(&docx).unwrap().len(),
    );
    assert!(p <= 60 * 1024, "two-page decision PDF is {p} bytes");
    assert!(d <= 15 * 1024, "two-page decision DOCX is {d} bytes");
}

/// Every command's help is in Vietnamese: headings, flags, defaults and choices.
#[test]
fn help_is_in_vietnamese_for_every_command() {
    let commands: &[&[&str]] = &[
        &[],
        &["example"],
        &["blank"],
        &["batch"],
        &["handout"],
        &["render"],
        &["check"],
        &["init"],
        &["templates"],
        &["templates", "check"],
        &["tally"],
        &["serve"],
        &["users", "add"],
    ];
    for args in commands {
        let out = hoso().args(*args).arg("--help").output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Cách dùng: hoso"), "{args:?}:\n{text}");
        assert!(text.contains("In hướng dẫn này"), "{args:?}:\n{text}");
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "[default:",
            "[possible values",
        ] {
            assert!(
                !text.contains(english),
                "{args:?} says «{english}»:\n{text}"
            );
        }
    }
    let wrong = hoso().arg("check").output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).starts_with("lỗi: thiếu đối số bắt buộc"));
}

/// A starter file with its guidance left in is refused, each field named at its line.
#[test]
fn an_untouched_starter_file_is_refused_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("ho-so.json");
    hoso()
        .args(["init", "--set", "kiem-tra", "-o"])
        .arg(&case)
        .assert()
        .success();
    let out = hoso().arg("check").arg(&case).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .find(|l| l.contains(": cell.name: "))
        .unwrap_or_else(|| panic!("cell.name not named:\n{text}"));
    assert!(line.contains("ho-so.json:4:"), "{line}");
    assert!(
        line.contains("vẫn là chữ mẫu của tệp khởi tạo «Tên chi bộ (ví dụ: Chi bộ ấp …)»"),
        "{line}"
    );
}

/// The annual plan and both cases can name one shared cell file instead of repeating the
/// cell: the documents are byte for byte those of the same case with the cell written in.
#[test]
fn a_shared_cell_file_serves_every_set() {
    let dir = tempfile::tempdir().unwrap();
    let cell_dir = dir.path().join("chung");
    std::fs::create_dir(&cell_dir).unwrap();
    for set in ["nam", "kiem-tra", "giam-sat"] {
        let text = std::fs::read_to_string(format!("samples/{set}.json")).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let cell = serde_json::json!({ "cell": v["cell"].take() });
        std::fs::write(cell_dir.join("chi-bo.json"), cell.to_string()).unwrap();
        v["cell"] = serde_json::Value::from("chung/chi-bo.json");
        let case = dir.path().join(format!("{set}.json"));
        std::fs::write(&case, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        let (shared, inline) = (
            dir.path().join(format!("{set}-a")),
            dir.path().join(format!("{set}-b")),
        );
        hoso()
            .arg("render")
            .arg(&case)
            .args(["--format", "docx", "-o"])
            .arg(&shared)
            .assert()
            .success();
        hoso()
            .arg("render")
            .arg(format!("samples/{set}.json"))
            .args(["--format", "docx", "-o"])
            .arg(&inline)
            .assert()
            .success();
        let mut names: Vec<_> = std::fs::read_dir(&inline)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert!(!names.is_empty());
        for n in names {
            assert_eq!(
                std::fs::read(shared.join(&n)).unwrap(),
                std::fs::read(inline.join(&n)).unwrap(),
                "{set}: {n:?} differs"
            );
        }
    }
    // A missing cell file is said plainly.
    let lone = dir.path().join("lone.json");
    std::fs::write(&lone, r#"{"set": "nam", "cell": "khong-co.json"}"#).unwrap();
    let out = hoso().arg("check").arg(&lone).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không có tệp hay thư mục"));
}

/// Under `--lang en` a wrong option or file is said in English too; Vietnamese stays the
/// default.
#[test]
fn wrong_options_and_files_are_said_in_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let courses = dir.path().join("khoa.json");
    std::fs::write(&courses, r#"{"courses": []}"#).unwrap();
    let said = |args: &[&str]| {
        let out = hoso().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let c = courses.to_str().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    for (args, english) in [
        (
            vec!["init", "--set", "foo"],
            "error: --set: there is no set «foo»",
        ),
        (
            vec!["render", "samples/kiem-tra.json", "--doc", "KT-99", "-o", o],
            "error: --doc: the set «kiem-tra» has no document «KT-99»",
        ),
        (vec!["handout", c, "-o", o], "the file holds no course"),
        (
            vec!["example", "--pdfa", "-o", o],
            "--pdfa needs the files' date",
        ),
    ] {
        let mut en = vec!["--lang", "en"];
        en.extend(&args);
        let text = said(&en);
        assert!(text.contains(english), "{args:?}:\n{text}");
        let text = said(&args);
        assert!(text.starts_with("lỗi: "), "{args:?}:\n{text}");
    }
}
