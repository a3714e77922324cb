//! The one reader of input files: bytes to text, text to JSON with positioned syntax errors,
//! JSON to the typed input with every wrong field reported (in Vietnamese and English), every
//! string cleaned on the way (NFC, control and invisible characters, legacy encodings).

use crate::error::{Error, Result};
use crate::input::text::TextWarning;
use crate::input::{CaseFile, samples};

/// A file's bytes as text: UTF-8, or UTF-16 with its byte-order mark (what PowerShell's `>`
/// and Notepad's "Unicode" write); a UTF-8 byte-order mark is dropped. Anything else gets a
/// message saying how to save the file.
pub fn decode(bytes: &[u8], file: &str) -> Result<String> {
    let utf16 = |be: bool| -> Option<String> {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| match (be, c) {
                (true, [a, b]) => Some(u16::from_be_bytes([*a, *b])),
                (false, [a, b]) => Some(u16::from_le_bytes([*a, *b])),
                _ => None,
            })
            .collect::<Option<_>>()?;
        String::from_utf16(&units).ok()
    };
    let text = match bytes {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => None,
    };
    let text = match text {
        Some(t) => t,
        None => String::from_utf8(bytes.to_vec()).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Error::invalid(
                file,
                format!(
                    "tệp không ở mã UTF-8 (byte thứ {at}): hãy lưu lại với mã «UTF-8» (Excel: «CSV UTF-8»)"
                ),
                format!("the file is not UTF-8 (byte {at}): save it as «UTF-8» (Excel: «CSV UTF-8»)"),
            )
        })?,
    };
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// JSON text to a value; a syntax error names the line and column, shows the line with a
/// caret under the place, and says what is wrong in Vietnamese.
pub fn json(text: &str, file: &str) -> Result<serde_json::Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        let line_text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
        Error::Json {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: json_syntax_vi(&e.to_string()),
            message_en: e
                .to_string()
                .rsplit_once(" at line ")
                .map_or(e.to_string(), |(m, _)| m.to_string()),
            text: line_text.to_string(),
        }
    })
}

/// Cleans every string of a value (NFC, control characters, legacy encodings converted) and
/// returns what was said on the way, each warning naming its JSON path.
pub fn clean(value: &mut serde_json::Value) -> Vec<TextWarning> {
    let mut warnings = Vec::new();
    crate::input::text::clean_json_report(value, "", &mut warnings);
    warnings
}

/// Parses a case file: JSON syntax errors carry line and column; every string is normalised
/// (NFC, no control characters) before the typed model sees it.
pub fn parse_case(text: &str, file: &str) -> Result<CaseFile> {
    parse_case_report(text, file).map(|(f, _)| f)
}

/// [`parse_case`], with what was said about text fields on the way (legacy encodings
/// converted, characters the font lacks).
pub fn parse_case_report(text: &str, file: &str) -> Result<(CaseFile, Vec<TextWarning>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value = json(text, file)?;
    let set = value
        .get("set")
        .and_then(|s| s.as_str())
        .unwrap_or("kiem-tra");
    // A wrong value is replaced by the worked example's value at the same place (so the rest
    // can be checked), an unknown field removed, a missing one filled in the same way.
    let sample: serde_json::Value = samples::text(set)
        .or(samples::text("kiem-tra"))
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default();
    typed_problems::<CaseFile>(text, file, &value, &sample)?;
    let warnings = clean(&mut value);
    let file = serde_json::from_value(value).map_err(|e| Error::Invalid {
        path: String::new(),
        message: serde_message_vi(&e.to_string()),
    })?;
    Ok((file, warnings))
}

/// The cell file a case names instead of holding its cell (`"cell": "chi-bo.json"`), so that
/// the annual plan and both cases of a cell share one list of members.
pub fn cell_reference(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("cell")?.as_str().map(String::from)
}

/// The built-in sample of one set, parsed.
pub fn sample(set: &str) -> Option<Result<CaseFile>> {
    samples::text(set).map(|text| parse_case(text, &format!("samples/{set}.json")))
}

/// Every built-in sample, parsed, with its file name.
pub fn samples() -> Result<Vec<(String, CaseFile)>> {
    samples::SAMPLES
        .iter()
        .map(|(id, text)| {
            let name = format!("samples/{id}.json");
            Ok((name.clone(), parse_case(text, &name)?))
        })
        .collect()
}

