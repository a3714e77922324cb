//! `hoso batch`: the same input gives the same bytes, shards add up to the whole run, a bad
//! row is reported without stopping the others, and every input form (CSV, JSON, case files)
//! works.

use crate::common::hoso;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

const HEADER: &str = "name,superior,place,inspection_committee,secretary,deputy,members,total_members,full_members,probationary_members";

/// `n` cells; row `broken` (1-based), if any, has a count that is not a number.
fn cells_csv(n: usize, broken: Option<usize>) -> String {
    let places = ["Tân Hòa", "Long Mỹ", "Đông Hòa", "Phú Lợi", "Ô Môn"];
    let mut s = format!("\u{feff}{HEADER}\n");
    for i in 1..=n {
        let place = places[i % places.len()];
        let total = if Some(i) == broken {
            "hai mươi".to_string()
        } else {
            (10 + i % 30).to_string()
        };
        s.push_str(&format!(
            "Chi bộ ấp {i},Đảng bộ xã {place},{place},Ủy ban Kiểm tra Đảng ủy xã {place},Nguyễn Văn An {i},Trần Thị Bình,\"Lê Văn Cường; Phạm Thị Dung\",{total},,\n"
        ));
    }
    s
}

/// Every file under `dir`, by relative path, with a hash of its bytes.
fn tree(dir: &Path) -> BTreeMap<String, u64> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, u64>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                // FNV-1a: enough to tell files apart, no extra dependency.
                let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ *b as u64).wrapping_mul(0x100_0000_01b3)
                });
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, h);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn batch(csv: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    hoso()
        .arg("batch")
        .arg(csv)
        .args(["--set", "nam", "-o"])
        .arg(out)
        .args(extra)
        .assert()
}

#[test]
fn two_runs_give_identical_files_and_shards_add_up_to_the_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("cells.csv");
    std::fs::write(&csv, cells_csv(7, None)).unwrap();
    let (a, b, s) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("s"),
    );
    batch(&csv, &a, &[]).success();
    batch(&csv, &b, &["-j", "1"]).success();
    let first = tree(&a);
    assert_eq!(first.len(), 7 * 2, "{first:?}");
    assert!(first.contains_key("0001-chi-bo-ap-1/KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.pdf"));
    assert_eq!(first, tree(&b), "two runs differ");
    for k in 1..=3 {
        batch(&csv, &s, &["--shard", &format!("{k}/3")]).success();
    }
    assert_eq!(
        first,
        tree(&s),
        "shards 1/3 2/3 3/3 differ from the whole run"
    );
    // Shard 2/3 alone holds rows 2 and 5 only.
    let only = tmp.path().join("only");
    batch(&csv, &only, &["--shard", "2/3"]).success();
    let rows: Vec<String> = tree(&only)
        .keys()
        .map(|k| k[..4].to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(rows, ["0002", "0005"]);
    // A second run refuses to overwrite, cell by cell, and says so.
    batch(&csv, &a, &[])
        .code(6)
        .stderr(predicate::str::contains("--force"));
    batch(&csv, &a, &["--force"]).success();
    assert!(
        !a.join("errors.csv").exists(),
        "a clean run leaves no report"
    );
}

#[test]
fn one_broken_row_among_a_hundred_is_reported_and_the_rest_written() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("cells.csv");
    std::fs::write(&csv, cells_csv(100, Some(37))).unwrap();
    let out = tmp.path().join("out");
    hoso()
        .arg("batch")
        .arg(&csv)
        .args(["--set", "nam", "--format", "docx", "-o"])
        .arg(&out)
        .assert()
        .code(6)
        .stderr(predicate::str::contains("chi bộ số 37"))
        .stderr(predicate::str::contains("total_members"))
        .stderr(predicate::str::contains("1 trong 100 chi bộ"));
    let folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".csv"))
        .collect();
    assert_eq!(folders.len(), 99);
    assert!(!folders.iter().any(|f| f.starts_with("0037-")));
    let report = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 2, "{report}");
    assert!(lines[0].ends_with("row,place,cell,field,message"));
    assert!(
        lines[1].starts_with("37,dòng 38,Chi bộ ấp 37,total_members,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("hai mươi"));
}

#[test]
fn json_cells_zip_per_cell_and_a_bad_element() {
    let tmp = tempfile::tempdir().unwrap();
    let sample: serde_json::Value =
        serde_json::from_str(include_str!("../../samples/kiem-tra.json")).unwrap();
    let good = sample["cell"].clone();
    let mut bad = good.clone();
    bad["place"] = serde_json::json!(12);
    let json = tmp.path().join("cells.json");
    std::fs::write(
        &json,
        serde_json::json!({ "cells": [good, bad] }).to_string(),
    )
    .unwrap();
    let out = tmp.path().join("out");
    hoso()
        .arg("batch")
        .arg(&json)
        .args(["--set", "nam", "--zip", "-o"])
        .arg(&out)
        .assert()
        .code(6)
        .stderr(predicate::str::contains("cells[1]"))
        .stderr(predicate::str::contains("place"));
    let zip = out.join("0001-chi-bo-ap-tan-phu.zip");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "0001-chi-bo-ap-tan-phu/KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.docx",
            "0001-chi-bo-ap-tan-phu/KH-NAM-ke-hoach-kiem-tra-giam-sat-nam.pdf"
        ]
    );
    let mut pdf = Vec::new();
    z.by_name(&names[1]).unwrap().read_to_end(&mut pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn cases_from_a_folder_and_the_example_headed_with_each_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = tmp.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    // The worked example is cell «Chi bộ ấp Tân Phú»: its case file is found by folder name.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kiem-tra.json"),
        cases.join("chi-bo-ap-tan-phu.json"),
    )
    .unwrap();
    let csv = tmp.path().join("cells.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}\nChi bộ ấp Tân Phú,Đảng bộ xã Tân Hòa,Tân Hòa,Ủy ban Kiểm tra Đảng ủy xã Tân Hòa,Nguyễn Văn An,,,23,21,2\nChi bộ ấp Mới,Đảng bộ xã Tân Hòa,Tân Hòa,Ủy ban Kiểm tra Đảng ủy xã Tân Hòa,Hồ Văn Nam,,,12,12,0\n"
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    hoso()
        .arg("batch")
        .arg(&csv)
        .args(["--format", "docx", "--cases"])
        .arg(&cases)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(6)
        .stderr(predicate::str::contains("chi-bo-ap-moi.json"));
    let kt01 = out.join("0001-chi-bo-ap-tan-phu/KT-01-quyet-dinh-kiem-tra.docx");
    assert!(crate::common::docx_text(&kt01).contains("Số 02-QĐ/CB"));

    let ex = tmp.path().join("ex");
    hoso()
        .arg("batch")
        .arg(&csv)
        .args(["--example", "--set", "kiem-tra", "--format", "docx", "-o"])
        .arg(&ex)
        .assert()
        .success();
    let text =
        crate::common::docx_text(&ex.join("0002-chi-bo-ap-moi/KT-01-quyet-dinh-kiem-tra.docx"));
    assert!(text.contains("CHI BỘ ẤP MỚI"), "{text}");
    assert!(text.contains("Lê Văn Cường"), "the example's facts stay");
}
