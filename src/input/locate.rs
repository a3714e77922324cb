//! Where each field of a JSON file is written: its line and column, so that every finding about
//! a field (a type error, a broken rule) can point at the user's own text.
//!
//! serde reports a position only for the first error, and after buffering a struct it reports
//! the closing brace; this scan gives every field its own place.

use std::collections::HashMap;

/// The line and column (both from 1, columns in characters) of every value in a JSON text, by
/// its path as findings write it: `case.team[2].name`.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    at: HashMap<String, (usize, usize)>,
}

impl Locations {
    /// Scans `text`; a text that is not JSON gives whatever was found before the fault.
    pub fn of(text: &str) -> Locations {
        let mut scan = Scan {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
            out: HashMap::new(),
        };
        scan.skip_ws();
        scan.value(String::new(), 0);
        Locations { at: scan.out }
    }

    /// The place of `path`, or of its nearest written ancestor (a missing field is reported
    /// where its object starts). `case.team[].role` (any element) is the list's place.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path.replace("[]", "");
        loop {
            if let Some(&at) = self.at.get(&p) {
                return Some(at);
            }
            let cut = p.rfind(['.', '['])?;
            p.truncate(cut);
        }
    }
}

/// A field's path for a person to read: `case.team[2].name (người thứ 3 trong tổ)`. Paths
/// count list elements from 0, as JSON tools do; the words count from 1, as people do.
pub fn describe(path: &str, lang: crate::input::lang::Lang) -> String {
    let mut words = Vec::new();
    let mut rest = path;
    let mut key_end = 0;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let list = &path[..key_end + open];
        if let Ok(i) = rest[open + 1..open + close].parse::<usize>() {
            words.push(ordinal(list, i + 1, lang));
        }
        key_end += open + close + 1;
        rest = &path[key_end..];
    }
    match words.pop() {
        Some(w) => format!("{path} ({w})"),
        None => path.to_string(),
    }
}

/// The `n`-th element of the list at `list`, in words.
fn ordinal(list: &str, n: usize, lang: crate::input::lang::Lang) -> String {
    use crate::input::lang::Lang;
    let key = list.rsplit(['.', ']']).next().unwrap_or(list);
    let (vi, en) = match list {
        "case.team" => ("người thứ {n} trong tổ", "person {n} of the team"),
        "cell.members" => (
            "đảng viên thứ {n} trong danh sách chi bộ",
            "member {n} of the cell's list",
        ),
        "case.meeting.absent" => ("người vắng thứ {n}", "absentee {n}"),
        "case.meeting.opinions" => ("ý kiến thứ {n}", "opinion {n}"),
        "annual_plan.items" => (
            "mục thứ {n} của kế hoạch năm",
            "item {n} of the annual plan",
        ),
        "case.outside_team" => (
            "người thứ {n} của tổ từ ngoài chi bộ",
            "outside team member {n}",
        ),
        "case.meeting.guests" => ("khách mời thứ {n}", "guest {n}"),
        "case.contents" => ("nội dung thứ {n}", "content item {n}"),
        _ if key == "proceedings" => (
            "đoạn thứ {n} của diễn biến",
            "paragraph {n} of the proceedings",
        ),
        _ if matches!(
            key,
            "strengths" | "shortcomings" | "causes" | "requirements" | "proposals"
        ) =>
        {
            ("ý thứ {n} của «{key}»", "point {n} of «{key}»")
        }
        _ => ("phần tử thứ {n} của «{key}»", "element {n} of «{key}»"),
    };
    let text = match lang {
        Lang::Vi => vi,
        Lang::En => en,
    };
    text.replace("{n}", &n.to_string()).replace("{key}", key)
}

struct Scan {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
    out: HashMap<String, (usize, usize)>,
}

/// Deeper than this is not a case file; the scan stops rather than recurse without end.
const MAX_DEPTH: usize = 128;

impl Scan {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) || self.peek() == Some('\u{feff}') {
            self.bump();
        }
    }

    fn value(&mut self, path: String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.out
            .entry(path.clone())
            .or_insert((self.line, self.col));
        match self.peek() {
            Some('{') => self.object(&path, depth),
            Some('[') => self.array(&path, depth),
            Some('"') => {
                self.string();
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                {
                    self.bump();
                }
            }
        }
    }

    fn object(&mut self, path: &str, depth: usize) {
        self.bump();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('"') => {}
                Some('}') | None => {
                    self.bump();
                    return;
                }
                Some(_) => {
                    self.bump();
                    continue;
                }
            }
            let key = self.string();
            self.skip_ws();
            if self.peek() == Some(':') {
                self.bump();
            }
            self.skip_ws();
            let child = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            self.value(child, depth + 1);
            self.skip_ws();
            if self.peek() == Some(',') {
                self.bump();
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) {
        self.bump();
        let mut i = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(']') | None => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                Some(_) => {}
            }
            let start = self.pos;
            self.value(format!("{path}[{i}]"), depth + 1);
            i += 1;
            if self.pos == start {
                self.bump();
            }
        }
    }

    /// A string literal, unescaped well enough for keys (which are plain ASCII in case files).
    fn string(&mut self) -> String {
        self.bump();
        let mut s = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(e) = self.bump() {
                        s.push(e);
                    }
                }
                c => s.push(c),
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_place() {
        let text = "{\n  \"case\": {\n    \"team\": [\n      {\"name\": \"A\"},\n      {\"name\": \"Bé\", \"role\": \"x\"}\n    ],\n    \"date\": \"03/08/2026\"\n  }\n}";
        let l = Locations::of(text);
        assert_eq!(l.find("case"), Some((2, 11)));
        assert_eq!(l.find("case.team[1].name"), Some((5, 16)));
        assert_eq!(l.find("case.team[1].role"), Some((5, 30)));
        assert_eq!(l.find("case.date"), Some((7, 13)));
        // A missing field: where its object starts.
        assert_eq!(l.find("case.team[0].role"), Some((4, 7)));
        assert_eq!(l.find("case.team[].role"), Some((3, 13)));
    }

    #[test]
    fn positions_are_said_from_one() {
        use crate::input::lang::Lang;
        assert_eq!(
            describe("case.team[2].name", Lang::Vi),
            "case.team[2].name (người thứ 3 trong tổ)"
        );
        assert_eq!(
            describe("case.meeting.guests[0]", Lang::En),
            "case.meeting.guests[0] (guest 1)"
        );
        assert_eq!(
            describe("case.findings.causes[1]", Lang::Vi),
            "case.findings.causes[1] (ý thứ 2 của «causes»)"
        );
        assert_eq!(
            describe("case.x[4]", Lang::En),
            "case.x[4] (element 5 of «x»)"
        );
        assert_eq!(describe("case.team[].role", Lang::Vi), "case.team[].role");
        assert_eq!(describe("cell.name", Lang::Vi), "cell.name");
    }

    #[test]
    fn broken_or_deep_text_does_not_hang() {
        let _ = Locations::of("{\"a\": [1, 2, {\"b\": ");
        let _ = Locations::of(&"[".repeat(100_000));
        let _ = Locations::of("}}]],,::\"");
    }
}
