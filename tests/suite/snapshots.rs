//! Snapshot tests of the document model for every document of every sample: a change in
//! wording, structure or data flow shows up as a reviewable diff of the outline.

use hoso::dossier as render;
use hoso::template::{Engine, RenderOptions};

fn outlines(sample: &str, text: &str) -> Vec<(String, String)> {
    let engine = Engine::builtin().expect("built-in templates compile");
    let file = hoso::input::read::parse_case(text, sample).expect("sample parses");
    render::documents(&engine, &file, &RenderOptions::default())
        .expect("sample renders")
        .into_iter()
        .map(|(spec, doc)| (render::file_stem(&spec), doc.outline()))
        .collect()
}

#[test]
fn kiem_tra_documents() {
    let docs = outlines(
        "samples/kiem-tra.json",
        include_str!("../../samples/kiem-tra.json"),
    );
    assert_eq!(docs.len(), 12);
    for (name, outline) in docs {
        insta::assert_snapshot!(name, outline);
    }
}

#[test]
fn giam_sat_documents() {
    let docs = outlines(
        "samples/giam-sat.json",
        include_str!("../../samples/giam-sat.json"),
    );
    assert_eq!(docs.len(), 12);
    for (name, outline) in docs {
        insta::assert_snapshot!(name, outline);
    }
}

/// The blank form of every document of every set.
#[test]
fn blank_documents() {
    let engine = Engine::builtin().expect("built-in templates compile");
    let mut n = 0;
    for set in ["nam", "kiem-tra", "giam-sat"] {
        for (spec, doc) in render::blank_documents(&engine, set, None, &RenderOptions::default())
            .expect("blank forms render")
        {
            insta::assert_snapshot!(format!("blank-{}", render::file_stem(&spec)), doc.outline());
            n += 1;
        }
    }
    assert_eq!(n, 25);
}

#[test]
fn nam_documents() {
    let docs = outlines("samples/nam.json", include_str!("../../samples/nam.json"));
    assert_eq!(docs.len(), 1);
    for (name, outline) in docs {
        insta::assert_snapshot!(name, outline);
    }
}

/// The training booklet of the sample course: its own pages in full (cover, contents with
/// their page numbers, overview), then its sections and headings; the documents spliced in
/// are the ones snapshotted above.
#[test]
fn handout_booklet() {
    let engine = Engine::builtin().expect("built-in templates compile");
    let opts = RenderOptions::default();
    let library = hoso::handout::Library::new(&engine, &opts).expect("sets render");
    let course = hoso::handout::sample_course().expect("sample course parses");
    let doc = hoso::handout::booklet(&engine, &library, &course, &opts).expect("booklet");
    let outline = doc.outline();
    let first_chapter = outline
        .lines()
        .position(|l| l.starts_with("[chapter]"))
        .expect("chapters");
    let skeleton: Vec<&str> = outline
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            *i < first_chapter
                || ["section ", "[part]", "[chapter]", "[note]"]
                    .iter()
                    .any(|p| l.starts_with(p))
        })
        .map(|(_, l)| l)
        .collect();
    insta::assert_snapshot!("handout-tai-lieu-lop-07", skeleton.join("\n"));
}
