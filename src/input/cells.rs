//! Cells as data for personalised blank sets: one cell from JSON, many from a CSV file as a
//! province's staff keep them in Excel (UTF-8, with or without a byte-order mark).

use crate::error::{Error, Result};
use crate::input::text::TextWarning;
use crate::input::{Cell, CellPost, Member};
use unicode_normalization::UnicodeNormalization;

fn clean_cell(mut c: Cell) -> Cell {
    let t = crate::input::text::clean;
    c.name = t(&c.name);
    c.superior = c.superior.as_deref().map(t);
    c.place = t(&c.place);
    c.inspection_committee = t(&c.inspection_committee);
    for m in &mut c.members {
        m.name = t(&m.name);
        m.post = m.post.as_deref().map(t);
    }
    c
}

/// A cell from JSON text: either a case file's `cell` object on its own, or any file that
/// has one under the key `cell`. Read like every input file ([`crate::input::read`]): its text
/// is cleaned and what was said comes back as warnings.
pub fn cell_from_json(text: &str, file: &str) -> Result<(Cell, Vec<TextWarning>)> {
    let mut value = crate::input::read::json(text, file)?;
    let warnings = crate::input::read::clean(&mut value);
    let cell = value.get("cell").cloned().unwrap_or(value);
    let cell: Cell = serde_path_to_error::deserialize(cell).map_err(|e| {
        let raw = e.inner().to_string();
        Error::invalid(
            format!("{file}: cell.{}", e.path()),
            crate::input::read::serde_message_vi(&raw),
            raw,
        )
    })?;
    let cell = clean_cell(cell);
    crate::model::CellView::of(&cell)?;
    Ok((cell, warnings))
}

/// A case's text with its cell reference replaced by the cell read from `cell_text` (a cell
/// file: a `cell` object, or `{"cell": …}`), and what was said about the cell's text. The
/// cell goes in on the reference's own line, so every other field keeps its line number.
pub fn with_shared_cell(
    text: &str,
    cell_file: &str,
    cell_text: &str,
) -> Result<(String, Vec<TextWarning>)> {
    let (cell, warnings) = cell_from_json(cell_text, cell_file)?;
    let inline = serde_json::to_string(&cell).expect("a cell always serialises");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = crate::input::locate::Locations::of(text);
    let start = at
        .find("cell")
        .and_then(|(line, col)| byte_offset(text, line, col))
        .filter(|&i| text[i..].starts_with('"'))
        .ok_or_else(|| {
            Error::invalid(
                "cell",
                "cần tên tệp chi bộ trong ngoặc kép, ví dụ \"cell\": \"chi-bo.json\"",
                "needs the cell file's name in quotes, e.g. \"cell\": \"chi-bo.json\"",
            )
        })?;
    let end = string_end(text, start);
    let warnings = warnings
        .into_iter()
        .map(|w| TextWarning {
            path: format!("{cell_file}: {}", w.path),
            ..w
        })
        .collect();
    Ok((
        format!("{}{inline}{}", &text[..start], &text[end..]),
        warnings,
    ))
}

/// The byte offset of a line and column (both from 1, columns in characters).
fn byte_offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[line_start..];
    let in_line = rest
        .char_indices()
        .nth(col - 1)
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + in_line)
}

