//! The committee's count: a generated province adds up to exactly its totals through both
//! routes of `hoso tally` (commune summaries merged, and a folder of case files); merging one
//! commune twice or two years is refused; the report keeps the Party layout in our PDF and in
//! LibreOffice's rendering of our DOCX.

use crate::common::{docx_text, hoso, pdf_text_squashed, squash};
use crate::real_clients::{
    Rendered, check_page_numbers, convert_with_libreoffice, have, pdf_words,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn sample(set: &str) -> Value {
    serde_json::from_str(hoso::dossier::sample_text(set).unwrap()).unwrap()
}

/// How far a generated cell got.
#[derive(Clone, Copy)]
enum Fate {
    /// Both notices issued.
    Met,
    /// Inspection done, supervision at its cell meeting.
    SupervisionUnfinished,
    /// Inspection under way, no supervision file.
    InspectionUnderWay,
    /// Only the annual plan.
    PlanOnly,
}

fn fate(i: usize, met: usize) -> Fate {
    if i < met {
        return Fate::Met;
    }
    [
        Fate::SupervisionUnfinished,
        Fate::InspectionUnderWay,
        Fate::PlanOnly,
    ][(i - met) % 3]
}

/// A case of `set` for cell `i` of commune `c`, its notice in `month` (none: not issued).
fn case(set: &str, i: usize, c: usize, month: Option<u8>) -> Value {
    let mut v = sample(set);
    v["cell"]["name"] = json!(format!("Chi bộ ấp Số {i:04}"));
    v["cell"]["superior"] = json!(format!("Đảng bộ xã Số {c:03}"));
    v["cell"]["place"] = json!(format!("Xã {c:03}"));
    match month {
        Some(m) => v["case"]["notice"]["date"] = json!(format!("2026-{m:02}-10")),
        None if set != "nam" => v["case"]["notice"] = Value::Null,
        None => {}
    }
    v
}

/// Writes the case files of `cells` cells over `communes` communes (`DIR/xa-NNN/`), the first
/// `met` of them having completed both; returns the commune folders.
fn province(dir: &Path, communes: usize, cells: usize, met: usize) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = (0..communes)
        .map(|c| dir.join(format!("xa-{c:03}")))
        .collect();
    for f in &folders {
        std::fs::create_dir_all(f).unwrap();
    }
    for i in 0..cells {
        let c = i % communes;
        let month = 3 + (i % 7) as u8;
        let mut files = Vec::new();
        match fate(i, met) {
            Fate::Met => {
                files.push(("kt", case("kiem-tra", i, c, Some(month))));
                files.push(("gs", case("giam-sat", i, c, Some(month + 1))));
            }
            Fate::SupervisionUnfinished => {
                files.push(("kt", case("kiem-tra", i, c, Some(month))));
                files.push(("gs", case("giam-sat", i, c, None)));
            }
            Fate::InspectionUnderWay => {
                let mut k = case("kiem-tra", i, c, None);
                k["case"]["meeting"] = Value::Null;
                k["case"]["team_report"] = Value::Null;
                files.push(("kt", k));
            }
            Fate::PlanOnly => files.push(("nam", case("nam", i, c, None))),
        }
        for (tag, v) in files {
            let path = folders[c].join(format!("{i:04}-{tag}.json"));
            std::fs::write(path, serde_json::to_vec(&v).unwrap()).unwrap();
        }
    }
    folders
}

/// Route 1's input: each commune's summary, as its committee exports it (the same
/// `hoso::tally` derivation the web app runs), one file per commune.
fn summaries(folders: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(out).unwrap();
    folders
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let mut files = Vec::new();
            for e in std::fs::read_dir(f).unwrap() {
                let p = e.unwrap().path();
                let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
                files.push((p.display().to_string(), v));
            }
            let mut parts = hoso::tally::from_cases(&files, None).unwrap();
            assert_eq!(parts.len(), 1, "one commune per folder");
            let path = out.join(format!("tong-hop-{n:03}.json"));
            std::fs::write(&path, hoso::tally::summary_json(&parts.remove(0).1)).unwrap();
            path
        })
        .collect()
}

