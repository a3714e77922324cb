//! Bad inputs and the exact messages they must give. Each `tests/fixtures/NAME.json` describes
//! a change to a sample (`set`/`add` JSON pointers, `remove`, or `raw` text for a file that is
//! not even JSON; `exit` and `renders` for input that is accepted); `NAME.expected` holds
//! lines that must each appear, exactly, in what `hoso check` and `hoso render` print. A bad
//! input ends with exit code 3 and nothing written; an accepted one (legacy text converted,
//! NFD, control characters, a 1 MB field) renders, and says what it changed.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn pointer_parent<'a>(v: &'a mut Value, pointer: &str) -> (&'a mut Value, String) {
    let (parent, last) = pointer.rsplit_once('/').expect("a JSON pointer");
    (
        v.pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}")),
        last.to_string(),
    )
}

fn build_input(spec: &Value) -> String {
    if let Some(raw) = spec.get("raw").and_then(Value::as_str) {
        return raw.to_string();
    }
    let base = spec["base"].as_str().expect("base");
    let text = std::fs::read_to_string(format!("samples/{base}.json")).unwrap();
    // `nfd`: the whole sample in decomposed form, as a Mac or a web page may paste it.
    let text = if spec.get("nfd").and_then(Value::as_bool) == Some(true) {
        use unicode_normalization::UnicodeNormalization;
        text.nfd().collect()
    } else {
        text
    };
    let mut v: Value = serde_json::from_str(&text).unwrap();
    for (ptr, val) in spec
        .get("set")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        *v.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}")) = val.clone();
    }
    for (ptr, val) in spec
        .get("add")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let (parent, key) = pointer_parent(&mut v, ptr);
        match parent {
            Value::Array(a) if key == "-" => a.push(val.clone()),
            Value::Object(m) => {
                m.insert(key, val.clone());
            }
            other => panic!("cannot add to {other}"),
        }
    }
    for ptr in spec
        .get("remove")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (parent, key) = pointer_parent(&mut v, ptr.as_str().unwrap());
        if let Value::Object(m) = parent {
            m.remove(&key);
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// The runs of a DOCX joined, or nothing when the file is missing (the failure is reported
/// by the caller).
fn docx_text(path: &Path) -> String {
    if path.exists() {
        crate::common::docx_text(path).replace('\n', "")
    } else {
        String::new()
    }
}

#[test]
fn every_fixture_gives_its_exact_messages() {
    let dir = Path::new("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".json").map(String::from)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{} fixtures: {names:?}", names.len());
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for name in &names {
        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
        let input = tmp.path().join(format!("{name}.json"));
        std::fs::write(&input, build_input(&spec)).unwrap();
        let out_dir = tmp.path().join(format!("{name}-out"));
        // `render` too: the same messages, and nothing written.
        for cmd in ["check", "render"] {
            let mut c = Command::cargo_bin("hoso").unwrap();
            c.arg(cmd).arg(&input);
            if cmd == "render" {
                c.arg("-o").arg(&out_dir);
            }
            let out = c.output().unwrap();
            // Messages go to stderr; `check` says "hợp lệ" on stdout.
            let stderr = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(&out.stdout)
            );
            let code = spec.get("exit").and_then(Value::as_i64).unwrap_or(3) as i32;
            if out.status.code() != Some(code) {
                failures.push(format!(
                    "{name} ({cmd}): exit {:?}, expected {code}\n{stderr}",
                    out.status.code()
                ));
            }
            // A line `check| …` is what `hoso check` alone prints.
            for line in expected.lines().filter(|l| !l.is_empty()) {
                let line = match line.strip_prefix("check| ") {
                    Some(l) if cmd == "check" => l,
                    Some(_) => continue,
                    None => line,
                };
                if !stderr.contains(line) {
                    failures.push(format!("{name} ({cmd}): missing «{line}» in:\n{stderr}"));
                }
            }
        }
        let accepted = spec.get("exit").and_then(Value::as_i64) == Some(0);
        if out_dir.exists() != accepted {
            failures.push(format!(
                "{name}: output folder {} after render",
                if accepted { "missing" } else { "written" }
            ));
        }
        // An accepted input renders with the text as it should be (converted, normalised).
        for (doc, want) in spec
            .get("renders")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let text = docx_text(&out_dir.join(format!("{doc}.docx")));
            let want = want.as_str().unwrap();
            if !text.contains(want) {
                failures.push(format!("{name}: {doc} lacks «{want}»"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