/// The byte offset just after the JSON string that starts at `start`.
fn string_end(text: &str, start: usize) -> usize {
    let mut escaped = false;
    for (i, c) in text[start + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return start + 1 + i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The CSV columns, in the README's words.
pub const CSV_COLUMNS: &[&str] = &[
    "name",
    "superior",
    "place",
    "inspection_committee",
    "secretary",
    "deputy",
    "members",
    "total_members",
    "full_members",
    "probationary_members",
];

/// The optional column naming a case file, for `hoso batch --cases DIR`.
pub const CASE_COLUMN: &str = "case";

/// One data row of a cells file: its number (1 for the first cell), the line or JSON path it
/// came from, and the cell or what is wrong with it.
#[derive(Debug)]
pub struct Row {
    pub number: usize,
    /// `dòng 5` in a CSV, `cells[4]` in JSON.
    pub place: String,
    /// The cell's name as written, even when the row is broken (for the error report).
    pub label: String,
    /// The `case` column, when there is one.
    pub case: Option<String>,
    pub cell: std::result::Result<Cell, RowError>,
}

/// What is wrong with one row: the field (column or JSON path) and a message for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub field: String,
    pub message: String,
}

/// The rows of a CSV cells file, parsed one at a time: the header is checked when the file
/// is opened, each row when it is reached, so that one bad row does not stop the others.
pub struct CsvRows {
    file: String,
    headers: Vec<String>,
    records: csv::StringRecordsIntoIter<std::io::Cursor<Vec<u8>>>,
    number: usize,
}

impl CsvRows {
    pub fn from_text(text: String, file: &str) -> Result<CsvRows> {
        let file = file.to_string();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(std::io::Cursor::new(text.into_bytes()));
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| Error::Invalid {
                path: file.clone(),
                message: e.to_string(),
            })?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        for required in ["name", "place", "inspection_committee", "secretary"] {
            if !headers.iter().any(|h| h == required) {
                return Err(Error::invalid(
                    format!("{file}: dòng 1"),
                    format!(
                        "thiếu cột «{required}»; các cột: {}",
                        CSV_COLUMNS.join(", ")
                    ),
                    format!(
                        "the column «{required}» is missing; the columns: {}",
                        CSV_COLUMNS.join(", ")
                    ),
                ));
            }
        }
        if let Some(h) = headers
            .iter()
            .find(|h| !CSV_COLUMNS.contains(&h.as_str()) && h.as_str() != CASE_COLUMN)
        {
            return Err(Error::invalid(
                format!("{file}: dòng 1"),
                format!(
                    "cột «{h}» không dùng được; các cột: {}",
                    CSV_COLUMNS.join(", ")
                ),
                format!(
                    "there is no column «{h}»; the columns: {}",
                    CSV_COLUMNS.join(", ")
                ),
            ));
        }
        Ok(CsvRows {
            file,
            headers,
            records: reader.into_records(),
            number: 0,
        })
    }

    pub fn file(&self) -> &str {
        &self.file
    }
}

impl Iterator for CsvRows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        let record = self.records.next()?;
        self.number += 1;
        let position = match &record {
            Ok(r) => r.position(),
            Err(e) => e.position(),
        };
        let line = position.map_or(self.number + 1, |p| p.line() as usize);
        let place = format!("dòng {line}");
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                return Some(Row {
                    number: self.number,
                    place,
                    label: String::new(),
                    case: None,
                    cell: Err(RowError {
                        field: String::new(),
                        message: format!("dòng CSV không đọc được: {e}"),
                    }),
                });
            }
        };
        let get = |name: &str| -> String {
            self.headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .map(|v| crate::input::text::clean(v.trim()))
                .unwrap_or_default()
        };
        let case = Some(get(CASE_COLUMN)).filter(|c| !c.is_empty());
        let cell = if record.len() != self.headers.len() {
            Err(RowError {
                field: String::new(),
                message: format!(
                    "dòng có {} ô, dòng tiêu đề có {} cột (thiếu hay thừa dấu phẩy? ô có dấu phẩy phải đặt trong ngoặc kép)",
                    record.len(),
                    self.headers.len()
                ),
            })
        } else {
            cell_of(&get)
        };
        Some(Row {
            number: self.number,
            place,
            label: get("name"),
            case,
            cell,
        })
    }
}

/// A cell from one CSV row, given a getter of its cleaned columns.
fn cell_of(get: &dyn Fn(&str) -> String) -> std::result::Result<Cell, RowError> {
    let need = |name: &str| -> std::result::Result<String, RowError> {
        let v = get(name);
        if v.is_empty() {
            Err(RowError {
                field: name.to_string(),
                message: "ô này không được để trống".to_string(),
            })
        } else {
            Ok(v)
        }
    };
    let count = |name: &str| -> std::result::Result<u32, RowError> {
        let v = get(name);
        if v.is_empty() {
            return Ok(0);
        }
        v.parse().map_err(|_| RowError {
            field: name.to_string(),
            message: format!("«{v}» không phải số nguyên không âm"),
        })
    };
    let name = need("name")?;
    let place = need("place")?;
    let inspection_committee = need("inspection_committee")?;
    let mut members = vec![Member {
        name: need("secretary")?,
        post: Some("bí thư chi bộ".to_string()),
        cell_post: CellPost::BiThu,
        born: None,
        admitted: None,
        job: None,
        probationary: false,
    }];
    let deputy = get("deputy");
    if !deputy.is_empty() {
        members.push(Member {
            name: deputy,
            post: Some("phó bí thư chi bộ".to_string()),
            cell_post: CellPost::PhoBiThu,
            ..members[0].clone()
        });
    }
    for name in get("members")
        .split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        members.push(Member {
            name: name.to_string(),
            post: None,
            cell_post: CellPost::DangVien,
            ..members[0].clone()
        });
    }
    let superior = get("superior");
    let cell = Cell {
        name,
        superior: (!superior.is_empty()).then_some(superior),
        place,
        inspection_committee,
        issuer_code: "CB".to_string(),
        term: None,
        total_members: count("total_members")?,
        full_members: count("full_members")?,
        probationary_members: count("probationary_members")?,
        members,
    };
    check_counts(&cell)?;
    Ok(cell)
}

