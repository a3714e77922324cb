//! Bad inputs and the exact messages they must give. Each `tests/fixtures/NAME.json` describes
//! a change to a sample (`set`/`add` JSON pointers, `remove`, or `raw` text for a file that is
//! not even JSON; `exit` and `renders` for input that is accepted); `NAME.expected` holds
//! exactly what `hoso check` prints (every finding, in order, and the summary line), and
//! `hoso render` must say the same findings. `HOSO_BLESS=1` rewrites the `.expected` files
//! from what `check` prints now: review their diff before committing. A bad
//! input ends with exit code 3 and nothing written; an accepted one (legacy text converted,
//! NFD, control characters, a 1 MB field) renders, and says what it changed.
//!
//! A fixture with a `command` (arguments with `{input}`, `{out}` and `{cases}`, an empty
//! folder, in them) runs that command alone, for inputs `check` does not read: a cells list
//! (`cells-*`, `blank --cells` or `batch`), a course file (`course-*`, `handout`). `ext` names the input's extension (`csv`);
//! `report` lists files under `{out}` (`errors.csv`) whose text is part of the output;
//! `writes` says whether `{out}` exists afterwards (by default: when the exit code is 0).

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
    // Every kind of input has its fixtures, not only the inspection case.
    for kind in ["nam-", "gs-", "cells-", "course-"] {
        let n = names.iter().filter(|n| n.starts_with(kind)).count();
        assert!(n >= 5, "only {n} fixtures named {kind}*");
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for name in &names {
        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        if spec.get("command").is_some() {
            failures.extend(command_fixture(dir, tmp.path(), name, &spec));
            continue;
        }
        let expected =
            std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap_or_default();
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

/// What a batch prints as it goes ends in the time spent so far (`2/3 chi bộ (67%), 0.0 s`),
/// which no two runs share: it is replaced by `…`.
fn without_elapsed(text: &str) -> String {
    text.lines()
        .map(|l| match l.rsplit_once(", ") {
            Some((head, tail))
                if l.starts_with(|c: char| c.is_ascii_digit())
                    && head.contains(" chi bộ (")
                    && tail.ends_with(" s") =>
            {
                format!("{head}, … s\n")
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

/// A fixture with its own command: the whole output (stderr, stdout, then each `report` file
/// under its name) must be exactly the `.expected` text.
fn command_fixture(dir: &Path, tmp: &Path, name: &str, spec: &Value) -> Vec<String> {
    let ext = spec.get("ext").and_then(Value::as_str).unwrap_or("json");
    let input = tmp.join(format!("{name}.{ext}"));
    std::fs::write(&input, build_input(spec)).unwrap();
    let out_dir = tmp.join(format!("{name}-out"));
    // `{cases}`: an empty folder for `batch --cases`, beside which nothing may be read.
    let cases = tmp.join(format!("{name}-cases"));
    std::fs::create_dir_all(&cases).unwrap();
    let args: Vec<String> = spec["command"]
        .as_array()
        .expect("command: a list of arguments")
        .iter()
        .map(|a| {
            a.as_str()
                .expect("an argument is a string")
                .replace("{input}", &input.display().to_string())
                .replace("{out}", &out_dir.display().to_string())
                .replace("{cases}", &cases.display().to_string())
        })
        .collect();
    let out = Command::cargo_bin("hoso")
        .unwrap()
        .args(&args)
        .output()
        .unwrap();
    let mut text = without_elapsed(&format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    ));
    for report in spec
        .get("report")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let report = report.as_str().unwrap();
        let body = std::fs::read_to_string(out_dir.join(report))
            .unwrap_or_else(|e| format!("(không đọc được: {e})\n"));
        text.push_str(&format!("--- {report} ---\n{body}\n"));
    }
    let text = text.replace(&format!("{}/", tmp.display()), "");
    let expected_file = dir.join(format!("{name}.expected"));
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::write(&expected_file, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
    let code = spec.get("exit").and_then(Value::as_i64).unwrap_or(3) as i32;
    let writes = spec
        .get("writes")
        .and_then(Value::as_bool)
        .unwrap_or(code == 0);
    let mut failures = Vec::new();
    if out.status.code() != Some(code) {
        failures.push(format!(
            "{name}: exit {:?}, expected {code}\n{text}",
            out.status.code()
        ));
    }
    if text != expected {
        failures.push(format!(
            "{name} printed:\n{text}\nexpected exactly:\n{expected}"
        ));
    }
    if out_dir.exists() != writes {
        failures.push(format!(
            "{name}: output folder {} after the run",
            if writes { "missing" } else { "written" }
        ));
    }
    failures
}