/// Checks that `value` (parsed from `text`) fits `T`, reporting every wrong field at once.
/// Type errors are reported against the user's own text, so the first carries a line too;
/// then each offending field is repaired in a copy (from `sample`, the same shape filled in)
/// and the rest checked again.
pub fn typed_problems<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
    value: &serde_json::Value,
    sample: &serde_json::Value,
) -> Result<()> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let Err(e) = serde_path_to_error::deserialize::<_, T>(de) else {
        return Ok(());
    };
    let at = crate::input::locate::Locations::of(text);
    let mut said = Said::default();
    let path = e.path().to_string();
    let inner = e.into_inner();
    // serde's own place for the first problem, where the scan has none (a syntax-level fault).
    let fallback = (inner.line(), inner.column());
    let raw = inner.to_string();
    said.push(file, &at, &path, &raw, Some(fallback));
    let mut copy = value.clone();
    let mut seen = vec![path.clone()];
    repair(&mut copy, sample, &path, &raw);
    for _ in 0..50 {
        let Err(e) = serde_path_to_error::deserialize::<_, T>(&copy) else {
            break;
        };
        let path = e.path().to_string();
        let msg = e.into_inner().to_string();
        let key = format!("{path}: {msg}");
        if seen.contains(&key) {
            break;
        }
        seen.push(key);
        said.push(file, &at, &path, &msg, None);
        repair(&mut copy, sample, &path, &msg);
    }
    Err(Error::Inputs {
        problems: said.vi,
        problems_en: said.en,
    })
}

/// The problems of [`typed_problems`], in both languages, each at its own line.
#[derive(Default)]
struct Said {
    vi: Vec<String>,
    en: Vec<String>,
}

impl Said {
    fn push(
        &mut self,
        file: &str,
        at: &crate::input::locate::Locations,
        path: &str,
        msg: &str,
        fallback: Option<(usize, usize)>,
    ) {
        use crate::input::lang::{Lang, pick};
        use crate::input::locate::describe;
        let msg = msg.rfind(" at line ").map_or(msg, |i| &msg[..i]);
        // Our own messages (a date's) carry both languages; serde's are English.
        let (vi, en) = if msg.contains(crate::input::lang::BILINGUAL) {
            (
                pick(msg, Lang::Vi).to_string(),
                pick(msg, Lang::En).to_string(),
            )
        } else {
            (serde_message_vi(msg), msg.to_string())
        };
        let place = match at.find(path).or(fallback) {
            Some((line, col)) => format!("{file}:{line}:{col}: "),
            None => String::new(),
        };
        self.vi
            .push(format!("{place}{}: {vi}", describe(path, Lang::Vi)));
        self.en
            .push(format!("{place}{}: {en}", describe(path, Lang::En)));
    }
}

/// The steps of a serde path (`case.team[2].role`): keys and indexes.
fn steps(path: &str) -> Vec<std::result::Result<usize, String>> {
    let mut steps = Vec::new();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (key, rest) = seg.split_once('[').unwrap_or((seg, ""));
        if !key.is_empty() {
            steps.push(Err(key.to_string()));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(n) = idx.trim_end_matches(']').parse() {
                steps.push(Ok(n));
            }
        }
    }
    steps
}

fn get<'a>(
    v: &'a serde_json::Value,
    steps: &[std::result::Result<usize, String>],
) -> Option<&'a serde_json::Value> {
    steps.iter().try_fold(v, |cur, s| match s {
        // The example's lists are shorter than a user's: any element has the right shape.
        Ok(n) => cur
            .as_array()
            .and_then(|a| a.get((*n).min(a.len().saturating_sub(1)))),
        Err(k) => cur.get(k.as_str()),
    })
}

fn get_mut<'a>(
    v: &'a mut serde_json::Value,
    steps: &[std::result::Result<usize, String>],
) -> Option<&'a mut serde_json::Value> {
    steps.iter().try_fold(v, |cur, s| match s {
        Ok(n) => cur.get_mut(*n),
        Err(k) => cur.get_mut(k.as_str()),
    })
}

