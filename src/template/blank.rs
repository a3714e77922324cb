//! Blank pre-printed forms (bộ mẫu in sẵn) from the same templates as the filled documents.
//!
//! A blank form is the worked example's model with every value a cell would supply replaced by
//! a blank marker: a private-use character that the markup escaper turns into a blank (`\d`
//! dots, `\p` a short part, `\w` room without dots, `\l` dots to the line's end) and that our
//! date, time and number filters expand into the blank patterns of `format.md`. Templates are
//! untouched: what they print from data simply comes out as dotted room to write in.

use crate::error::{Error, Result};
use crate::input::Cell;
use crate::model::CellView;
use crate::template::sets::BlankRoom;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// A dotted run for a name, a number, a post.
pub const DOTS: char = '\u{F8F0}';
/// A short dotted run: a day, a month, an hour.
pub const PART: char = '\u{F8F1}';
/// Room without dots (the number in `Số      -QĐ/CB`).
pub const ROOM: char = '\u{F8F2}';
/// Dots to the end of the line: free text.
pub const LINE: char = '\u{F8F3}';
/// A date: the `date` and `long_date` filters expand it; printed as is, it is a dotted run.
pub const DATE: char = '\u{F8F4}';
/// A clock time, for the `clock` filter.
pub const TIME: char = '\u{F8F5}';

/// Whether a character is one of our markers (input text never keeps them: `text::clean`
/// removes the whole private-use block they come from).
pub fn is_marker(c: char) -> bool {
    ('\u{F8F0}'..='\u{F8FF}').contains(&c)
}

pub fn is_blank(s: &str) -> bool {
    s.chars().any(is_marker)
}

/// The markup escape of a marker.
pub fn markup(c: char) -> &'static str {
    match c {
        PART | TIME => "\\p",
        ROOM => "\\w",
        LINE => "\\l",
        _ => "\\d",
    }
}

/// `……/……/20……`
pub fn short_date() -> String {
    format!("{PART}/{PART}/20{PART}")
}

/// `ngày …… tháng …… năm 20……`
pub fn long_date() -> String {
    format!("ngày {PART} tháng {PART} năm 20{PART}")
}

/// `…………, ngày …… tháng …… năm 20……`: the header line of a blank form, with room for the
/// place name that fits the header column (or the cell's own place, when personalised).
pub fn place_date(place: &str) -> String {
    let place = if is_blank(place) {
        format!("{PART}{PART}")
    } else {
        place.to_string()
    };
    format!("{place}, {}", long_date())
}

/// `…… giờ …… phút`
pub fn clock() -> String {
    format!("{PART} giờ {PART} phút")
}

/// Keys whose values are fixed wording or codes, not facts a cell writes in.
const KEEP: &[&str] = &[
    "set",
    "kind",
    "role",
    "role_text",
    "cell_post",
    "issuer_code",
    "issuer",
    "signature",
    "phase",
    "title",
    "id",
];

/// Keys whose text is free prose: a whole dotted line each.
const PROSE: &[&str] = &[
    "proceedings",
    "member_opinion",
    "self_report",
    "finding",
    "text",
    "subject_statement",
    "chair_summary",
    "strengths",
    "shortcomings",
    "causes",
    "requirements",
    "proposals",
    "routine",
    "topic",
    "content",
    "proposed_by",
    "with",
    "remarks",
];

/// The setting of `map` for the field at `path` (`case.findings.causes`): the longest key
/// that is the path or ends it.
fn setting(path: &str, map: &BTreeMap<String, usize>) -> Option<usize> {
    map.iter()
        .filter(|(k, _)| path == k.as_str() || path.ends_with(&format!(".{k}")))
        .max_by_key(|(k, _)| k.len())
        .map(|(_, n)| (*n).min(40))
}

