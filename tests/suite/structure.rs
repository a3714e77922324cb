//! The architecture's promises, read from the source: a thin `main.rs`, no function over 120
//! lines, no import cycle between modules, krilla and docx-rs each named by one writer only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("src readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// `input/read.rs` → `input::read`; `model/mod.rs` → `model`.
fn module_of(file: &str) -> String {
    let m = file.trim_end_matches(".rs").trim_end_matches("/mod");
    m.replace('/', "::")
}

/// The code of a file without its `#[cfg(test)]` module (tests may use anything).
fn non_test(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

#[test]
fn main_rs_is_thin() {
    let main =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/main.rs")).unwrap();
    assert!(
        main.lines().count() <= 120,
        "main.rs has {} lines",
        main.lines().count()
    );
}

/// Functions as rustfmt lays them out: a line starting `fn` or `pub fn` (any visibility),
/// ending at the first line that closes a brace at the same indentation.
fn long_functions(file: &str, text: &str, limit: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "async fn ",
            "pub async fn ",
        ]
        .iter()
        .any(|p| body.starts_with(p));
        if !is_fn || body.ends_with(';') {
            continue;
        }
        let close = format!("{}}}", " ".repeat(indent));
        if let Some(len) = lines[i + 1..].iter().position(|l| l.starts_with(&close))
            && len + 2 > limit
        {
            long.push(format!("{file}:{}: {} lines: {}", i + 1, len + 2, body));
        }
    }
    long
}

#[test]
fn no_function_is_over_120_lines() {
    let long: Vec<String> = sources()
        .iter()
        .flat_map(|(f, t)| long_functions(f, t, 120))
        .collect();
    assert!(
        long.is_empty(),
        "functions over 120 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_check_finds_a_long_function() {
    let body = "    let x = 1;\n".repeat(130);
    let text = format!("pub fn f() {{\n{body}}}\n");
    assert_eq!(long_functions("x.rs", &text, 120).len(), 1);
    assert!(long_functions("x.rs", "fn g() {\n}\n", 120).is_empty());
}

#[test]
fn only_the_writers_name_their_crates() {
    for (file, text) in sources() {
        let code = non_test(&text);
        if code.contains("krilla::") || code.contains("comemo::") {
            assert_eq!(file, "backend/pdf.rs", "{file} names krilla");
        }
        if code.contains("docx_rs") {
            assert!(
                file.starts_with("docx") || file.starts_with("backend/docx"),
                "{file} names docx-rs"
            );
        }
    }
}

/// The library's modules and the modules each one uses (`crate::a::b` → the longest known
/// module prefix).
fn library_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, String)> = sources()
        .into_iter()
        .filter(|(f, _)| !f.starts_with("cli/") && f != "main.rs" && f != "lib.rs")
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(f, _)| module_of(f)).collect();
    let mut graph = BTreeMap::new();
    for (file, text) in &files {
        let me = module_of(file);
        let mut uses = BTreeSet::new();
        for part in non_test(text).split("crate::").skip(1) {
            let path: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let used = (1..=segs.len())
                .rev()
                .map(|n| segs[..n].join("::"))
                .find(|m| modules.contains(m));
            if let Some(m) = used
                && m != me
            {
                uses.insert(m);
            }
        }
        graph.insert(me, uses);
    }
    graph
}

#[test]
fn no_import_cycle_between_modules() {
    let graph = library_graph();
    // Depth-first search for a back edge; a parent module declaring its children is not a use.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == m) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
    assert!(
        graph.len() > 20,
        "the graph covers the library: {:?}",
        graph.keys()
    );
}
