//! The count's pure parts: progress from partial files, merging refusals, percentages.

use super::report::{self, Totals, percent};
use super::*;
use serde_json::json;

fn target() -> ReportConfig {
    ReportConfig {
        inspections: 1,
        supervisions: 1,
        issuer_code: "UBKTĐU".into(),
        upper_issuer_code: "UBKTTU".into(),
    }
}

fn sample(set: &str) -> Value {
    serde_json::from_str(crate::dossier::sample_text(set).unwrap()).unwrap()
}

#[test]
fn progress_follows_the_phases_of_a_partial_file() {
    let full = sample("kiem-tra");
    let date = Date::parse_iso("2026-09-07").unwrap();
    assert_eq!(
        case_progress(&full["case"]),
        Progress::Completed { number: 1, date }
    );
    let mut c = full["case"].clone();
    c["notice"] = json!({"number": null, "date": ""});
    assert_eq!(case_progress(&c).state(), "in-progress");
    assert_eq!(
        case_progress(&c),
        Progress::InProgress {
            phase: "kết thúc".into()
        }
    );
    c["meeting"] = json!({});
    c["team_report"] = json!({});
    assert_eq!(
        case_progress(&c),
        Progress::InProgress {
            phase: "tiến hành".into()
        }
    );
    c["announcement"] = json!({});
    c["working_session"] = json!({});
    assert_eq!(
        case_progress(&c),
        Progress::InProgress {
            phase: "chuẩn bị".into()
        }
    );
    assert_eq!(
        case_progress(&json!({"subject": " "})),
        Progress::NotStarted
    );
    assert_eq!(case_progress(&Value::Null), Progress::NotStarted);
}

#[test]
fn a_cell_with_both_notices_meets_the_target_in_the_later_month() {
    let tallies = report::sample_tallies();
    let [done, halfway, idle] = &tallies[0].units[0].cells[..] else {
        panic!("three sample cells")
    };
    assert!(!halfway.met(&target()) && !idle.met(&target()));
    assert_eq!(halfway.inspection.progress.state(), "in-progress");
    assert_eq!(idle.plan, Progress::NotStarted);
    let s = done;
    assert!(s.plan.is_completed());
    assert!(s.met(&target()));
    assert_eq!(s.inspection.subject.as_deref(), Some("Lê Văn Cường"));
    assert!(s.met_month(&target()).is_some());
    // Another year: nothing counts.
    let k = sample("kiem-tra");
    let other = cell_status(
        "Chi bộ ấp Tân Phú",
        &[CaseJson {
            set: "kiem-tra",
            json: &k,
        }],
        2025,
    );
    assert!(!other.met(&target()));
    assert_eq!(other.plan, Progress::NotStarted);
}

fn summary(name: &str, year: u16) -> Summary {
    Summary {
        format: FORMAT.into(),
        organisation: Organisation {
            name: name.into(),
            committee: String::new(),
            place: String::new(),
        },
        year,
        cells: vec![],
    }
}

#[test]
fn merging_refuses_one_commune_twice_and_two_years() {
    let org = Organisation {
        name: "Đảng bộ tỉnh".into(),
        committee: String::new(),
        place: String::new(),
    };
    let twice = merge(
        org.clone(),
        vec![
            ("a.json".into(), summary("Đảng bộ xã A", 2026)),
            ("b.json".into(), summary("ĐẢNG BỘ XÃ  A", 2026)),
        ],
    )
    .unwrap_err();
    assert_eq!(twice.exit_code(), 7);
    assert!(twice.to_string().contains("a.json"), "{twice}");
    let years = merge(
        org.clone(),
        vec![
            ("a.json".into(), summary("Đảng bộ xã A", 2026)),
            ("b.json".into(), summary("Đảng bộ xã B", 2025)),
        ],
    )
    .unwrap_err();
    assert!(years.to_string().contains("năm 2025"), "{years}");
    let ok = merge(
        org,
        vec![
            ("a.json".into(), summary("Đảng bộ xã A", 2026)),
            ("b.json".into(), summary("Đảng bộ xã B", 2026)),
        ],
    );
    assert_eq!(ok.unwrap().units.len(), 2);
}

#[test]
fn percentages_round_half_up_with_a_decimal_comma() {
    assert_eq!(percent(2026, 2053), "98,68%");
    assert_eq!(percent(1, 3), "33,33%");
    assert_eq!(percent(2, 3), "66,67%");
    assert_eq!(percent(1, 2), "50%");
    assert_eq!(percent(1, 8), "12,5%");
    assert_eq!(percent(0, 0), "0%");
    assert_eq!(Totals::of(std::iter::empty(), &target()).cells, 0);
}

#[test]
fn a_summary_file_reads_back_and_a_stranger_is_refused() {
    let s = summary("Đảng bộ xã A", 2026);
    let text = String::from_utf8(summary_json(&s)).unwrap();
    assert_eq!(read_summary(&text, "a.json").unwrap(), s);
    let e = read_summary(crate::dossier::sample_text("nam").unwrap(), "nam.json").unwrap_err();
    assert!(e.to_string().contains("format"), "{e}");
    // A file of the right shape but another format is refused by its format, not read.
    let mut other = serde_json::to_value(&s).unwrap();
    other["format"] = json!("hoso-tally/0");
    let e = read_summary(&other.to_string(), "b.json").unwrap_err();
    assert!(e.to_string().contains("không phải tệp tổng hợp"), "{e}");
}
