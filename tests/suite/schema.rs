//! The case-file JSON Schema: described throughout, agreeing with the serde types on the worked
//! examples, on typos and wrong types, and on the starter files of `init_json`.

use hoso::input::schema::{init_json, schema_json};
use serde_json::{Value, json};

fn schema() -> Value {
    serde_json::from_str(&schema_json()).expect("the schema is valid JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema is a valid JSON Schema")
}

/// The validation errors of `instance`, as text, for assertion messages.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Follows a local `$ref` (`#/$defs/Name`) to the schema it names.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("only local references");
            root.pointer(pointer)
                .unwrap_or_else(|| panic!("dangling reference {r}"))
        }
        None => node,
    }
}

/// Every subschema reachable from `node` through `$ref`, `anyOf`/`oneOf`/`allOf` and `items`,
/// each object schema visited once (by its JSON pointer text, to stop on recursive types).
fn walk<'a>(
    root: &'a Value,
    node: &'a Value,
    path: &str,
    seen: &mut Vec<String>,
    out: &mut Vec<String>,
) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        if seen.iter().any(|s| s == r) {
            return;
        }
        seen.push(r.to_string());
        walk(root, resolve(root, node), path, seen, out);
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, prop) in props {
            let here = format!("{path}.{name}");
            let described = prop
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.trim().is_empty());
            if !described {
                out.push(here.clone());
            }
            walk(root, prop, &here, seen, out);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = node.get(key).and_then(Value::as_array) {
            for b in branches {
                walk(root, b, path, seen, out);
            }
        }
    }
    if let Some(items) = node.get("items") {
        walk(root, items, &format!("{path}[]"), seen, out);
    }
}

