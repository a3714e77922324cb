//! Text hygiene at the input boundary: every string becomes NFC, control characters go.
//!
//! Decomposed (NFD) Vietnamese, as some Mac and web sources paste it, would otherwise compare
//! unequal to the same name typed on Windows and extract from the PDF in a different form.

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// NFC, with C0/C1 control characters removed except newline (which templates turn into a
/// line break) and tab (which becomes a space).
pub fn clean(s: &str) -> String {
    // Controls go first, so that what is left is normalised as a whole: a combining mark
    // after a removed control still composes with the letter before it.
    let kept: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Not characters at all (and not allowed in XML), so never printable.
            c if is_noncharacter(c) => None,
            // The private-use block that blank forms use for their markers.
            c if crate::template::blank::is_marker(c) => None,
            // Zero-width and direction marks: invisible, yet they make two equal-looking
            // names differ. `clean_json_report` names each one it removes.
            c if is_invisible(c) => None,
            c => Some(c),
        })
        .collect();
    kept.nfc().collect()
}

/// Format characters that print nothing: zero-width spaces and joiners, direction marks and
/// embeddings, the word joiner family, a byte-order mark inside text. (The soft hyphen is one
/// too, but TCVN3 text uses its code for «ư»: it goes after legacy conversion, see
/// [`clean_json_report`].)
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The fields that hold a person's name, which are compared with the member list: trimmed and
/// with runs of spaces made one, so that a name pasted with a trailing tab still matches.
const NAME_KEYS: &[&str] = &["name", "subject", "chair", "secretary"];