/// `path`: the dotted path of `v` in the model, list indices left out.
fn blank_value(v: &Json, key: &str, path: &str, room: &BlankRoom) -> Json {
    match v {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| {
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    (k.clone(), blank_value(v, k, &child, room))
                })
                .collect(),
        ),
        Json::Array(items) => {
            let n = setting(path, &room.items).unwrap_or(items.len());
            let items = items.iter().cycle().take(n);
            Json::Array(items.map(|i| blank_value(i, key, path, room)).collect())
        }
        _ if KEEP.contains(&key) => v.clone(),
        Json::Bool(_) => Json::Bool(false),
        Json::Null => Json::Null,
        Json::Number(_) => Json::String(DOTS.to_string()),
        Json::String(s) => {
            let marker = if key == "number_text" {
                // `02-QĐ/CB` keeps its kind and issuer: `Số      -QĐ/CB`.
                return Json::String(match s.split_once('-') {
                    Some((_, rest)) => format!("{ROOM}-{rest}"),
                    None => ROOM.to_string(),
                });
            } else if crate::input::date::Date::parse_iso(s).is_some() {
                DATE
            } else if crate::input::date::Time::parse(s).is_some() {
                TIME
            } else if PROSE.contains(&key) {
                // Separated by spaces, so that each dotted line starts a line of its own.
                let n = setting(path, &room.lines).unwrap_or(1).max(1);
                return Json::String(vec![LINE.to_string(); n].join(" "));
            } else {
                DOTS
            };
            Json::String(marker.to_string())
        }
    }
}

/// The blank model of a set: the sample's model with every fact blanked, free text and lists
/// given the room `room` asks for. With `cell`, the cell's own header lines, place name,
/// members and member counts are filled in (a personalised blank set).
pub fn blank_model(sample_model: &Json, cell: Option<&Cell>, room: &BlankRoom) -> Result<Json> {
    let mut blank = blank_value(sample_model, "", "", room);
    if let Some(cell) = cell {
        let view = CellView::of(cell)?;
        let json = serde_json::to_value(view).map_err(|e| Error::Invalid {
            path: "cell".to_string(),
            message: e.to_string(),
        })?;
        if let Json::Object(m) = &mut blank {
            m.insert("cell".to_string(), json);
        }
        // The member counts are the cell's, whatever the meeting: a minute prints them.
        if let Some(a) = blank
            .pointer_mut("/case/attendance")
            .and_then(Json::as_object_mut)
        {
            for (k, n) in [
                ("total", cell.total_members),
                ("full", cell.full_members),
                ("probationary", cell.probationary_members),
            ] {
                a.insert(k.to_string(), n.into());
            }
        }
    }
    Ok(blank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_become_markers_and_wording_stays() {
        let model = serde_json::json!({
            "set": "kiem-tra",
            "cell": {"name": "Chi bộ ấp Tân Phú", "issuer_code": "CB", "total_members": 23},
            "case": {
                "decision_doc": {"number_text": "02-QĐ/CB", "date": "2026-08-03"},
                "meeting": {"time": "19:00"},
                "findings": {"strengths": ["a", "b"], "violation_signs": true},
                "team_seats": [{"name": "An", "role_text": "Tổ trưởng"}]
            }
        });
        let b = blank_model(&model, None, &BlankRoom::default()).unwrap();
        assert_eq!(b["set"], "kiem-tra");
        assert_eq!(b["cell"]["name"], DOTS.to_string());
        assert_eq!(b["cell"]["issuer_code"], "CB");
        assert_eq!(b["cell"]["total_members"], DOTS.to_string());
        assert_eq!(
            b["case"]["decision_doc"]["number_text"],
            format!("{ROOM}-QĐ/CB")
        );
        assert_eq!(b["case"]["decision_doc"]["date"], DATE.to_string());
        assert_eq!(b["case"]["meeting"]["time"], TIME.to_string());
        assert_eq!(b["case"]["findings"]["strengths"][1], LINE.to_string());
        assert_eq!(b["case"]["findings"]["violation_signs"], false);
        assert_eq!(b["case"]["team_seats"][0]["role_text"], "Tổ trưởng");
        // Room per field: the longest key that ends the path wins.
        let room = BlankRoom {
            lines: BTreeMap::from([("causes".into(), 2), ("findings.strengths".into(), 3)]),
            items: BTreeMap::from([("findings.strengths".into(), 1)]),
        };
        let b3 = blank_model(&model, None, &room).unwrap();
        let three = [LINE.to_string(), LINE.to_string(), LINE.to_string()].join(" ");
        assert_eq!(
            b3["case"]["findings"]["strengths"],
            serde_json::json!([three])
        );
        assert_eq!(setting("case.findings.causes", &room.lines), Some(2));
        assert_eq!(setting("case.self_report.causes", &room.lines), Some(2));
        assert_eq!(setting("case.noncauses", &room.lines), None);
        let text = b.to_string();
        for name in ["Tân Phú", "An\"", "02-"] {
            assert!(!text.contains(name), "{name} left in {text}");
        }
    }
}