#[test]
fn every_property_has_a_description() {
    let root = schema();
    assert_eq!(
        root["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(root["$id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(root["title"].as_str().is_some_and(|s| !s.is_empty()));
    let mut undescribed = Vec::new();
    let mut seen = Vec::new();
    walk(&root, &root, "", &mut seen, &mut undescribed);
    assert!(
        undescribed.is_empty(),
        "properties without a description: {undescribed:?}"
    );
    // Every definition was reached, so the walk covered the whole schema.
    for name in root["$defs"].as_object().expect("$defs").keys() {
        let r = format!("#/$defs/{name}");
        assert!(seen.contains(&r), "{r} never reached");
    }
}

#[test]
fn descriptions_start_in_vietnamese() {
    let root = schema();
    let subject = &root["$defs"]["Case"]["properties"]["subject"]["description"];
    assert!(
        subject.as_str().unwrap().starts_with("Họ và tên đảng viên"),
        "{subject}"
    );
    // Enum variants carry their own descriptions, for the editor's completion list.
    let roles = serde_json::to_string(&root["$defs"]["TeamRole"]).unwrap();
    assert!(roles.contains("Tổ trưởng"), "{roles}");
    let date = &root["$defs"]["Date"];
    assert_eq!(date["type"], "string");
    assert!(date["pattern"].is_string());
}

#[test]
fn samples_validate() {
    let v = validator();
    assert_eq!(hoso::input::samples::SAMPLES.len(), 3);
    for id in ["kiem-tra", "giam-sat", "nam"] {
        let path = format!("{}/samples/{id}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let instance: Value = serde_json::from_str(&text).unwrap();
        let errs = errors(&v, &instance);
        assert!(errs.is_empty(), "{path}: {errs:#?}");
    }
}

fn sample(id: &str) -> Value {
    let (_, text) = hoso::input::samples::SAMPLES
        .iter()
        .find(|(s, _)| *s == id)
        .unwrap();
    serde_json::from_str(text).unwrap()
}

#[test]
fn unknown_fields_are_rejected() {
    let v = validator();
    let mut top = sample("kiem-tra");
    top["sett"] = json!("kiem-tra");
    assert!(!v.is_valid(&top), "unknown top-level field accepted");

    let mut nested = sample("kiem-tra");
    nested["case"]["meeting"]["chiar"] = json!("Nguyễn Văn An");
    assert!(!v.is_valid(&nested), "unknown nested field accepted");

    let mut member = sample("nam");
    member["cell"]["members"][0]["nam"] = json!("Nguyễn Văn An");
    assert!(!v.is_valid(&member), "unknown member field accepted");
    // serde agrees.
    assert!(hoso::input::read::parse_case(&member.to_string(), "x.json").is_err());
}

#[test]
fn wrong_types_are_rejected() {
    let v = validator();
    let cases: Vec<(&str, Value)> = vec![
        ("/cell/total_members", json!("23")),
        ("/cell/members", json!({})),
        ("/annual_plan/date", json!("01/15/2026")),
        ("/annual_plan/date", json!("2026/15/01")),
        ("/case/announcement/time", json!("8h")),
        ("/case/team/0/role", json!("truong")),
        ("/case/findings/remedy_deadline", json!(true)),
        ("/case/decision/number", json!(2.5)),
        ("/cell/total_members", json!(-1)),
    ];
    for (pointer, bad) in cases {
        let mut instance = sample("kiem-tra");
        *instance.pointer_mut(pointer).unwrap() = bad.clone();
        assert!(!v.is_valid(&instance), "{pointer} = {bad} accepted");
        assert!(
            hoso::input::read::parse_case(&instance.to_string(), "x.json").is_err(),
            "{pointer} = {bad} accepted by serde"
        );
    }
    let mut missing = sample("kiem-tra");
    missing["cell"].as_object_mut().unwrap().remove("name");
    assert!(!v.is_valid(&missing), "missing required field accepted");
}

/// Every property the schema knows for each object of `instance` is present in it.
fn assert_all_fields_present(root: &Value, node: &Value, instance: &Value, path: &str) {
    let node = resolve(root, node);
    if instance.is_null() {
        return;
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        let obj = instance
            .as_object()
            .unwrap_or_else(|| panic!("{path}: not an object"));
        for (name, prop) in props {
            let here = format!("{path}.{name}");
            let value = obj
                .get(name)
                .unwrap_or_else(|| panic!("{here} missing from the starter"));
            assert_all_fields_present(root, prop, value, &here);
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = node.get(key).and_then(Value::as_array) {
            for b in branches {
                if resolve(root, b).get("properties").is_some() {
                    assert_all_fields_present(root, b, instance, path);
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (node.get("items"), instance.as_array()) {
        for (i, el) in arr.iter().enumerate() {
            assert_all_fields_present(root, items, el, &format!("{path}[{i}]"));
        }
    }
}

#[test]
fn starters_parse_and_validate() {
    let root = schema();
    let v = validator();
    for id in ["kiem-tra", "giam-sat", "nam"] {
        let text = init_json(id).unwrap_or_else(|| panic!("no starter for {id}"));
        let parsed = hoso::input::read::parse_case(&text, &format!("{id}.json"))
            .unwrap_or_else(|e| panic!("starter {id} does not parse: {e}\n{text}"));
        assert_eq!(parsed.set, id);
        assert_eq!(parsed.case.is_some(), id != "nam");
        let instance: Value = serde_json::from_str(&text).unwrap();
        let errs = errors(&v, &instance);
        assert!(errs.is_empty(), "starter {id}: {errs:#?}");
        assert_all_fields_present(&root, &root, &instance, "");
        // Placeholders, not a real cell's data.
        assert!(text.contains("Họ và tên"), "{text}");
        assert!(!text.contains("Tân Phú"), "{text}");
        // Every list shows the shape of its element, except the one the set does not use.
        let empty_lists = text.matches("[]").count();
        assert!(empty_lists <= 1, "{id}: {empty_lists} empty lists\n{text}");
    }
    assert!(init_json("khac").is_none());
}

#[test]
fn starters_name_members_that_exist() {
    // The starter renders as it is: every name it uses is in `cell.members`.
    for id in ["kiem-tra", "giam-sat", "nam"] {
        let file = hoso::input::read::parse_case(&init_json(id).unwrap(), "x.json").unwrap();
        hoso::model::Model::build(&file)
            .unwrap_or_else(|e| panic!("starter {id} does not resolve: {e}"));
    }
}

/// The course schema (`hoso schema --course`) accepts both sample course files and rejects a
/// misspelt field.
#[test]
fn course_schema_validates_the_sample_courses() {
    let schema: Value = serde_json::from_str(&hoso::handout::course_schema_json()).unwrap();
    let v = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for text in [
        include_str!("../../samples/khoa-hoc.json"),
        include_str!("../../samples/khoa-hoc-19.json"),
    ] {
        let instance: Value = serde_json::from_str(text).unwrap();
        assert!(
            errors(&v, &instance).is_empty(),
            "{:?}",
            errors(&v, &instance)
        );
    }
    let bad: Value = serde_json::from_str(
        &include_str!("../../samples/khoa-hoc.json").replace("\"venue\"", "\"venu\""),
    )
    .unwrap();
    assert!(!errors(&v, &bad).is_empty());
}

/// The schema editors use (`hoso schema`) accepts a case that names a shared cell file, and
/// still refuses a cell of the wrong type.
#[test]
fn the_editor_schema_accepts_a_shared_cell_file() {
    let schema: Value = serde_json::from_str(&hoso::input::schema::editor_schema_json()).unwrap();
    let v = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut case = sample("kiem-tra");
    assert!(v.is_valid(&case));
    case["cell"] = json!("chi-bo.json");
    assert!(v.is_valid(&case), "{:?}", errors(&v, &case));
    case["cell"] = json!(12);
    assert!(!v.is_valid(&case));
}
