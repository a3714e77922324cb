//! The literal-text property on all three sets, with more than strings varied: every date of
//! a sample shifted by the same number of days, the documents' numbers and the cell's member
//! counts changed, free-text lists resized and filled with generated (hostile) text. Whatever
//! hoso accepts comes out in the DOCX exactly as the document model says and in the PDF
//! text (`common::model_text_in_files`); each generated text is printed literally; each
//! numbered document shows its number and its date.

use crate::proptest_text::{cleaned, hostile, trim_line_edges};
use hoso::dossier;
use hoso::input::rules::{RuleOptions, Severity};
use hoso::template::{Engine, RenderOptions};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builtin().expect("built-in templates"))
}

const SETS: [&str; 3] = ["nam", "kiem-tra", "giam-sat"];

#[derive(Clone, Debug)]
struct Variant {
    set: &'static str,
    /// Days added to every date.
    shift: i64,
    /// New numbers for the numbered documents, in document order (distinct).
    numbers: Vec<u32>,
    /// Full members added to the cell (to its total, and to those at the meeting).
    more_members: u64,
    /// Free-text lists (index among the sample's lists of strings) and their new items.
    lists: Vec<(usize, Vec<String>)>,
}

fn item() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile(),
        2 => "[A-ZĐa-zàáạảãăằắặẳẵâầấậẩẫđèéẹẻẽêềếệểễơờớợởỡưừứựửữ0-9 ,.;:()/-]{1,120}",
        1 => prop::collection::vec(any::<char>(), 1..60).prop_map(|c| c.into_iter().collect()),
    ]
}

fn variant() -> impl Strategy<Value = Variant> {
    (
        prop::sample::select(SETS.to_vec()),
        -4000i64..4000,
        prop::sample::subsequence((1u32..400).collect::<Vec<_>>(), 4).prop_shuffle(),
        0u64..4,
        prop::collection::vec((0usize..12, prop::collection::vec(item(), 1..6)), 0..4),
    )
        .prop_map(|(set, shift, numbers, more_members, lists)| Variant {
            set,
            shift,
            numbers,
            more_members,
            lists,
        })
}

// ---------------------------------------------------------------------------------------
// Dates, written out here independently of `hoso::input::date`.

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn iso_date(s: &str) -> Option<(i64, i64, i64)> {
    let b = s.as_bytes();
    if s.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((
        s[..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..].parse().ok()?,
    ))
}

/// A Party document's dates (format.md): day on two digits, months 1 and 2 on two digits.
fn long_and_short(y: i64, m: i64, d: i64) -> [String; 2] {
    let month = if m < 3 {
        format!("{m:02}")
    } else {
        m.to_string()
    };
    [
        format!("ngày {d:02} tháng {month} năm {y}"),
        format!("{d:02}/{month}/{y}"),
    ]
}

// ---------------------------------------------------------------------------------------
// Applying a variant