/// The member counts, when given, must add up.
fn check_counts(c: &Cell) -> std::result::Result<(), RowError> {
    let parts = c.full_members as u64 + c.probationary_members as u64;
    if c.total_members != 0 && parts != 0 && parts != c.total_members as u64 {
        return Err(RowError {
            field: "total_members".to_string(),
            message: format!(
                "tổng số đảng viên {} khác số chính thức {} cộng số dự bị {}",
                c.total_members, c.full_members, c.probationary_members
            ),
        });
    }
    Ok(())
}

/// Cells from CSV: a header row naming the columns of [`CSV_COLUMNS`] (any order; `superior`,
/// `deputy`, `members` and the counts may be left empty), one cell per row; `members` lists
/// further names separated by `;`. The first bad row stops the reading (see [`CsvRows`] to
/// go on past it).
pub fn cells_from_csv(text: String, file: &str) -> Result<Vec<Cell>> {
    let rows = CsvRows::from_text(text, file)?;
    let file = rows.file().to_string();
    let mut cells = Vec::new();
    for row in rows {
        match row.cell {
            Ok(c) => cells.push(c),
            Err(e) => {
                let col = if e.field.is_empty() {
                    String::new()
                } else {
                    format!(", cột {}", e.field)
                };
                return Err(Error::Invalid {
                    path: format!("{file}: {}{col}", row.place),
                    message: e.message,
                });
            }
        }
    }
    if cells.is_empty() {
        return Err(Error::invalid(
            file,
            "tệp không có chi bộ nào (chỉ có dòng tiêu đề)",
            "the file lists no cell (only the header line)",
        ));
    }
    Ok(cells)
}

/// The rows of a JSON cells file: a list of `cell` objects, or `{"cells": [...]}`. Each
/// element is checked on its own.
pub fn json_rows(text: &str, file: &str) -> Result<(Vec<Row>, Vec<TextWarning>)> {
    let file = file.to_string();
    let mut value = crate::input::read::json(text, &file)?;
    let warnings = crate::input::read::clean(&mut value);
    let list = match value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut m) => match m.remove("cells") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(Error::invalid(
                    file,
                    "cần một danh sách chi bộ: [ {…}, {…} ] hoặc { \"cells\": [ … ] }",
                    "needs a list of cells: [ {…}, {…} ] or { \"cells\": [ … ] }",
                ));
            }
        },
        _ => {
            return Err(Error::invalid(
                file,
                "cần một danh sách chi bộ: [ {…}, {…} ]",
                "needs a list of cells: [ {…}, {…} ]",
            ));
        }
    };
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let label = v
                .get("name")
                .and_then(|n| n.as_str())
                .map(crate::input::text::clean)
                .unwrap_or_default();
            let case = v
                .get(CASE_COLUMN)
                .and_then(|n| n.as_str())
                .map(str::to_string);
            let mut v = v;
            if let Some(m) = v.as_object_mut() {
                m.remove(CASE_COLUMN);
            }
            let cell = serde_path_to_error::deserialize::<_, Cell>(v)
                .map_err(|e| RowError {
                    field: e.path().to_string(),
                    message: crate::input::read::serde_message_vi(&e.into_inner().to_string()),
                })
                .map(clean_cell)
                .and_then(|c| {
                    crate::model::CellView::of(&c).map_err(|e| match e {
                        Error::Invalid { path, message } => RowError {
                            field: path.trim_start_matches("cell.").to_string(),
                            message: crate::input::lang::pick(
                                &message,
                                crate::input::lang::Lang::Vi,
                            )
                            .to_string(),
                        },
                        e => RowError {
                            field: String::new(),
                            message: e.to_string(),
                        },
                    })?;
                    check_counts(&c)?;
                    Ok(c)
                });
            Row {
                number: i + 1,
                place: format!("cells[{i}]"),
                label,
                case,
                cell,
            }
        })
        .collect();
    Ok((rows, warnings))
}

/// An ASCII folder name for a cell: `Chi bộ ấp Tân Phú` → `chi-bo-ap-tan-phu`.
pub fn folder_name(cell: &Cell) -> String {
    let mut out = String::new();
    for c in cell.name.nfd() {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-')
            && !out.is_empty()
            && (c.is_whitespace() || c.is_ascii_punctuation())
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "chi-bo".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_ascii() {
        let mut c = crate::input::read::sample("kiem-tra")
            .unwrap()
            .unwrap()
            .cell;
        assert_eq!(folder_name(&c), "chi-bo-ap-tan-phu");
        c.name = "Chi bộ Khu phố 3, phường Đông Hòa".to_string();
        assert_eq!(folder_name(&c), "chi-bo-khu-pho-3-phuong-dong-hoa");
    }
}
