//! Bad inputs and the exact messages they must give. Each `tests/fixtures/NAME.json` describes
//! a change to a sample (`set`/`add` JSON pointers, `remove`, or `raw` text for a file that is
//! not even JSON); `NAME.expected` holds lines that must each appear, exactly, in what
//! `hoso check` prints, and the run must end with exit code 3 and write nothing.

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
    assert!(names.len() >= 17, "{names:?}");
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
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.code() != Some(3) {
                failures.push(format!(
                    "{name} ({cmd}): exit {:?}, expected 3\n{stderr}",
                    out.status.code()
                ));
            }
            for line in expected.lines().filter(|l| !l.is_empty()) {
                if !stderr.contains(line) {
                    failures.push(format!("{name} ({cmd}): missing «{line}» in:\n{stderr}"));
                }
            }
        }
        if out_dir.exists() {
            failures.push(format!("{name}: render wrote {}", out_dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
