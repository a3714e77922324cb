//! `hoso templates check`: everything that can be wrong with a template folder, found before
//! any real render — syntax (with tera's `file:line:col` and caret), variables the model does
//! not have, and errors that only show when the templates are rendered against the samples.

use crate::error::Error;
use crate::input::CaseFile;
use crate::model::Model;
use crate::template::sets::TemplateFiles;
use crate::template::{Engine, compile};
use serde_json::Value as Json;
use std::collections::{BTreeSet, HashMap};

/// One problem, printed as the user should read it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

const KEYWORDS: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "in",
    "set",
    "set_global",
    "include",
    "not",
    "and",
    "or",
    "is",
    "defined",
    "undefined",
    "none",
    "true",
    "false",
    "True",
    "False",
    "loop",
    "block",
    "endblock",
    "extends",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "break",
    "continue",
    "with",
    "endwith",
    "super",
    "string",
    "number",
    "iterable",
    "odd",
    "even",
];

/// A variable path used in a template: `case.subject_person.name` at line:col.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    /// Byte offset in the template, for finding the binding in force.
    pub offset: usize,
    pub line: usize,
    pub col: usize,
    pub path: Vec<String>,
}

/// Names bound by `for` and `set`: where, which name, the path it stands for.
#[derive(Debug, Default)]
pub struct Bindings(pub Vec<(usize, String, Vec<String>)>);

impl Bindings {
    /// The binding of `name` in force at `offset`: the last one before it.
    pub fn at(&self, name: &str, offset: usize) -> Option<&Vec<String>> {
        self.0
            .iter()
            .rev()
            .find(|(o, n, _)| n == name && *o < offset)
            .map(|(_, _, p)| p)
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, n, _)| n)
    }
}

/// Finds the variable paths of tera expressions (`{{ … }}`, `{% … %}`), with the names that
/// `for` and `set` bind, so that `x.name` inside `{% for x in case.team_seats %}` is checked
/// as `case.team_seats[].name`.
pub fn uses(source: &str) -> (Vec<Use>, Bindings) {
    let mut out = Vec::new();
    let mut bindings = Bindings::default();
    let mut i = 0;
    let bytes = source.as_bytes();
    while let Some(open) = source[i..].find('{').map(|o| i + o) {
        let kind = bytes.get(open + 1).copied();
        let close = match kind {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                i = source[open..]
                    .find("#}")
                    .map(|c| open + c + 2)
                    .unwrap_or(source.len());
                continue;
            }
            _ => {
                i = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let end = source[start..]
            .find(close)
            .map(|c| start + c)
            .unwrap_or(source.len());
        let expr = &source[start..end];
        let tokens = tokenize(expr, start);
        // `for x in a.b` and `set x = a.b` bind a name.
        let words: Vec<&str> = tokens.iter().map(|t| t.1.as_str()).collect();
        let mut skip_first = false;
        if kind == Some(b'%') {
            let bound = match words.as_slice() {
                ["for", name, "in", rest @ ..] => Some((name, rest, true)),
                ["set" | "set_global", name, rest @ ..] => Some((name, rest, false)),
                _ => None,
            };
            if let Some((name, rest, is_for)) = bound {
                // A name bound to a literal stands for itself.
                let mut path: Vec<String> = match rest.first() {
                    Some(src) => src.split('.').map(String::from).collect(),
                    None => vec![name.to_string()],
                };
                if is_for && !rest.is_empty() {
                    path.push("[]".into());
                }
                bindings.0.push((start, name.to_string(), path));
                skip_first = true;
            }
        }
        for (k, (offset, word, after_pipe, after_kwarg)) in tokens.iter().enumerate() {
            if skip_first && k == 1 {
                continue;
            }
            let head = word.split('.').next().unwrap_or("");
            if *after_pipe || *after_kwarg || KEYWORDS.contains(&head) {
                continue;
            }
            // `x is defined` asks exactly whether x exists: not an error if it does not.
            if words.get(k + 1) == Some(&"is") {
                continue;
            }
            let (line, col) = line_col(source, *offset);
            out.push(Use {
                offset: *offset,
                line,
                col,
                path: word.split('.').map(String::from).collect(),
            });
        }
        i = end + close.len();
    }
    (out, bindings)
}

/// Identifier chains of an expression with their byte offsets; string literals skipped; marks
/// whether a word follows `|` (a filter name) or is a keyword argument name (`sep=`).
fn tokenize(expr: &str, base: usize) -> Vec<(usize, String, bool, bool)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = expr.char_indices().collect();
    let mut k = 0;
    let mut prev_sig = ' ';
    while k < chars.len() {
        let (off, c) = chars[k];
        if c == '"' || c == '\'' || c == '`' {
            let q = c;
            k += 1;
            while k < chars.len() && chars[k].1 != q {
                k += 1;
            }
            k += 1;
            prev_sig = q;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let s = k;
            while k < chars.len()
                && (chars[k].1.is_ascii_alphanumeric() || chars[k].1 == '_' || chars[k].1 == '.')
            {
                k += 1;
            }
            let word: String = chars[s..k].iter().map(|x| x.1).collect();
            let word = word.trim_end_matches('.').to_string();
            let next = chars[k..].iter().map(|x| x.1).find(|c| !c.is_whitespace());
            let is_kwarg = next == Some('=')
                && chars[k..]
                    .iter()
                    .map(|x| x.1)
                    .filter(|c| !c.is_whitespace())
                    .nth(1)
                    != Some('=');
            let is_call = next == Some('(');
            out.push((base + off, word, prev_sig == '|', is_kwarg || is_call));
            prev_sig = 'a';
            continue;
        }
        if c.is_ascii_digit() {
            while k < chars.len() && (chars[k].1.is_ascii_alphanumeric() || chars[k].1 == '.') {
                k += 1;
            }
            prev_sig = '0';
            continue;
        }
        if !c.is_whitespace() {
            prev_sig = c;
        }
        k += 1;
    }
    out
}

fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// Merges the elements of every array, so that a path is known if any sample has it.
fn shape(v: &Json) -> Json {
    match v {
        Json::Array(items) => {
            let mut merged = Json::Null;
            for it in items {
                merged = merge(merged, shape(it));
            }
            Json::Array(vec![merged])
        }
        Json::Object(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        other => other.clone(),
    }
}

fn merge(a: Json, b: Json) -> Json {
    match (a, b) {
        (Json::Object(mut x), Json::Object(y)) => {
            for (k, v) in y {
                let old = x.remove(&k).unwrap_or(Json::Null);
                x.insert(k, merge(old, v));
            }
            Json::Object(x)
        }
        (Json::Array(x), Json::Array(y)) => {
            let a = x.into_iter().next().unwrap_or(Json::Null);
            let b = y.into_iter().next().unwrap_or(Json::Null);
            Json::Array(vec![merge(a, b)])
        }
        (Json::Null, b) => b,
        (a, Json::Null) => a,
        (_, b) => b,
    }
}

/// Whether `path` exists in `shape`; `[]` steps into arrays. A null (an absent optional
/// section in every sample) or an empty array is accepted: the samples do not say more.
fn known(shape: &Json, path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return true;
    };
    match shape {
        Json::Null => true,
        Json::Array(items) if first == "[]" => items.first().is_none_or(|item| known(item, rest)),
        Json::Array(_) => first == "length" || first.parse::<usize>().is_ok(),
        Json::Object(m) => m.get(first).is_some_and(|v| known(v, rest)),
        _ => false,
    }
}

