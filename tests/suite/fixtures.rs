//! Bad inputs and the exact messages they must give. Each `tests/fixtures/NAME.json` describes
//! a change to a sample (`set`/`add` JSON pointers, `remove`, or `raw` text for a file that is
//! not even JSON; `exit` and `renders` for input that is accepted); `NAME.expected` holds
//! exactly what `hoso check` prints (every finding, in order, and the summary line), and
//! `hoso render` must say the same findings. `HOSO_BLESS=1` rewrites the `.expected` files
//! from what `check` prints now: review their diff before committing. A bad
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
        let code = spec.get("exit").and_then(Value::as_i64).unwrap_or(3) as i32;
        let folder = format!("{}/", tmp.path().display());
        let run = |cmd: &str| {
            let mut c = Command::cargo_bin("hoso").unwrap();
            // `args`: options before the command, such as `["--lang", "en"]`.
            for a in spec
                .get("args")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                c.arg(a.as_str().expect("args are strings"));
            }
            c.arg(cmd).arg(&input);
            if cmd == "render" {
                c.arg("-o").arg(&out_dir);
            }
            let out = c.output().unwrap();
            // Messages go to stderr; `check` says "hợp lệ" on stdout. The temporary folder
            // is left out so that the expected text names the fixture alone.
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(&out.stdout)
            )
            .replace(&folder, "");
            (out.status.code(), text)
        };
        let (check_code, check_text) = run("check");
        if std::env::var_os("HOSO_BLESS").is_some() {
            std::fs::write(dir.join(format!("{name}.expected")), &check_text).unwrap();
        }
        if check_code != Some(code) {
            failures.push(format!(
                "{name} (check): exit {check_code:?}, expected {code}\n{check_text}"
            ));
        }
        // `check` prints exactly the expected text: every finding, in order, and the summary.
        if check_text != expected {
            failures.push(format!(
                "{name} (check) printed:\n{check_text}\nexpected exactly:\n{expected}"
            ));
        }
        // `render` says the same findings (what it writes, it lists apart), and writes
        // nothing when it refuses.
        let (render_code, render_text) = run("render");
        if render_code != Some(code) {
            failures.push(format!(
                "{name} (render): exit {render_code:?}, expected {code}\n{render_text}"
            ));
        }
        let messages = |t: &str| -> Vec<String> {
            t.lines()
                // What was written, and check's verdict, are not findings.
                .filter(|l| !l.starts_with("đã ghi ") && !l.contains(" tệp trong "))
                .filter(|l| !l.contains(": hợp lệ (") && !l.contains(": valid ("))
                .map(String::from)
                .collect()
        };
        if messages(&render_text) != messages(&check_text) {
            failures.push(format!(
                "{name}: render said\n{render_text}\nbut check said\n{check_text}"
            ));
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