fn tidy_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Cleans every string of a JSON value in place (keys too).
pub fn clean_json(v: &mut Value) {
    match v {
        Value::String(s) => {
            let c = clean(s);
            if c != *s {
                *s = c;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(clean_json),
        Value::Object(o) => {
            let entries: Vec<(String, Value)> = std::mem::take(o).into_iter().collect();
            for (k, mut val) in entries {
                clean_json(&mut val);
                o.insert(clean(&k), val);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Something said about a text field while cleaning it: converted from a legacy encoding,
/// or holding characters the font cannot draw.
#[derive(Clone, Debug, PartialEq)]
pub struct TextWarning {
    pub path: String,
    pub vi: String,
    pub en: String,
}

/// A field longer than this many characters is said to be unusual (it still renders).
pub const LONG_TEXT: usize = 20_000;

const SOFT_HYPHEN: char = '\u{AD}';

/// The invisible characters of `s`, each named once by its code point, in order.
fn invisible_chars(s: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for c in s.chars().filter(|&c| is_invisible(c)) {
        let name = format!("U+{:04X}", c as u32);
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen
}

/// Cleans every string of a JSON value like [`clean_json`], and also converts text typed in a
/// legacy Vietnamese encoding (TCVN3, VNI) and reports characters the embedded font lacks,
/// naming each field by its JSON path.
pub fn clean_json_report(v: &mut Value, path: &str, out: &mut Vec<TextWarning>) {
    match v {
        Value::String(s) => {
            let c = clean_string(s, path, out);
            if c != *s {
                *s = c;
            }
        }
        Value::Array(a) => {
            for (i, item) in a.iter_mut().enumerate() {
                clean_json_report(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) => {
            let entries: Vec<(String, Value)> = std::mem::take(o).into_iter().collect();
            for (k, mut val) in entries {
                let key = clean(&k);
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                clean_json_report(&mut val, &child, out);
                o.insert(key, val);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// One string of [`clean_json_report`], cleaned, with what was said about it.
fn clean_string(s: &str, path: &str, out: &mut Vec<TextWarning>) -> String {
    let mut invisible = invisible_chars(s);
    let mut c = clean(s);
    if let Some((unicode, enc)) = crate::input::legacy::detect(&c) {
        out.push(TextWarning {
            path: path.to_string(),
            vi: format!(
                "chữ gõ bằng bảng mã {} đã được đổi sang Unicode: «{c}» → «{unicode}»; hãy kiểm tra lại",
                enc.name()
            ),
            en: format!(
                "text typed in the {} encoding was converted to Unicode: «{c}» → «{unicode}»; please check it",
                enc.name()
            ),
        });
        c = unicode;
    }
    if c.contains(SOFT_HYPHEN) {
        invisible.push(format!("U+{:04X}", SOFT_HYPHEN as u32));
        c.retain(|ch| ch != SOFT_HYPHEN);
    }
    let key = path.rsplit('.').next().unwrap_or(path);
    if NAME_KEYS.contains(&key) {
        c = tidy_name(&c);
    }
    if !invisible.is_empty() {
        out.push(TextWarning {
            path: path.to_string(),
            vi: format!(
                "đã bỏ ký tự vô hình {} (không in ra nhưng làm chữ khác đi); hãy kiểm tra lại",
                invisible.join(", ")
            ),
            en: format!(
                "removed the invisible character(s) {} (they print nothing but make text differ); please check it",
                invisible.join(", ")
            ),
        });
    }
    let chars = c.chars().count();
    if chars > LONG_TEXT {
        out.push(TextWarning {
            path: path.to_string(),
            vi: format!(
                "đoạn chữ rất dài ({chars} ký tự, quá {LONG_TEXT}): có dán nhầm cả tài liệu vào không?"
            ),
            en: format!(
                "very long text ({chars} characters, over {LONG_TEXT}): was a whole document pasted by mistake?"
            ),
        });
    }
    let missing = crate::layout::fonts::missing_chars(&c);
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|ch| format!("«{ch}» (U+{:04X})", *ch as u32))
            .collect();
        out.push(TextWarning {
            path: path.to_string(),
            vi: format!(
                "phông chữ không có ký tự {}: chúng sẽ in ra thành ô trống; hãy thay bằng chữ khác",
                list.join(", ")
            ),
            en: format!(
                "the font has no glyph for {}: they will print as empty boxes; please replace them",
                list.join(", ")
            ),
        });
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_becomes_nfc() {
        let nfd = "Le\u{302}\u{300} Va\u{306}n Cu\u{31b}o\u{31b}\u{300}ng";
        assert_eq!(clean(nfd), "Lề Văn Cường");
        assert_eq!(clean("Ho\u{300}a"), "Hòa");
    }

    #[test]
    fn legacy_text_is_converted_and_reported() {
        let mut v =
            serde_json::json!({"case": {"subject": "Lª V¨n C\u{ad}êng", "ok": "Lê Văn Cường"}});
        let mut w = Vec::new();
        clean_json_report(&mut v, "", &mut w);
        assert_eq!(v["case"]["subject"], "Lê Văn Cường");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].path, "case.subject");
        assert!(w[0].vi.contains("TCVN3"));
    }

    #[test]
    fn glyphs_the_font_lacks_are_reported() {
        let mut v = serde_json::json!({"a": ["x", "中文"]});
        let mut w = Vec::new();
        clean_json_report(&mut v, "", &mut w);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].path, "a[1]");
        assert!(w[0].vi.contains("U+4E2D"));
    }

    #[test]
    fn noncharacters_go_and_marks_still_compose() {
        assert_eq!(clean("a\u{FFFE}b\u{FFFF}c\u{1FFFF}"), "abc");
        assert_eq!(clean("e\u{0}\u{301}"), "é");
    }

    #[test]
    fn invisible_marks_go_with_a_warning_and_names_are_tidied() {
        let mut v = serde_json::json!({"case": {"subject": "Trần Văn\u{200B} Phúc\t", "findings": "a\u{200F}b  c"}});
        let mut w = Vec::new();
        clean_json_report(&mut v, "", &mut w);
        assert_eq!(v["case"]["subject"], "Trần Văn Phúc");
        assert_eq!(v["case"]["findings"], "ab  c");
        let said: Vec<(&str, bool)> = w
            .iter()
            .map(|w| {
                (
                    w.path.as_str(),
                    w.vi.contains("U+200B") || w.vi.contains("U+200F"),
                )
            })
            .collect();
        assert_eq!(said, [("case.findings", true), ("case.subject", true)]);
    }

    #[test]
    fn controls_are_stripped() {
        assert_eq!(clean("a\u{0}b\u{7}c\td\r\ne\u{85}"), "abc d\ne");
    }
}