fn shift_dates(v: &mut Value, by: i64) {
    match v {
        Value::String(s) => {
            if let Some((y, m, d)) = iso_date(s) {
                let (y, m, d) = civil(days(y, m, d) + by);
                *s = format!("{y:04}-{m:02}-{d:02}");
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| shift_dates(x, by)),
        Value::Object(o) => o.values_mut().for_each(|x| shift_dates(x, by)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The JSON pointers of the objects with a `number` and a `date` (the numbered documents),
/// in document order.
fn numbered(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o)
            if o.get("number").is_some_and(Value::is_u64) && o.contains_key("date") =>
        {
            out.push(at)
        }
        Value::Object(o) => {
            for (k, x) in o {
                numbered(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                numbered(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The JSON pointers of the sample's lists of strings (findings, proceedings, routine work).
fn text_lists(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string) => out.push(at),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                text_lists(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                text_lists(x, format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
}

/// The variant's JSON, the texts put into lists, and each numbered document's number and
/// (shifted) date.
type Applied = (Value, Vec<String>, Vec<(u32, (i64, i64, i64))>);

fn apply(var: &Variant) -> Applied {
    let mut v: Value = serde_json::from_str(dossier::sample_text(var.set).unwrap()).unwrap();
    shift_dates(&mut v, var.shift);
    // The plan's year follows its (shifted) date, as a secretary would write it.
    if let Some(year) = v
        .pointer("/annual_plan/date")
        .and_then(Value::as_str)
        .and_then(iso_date)
        .map(|d| d.0)
    {
        v["annual_plan"]["year"] = year.into();
    }
    let mut slots = Vec::new();
    numbered(&v, String::new(), &mut slots);
    let mut documents = Vec::new();
    for (at, n) in slots.iter().zip(&var.numbers) {
        let obj = v.pointer_mut(at).expect("a numbered document");
        obj["number"] = (*n).into();
        let date = obj["date"]
            .as_str()
            .and_then(iso_date)
            .expect("an ISO date");
        documents.push((*n, date));
    }
    // New full members, all present at the cell meeting, so that attendance still adds up.
    for at in [
        "/cell/full_members",
        "/cell/total_members",
        "/case/meeting/present_full",
    ] {
        if let Some(n) = v.pointer_mut(at) {
            *n = (n.as_u64().expect("a count") + var.more_members).into();
        }
    }
    let mut lists = Vec::new();
    text_lists(&v, String::new(), &mut lists);
    // Two changes to the same list: the last one wins.
    let chosen: std::collections::BTreeMap<&String, &Vec<String>> = var
        .lists
        .iter()
        .map(|(which, items)| (&lists[which % lists.len()], items))
        .collect();
    let mut texts = Vec::new();
    for (at, items) in chosen {
        *v.pointer_mut(at).expect("a list") = items.clone().into();
        texts.extend(items.iter().cloned());
    }
    (v, texts, documents)
}

// ---------------------------------------------------------------------------------------
// The property

/// Checks one variant; `Ok(false)` when hoso refuses it (a rule, an input error).
fn holds(var: &Variant) -> Result<bool, TestCaseError> {
    let (json, texts, numbered) = apply(var);
    let text = serde_json::to_string_pretty(&json).unwrap();
    let Ok(read) = dossier::read(&text, "variant.json") else {
        return Ok(false);
    };
    let rules = hoso::input::rules::check(&read.file, &RuleOptions::default());
    if rules.iter().any(|f| f.severity == Severity::Error) {
        return Ok(false);
    }
    let docs = dossier::documents(engine(), &read.file, &RenderOptions::default())
        .map_err(|e| TestCaseError::fail(format!("accepted but not rendered: {e}")))?;
    let mut all_docx = Vec::new();
    for (spec, doc) in &docs {
        let model: Vec<String> = crate::proptest_text::paragraphs(doc)
            .iter()
            .map(|p| p.plain_text())
            .collect();
        let docx = hoso::backend::docx::render(doc).expect("DOCX backend");
        let pdf = hoso::backend::pdf::render(doc).expect("PDF backend");
        crate::common::model_text_in_files(&model, &docx, &pdf)
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", spec.id)))?;
        all_docx.extend(crate::common::docx_paragraphs(&docx));
    }
    let printed = |want: &str| all_docx.iter().any(|p| p.contains(want));
    for t in &texts {
        let want = crate::common::seen(&cleaned(t, false));
        let want = trim_line_edges(&want);
        prop_assert!(
            want.is_empty() || printed(want),
            "{:?} is in no DOCX paragraph",
            want
        );
    }
    for (n, (y, m, d)) in numbered {
        prop_assert!(
            printed(&format!(" {n:02}-")),
            "document number {} is printed nowhere",
            n
        );
        let forms = long_and_short(y, m, d);
        prop_assert!(
            forms.iter().any(|f| printed(f)),
            "the date {:?} is printed nowhere",
            forms
        );
    }
    Ok(true)
}

#[test]
fn every_set_prints_dates_numbers_and_lists_literally_in_both_formats() {
    let (mut runner, cases) = crate::common::property_runner(32, file!());
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&variant(), |var| {
        if holds(&var)? {
            accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let accepted = accepted.into_inner();
    eprintln!(
        "{accepted} variants accepted (of {cases} and the saved regressions), all printed literally"
    );
    assert!(
        accepted * 3 >= cases as usize,
        "only {accepted} of {cases} variants were accepted: the property proves little"
    );
}

/// The date arithmetic of this test against known days.
#[test]
fn date_shift_is_calendar_arithmetic() {
    assert_eq!(days(1970, 1, 1), 0);
    assert_eq!(civil(days(2026, 2, 28) + 1), (2026, 3, 1));
    assert_eq!(civil(days(2028, 2, 28) + 1), (2028, 2, 29));
    assert_eq!(civil(days(2026, 12, 31) + 1), (2027, 1, 1));
    assert_eq!(long_and_short(2026, 8, 3)[0], "ngày 03 tháng 8 năm 2026");
    assert_eq!(long_and_short(2026, 1, 15)[1], "15/01/2026");
}
