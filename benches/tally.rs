//! The committee's count at the province level: 100 commune summaries (2,053 cells) read,
//! merged and turned into the province report, as `hoso tally` does (issue 15: under 2 s).
//!
//! Groups:
//! - `province`: `merge_100_summaries` (read the 100 summary files' text, merge);
//!   `report_pdf_docx` (the same, then the report in PDF and DOCX).
//! - `commune`: `count_40_cells` (each cell's status from its three saved cases, the totals
//!   and the two SVG pictures: the library's share of the committee page).
//!
//! Run with `cargo bench --bench tally`.

use criterion::{Criterion, criterion_group, criterion_main};
use hoso::backend::Format;
use hoso::tally::report::{self, ReportInfo, Totals};
use hoso::tally::{CaseJson, Organisation, Summary, Tally, cell_status};
use hoso::template::Engine;
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;

fn sample(set: &str) -> Value {
    serde_json::from_str(hoso::dossier::sample_text(set).unwrap()).unwrap()
}

/// The three cases of a cell; the notice of the supervision left out for every tenth.
fn cases(i: usize) -> Vec<(&'static str, Value)> {
    let mut g = sample("giam-sat");
    if i % 10 == 9 {
        g["case"]["notice"] = Value::Null;
    }
    vec![
        ("kiem-tra", sample("kiem-tra")),
        ("giam-sat", g),
        ("nam", sample("nam")),
    ]
}

fn status(i: usize, cases: &[(&'static str, Value)]) -> hoso::tally::CellStatus {
    let refs: Vec<CaseJson> = cases
        .iter()
        .map(|(s, j)| CaseJson { set: s, json: j })
        .collect();
    cell_status(&format!("Chi bộ ấp Số {i:04}"), &refs, 2026)
}

/// 100 summaries' text: 2,053 cells, 21 in each of the first 53 communes, 20 in the rest.
fn summaries() -> Vec<(String, String)> {
    let one = cases(0);
    let unfinished = cases(9);
    let mut n = 0;
    (0..100)
        .map(|c| {
            let cells = (0..if c < 53 { 21 } else { 20 })
                .map(|_| {
                    n += 1;
                    status(n, if n % 10 == 9 { &unfinished } else { &one })
                })
                .collect();
            let s = Summary {
                format: hoso::tally::FORMAT.to_string(),
                organisation: Organisation {
                    name: format!("Đảng bộ xã Số {c:03}"),
                    committee: format!("Ủy ban Kiểm tra Đảng ủy xã Số {c:03}"),
                    place: format!("Xã {c:03}"),
                },
                year: 2026,
                cells,
            };
            let text = String::from_utf8(hoso::tally::summary_json(&s)).unwrap();
            (format!("tong-hop-{c:03}.json"), text)
        })
        .collect()
}

fn merged(texts: &[(String, String)]) -> Tally {
    let parts = texts
        .iter()
        .map(|(f, t)| (f.clone(), hoso::tally::read_summary(t, f).unwrap()))
        .collect();
    let org = Organisation {
        name: "Đảng bộ tỉnh Hậu Giang".to_string(),
        committee: "Ủy ban Kiểm tra Tỉnh ủy Hậu Giang".to_string(),
        place: "Vị Thanh".to_string(),
    };
    hoso::tally::merge(org, parts).unwrap()
}

fn benches(c: &mut Criterion) {
    let engine = Engine::builtin().unwrap();
    let texts = summaries();
    let t = merged(&texts);
    assert_eq!(t.cells().count(), 2053);
    let mut g = c.benchmark_group("province");
    g.bench_function("merge_100_summaries", |b| {
        b.iter(|| merged(black_box(&texts)))
    });
    g.bench_function("report_pdf_docx", |b| {
        b.iter(|| {
            let t = merged(black_box(&texts));
            let info = ReportInfo::default();
            let formats = [Format::Pdf, Format::Docx];
            report::render(&engine, &t, &info, &formats, &Default::default()).unwrap()
        })
    });
    g.finish();

    let target = report::target(&engine).unwrap();
    let stored: Vec<Vec<(&'static str, Value)>> = (0..40).map(cases).collect();
    let mut g = c.benchmark_group("commune");
    g.bench_function("count_40_cells", |b| {
        b.iter(|| {
            let cells = stored
                .iter()
                .enumerate()
                .map(|(i, k)| status(i, k))
                .collect();
            let s = Summary {
                format: hoso::tally::FORMAT.to_string(),
                organisation: Organisation {
                    name: "Đảng bộ xã Tân Hòa".to_string(),
                    committee: String::new(),
                    place: String::new(),
                },
                year: 2026,
                cells,
            };
            let t = Tally::commune(s);
            let totals = Totals::of(t.cells().map(|(_, c)| c), &target);
            let pictures =
                hoso::tally::chart::by_month(&t, &target) + &hoso::tally::chart::by_status(&t);
            black_box((totals, pictures))
        })
    });
    g.finish();
}

criterion_group! {
    name = tally_benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    targets = benches
}
criterion_main!(tally_benches);
