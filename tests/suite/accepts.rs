//! The contract between `check` and `render`: whatever `check` accepts renders, in every
//! format. Checked as a property over generated variants of every sample (optional parts
//! dropped, lists emptied or lengthened, team roles rearranged, texts made long; guests at the
//! meeting, team members from outside the cell, probationary members, votes with abstentions
//! or gaps), not on the samples alone.

use hoso::backend::Format;
use hoso::dossier::{self, Selection};
use hoso::input::rules::{RuleOptions, Severity};
use hoso::template::{Engine, RenderOptions};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builtin().expect("built-in templates"))
}

/// One change to a sample's JSON.
#[derive(Clone, Debug)]
enum Change {
    /// The n-th object field (in document order) set to null: an optional part left out, or
    /// a required one missing (then reading refuses it, which is fine).
    Null(usize),
    /// The n-th list cut to `keep` elements, or lengthened by repeating its last element.
    Resize(usize, usize),
    /// The n-th string repeated `times` times (a long finding, a long superior name).
    Long(usize, usize),
    /// The team's roles rotated by `by` places.
    RotateRoles(usize),
    /// `n` guests at the cell meeting, every other one with remarks.
    Guests(usize),
    /// A team member from outside the cell, in the role of that index (leader, member,
    /// secretary).
    Outside(usize),
    /// The members at these indices (of the member list) flagged probationary; with `follow`,
    /// the meeting's counts and the vote follow the absent ones, as a careful secretary would.
    Probation(Option<usize>, Option<usize>, bool),
    /// The vote leaves `short` full members present uncounted, given as abstentions or not.
    VoteGap(u32, bool),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..400usize).prop_map(Change::Null),
        (0..40usize, 0..6usize).prop_map(|(n, k)| Change::Resize(n, k)),
        (0..400usize, 2..25usize).prop_map(|(n, t)| Change::Long(n, t)),
        (1..3usize).prop_map(Change::RotateRoles),
        (0..6usize).prop_map(Change::Guests),
        (0..3usize).prop_map(Change::Outside),
        (
            prop::option::of(0..10usize),
            prop::option::of(0..10usize),
            any::<bool>()
        )
            .prop_map(|(a, b, f)| Change::Probation(a, b, f)),
        (0..4u32, any::<bool>()).prop_map(|(n, a)| Change::VoteGap(n, a)),
    ]
}

/// The n-th node of a kind, in document order, as a mutable reference.
fn nth<'v>(
    v: &'v mut Value,
    n: &mut usize,
    pick: &dyn Fn(&Value) -> bool,
) -> Option<&'v mut Value> {
    if pick(v) {
        if *n == 0 {
            return Some(v);
        }
        *n -= 1;
    }
    match v {
        Value::Object(m) => m.values_mut().find_map(|c| nth_inner(c, n, pick)),
        Value::Array(a) => a.iter_mut().find_map(|c| nth_inner(c, n, pick)),
        _ => None,
    }
}

fn nth_inner<'v>(
    v: &'v mut Value,
    n: &mut usize,
    pick: &dyn Fn(&Value) -> bool,
) -> Option<&'v mut Value> {
    nth(v, n, pick)
}

fn apply(v: &mut Value, c: &Change) {
    match *c {
        Change::Null(n) => {
            let mut k = n;
            // Any value below the top level that is not already null.
            let top = v as *const Value;
            if let Some(x) = nth(v, &mut k, &|x| !x.is_null() && !std::ptr::eq(x, top)) {
                *x = Value::Null;
            }
        }
        Change::Resize(n, keep) => {
            let mut k = n;
            if let Some(Value::Array(a)) = nth(v, &mut k, &Value::is_array) {
                if keep < a.len() {
                    a.truncate(keep);
                } else if let Some(last) = a.last().cloned() {
                    a.extend(std::iter::repeat_n(last, keep - a.len() + 1));
                }
            }
        }
        Change::Long(n, times) => {
            let mut k = n;
            if let Some(Value::String(s)) = nth(v, &mut k, &Value::is_string) {
                *s = vec![s.as_str(); times].join(" ");
            }
        }
        Change::Guests(n) => set_guests(v, n),
        Change::Outside(role) => add_outside(v, role),
        Change::Probation(a, b, follow) => flag_probationary(v, &[a, b], follow),
        Change::VoteGap(short, abstain) => vote_gap(v, short, abstain),
        Change::RotateRoles(by) => {
            if let Some(Value::Array(team)) = v.pointer_mut("/case/team") {
                let mut roles: Vec<Value> = team.iter().map(|t| t["role"].clone()).collect();
                let len = roles.len().max(1);
                roles.rotate_left(by % len);
                for (t, r) in team.iter_mut().zip(roles) {
                    t["role"] = r;
                }
            }
        }
    }
}