/// Makes the field at `path` acceptable so that checking can go on past it.
fn repair(v: &mut serde_json::Value, sample: &serde_json::Value, path: &str, msg: &str) {
    let mut st = steps(path);
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
    {
        st.push(Err(field.to_string()));
        let fill = get(sample, &st).cloned().unwrap_or(serde_json::Value::Null);
        if let Some((Err(k), parents)) = st.split_last()
            && let Some(serde_json::Value::Object(m)) = get_mut(v, parents)
        {
            m.insert(k.clone(), fill);
        }
        return;
    }
    let Some((last, parents)) = st.split_last() else {
        return;
    };
    let replacement = if msg.starts_with("unknown field") {
        None
    } else {
        get(sample, &st).cloned()
    };
    let Some(parent) = get_mut(v, parents) else {
        return;
    };
    match (last, parent, replacement) {
        (Err(k), serde_json::Value::Object(m), Some(r)) => {
            m.insert(k.clone(), r);
        }
        (Err(k), serde_json::Value::Object(m), None) => {
            m.remove(k);
        }
        (Ok(n), serde_json::Value::Array(a), Some(r)) if *n < a.len() => a[*n] = r,
        (Ok(n), serde_json::Value::Array(a), None) if *n < a.len() => {
            a.remove(*n);
        }
        _ => {}
    }
}

/// serde_json's syntax messages, said in Vietnamese.
fn json_syntax_vi(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    let vi = match msg {
        "EOF while parsing a value"
        | "EOF while parsing an object"
        | "EOF while parsing a list" => {
            "tệp hết khi chưa đủ dữ liệu (tệp rỗng, hay thiếu dấu đóng } hoặc ])"
        }
        "EOF while parsing a string" => "thiếu dấu ngoặc kép đóng chuỗi",
        "key must be a string" => "tên trường phải nằm trong ngoặc kép, ví dụ \"name\"",
        "expected `,` or `}`" => "thiếu dấu phẩy giữa hai trường, hoặc thiếu dấu }",
        "expected `,` or `]`" => "thiếu dấu phẩy giữa hai phần tử, hoặc thiếu dấu ]",
        "expected `:`" => "thiếu dấu hai chấm sau tên trường",
        "expected value" => "thiếu giá trị, hoặc giá trị viết sai (chuỗi phải trong ngoặc kép)",
        "trailing comma" => "thừa dấu phẩy trước dấu đóng",
        "trailing characters" => "còn ký tự thừa sau khi dữ liệu đã đóng",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "có ký tự điều khiển (xuống dòng, tab…) trong chuỗi: hãy viết \\n"
        }
        _ => return msg.to_string(),
    };
    format!("{vi} ({msg})")
}

/// serde's messages, said in Vietnamese for a cell secretary.
pub fn serde_message_vi(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    let ticks =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(String::from).collect() };
    let kind = |s: &str| -> String {
        let s = s.trim();
        match s {
            "u16" | "u32" | "u64" | "usize" => "một số nguyên không âm".to_string(),
            "i64" | "i32" => "một số nguyên".to_string(),
            "a string" => "một chuỗi chữ trong ngoặc kép".to_string(),
            "a boolean" => "true hoặc false".to_string(),
            "a sequence" => "một danh sách [ … ]".to_string(),
            "a map" | "map" => "một nhóm { … }".to_string(),
            "null" => "null".to_string(),
            _ if s.starts_with("struct ") => "một nhóm { … }".to_string(),
            _ if s.starts_with("string ") => format!("chuỗi {}", &s[7..]),
            _ if s.starts_with("integer ") => format!("số {}", s[8..].trim_matches('`')),
            _ if s.starts_with("floating point ") => format!("số lẻ {}", s[15..].trim_matches('`')),
            _ if s.starts_with("boolean ") => format!("giá trị {}", s[8..].trim_matches('`')),
            "sequence" => "một danh sách [ … ]".to_string(),
            _ => s.to_string(),
        }
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let t = ticks(rest);
        let field = t.first().cloned().unwrap_or_default();
        let expected = t[1.min(t.len())..].join(", ");
        return format!(
            "không có trường «{field}» ở đây (gõ sai tên?); các trường dùng được: {expected}"
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("thiếu trường bắt buộc «{}»", rest.trim_matches('`'));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let t = ticks(rest);
        let got = t.first().cloned().unwrap_or_default();
        return format!(
            "giá trị «{got}» không hợp lệ; chọn một trong: {}",
            t[1.min(t.len())..].join(", ")
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix)
            && let Some((got, expected)) = rest.split_once(", expected ")
        {
            return format!(
                "sai kiểu: cần {}, nhưng nhận được {}",
                kind(expected),
                kind(got)
            );
        }
    }
    msg.to_string()
}
