//! Text hygiene at the input boundary: every string becomes NFC, control characters go.
//!
//! Decomposed (NFD) Vietnamese, as some Mac and web sources paste it, would otherwise compare
//! unequal to the same name typed on Windows and extract from the PDF in a different form.

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// NFC, with C0/C1 control characters removed except newline (which templates turn into a
/// line break) and tab (which becomes a space).
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfc() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\r' => {}
            c if c.is_control() => {}
            // The private-use block that blank forms use for their markers.
            c if crate::blank::is_marker(c) => {}
            c => out.push(c),
        }
    }
    out
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
    fn controls_are_stripped() {
        assert_eq!(clean("a\u{0}b\u{7}c\td\r\ne\u{85}"), "abc d\ne");
    }
}