/// Runs `hoso tally` on `inputs` into `out`; returns its standard output.
fn tally(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> String {
    let output = hoso()
        .arg("tally")
        .args(inputs)
        .args([
            "--organisation",
            "Đảng bộ tỉnh Hậu Giang",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "hoso tally failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn csv_of(out: &Path) -> String {
    let bytes = std::fs::read(out.join("tong-hop-2026.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "the CSV starts with a BOM for Excel"
    );
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_generated_province_tallies_to_2026_of_2053_through_both_routes() {
    let tmp = tempfile::tempdir().unwrap();
    let folders = province(&tmp.path().join("cases"), 100, 2053, 2026);
    let files = summaries(&folders, &tmp.path().join("summaries"));
    let expected = "100 đơn vị, 2053 chi bộ: 2026 đạt chỉ tiêu (98,68%), 27 chưa đạt";

    let merged = tally(&files, &tmp.path().join("a"), &[]);
    assert!(merged.contains(expected), "summaries merged: {merged}");
    let folder = tally(&[tmp.path().join("cases")], &tmp.path().join("b"), &[]);
    assert!(folder.contains(expected), "folder of case files: {folder}");

    let (a, b) = (csv_of(&tmp.path().join("a")), csv_of(&tmp.path().join("b")));
    assert_eq!(a, b, "both routes give the same table");
    assert_eq!(a.lines().count(), 1 + 2053);
    assert_eq!(a.lines().filter(|l| l.ends_with(";có")).count(), 2026);
    let pdf = tmp
        .path()
        .join("b/BC-KTGS-bao-cao-ket-qua-kiem-tra-giam-sat-2026.pdf");
    let text = pdf_text_squashed(&pdf);
    assert!(text.contains(&squash("2026/2053 chi bộ")), "{text}");
    assert!(
        text.contains(&squash("Chi bộ ấp Số 2052 (Đảng bộ xã Số 052)")),
        "the unmet cells are named with their commune"
    );
}

fn refused(inputs: &[PathBuf], out: &Path) -> (i32, String) {
    let output = hoso()
        .arg("tally")
        .args(inputs)
        .args(["--organisation", "Đảng bộ tỉnh", "-o"])
        .arg(out)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn merging_one_commune_twice_or_two_years_is_refused_with_exit_7() {
    let tmp = tempfile::tempdir().unwrap();
    let folders = province(&tmp.path().join("cases"), 2, 6, 4);
    let files = summaries(&folders, &tmp.path().join("s"));
    let twice = tmp.path().join("s/copy.json");
    std::fs::copy(&files[0], &twice).unwrap();
    let (code, err) = refused(&[files[0].clone(), files[1].clone(), twice], tmp.path());
    assert_eq!(code, 7, "{err}");
    assert!(
        err.contains("Đảng bộ xã Số 000") && err.contains("chỉ được cộng một lần"),
        "{err}"
    );

    let mut other: Value = serde_json::from_slice(&std::fs::read(&files[1]).unwrap()).unwrap();
    other["year"] = json!(2025);
    std::fs::write(&files[1], other.to_string()).unwrap();
    let (code, err) = refused(&files, tmp.path());
    assert_eq!(code, 7, "{err}");
    assert!(
        err.contains("năm 2025") && err.contains("không cộng hai năm"),
        "{err}"
    );
    assert!(
        !tmp.path().join("tong-hop-2026.csv").exists(),
        "nothing written"
    );
}

/// The strings of `format.md` the report's first page must hold exactly.
const REPORT_KEYS: &[&str] = &[
    "ĐẢNG BỘ XÃ SỐ 000",
    "ỦY BAN KIỂM TRA",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 05-BC/UBKTĐU",
    "Xã 000, ngày 05 tháng 02 năm 2027",
    "BÁO CÁO",
    "T/M ỦY BAN KIỂM TRA",
    "CHỦ NHIỆM",
    "Nơi nhận:",
    "Trần Văn Hùng",
];

#[test]
fn the_report_of_a_commune_of_40_cells_keeps_the_party_layout_in_both_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let folders = province(&tmp.path().join("cases"), 1, 40, 33);
    let out = tmp.path().join("out");
    let args = [
        "--number",
        "5",
        "--report-date",
        "2027-02-05",
        "--signer",
        "Trần Văn Hùng",
    ];
    hoso()
        .arg("tally")
        .arg(&folders[0])
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stem = "BC-KTGS-bao-cao-ket-qua-kiem-tra-giam-sat-2026";
    let docx = docx_text(&out.join(format!("{stem}.docx")));
    let pdf = pdf_text_squashed(&out.join(format!("{stem}.pdf")));
    for key in REPORT_KEYS {
        assert!(docx.contains(key), "DOCX lacks «{key}»:\n{docx}");
        assert!(pdf.contains(&squash(key)), "PDF lacks «{key}»");
    }
    assert!(
        !docx.contains("Số:"),
        "no colon after «Số» in a Party document"
    );
    assert!(docx.contains("33/40 chi bộ, đạt 82,5%"), "{docx}");
    if !have(
        &["pdftotext", "soffice"],
        "the report's layout in our PDF and LibreOffice's",
    ) {
        return;
    }
    let mut failures = Vec::new();
    let ours = pdf_words(&out.join(format!("{stem}.pdf")));
    assert!(ours.len() >= 2, "40 cells fill more than one page");
    check_page_numbers("hoso report PDF", &ours, &mut failures);
    let r = Rendered {
        root: tmp.path().to_path_buf(),
        dir: out.clone(),
        stems: vec![stem.to_string()],
    };
    let lo = convert_with_libreoffice(&r)
        .unwrap()
        .join(format!("{stem}.pdf"));
    check_page_numbers("LibreOffice report PDF", &pdf_words(&lo), &mut failures);
    let lo_text = crate::real_clients::pdf_text(&lo);
    for key in REPORT_KEYS {
        if !lo_text.contains(key) {
            failures.push(format!("LibreOffice's PDF lacks «{key}»"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