fn set_guests(v: &mut Value, n: usize) {
    let guests: Vec<Value> = (0..n)
        .map(|i| {
            let mut g = serde_json::json!({
                "name": format!("Khách Mời Số {}", i + 1),
                "post": "ủy viên Ủy ban Kiểm tra",
                "organisation": "Đảng ủy xã Tân Hòa",
            });
            if i % 2 == 0 {
                g["remarks"] = Value::from("Đề nghị Chi bộ theo dõi việc khắc phục.");
            }
            g
        })
        .collect();
    if let Some(Value::Object(m)) = v.pointer_mut("/case/meeting") {
        m.insert("guests".into(), Value::Array(guests));
    }
}

fn add_outside(v: &mut Value, role: usize) {
    let role = ["to-truong", "thanh-vien", "thu-ky"][role % 3];
    if let Some(Value::Object(c)) = v.pointer_mut("/case") {
        let list = c
            .entry("outside_team")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = list {
            a.push(serde_json::json!({
                "name": "Đặng Thị Lan",
                "post": "cán bộ",
                "unit": "Ủy ban Kiểm tra Đảng ủy xã Tân Hòa",
                "role": role,
            }));
        }
    }
}

/// Flags members probationary; with `follow`, the counts present and the vote are made to
/// agree with the absent members' status.
fn flag_probationary(v: &mut Value, picks: &[Option<usize>], follow: bool) {
    let Some(Value::Array(members)) = v.pointer_mut("/cell/members") else {
        return;
    };
    let len = members.len().max(1);
    let mut flagged = Vec::new();
    for i in picks.iter().flatten() {
        if let Some(Value::Object(m)) = members.get_mut(i % len) {
            m.insert("probationary".into(), Value::Bool(true));
            flagged.push(m["name"].clone());
        }
    }
    if !follow || v.get("case").is_none_or(Value::is_null) {
        return;
    }
    let count = |p: &str| v.pointer(p).and_then(Value::as_u64).unwrap_or(0);
    let (total, probationary) = (
        count("/cell/total_members"),
        count("/cell/probationary_members"),
    );
    let absent: Vec<Value> = v
        .pointer("/case/meeting/absent")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|x| x["name"].clone()).collect())
        .unwrap_or_default();
    let absent_probationary = absent.iter().filter(|n| flagged.contains(n)).count() as u64;
    let present_probationary = probationary.saturating_sub(absent_probationary);
    let present_full = total.saturating_sub(absent.len() as u64 + present_probationary);
    if let Some(Value::Object(m)) = v.pointer_mut("/case/meeting") {
        m.insert("present_probationary".into(), present_probationary.into());
        m.insert("present_full".into(), present_full.into());
        if let Some(Value::Object(vote)) = m.get_mut("vote") {
            let no = vote.get("no").and_then(Value::as_u64).unwrap_or(0);
            vote.insert("yes".into(), present_full.saturating_sub(no).into());
        }
    }
}

fn vote_gap(v: &mut Value, short: u32, as_abstain: bool) {
    let full = v
        .pointer("/case/meeting/present_full")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if let Some(Value::Object(vote)) = v.pointer_mut("/case/meeting/vote") {
        let no = vote.get("no").and_then(Value::as_u64).unwrap_or(0);
        let yes = full.saturating_sub(no + short as u64);
        vote.insert("yes".into(), yes.into());
        if as_abstain {
            vote.insert("abstain".into(), full.saturating_sub(yes + no).into());
        }
    }
}

