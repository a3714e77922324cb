//! Property tests of text in the case file: any string a user can type (or paste) into any
//! string field of the sample is either refused with an error or printed literally, and never
//! panics, breaks the DOCX XML or the PDF, or changes the structure of a document.
//!
//! Each generated input replaces one or several string fields of `samples/kiem-tra.json`
//! (or renames one value everywhere it occurs, so that a member's name can be hostile and
//! still match) with arbitrary Unicode, decomposed Vietnamese, or text built from markup,
//! template and XML syntax, control characters and private-use characters.
//!
//! Whether a field is printed, and whether it may legitimately be refused (a member's name,
//! a date, an enum), is not listed by hand: a probe replaces the same fields with unique
//! ASCII tokens first and looks for them in the documents.

use hoso::document::{Block, Document, Paragraph};
use hoso::dossier as render;
use hoso::template::{Engine, RenderOptions};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, OnceLock};
use unicode_normalization::UnicodeNormalization;

const SAMPLE: &str = include_str!("../../samples/kiem-tra.json");

// ---------------------------------------------------------------------------------------
// JSON paths

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Seg {
    Key(String),
    Index(usize),
}

type JsonPath = Vec<Seg>;

/// `case.team[0].name`.
fn display(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The RFC 6901 pointer of a path.
fn pointer(path: &[Seg]) -> String {
    path.iter()
        .map(|seg| match seg {
            Seg::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// The path of every string in `v`, in document order.
fn string_paths(v: &Value, prefix: &mut JsonPath, out: &mut Vec<JsonPath>) {
    match v {
        Value::String(_) => out.push(prefix.clone()),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                prefix.push(Seg::Index(i));
                string_paths(x, prefix, out);
                prefix.pop();
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                prefix.push(Seg::Key(k.clone()));
                string_paths(x, prefix, out);
                prefix.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

// ---------------------------------------------------------------------------------------
// Expected text

/// What hoso makes of a string at the input boundary: control characters other than newline
/// removed, tabs as spaces, Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …) and the
/// blank-form markers U+F8F0–U+F8FF and invisible format characters (zero-width, direction
/// marks, soft hyphen) removed, then NFC; a name's whitespace runs made one space and its ends
/// trimmed — written out here independently of `hoso::input::text`.
pub(crate) fn cleaned(s: &str, name: bool) -> String {
    let kept: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c if (0xFDD0..=0xFDEF).contains(&(c as u32)) || (c as u32 & 0xFFFE) == 0xFFFE => None,
            '\u{F8F0}'..='\u{F8FF}' => None,
            '\u{61C}' | '\u{180E}' | '\u{FEFF}' => None,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => None,
            '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect();
    let nfc: String = kept.nfc().collect();
    // Text that reads as Vietnamese typed in a legacy encoding is converted (and reported);
    // then a soft hyphen left over (TCVN3 writes «ư» with its code) goes too.
    let mut text = match hoso::input::legacy::detect(&nfc) {
        Some((unicode, _)) => unicode,
        None => nfc,
    };
    text.retain(|c| c != '\u{AD}');
    if name {
        text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    text
}

/// The markup trims each line, so data at the edge of a line loses its outer whitespace; a
/// newline in data is a line break inside the paragraph, not whitespace of the line.
pub(crate) fn trim_line_edges(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() && c != '\n')
}

/// Every paragraph of a document, in columns, tables and kept blocks too.
pub(crate) fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Paragraph>) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(p),
                Block::Columns(c) => c.cells.iter().for_each(|cell| walk(cell, out)),
                Block::Table(t) => {
                    for row in t.header.iter().chain(&t.rows) {
                        out.extend(row.iter());
                    }
                }
                Block::Keep(inner) => walk(inner, out),
                Block::Rule(_)
                | Block::Space(_)
                | Block::PageBreak
                | Block::Section(_)
                | Block::Contents(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// The outline without the text: `[style]` for a paragraph, `th`/`tr` for a table row, every
/// other line (columns, table widths, rules, spaces, keeps, page breaks) as it is.
fn skeleton(outline: &str) -> Vec<String> {
    outline
        .lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let pad = &line[..line.len() - body.len()];
            if body.starts_with('[') {
                match body.find("] ") {
                    Some(i) => format!("{pad}{}", &body[..=i]),
                    None => line.to_string(),
                }
            } else if body.starts_with("th ") || body.starts_with("tr ") {
                format!("{pad}{}", &body[..2])
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Characters XML 1.0 allows in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

// ---------------------------------------------------------------------------------------
// Fixture: built once per test binary

struct Fixture {
    engine: Engine,
    sample: Value,
    paths: Vec<JsonPath>,
    /// Document id and skeleton of each document of the unmodified sample.
    baseline: Vec<(String, Vec<String>)>,
    /// Probe results by the groups of paths an input replaces.
    probes: Mutex<HashMap<Vec<Vec<usize>>, Probe>>,
}

/// How each group's token is printed; `None` when the tokens are refused.
type Probe = Option<Vec<Printed>>;

/// How a probe token put into a group of fields comes out in the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Printed {
    /// Literally, in some paragraph.
    Verbatim,
    /// Only in capitals (`cell.superior` is printed as `superior_upper`).
    Upper,
    /// Not at all (or only transformed some other way).
    No,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let engine = Engine::builtin().expect("built-in templates compile");
        let sample: Value = serde_json::from_str(SAMPLE).expect("sample is JSON");
        let mut paths = Vec::new();
        string_paths(&sample, &mut Vec::new(), &mut paths);
        assert!(paths.len() > 50, "only {} string fields found", paths.len());
        let file = hoso::input::read::parse_case(SAMPLE, "kiem-tra.json").expect("sample parses");
        let baseline = render::documents(&engine, &file, &RenderOptions::default())
            .expect("sample renders")
            .into_iter()
            .map(|(spec, doc)| (spec.id.clone(), skeleton(&doc.outline())))
            .collect();
        Fixture {
            engine,
            sample,
            paths,
            baseline,
            probes: Mutex::new(HashMap::new()),
        }
    })
}

// ---------------------------------------------------------------------------------------
// Inputs

/// A generated value for a group of fields.
#[derive(Clone, Debug)]
enum Gen {
    Text(String),
    /// The field's own value, decomposed (NFD): must still match wherever it is a reference.
    NfdOfOriginal,
}

/// One generated input: groups of paths (indexes into `Fixture::paths`), each with its new
/// value. A group has more than one path when a value is renamed everywhere it occurs.
#[derive(Clone, Debug)]
struct Edit {
    groups: Vec<(Vec<usize>, Gen)>,
}

impl Edit {
    fn values(&self, f: &Fixture) -> Vec<String> {
        self.groups
            .iter()
            .map(|(paths, g)| match g {
                Gen::Text(s) => s.clone(),
                Gen::NfdOfOriginal => original(f, paths[0]).nfd().collect(),
            })
            .collect()
    }

    fn apply(&self, f: &Fixture, values: &[String]) -> Value {
        let mut v = f.sample.clone();
        for ((paths, _), value) in self.groups.iter().zip(values) {
            for &i in paths {
                let slot = v
                    .pointer_mut(&pointer(&f.paths[i]))
                    .expect("path exists in the sample");
                *slot = Value::String(value.clone());
            }
        }
        v
    }

    fn describe(&self, f: &Fixture, values: &[String]) -> String {
        self.groups
            .iter()
            .zip(values)
            .map(|((paths, _), value)| {
                let names: Vec<String> = paths.iter().map(|&i| display(&f.paths[i])).collect();
                format!("{} = {value:?}", names.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn original(f: &Fixture, i: usize) -> &str {
    f.sample
        .pointer(&pointer(&f.paths[i]))
        .and_then(Value::as_str)
        .expect("a string field")
}

/// Decomposed Vietnamese: words of base letters with their vowel and tone marks as separate
/// combining characters.
fn vietnamese_nfd() -> impl Strategy<Value = String> {
    const BASES: &[char] = &[
        'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'đ', 'Đ', 'n', 'g', 'h', 't',
        'r', 'c', 'N', 'L', 'T', 'A', 'Ă', 'Ơ', 'Ư',
    ];
    // No tone, grave, acute, tilde, hook above, dot below.
    const TONES: &[&str] = &["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
    let letter = (prop::sample::select(BASES), prop::sample::select(TONES))
        .prop_map(|(b, t)| format!("{b}{t}"));
    let word = prop::collection::vec(letter, 1..8).prop_map(|l| l.concat());
    prop::collection::vec(word, 1..6).prop_map(|w| w.join(" ").nfd().collect())
}

/// Text built from the syntax of the markup, tera, XML and JSON, and from characters that
/// are dropped, invisible or outside the fonts.
pub(crate) fn hostile() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "<",
        ">",
        "&",
        "&amp;",
        "<w:p>",
        "]]>",
        "\"",
        "'",
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "{{ case.subject }}",
        "{% raw %}",
        "*",
        "**",
        "//",
        "__",
        "|",
        " | ",
        "@",
        "@pagebreak",
        "@columns 50 50",
        "@end",
        "@table 50 50",
        "@tr a | b",
        "@title X",
        "@space",
        "\\",
        "\\n",
        "\\d",
        "\\l",
        "\n",
        "\n@pagebreak\n",
        "\n@end\n",
        "\r\n",
        "\r",
        "\t",
        "[",
        "]",
        "] ",
        "-",
        "+ ",
        "1. ",
        " ",
        "  ",
        "\u{A0}",
        "\u{2028}",
        "\u{2029}",
        "\u{3000}",
        "\u{200B}",
        "\u{200D}",
        "\u{FEFF}",
        "\u{FFFD}",
        "\u{FFFE}",
        "\u{FFFF}",
        "Đồng chí",
        "Nguyễn Văn An",
        "ễ",
        "😀",
        "🇻🇳",
        "👨‍👩‍👧",
        "𝔸",
        "ß",
        "ﬁ",
        "İ",
    ];
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(String::from),
        2 => prop_oneof![
            (0u32..=0x1F),
            Just(0x7F),
            Just(0x85),
            (0x80u32..=0x9F),
            (0xF8F0u32..=0xF8FF),
            (0x1F300u32..=0x1FAFF),
            (0x0300u32..=0x036F),
        ]
        .prop_map(|c| char::from_u32(c).expect("a scalar value").to_string()),
        2 => "[a-zA-Zàáạảãăằắặẳẵđ ]{1,6}",
    ];
    prop::collection::vec(piece, 1..30).prop_map(|p| p.concat())
}

fn text() -> impl Strategy<Value = Gen> {
    prop_oneof![
        3 => prop::collection::vec(any::<char>(), 0..200)
            .prop_map(|c| Gen::Text(c.into_iter().collect())),
        2 => vietnamese_nfd().prop_map(Gen::Text),
        4 => hostile().prop_map(Gen::Text),
        1 => Just(Gen::NfdOfOriginal),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = fixture().paths.len();
    let single = (0..n, text()).prop_map(|(i, g)| Edit {
        groups: vec![(vec![i], g)],
    });
    let several = prop::collection::vec((0..n, text()), 2..5).prop_map(|v| {
        // One value per path: the last one generated wins.
        let by_path: BTreeMap<usize, Gen> = v.into_iter().collect();
        Edit {
            groups: by_path.into_iter().map(|(i, g)| (vec![i], g)).collect(),
        }
    });
    let rename = (0..n, text()).prop_map(|(i, g)| {
        let f = fixture();
        let value = original(f, i);
        let same = (0..f.paths.len())
            .filter(|&j| original(f, j) == value)
            .collect();
        Edit {
            groups: vec![(same, g)],
        }
    });
    prop_oneof![4 => single, 2 => several, 3 => rename]
}

// ---------------------------------------------------------------------------------------
// The pipeline

struct Rendered {
    id: String,
    outline: String,
    texts: Vec<String>,
    docx: Vec<u8>,
    pdf: Vec<u8>,
}

/// Parse and build the documents; `Err` for an input hoso refuses.
fn documents(f: &Fixture, json: &Value) -> Result<Vec<(String, Document)>, String> {
    let text = serde_json::to_string_pretty(json).expect("JSON serialises");
    let file = hoso::input::read::parse_case(&text, "case.json")
        .map_err(|e| format!("parse_case: {e}"))?;
    let docs = render::documents(&f.engine, &file, &RenderOptions::default())
        .map_err(|e| format!("documents: {e}"))?;
    Ok(docs
        .into_iter()
        .map(|(spec, doc)| (spec.id.clone(), doc))
        .collect())
}

/// The whole pipeline to bytes. A backend error is not a refusal of the input: it fails.
fn pipeline(f: &Fixture, json: &Value) -> Result<Vec<Rendered>, String> {
    let docs = documents(f, json)?;
    Ok(docs
        .into_iter()
        .map(|(id, doc)| Rendered {
            outline: doc.outline(),
            texts: paragraphs(&doc).iter().map(|p| p.plain_text()).collect(),
            docx: hoso::backend::docx::render(&doc)
                .unwrap_or_else(|e| panic!("{id}: DOCX backend failed: {e}")),
            pdf: hoso::backend::pdf::render(&doc)
                .unwrap_or_else(|e| panic!("{id}: PDF backend failed: {e}")),
            id,
        })
        .collect())
}

/// Replaces each group with its own token and finds out how the tokens are printed; `None`
/// when the tokens themselves are refused (the group holds a reference, a date or an enum).
fn probe(f: &Fixture, e: &Edit) -> Probe {
    let key: Vec<Vec<usize>> = e.groups.iter().map(|(p, _)| p.clone()).collect();
    if let Some(r) = f.probes.lock().expect("probe cache").get(&key) {
        return r.clone();
    }
    let tokens: Vec<String> = (0..e.groups.len())
        .map(|k| format!("Qzprobe{k}Xw"))
        .collect();
    let result = documents(f, &e.apply(f, &tokens)).ok().map(|docs| {
        let texts: Vec<String> = docs
            .iter()
            .flat_map(|(_, d)| paragraphs(d).into_iter().map(Paragraph::plain_text))
            .collect();
        tokens
            .iter()
            .map(|t| {
                let upper = t.to_uppercase();
                if texts.iter().any(|x| x.contains(t.as_str())) {
                    Printed::Verbatim
                } else if texts.iter().any(|x| x.contains(&upper)) {
                    Printed::Upper
                } else {
                    Printed::No
                }
            })
            .collect()
    });
    f.probes
        .lock()
        .expect("probe cache")
        .insert(key, result.clone());
    result
}

/// Whether a group of paths holds a person's name (`name`, `subject`, `chair`, `secretary`),
/// which hoso tidies like a name.
fn is_name(f: &Fixture, paths: &[usize]) -> bool {
    paths.iter().any(|&i| {
        matches!(f.paths[i].last(), Some(Seg::Key(k)) if ["name", "subject", "chair", "secretary"].contains(&k.as_str()))
    })
}

fn check_docx(id: &str, bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("{id}: DOCX is not a zip: {e}"))?;
    for part in ["word/document.xml", "word/styles.xml", "docProps/core.xml"] {
        let mut xml = String::new();
        zip.by_name(part)
            .map_err(|e| format!("{id}: DOCX has no {part}: {e}"))?
            .read_to_string(&mut xml)
            .map_err(|e| format!("{id}: {part} is not UTF-8: {e}"))?;
        roxmltree::Document::parse(&xml).map_err(|e| format!("{id}: {part}: {e}"))?;
        if let Some(c) = xml.chars().find(|&c| !xml_char(c)) {
            return Err(format!(
                "{id}: {part} holds U+{:04X}, not an XML character",
                c as u32
            ));
        }
    }
    Ok(())
}

fn check(e: &Edit) -> Result<(), TestCaseError> {
    let f = fixture();
    let values = e.values(f);
    let json = e.apply(f, &values);
    let what = e.describe(f, &values);
    let outcome = catch_unwind(AssertUnwindSafe(|| pipeline(f, &json)));
    let rendered = match outcome {
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(TestCaseError::fail(format!("panic: {msg}\ninput: {what}")));
        }
        Ok(Err(err)) => {
            // Refusing is right for a field that must match something (a member's name, a
            // date, an enum), which the token probe shows; free text must never be refused.
            prop_assert!(
                probe(f, e).is_none(),
                "free text refused: {err}\ninput: {what}"
            );
            return Ok(());
        }
        Ok(Ok(r)) => r,
    };
    prop_assert_eq!(
        rendered.len(),
        f.baseline.len(),
        "document count; input: {}",
        what
    );
    // A field that cleans to nothing (or to whitespace, which the markup trims off a line)
    // may legitimately drop an optional paragraph: `{% if s.member_opinion %}`.
    let all_visible = values.iter().all(|v| !cleaned(v, false).trim().is_empty());
    for (r, (id, base)) in rendered.iter().zip(&f.baseline) {
        prop_assert_eq!(&r.id, id);
        if let Err(msg) = check_docx(&r.id, &r.docx) {
            return Err(TestCaseError::fail(format!("{msg}\ninput: {what}")));
        }
        if let Err(err) = lopdf::Document::load_mem(&r.pdf) {
            return Err(TestCaseError::fail(format!(
                "{}: PDF does not load: {err}\ninput: {what}",
                r.id
            )));
        }
        // Where qpdf is installed (always in CI), every generated PDF passes its check too.
        if on_path("qpdf") {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("doc.pdf");
            std::fs::write(&path, &r.pdf).expect("write the PDF");
            if let Err(e) = crate::common::qpdf_check(&path) {
                return Err(TestCaseError::fail(format!("{}: {e}\ninput: {what}", r.id)));
            }
        }
        // What the model holds is what the files hold: every paragraph in the DOCX runs and
        // the PDF text, so the literal check below reaches both formats.
        if let Err(msg) = crate::common::model_text_in_files(&r.texts, &r.docx, &r.pdf) {
            return Err(TestCaseError::fail(format!(
                "{}: {msg}\ninput: {what}",
                r.id
            )));
        }
        if all_visible {
            let sk = skeleton(&r.outline);
            if &sk != base {
                let diff: Vec<String> = sk
                    .iter()
                    .zip(base)
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .take(3)
                    .map(|(n, (a, b))| format!("line {}: {b:?} became {a:?}", n + 1))
                    .collect();
                return Err(TestCaseError::fail(format!(
                    "{}: structure changed ({} lines, sample has {}): {}\ninput: {what}\noutline:\n{}",
                    r.id,
                    sk.len(),
                    base.len(),
                    diff.join("; "),
                    r.outline
                )));
            }
        }
    }
    if let Some(printed) = probe(f, e) {
        for (k, (value, how)) in values.iter().zip(printed).enumerate() {
            let clean = cleaned(value, is_name(f, &e.groups[k].0));
            let expected = match how {
                Printed::Verbatim => clean,
                Printed::Upper => clean.to_uppercase(),
                Printed::No => continue,
            };
            let expected = trim_line_edges(&expected);
            if expected.is_empty() {
                continue;
            }
            let found = rendered
                .iter()
                .any(|r| r.texts.iter().any(|t| t.contains(expected)));
            prop_assert!(
                found,
                "group {} ({:?}): {:?} is printed nowhere\ninput: {}",
                k,
                how,
                expected,
                what
            );
        }
    }
    Ok(())
}

proptest! {
    // 48 cases by default; `PROPTEST_CASES=1000` for a longer run. A failure is shrunk and
    // saved beside this file (`proptest_text.proptest-regressions`), and every later run tries
    // the saved cases first: commit that file as the regression test.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        rng_seed: proptest::test_runner::RngSeed::Fixed(crate::common::run_seed()),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_in_any_field_is_refused_or_printed_literally(e in edit()) {
        check(&e)?;
    }
}

// ---------------------------------------------------------------------------------------
// Plain tests

/// The probe itself: most fields are printed, and the ones that are refused or never
/// printed are listed (run with `--nocapture` to see them).
#[test]
fn probe_finds_printed_fields() {
    let f = fixture();
    let mut printed = 0;
    for i in 0..f.paths.len() {
        let e = Edit {
            groups: vec![(vec![i], Gen::Text(String::new()))],
        };
        match probe(f, &e) {
            None => println!("refused when changed: {}", display(&f.paths[i])),
            Some(p) if p[0] == Printed::No => println!("never printed: {}", display(&f.paths[i])),
            Some(p) if p[0] == Printed::Upper => {
                println!("printed in capitals only: {}", display(&f.paths[i]));
                printed += 1;
            }
            Some(_) => printed += 1,
        }
    }
    assert!(
        printed * 2 > f.paths.len(),
        "only {printed} of {} string fields printed",
        f.paths.len()
    );
}

/// The same text in the property and in a hand-built case: a line of markup in data stays
/// one paragraph of text.
#[test]
fn markup_in_a_finding_stays_text() {
    let f = fixture();
    let i = f
        .paths
        .iter()
        .position(|p| display(p) == "case.findings.strengths[0]")
        .expect("the sample has a first strength");
    let e = Edit {
        groups: vec![(
            vec![i],
            Gen::Text("**x** \n@pagebreak\n{{ case.subject }} <w:p> & | \\n".to_string()),
        )],
    };
    check(&e).unwrap_or_else(|err| panic!("{err}"));
}

fn required() -> bool {
    std::env::var("HOSO_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// qpdf accepts the PDFs of a handful of hostile inputs.
#[test]
fn qpdf_accepts_pdfs_of_hostile_text() {
    if !on_path("qpdf") {
        if required() {
            panic!("qpdf not installed, but HOSO_REQUIRE_CLIENTS=1 requires it");
        }
        let _ = writeln!(std::io::stderr(), "skipped: qpdf not installed");
        return;
    }
    let f = fixture();
    let at = |name: &str| {
        f.paths
            .iter()
            .position(|p| display(p) == name)
            .unwrap_or_else(|| panic!("the sample has {name}"))
    };
    let subject = original(f, at("case.subject")).to_string();
    let renamed: Vec<usize> = (0..f.paths.len())
        .filter(|&j| original(f, j) == subject)
        .collect();
    let cases: Vec<Edit> = vec![
        Edit {
            groups: vec![(
                vec![at("cell.name")],
                Gen::Text("(Chi bộ) \\ ) ( <>& 😀 \u{FEFF}\u{F8F1}\u{0} 𝔸 ﬁ".to_string()),
            )],
        },
        Edit {
            groups: vec![(
                renamed,
                Gen::Text(
                    "Le\u{302}\u{300} Va\u{306}n (Cu\u{31b}o\u{31b}\u{300}ng) \\n %%EOF".into(),
                ),
            )],
        },
        Edit {
            groups: vec![(
                vec![at("case.findings.causes[0]")],
                Gen::Text("endstream endobj\n%PDF-1.7\r\n<< /Type /Page >> \u{2028} 🇻🇳".into()),
            )],
        },
        Edit {
            groups: vec![(
                vec![at("case.meeting.chair_summary")],
                Gen::Text("\u{FFFD}\u{200D}\u{3000}{{ x }}{% y %}** //__|@pagebreak".into()),
            )],
        },
    ];
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (n, e) in cases.iter().enumerate() {
        let values = e.values(f);
        let docs = pipeline(f, &e.apply(f, &values))
            .unwrap_or_else(|err| panic!("hostile case {n} refused: {err}"));
        for r in docs {
            let path = dir.path().join(format!("{n}-{}.pdf", r.id));
            std::fs::write(&path, &r.pdf).expect("write the PDF");
            if let Err(err) = crate::common::qpdf_check(&path) {
                panic!("case {n} ({}), {}: {err}", e.describe(f, &values), r.id);
            }
        }
    }
}
