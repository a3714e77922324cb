//! Every field of the input feeds a document. Each value of each sample is changed in turn
//! (a date moved a day, a number raised by one, a flag flipped, a word added to a text) and
//! the set's documents are rendered again: a field whose change alters no document, and makes
//! no difference to whether the case can be built, is read by no template and is reported.
//!
//! Found by behaviour, not by a list: a field the model consumes to derive what templates
//! print (the team's roles become `team_seats`) counts as read, as it should.

use hoso::template::Engine;
use serde_json::Value;
use std::collections::BTreeSet;

/// The documents of `json` as markup, or `None` when the case cannot be built.
fn markup(engine: &Engine, json: &Value) -> Option<Vec<String>> {
    let text = serde_json::to_string(json).ok()?;
    let read = hoso::dossier::read(&text, "field.json").ok()?;
    let model = hoso::model::Model::build(&read.file).ok()?;
    let set = engine.set(&read.file.set).ok()?;
    let docs = engine.render_markup(set, &model).ok()?;
    Some(docs.into_iter().map(|(_, text)| text).collect())
}

/// The changed value of a non-null leaf, or `None` for values that name a choice (`bi-thu`, `kiem-tra`): any other
/// text there is refused at parsing, which says nothing about templates.
fn changed(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Bool(b) => Value::Bool(!b),
        Value::Number(n) => Value::from(n.as_u64()? + 1),
        Value::String(s) => {
            if let Some(d) = hoso::input::date::Date::parse_iso(s) {
                let day = if d.day < 28 { d.day + 1 } else { d.day - 1 };
                let moved = hoso::input::date::Date::new(d.year, d.month, day)?;
                Value::String(moved.iso())
            } else if let Some(t) = hoso::input::date::Time::parse(s) {
                Value::String(format!("{:02}:{:02}", t.hour, (t.minute + 7) % 60))
            } else if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return None;
            } else {
                Value::String(format!("{s} Zqx"))
            }
        }
        Value::Null | Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The JSON pointer and the general path (`case.team[].name`) of every leaf value.
fn leaves(v: &Value, pointer: String, general: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{pointer}/{i}"), format!("{general}[]"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let g = if general.is_empty() {
                    k.clone()
                } else {
                    format!("{general}.{k}")
                };
                leaves(x, format!("{pointer}/{k}"), g, out);
            }
        }
        _ => out.push((pointer, general)),
    }
}

/// `json` with the value at `pointer` set to `new`, creating the last key when its object
/// exists; `None` when the place cannot be made (an element past a list's end).
fn with(json: &Value, pointer: &str, new: Value) -> Option<Value> {
    let mut v = json.clone();
    if let Some(slot) = v.pointer_mut(pointer) {
        *slot = new;
        return Some(v);
    }
    let (parent, key) = pointer.rsplit_once('/')?;
    v.pointer_mut(parent)?
        .as_object_mut()?
        .insert(key.to_string(), new);
    Some(v)
}

/// `pointer` (into the starter) for every element of the sample's lists on its way.
fn spread(sample: &Value, pointer: &str) -> Vec<String> {
    let mut paths = vec![(String::new(), Some(sample))];
    for seg in pointer.split('/').skip(1) {
        let mut next = Vec::new();
        for (path, node) in paths {
            match (node, seg.parse::<usize>()) {
                (Some(Value::Array(a)), Ok(_)) => {
                    for (i, x) in a.iter().enumerate() {
                        next.push((format!("{path}/{i}"), Some(x)));
                    }
                }
                (node, _) => next.push((format!("{path}/{seg}"), node.and_then(|n| n.get(seg)))),
            }
        }
        paths = next;
    }
    paths.into_iter().map(|(p, _)| p).collect()
}

/// The same pointer with every list index 0: the starter's one element.
fn first_elements(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|s| if s.parse::<usize>().is_ok() { "0" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_input_field_is_read_by_a_template() {
    let engine = Engine::builtin().expect("built-in templates");
    let mut read = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut every = BTreeSet::new();
    for (id, text) in hoso::input::samples::SAMPLES {
        let sample: Value = serde_json::from_str(text).expect("sample JSON");
        let base = markup(&engine, &sample).expect("the sample renders");
        // The starter file has every field: a field the sample leaves out or empty is tried
        // with the starter's value, the others are changed.
        let starter: Value = serde_json::from_str(
            &hoso::input::schema::init_json(id).expect("a starter for every sample"),
        )
        .expect("starter JSON");
        let mut all = Vec::new();
        leaves(&sample, String::new(), String::new(), &mut all);
        let mut from_starter = Vec::new();
        leaves(&starter, String::new(), String::new(), &mut from_starter);
        // The starter's lists have one element: its fields are tried on every element of the
        // sample's list (a member's flag matters for the member under review, not the first).
        for (pointer, general) in from_starter {
            for p in spread(&sample, &pointer) {
                all.push((p, general.clone()));
            }
        }
        all.sort();
        all.dedup();
        for (pointer, general) in all {
            every.insert(general.clone());
            if general == "set" {
                continue;
            }
            let new = match sample.pointer(&pointer) {
                // The starter's value, changed too: its 0 or `false` may be what an absent
                // field means anyway (a choice is not tried, as above).
                Some(Value::Null) | None => {
                    starter.pointer(&first_elements(&pointer)).and_then(changed)
                }
                Some(old) => changed(old),
            };
            let Some(v) = new.and_then(|new| with(&sample, &pointer, new)) else {
                continue;
            };
            seen.insert(general.clone());
            if markup(&engine, &v).as_ref() != Some(&base) {
                read.insert(general);
            }
        }
    }
    let unread: Vec<&String> = seen.difference(&read).collect();
    assert!(
        seen.len() > 60,
        "only {} fields were tried: {seen:?}",
        seen.len()
    );
    assert!(
        unread.is_empty(),
        "{} input field(s) change no document in any sample: {unread:#?}\n\
         print them in a template, or remove them from the input",
        unread.len()
    );
    let untried: Vec<&String> = every
        .difference(&seen)
        .filter(|g| !["set"].contains(&g.as_str()))
        .collect();
    eprintln!("fields not tried (a choice, or no place in any sample): {untried:?}");
}
