//! Cells as data for personalised blank sets: one cell from JSON, many from a CSV file as a
//! province's staff keep them in Excel (UTF-8, with or without a byte-order mark).

use crate::error::{Error, Result};
use crate::input::{Cell, CellPost, Member};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn clean_cell(mut c: Cell) -> Cell {
    let t = crate::text::clean;
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

/// A cell from JSON: either a case file's `cell` object on its own, or any file that has one
/// under the key `cell`.
pub fn read_cell_json(path: &Path) -> Result<Cell> {
    let text = crate::text::read_utf8(path)?;
    let file = path.display().to_string();
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::Json {
        file: file.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
        text: text
            .lines()
            .nth(e.line().saturating_sub(1))
            .unwrap_or("")
            .to_string(),
        caret: format!("{}^", " ".repeat(e.column().saturating_sub(1))),
    })?;
    let cell = value.get("cell").cloned().unwrap_or(value);
    let cell: Cell = serde_path_to_error::deserialize(cell).map_err(|e| Error::Invalid {
        path: format!("{file}: cell.{}", e.path()),
        message: e.into_inner().to_string(),
    })?;
    let cell = clean_cell(cell);
    crate::model::CellView::of(&cell)?;
    Ok(cell)
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

/// Cells from CSV: a header row naming the columns of [`CSV_COLUMNS`] (any order; `superior`,
/// `deputy`, `members` and the counts may be left empty), one cell per row; `members` lists
/// further names separated by `;`.
pub fn read_cells_csv(path: &Path) -> Result<Vec<Cell>> {
    let text = crate::text::read_utf8(path)?;
    let file = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
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
            return Err(Error::Invalid {
                path: format!("{file}: dòng 1"),
                message: format!(
                    "thiếu cột «{required}»; các cột: {}",
                    CSV_COLUMNS.join(", ")
                ),
            });
        }
    }
    if let Some(h) = headers.iter().find(|h| !CSV_COLUMNS.contains(&h.as_str())) {
        return Err(Error::Invalid {
            path: format!("{file}: dòng 1"),
            message: format!(
                "cột «{h}» không dùng được; các cột: {}",
                CSV_COLUMNS.join(", ")
            ),
        });
    }
    let mut cells = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| Error::Invalid {
            path: format!("{file}: dòng {line}"),
            message: e.to_string(),
        })?;
        let get = |name: &str| -> String {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .map(|v| crate::text::clean(v.trim()))
                .unwrap_or_default()
        };
        let need = |name: &str| -> Result<String> {
            let v = get(name);
            if v.is_empty() {
                Err(Error::Invalid {
                    path: format!("{file}: dòng {line}, cột {name}"),
                    message: "ô này không được để trống".to_string(),
                })
            } else {
                Ok(v)
            }
        };
        let count = |name: &str| -> Result<u32> {
            let v = get(name);
            if v.is_empty() {
                return Ok(0);
            }
            v.parse().map_err(|_| Error::Invalid {
                path: format!("{file}: dòng {line}, cột {name}"),
                message: format!("«{v}» không phải số nguyên"),
            })
        };
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
        cells.push(Cell {
            name: need("name")?,
            superior: (!superior.is_empty()).then_some(superior),
            place: need("place")?,
            inspection_committee: need("inspection_committee")?,
            issuer_code: "CB".to_string(),
            term: None,
            total_members: count("total_members")?,
            full_members: count("full_members")?,
            probationary_members: count("probationary_members")?,
            members,
        });
    }
    if cells.is_empty() {
        return Err(Error::Invalid {
            path: file,
            message: "tệp không có chi bộ nào (chỉ có dòng tiêu đề)".to_string(),
        });
    }
    Ok(cells)
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
        let mut c = crate::samples::sample("kiem-tra").unwrap().unwrap().cell;
        assert_eq!(folder_name(&c), "chi-bo-ap-tan-phu");
        c.name = "Chi bộ Khu phố 3, phường Đông Hòa".to_string();
        assert_eq!(folder_name(&c), "chi-bo-khu-pho-3-phuong-dong-hoa");
    }
}
