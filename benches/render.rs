//! Rendering benchmarks for the KT (kiểm tra) sample dossier.
//!
//! Groups:
//! - `one_document`: KT-01 (the decision) from the parsed case to DOCX / PDF bytes: model,
//!   templates, markup, backend. The template engine is built once, as in a batch run.
//! - `backend_only`: the KT-01 document model to DOCX / PDF bytes.
//! - `dossier`: the whole KT set (12 documents) from the parsed case to DOCX, to PDF, and to
//!   both.
//! - `cell_blank_set`: one cell's full personalised blank set, as `hoso batch` renders it for
//!   each cell: every document of every set (25), both formats (50 files), no file writing.
//!
//! Run with `cargo bench --bench render`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso::backend::Format;
use hoso::document::Document;
use hoso::dossier as render;
use hoso::input::CaseFile;
use hoso::model::Model;
use hoso::template::sets::Manifest;
use hoso::template::{Engine, RenderOptions};
use std::hint::black_box;
use std::time::Duration;

const CASE: &str = include_str!("../samples/kiem-tra.json");
const CASE_NAME: &str = "samples/kiem-tra.json";
const DOC_ID: &str = "KT-01";

struct Fixture {
    engine: Engine,
    file: CaseFile,
    opts: RenderOptions,
    /// The KT set reduced to KT-01, so that only that document is templated.
    one: Manifest,
    /// KT-01's document model.
    doc: Document,
    /// Number of documents in the KT set.
    count: usize,
}

fn fixture() -> Fixture {
    let engine = Engine::builtin().expect("built-in templates compile");
    let file = hoso::input::read::parse_case(CASE, CASE_NAME).expect("sample case parses");
    let opts = RenderOptions::default();
    let all = render::documents(&engine, &file, &opts).expect("sample dossier renders");
    let count = all.len();
    let doc = all
        .into_iter()
        .find(|(spec, _)| spec.id == DOC_ID)
        .map(|(_, doc)| doc)
        .expect("KT-01 in the KT set");
    let mut one = engine.set(&file.set).expect("KT set exists").clone();
    one.documents.retain(|d| d.id == DOC_ID);
    assert_eq!(one.documents.len(), 1, "exactly one KT-01 in the manifest");
    // The reduced set must give exactly the same KT-01 as the full set.
    let model = Model::build(&file).expect("model builds");
    let alone = engine
        .render_set(&one, &model, &opts)
        .expect("KT-01 renders alone");
    assert_eq!(alone.len(), 1);
    assert_eq!(
        alone[0].1, doc,
        "KT-01 rendered alone differs from the full set"
    );
    Fixture {
        engine,
        file,
        opts,
        one,
        doc,
        count,
    }
}

/// KT-01 from the parsed case to bytes in `format`.
fn one_document(fx: &Fixture, format: Format) -> Vec<u8> {
    let model = Model::build(&fx.file).expect("model builds");
    let mut docs = fx
        .engine
        .render_set(&fx.one, &model, &fx.opts)
        .expect("KT-01 renders");
    let (_, doc) = docs.pop().expect("one document");
    format.render(&doc).expect("backend renders")
}

/// The whole dossier from the parsed case to bytes in every format of `formats`.
fn dossier(fx: &Fixture, formats: &[Format]) -> usize {
    let docs = render::documents(&fx.engine, &fx.file, &fx.opts).expect("dossier renders");
    let mut bytes = 0;
    for (_, doc) in &docs {
        for f in formats {
            bytes += black_box(f.render(doc).expect("backend renders")).len();
        }
    }
    bytes
}

/// Every blank form of every set for one cell, in both formats: one cell of a batch.
fn cell_blank_set(fx: &Fixture, cell: &hoso::input::Cell) -> usize {
    let mut bytes = 0;
    for set in fx.engine.sets() {
        for o in render::render_blank(
            &fx.engine,
            &set.id,
            Some(cell),
            &[Format::Docx, Format::Pdf],
            &fx.opts,
        )
        .expect("blank set renders")
        {
            bytes += black_box(o.bytes).len();
        }
    }
    bytes
}

fn benches(c: &mut Criterion) {
    let fx = fixture();

    let mut g = c.benchmark_group("one_document");
    g.throughput(Throughput::Elements(1));
    g.bench_function("kt01_docx", |b| {
        b.iter(|| one_document(black_box(&fx), Format::Docx))
    });
    g.bench_function("kt01_pdf", |b| {
        b.iter(|| one_document(black_box(&fx), Format::Pdf))
    });
    g.finish();

    let mut g = c.benchmark_group("backend_only");
    g.throughput(Throughput::Elements(1));
    g.bench_function("kt01_docx", |b| {
        b.iter(|| Format::Docx.render(black_box(&fx.doc)).expect("docx"))
    });
    g.bench_function("kt01_pdf", |b| {
        b.iter(|| Format::Pdf.render(black_box(&fx.doc)).expect("pdf"))
    });
    g.finish();

    let mut g = c.benchmark_group("dossier");
    g.throughput(Throughput::Elements(fx.count as u64));
    g.bench_function("kt_docx", |b| {
        b.iter(|| dossier(black_box(&fx), &[Format::Docx]))
    });
    g.bench_function("kt_pdf", |b| {
        b.iter(|| dossier(black_box(&fx), &[Format::Pdf]))
    });
    g.bench_function("kt_both", |b| {
        b.iter(|| dossier(black_box(&fx), &[Format::Docx, Format::Pdf]))
    });
    g.finish();

    let mut g = c.benchmark_group("cell_blank_set");
    let files: usize = fx
        .engine
        .sets()
        .iter()
        .map(|s| s.documents.len())
        .sum::<usize>()
        * 2;
    g.throughput(Throughput::Elements(files as u64));
    g.bench_function("all_sets_both_formats", |b| {
        b.iter(|| cell_blank_set(black_box(&fx), &fx.file.cell))
    });
    g.finish();
}

criterion_group! {
    name = render_benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(render_benches);