/// Reads, checks and (when accepted) renders a variant; an accepted case that does not
/// render in both formats is the failure this test is for.
fn accepted_renders(set: &str, changes: &[Change]) -> Result<bool, TestCaseError> {
    let mut v: Value = serde_json::from_str(dossier::sample_text(set).unwrap()).unwrap();
    for c in changes {
        apply(&mut v, c);
    }
    let text = serde_json::to_string_pretty(&v).unwrap();
    let Ok(read) = dossier::read(&text, "variant.json") else {
        return Ok(false);
    };
    let findings = dossier::check(engine(), &read.file, &RuleOptions::default())
        .map_err(|e| TestCaseError::fail(format!("check failed outright: {e}")))?;
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Ok(false);
    }
    let selection = Selection::all(&[Format::Docx, Format::Pdf]);
    let outputs = dossier::render(engine(), &read.file, &selection, &RenderOptions::default())
        .map_err(|e| {
            TestCaseError::fail(format!("check accepted but render refused: {e}\n{text}"))
        })?;
    prop_assert!(!outputs.is_empty());
    for o in &outputs {
        let ok = if o.file_name.ends_with(".pdf") {
            o.bytes.starts_with(b"%PDF")
        } else {
            o.bytes.starts_with(b"PK")
        };
        prop_assert!(ok, "{} is not a whole file", o.file_name);
    }
    Ok(true)
}

#[test]
fn what_check_accepts_renders_in_both_formats() {
    let (mut runner, cases) = crate::common::property_runner(60, file!());
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    let strategy = (
        prop::sample::select(vec!["nam", "kiem-tra", "giam-sat"]),
        prop::collection::vec(change(), 1..4),
    );
    let result = runner.run(&strategy, |(set, changes)| {
        if accepted_renders(set, &changes)? {
            accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let accepted = accepted.into_inner();
    eprintln!("{accepted} of {cases} variants accepted by check, all rendered");
    // A property that holds only because every variant is refused would prove nothing.
    assert!(
        accepted * 5 >= cases as usize,
        "only {accepted} of {cases} variants were accepted"
    );
}

/// The generator reaches accepted variants, not only refused ones: dropping the
/// verification step is accepted and renders (without KT-07), and so do an emptied
/// list of opinions and a long superior name.
#[test]
fn the_generator_reaches_accepted_cases() {
    let mut v: Value = serde_json::from_str(dossier::sample_text("kiem-tra").unwrap()).unwrap();
    v["case"]["verification"] = Value::Null;
    let read = dossier::read(&v.to_string(), "x.json").unwrap();
    let findings = dossier::check(engine(), &read.file, &RuleOptions::default()).unwrap();
    assert!(
        findings.iter().all(|f| f.severity != Severity::Error),
        "{findings:?}"
    );
    let out = dossier::render(
        engine(),
        &read.file,
        &Selection::all(&[Format::Pdf]),
        &RenderOptions::default(),
    )
    .unwrap();
    assert_eq!(out.len(), 11, "KT-07 is left out");
    assert!(!out.iter().any(|o| o.file_name.starts_with("KT-07")));
    let mut accepted = 0;
    for c in [Change::Resize(0, 0), Change::Long(3, 20), Change::Null(5)] {
        if accepted_renders("kiem-tra", &[c]).unwrap() {
            accepted += 1;
        }
    }
    assert!(accepted >= 1, "no variant was accepted");
    // The facts of real cells, each in a form the rules accept: guests, one of them speaking;
    // a member from outside the cell on the team; an absent probationary member with the
    // counts following; a vote whose gap is given as abstentions.
    for set in ["kiem-tra", "giam-sat"] {
        for c in [
            Change::Guests(3),
            Change::Outside(1),
            Change::Probation(Some(7), Some(2), true),
            Change::VoteGap(2, true),
        ] {
            assert!(
                accepted_renders(set, std::slice::from_ref(&c)).unwrap(),
                "{set}: {c:?} was refused"
            );
        }
    }
}