/// Checks a template folder against the sample case files; returns every problem found.
pub fn check(files: &TemplateFiles, samples: &[(String, CaseFile)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Err(e) = files.profile() {
        problems.push(problem(e));
    }
    let sets = match files.sets() {
        Ok(s) => s,
        Err(e) => {
            problems.push(problem(e));
            return problems;
        }
    };
    let (_, errors) = compile(files, &sets);
    let syntax_ok = errors.is_empty();
    problems.extend(errors.into_iter().map(problem));

    // Variables: each set's templates (and the shared ones they include) against the context
    // that set's samples give, names bound by `set` anywhere counting as known.
    let engine = if syntax_ok {
        Engine::new(files.clone()).ok()
    } else {
        None
    };
    let global_sets = global_set_names(files);
    let (context_shape, mut per_set) = match &engine {
        Some(engine) => context_shapes(engine, samples),
        None => (Json::Null, HashMap::new()),
    };
    // The handout's template sees the course and the sets' document lists instead.
    let handout = engine.as_ref().and_then(sample_handout);
    if let Some((library, course)) = &handout {
        per_set.insert(
            "handout".to_string(),
            shape(&crate::handout::context_json(library, course)),
        );
    }
    // The committee's report sees the count of the sample tallies instead.
    if let Some(shape) = engine.as_ref().and_then(report_shape) {
        per_set.insert(crate::tally::report::SET.to_string(), shape);
    }
    if !context_shape.is_null() {
        for (name, text) in &files.files {
            if !name.ends_with(".hoso") {
                continue;
            }
            let dir = name.split('/').next().unwrap_or("");
            let shape = per_set.get(dir).unwrap_or(&context_shape);
            unknown_variables(files, name, text, shape, &global_sets, &mut problems);
        }
    }

    // Render every sample whose set exists, through the markup parser too; and the handout of
    // the sample course.
    if let Some(engine) = &engine {
        render_problems(files, engine, handout.as_ref(), samples, &mut problems);
    }
    problems
}

/// An error as a problem, worded as the error says.
fn problem(e: Error) -> Problem {
    Problem {
        message: e.to_string(),
    }
}

/// The names that some template binds with `set`, which any template may then use.
fn global_set_names(files: &TemplateFiles) -> BTreeSet<String> {
    let mut global_sets: BTreeSet<String> = BTreeSet::new();
    for (name, text) in &files.files {
        if name.ends_with(".hoso") {
            global_sets.extend(uses(text).1.names().cloned());
        }
    }
    global_sets
}

/// The shape of the contexts the samples give: over all samples, and per set folder.
fn context_shapes(
    engine: &Engine,
    samples: &[(String, CaseFile)],
) -> (Json, HashMap<String, Json>) {
    let mut context_shape = Json::Null;
    let mut per_set: HashMap<String, Json> = HashMap::new();
    for (_, file) in samples {
        let Ok(set) = engine.set(&file.set) else {
            continue;
        };
        let Ok(model) = Model::build(file) else {
            continue;
        };
        if let Ok(ctx) = engine.context_json(set, &model) {
            let s = shape(&ctx);
            context_shape = merge(context_shape, s.clone());
            let e = per_set.remove(&set.dir).unwrap_or(Json::Null);
            per_set.insert(set.dir.clone(), merge(e, s));
        }
    }
    (context_shape, per_set)
}

/// The variables the report's template sees for the sample tallies, both levels at once.
fn report_shape(engine: &Engine) -> Option<Json> {
    let target = crate::tally::report::target(engine).ok()?;
    let info = crate::tally::report::ReportInfo::default();
    Some(
        crate::tally::report::sample_tallies()
            .iter()
            .map(|t| shape(&crate::tally::report::context(t, &info, &target)))
            .fold(Json::Null, merge),
    )
}

/// The handout's library and sample course, when both can be had.
fn sample_handout(engine: &Engine) -> Option<(crate::handout::Library, crate::handout::Course)> {
    let opts = crate::template::RenderOptions::default();
    let library = crate::handout::Library::new(engine, &opts).ok()?;
    let course = crate::handout::sample_course().ok()?;
    Some((library, course))
}

/// Reports each variable of template `name` that `shape` does not have.
fn unknown_variables(
    files: &TemplateFiles,
    name: &str,
    text: &str,
    shape: &Json,
    global_sets: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) {
    let (found, bindings) = uses(text);
    for u in found {
        let path = resolve(&u, &bindings);
        let head = &path[0];
        if shape.get(head.as_str()).is_none() && global_sets.contains(head) {
            continue;
        }
        if !known(shape, &path) {
            let line_text = text.lines().nth(u.line - 1).unwrap_or("");
            problems.push(Problem {
                message: format!(
                    "error: biến «{}» không có trong dữ liệu đầu vào\n --> {}:{}:{}\n  |\n{:>3} | {}\n  | {}^",
                    u.path.join("."),
                    files.display_path(name),
                    u.line,
                    u.col,
                    u.line,
                    line_text,
                    " ".repeat(u.col.saturating_sub(1))
                ),
            });
        }
    }
}

/// The path a use stands for, bound names (loops, sets) replaced by what they are bound to.
fn resolve(u: &Use, bindings: &Bindings) -> Vec<String> {
    let mut path = u.path.clone();
    // A few steps cover nested loops; the limit stops names bound to each other going round.
    for _ in 0..8 {
        match bindings.at(&path[0], u.offset) {
            Some(src) if src[0] != path[0] => {
                let mut p = src.clone();
                p.extend(path[1..].iter().cloned());
                path = p;
            }
            _ => break,
        }
    }
    path
}

/// Reports what fails to render: the sample handout, and each sample through the markup parser.
fn render_problems(
    files: &TemplateFiles,
    engine: &Engine,
    handout: Option<&(crate::handout::Library, crate::handout::Course)>,
    samples: &[(String, CaseFile)],
    problems: &mut Vec<Problem>,
) {
    if let Some((library, course)) = handout
        && files.files.contains_key(crate::handout::TEMPLATE)
        && let Err(e) = crate::handout::booklet(engine, library, course, &Default::default())
    {
        problems.push(Problem {
            message: format!(
                "{e}
  (khi dựng tài liệu bồi dưỡng với samples/khoa-hoc.json)"
            ),
        });
    }
    if engine.report_set(crate::tally::report::SET).is_ok() {
        for t in crate::tally::report::sample_tallies() {
            let info = crate::tally::report::ReportInfo::default();
            if let Err(e) = crate::tally::report::document(engine, &t, &info, &Default::default()) {
                problems.push(Problem {
                    message: format!("{e}\n  (khi dựng báo cáo với số liệu mẫu)"),
                });
            }
        }
    }
    for (sample, file) in samples {
        let Ok(set) = engine.set(&file.set) else {
            continue;
        };
        let result = Model::build(file).and_then(|model| {
            for (d, text) in engine.render_markup(set, &model)? {
                engine.parse(set, &d, &text, Default::default())?;
            }
            Ok(())
        });
        if let Err(e) = result {
            problems.push(Problem {
                message: format!("{e}\n  (khi dựng mẫu với dữ liệu {sample})"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_paths_and_bindings() {
        let src = "{% for s in case.team_seats %}{{ s.name | upper }}{% endfor %}\n{{ doc.place_date }} {% if x is defined %}{{ bases | join(sep=\", \") }}{% endif %}";
        let (u, b) = uses(src);
        let paths: Vec<String> = u.iter().map(|u| u.path.join(".")).collect();
        assert_eq!(
            paths,
            vec!["case.team_seats", "s.name", "doc.place_date", "bases"]
        );
        assert_eq!(b.at("s", 40).unwrap(), &vec!["case", "team_seats", "[]"]);
        assert!(b.at("s", 0).is_none());
        assert_eq!(u[2].line, 2);
    }

    #[test]
    fn known_paths() {
        let ctx = serde_json::json!({"case": {"team": [{"name": "A"}], "opt": null}});
        let s = shape(&ctx);
        let p = |x: &str| x.split('.').map(String::from).collect::<Vec<_>>();
        assert!(known(&s, &p("case.team.[].name")));
        assert!(!known(&s, &p("case.team.[].nme")));
        assert!(known(&s, &p("case.opt.anything")));
        assert!(!known(&s, &p("case.nothing")));
    }
}
