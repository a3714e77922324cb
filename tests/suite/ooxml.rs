//! Every DOCX hoso writes is valid against the Office Open XML transitional schemas, as the
//! independent validator openxml-audit judges it (issue 16): the worked example, every blank
//! form, the personalised blank forms, the training handout, a batch of cells, drafts (the
//! watermark's VML shape in every header) and the committee's report.
//!
//! All files go to one `python3 -m openxml_audit -r` run. A planted invalid file goes with
//! them, so the test also fails if the validator stops finding errors at all.
//!
//! A missing validator makes the test print `skipped: …` and pass, unless
//! `HOSO_REQUIRE_CLIENTS=1` is set (as in CI), when it is a failure.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// At least: 25 documents for each of example, blank and personalised blank; the handout's
/// one booklet; 25 for each of the three cells of `samples/cells.csv`.
const LEAST_FILES: usize = 25 * 3 + 1 + 25 * 3;
const PLANTED: &str = "planted-invalid.docx";

/// The DOCX files under `dir`, at any depth.
fn count_docx(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| match p.is_dir() {
            true => count_docx(&p),
            false => usize::from(p.extension().is_some_and(|x| x == "docx")),
        })
        .sum()
}

fn required() -> bool {
    std::env::var("HOSO_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}

fn validator_available() -> bool {
    Command::new("python3")
        .args(["-m", "openxml_audit", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn hoso(args: &[&str], out: &Path) {
    let root = env!("CARGO_MANIFEST_DIR");
    let args: Vec<String> = args.iter().map(|a| a.replace("@", root)).collect();
    let run = Command::new(env!("CARGO_BIN_EXE_hoso"))
        .args(&args)
        .args(["--format", "docx", "-o"])
        .arg(out)
        .output()
        .expect("hoso runs");
    assert!(
        run.status.success(),
        "hoso {args:?} failed: {}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
}

/// KT-01 with `w:type` on every `w:gridCol` (an attribute the schema does not have), as
/// docx-rs used to write it.
fn plant_invalid(good: &Path, out: &Path) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(good).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains("<w:gridCol "), "KT-01 has a table grid");
            data = xml
                .replace("<w:gridCol ", r#"<w:gridCol w:type="dxa" "#)
                .into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn every_docx_hoso_writes_has_no_schema_errors() {
    if !validator_available() {
        let what = "python3 -m openxml_audit, the OOXML schema validator";
        assert!(
            !required(),
            "{what} not installed, but HOSO_REQUIRE_CLIENTS=1 requires it"
        );
        let _ = writeln!(std::io::stderr(), "skipped: {what} not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hoso(&["example"], &d.join("example"));
    hoso(&["blank", "--set", "all"], &d.join("blank"));
    let cell = ["blank", "--set", "all", "--cell", "@/samples/kiem-tra.json"];
    hoso(&cell, &d.join("personalised"));
    hoso(&["handout", "@/samples/khoa-hoc.json"], &d.join("handout"));
    hoso(&["batch", "@/samples/cells.csv"], &d.join("batch"));
    hoso(
        &["example", "--set", "kiem-tra", "--draft"],
        &d.join("draft"),
    );
    // The committee's report (issue 15), from a folder of the example's case files.
    let cases = d.join("tally-cases");
    std::fs::create_dir_all(&cases).unwrap();
    for set in ["nam", "kiem-tra", "giam-sat"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("samples/{set}.json"));
        std::fs::copy(from, cases.join(format!("{set}.json"))).unwrap();
    }
    hoso(&["tally", cases.to_str().unwrap()], &d.join("tally"));
    plant_invalid(
        &d.join("example/KT-01-quyet-dinh-kiem-tra.docx"),
        &d.join(PLANTED),
    );

    let out = Command::new("python3")
        .args(["-m", "openxml_audit", "-f", "office2019", "-o", "json"])
        .args(["-m", "0", "-r"])
        .arg(d)
        .output()
        .expect("the validator runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "validator output is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = report.as_array().expect("one entry per file");
    let mut failures = Vec::new();
    let mut planted_errors = 0;
    for f in files {
        let name = f["file"].as_str().unwrap_or("?");
        let count = f["error_count"].as_u64().expect("an error count");
        if name.ends_with(PLANTED) {
            planted_errors = count;
        } else if count > 0 {
            let errors: Vec<String> = f["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| format!("  {} {}: {}", e["part_uri"], e["path"], e["description"]))
                .collect();
            failures.push(format!("{name}: {count} errors\n{}", errors.join("\n")));
        }
    }
    let written = count_docx(d);
    // Ours and the planted one.
    assert!(written > LEAST_FILES, "hoso wrote {written} DOCX files");
    assert_eq!(files.len(), written, "the validator saw every DOCX");
    assert!(
        planted_errors > 0,
        "the validator found nothing wrong in {PLANTED}: is it validating?"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
