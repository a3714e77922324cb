//! The hoso markup (`docs/markup.md`): what templates render to, parsed here into document
//! blocks. Also owns escaping, so that data inserted by templates is always literal text.

use crate::document::{
    Blank, BlankKind, Block, Columns, Inline, Marks, Paragraph, Rule, Run, StyleId, Table, mm,
};
use crate::layout::fonts::{self, Variant};
use crate::template::profile::Profile;
use std::collections::HashMap;

/// A markup error: the line of the rendered markup, its text, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkupError {
    pub line: usize,
    pub text: String,
    pub message: String,
}

/// Escapes data for insertion into markup: every ASCII punctuation character gets a backslash
/// (so no mark, directive or cell separator can come from data), newlines become `\n` and other
/// control characters are dropped.
pub fn escape(input: &str, out: &mut String) {
    for c in input.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            c if crate::template::blank::is_marker(c) => {
                out.push_str(crate::template::blank::markup(c))
            }
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

pub fn escaped(input: &str) -> String {
    let mut s = String::with_capacity(input.len() + 8);
    escape(input, &mut s);
    s
}

enum Frame {
    Root(Vec<Block>),
    Columns {
        widths: Vec<f32>,
        cells: Vec<Vec<Block>>,
        line: usize,
    },
    Table {
        table: Table,
        line: usize,
    },
    Keep {
        blocks: Vec<Block>,
        line: usize,
    },
}

impl Frame {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Frame::Root(b) => Some(b),
            Frame::Columns { cells, .. } => cells.last_mut(),
            Frame::Keep { blocks, .. } => Some(blocks),
            Frame::Table { .. } => None,
        }
    }
}

/// Parses markup into blocks. Style names resolve to indexes of `profile.style_list()`.
pub struct Parser<'p> {
    profile: &'p Profile,
    styles: HashMap<String, StyleId>,
    /// The styles in `StyleId` order, listed once rather than per measurement.
    style_list: Vec<crate::template::profile::Style>,
    blanks: BlankWidths,
}

impl<'p> Parser<'p> {
    pub fn new(profile: &'p Profile) -> Parser<'p> {
        let style_list = profile.style_list();
        let styles = style_list
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), StyleId(i)))
            .collect();
        Parser {
            profile,
            styles,
            style_list,
            blanks: BlankWidths::of_profile(profile),
        }
    }

    fn style(&self, name: &str) -> Option<StyleId> {
        self.styles.get(name).copied()
    }

    pub fn parse(&self, text: &str) -> Result<Vec<Block>, MarkupError> {
        let mut stack = vec![Frame::Root(Vec::new())];
        let body = self.style("body").expect("profile has a body style");
        for (idx, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            self.line(&mut stack, line, idx + 1, body)
                .map_err(|message| MarkupError {
                    line: idx + 1,
                    text: line.to_string(),
                    message,
                })?;
        }
        finish(stack, text)
    }

    /// Applies one non-empty line of markup to the open blocks.
    fn line(
        &self,
        stack: &mut Vec<Frame>,
        line: &str,
        line_no: usize,
        body: StyleId,
    ) -> Result<(), String> {
        let (name, rest) = if let Some(d) = line.strip_prefix('@') {
            let (n, r) = d.split_once(char::is_whitespace).unwrap_or((d, ""));
            (Some(n), r.trim())
        } else {
            (None, line)
        };
        // Inside a table only rows may come, until the `@end` that the blocks below close.
        if let Some(Frame::Table { table, .. }) = stack.last_mut()
            && name != Some("end")
        {
            return self.table_row(table, name, rest, body);
        }
        match name {
            None => self.paragraph(stack, body, rest)?,
            Some("columns") => {
                let widths = self.widths(rest, true)?;
                stack.push(Frame::Columns {
                    widths,
                    cells: vec![Vec::new()],
                    line: line_no,
                });
            }
            Some("next") => next_column(stack)?,
            Some("table") => {
                let widths = self.widths(rest, false)?;
                stack.push(Frame::Table {
                    table: Table {
                        widths,
                        header: Vec::new(),
                        rows: Vec::new(),
                    },
                    line: line_no,
                });
            }
            Some("keep") => stack.push(Frame::Keep {
                blocks: Vec::new(),
                line: line_no,
            }),
            Some("end") => close(stack)?,
            Some("rule") => {
                let rule = self.rule(stack, rest)?;
                push(stack, Block::Rule(rule));
            }
            Some("space") => {
                let lines = self.space(rest)?;
                push(stack, Block::Space(lines));
            }
            Some("pagebreak") => push(stack, Block::PageBreak),
            Some("section") => {
                if stack.len() > 1 {
                    return Err("@section chỉ dùng ngoài các khối".to_string());
                }
                let section = self.section(rest)?;
                push(stack, Block::Section(section));
            }
            Some("contents") => push(stack, Block::Contents(Vec::new())),
            Some(style) => match self.style(style) {
                Some(id) => self.paragraph(stack, id, rest)?,
                None => {
                    return Err(format!(
                        "không có chỉ thị hay kiểu đoạn «@{style}» (xem docs/markup.md)"
                    ));
                }
            },
        }
        Ok(())
    }

    /// Adds a paragraph of `style` with the inline marks of `rest` to the open block.
    fn paragraph(&self, stack: &mut [Frame], style: StyleId, rest: &str) -> Result<(), String> {
        let p = Paragraph {
            style,
            inlines: parse_inlines(rest, &self.blanks)?,
        };
        push(stack, Block::Paragraph(p));
        Ok(())
    }

    /// Adds a `@th` (header) or `@tr` row to an open table; nothing else belongs in one.
    fn table_row(
        &self,
        table: &mut Table,
        name: Option<&str>,
        rest: &str,
        body: StyleId,
    ) -> Result<(), String> {
        let head = match name {
            Some("th") => true,
            Some("tr") => false,
            _ => return Err("trong bảng chỉ dùng @th, @tr và @end".to_string()),
        };
        let style = self
            .style(if head { "cell-head" } else { "cell" })
            .unwrap_or(body);
        let cells = split_cells(rest)
            .into_iter()
            .map(|c| {
                Ok(Paragraph {
                    style,
                    inlines: parse_inlines(c.trim(), &self.blanks)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        if cells.len() != table.widths.len() {
            return Err(format!(
                "hàng có {} ô nhưng bảng có {} cột",
                cells.len(),
                table.widths.len()
            ));
        }
        if head {
            table.header.push(cells);
        } else {
            table.rows.push(cells);
        }
        Ok(())
    }

    /// The rule of `@rule short|text|<mm>`; `text` takes the width of the paragraph before it.
    fn rule(&self, stack: &mut [Frame], rest: &str) -> Result<Rule, String> {
        let thickness = self.profile.rule_thickness_pt;
        let space_before = if rest == "text" { 0.0 } else { 4.0 };
        let width = match rest {
            "short" | "" => mm(self.profile.short_rule_mm),
            "text" => {
                let last = stack
                    .last_mut()
                    .and_then(|f| f.blocks())
                    .and_then(|b| b.last());
                match last {
                    Some(Block::Paragraph(p)) => self.text_width(p),
                    _ => return Err("@rule text cần một đoạn văn ngay trước nó".to_string()),
                }
            }
            n => match n.parse::<f32>() {
                Ok(v) if v > 0.0 && v < 500.0 => mm(v),
                _ => return Err(format!("độ dài gạch «{n}» không hợp lệ")),
            },
        };
        Ok(Rule {
            width,
            thickness,
            space_before,
        })
    }

    /// The number of empty lines of `@space [n]`; the profile's signature room by default.
    fn space(&self, rest: &str) -> Result<f32, String> {
        if rest.is_empty() {
            return Ok(self.profile.signature_lines);
        }
        match rest.parse::<f32>() {
            Ok(v) if (0.0..=40.0).contains(&v) => Ok(v),
            _ => Err(format!("số dòng trống «{rest}» không hợp lệ")),
        }
    }

    /// The section of `@section <running head>`: page numbers only when it has a head.
    fn section(&self, rest: &str) -> Result<crate::document::Section, String> {
        // The running head is plain text: marks are dropped and blanks become spaces.
        let running = parse_inlines(rest, &self.blanks)?
            .iter()
            .map(|i| match i {
                crate::document::Inline::Text(r) => r.text.clone(),
                _ => " ".to_string(),
            })
            .collect::<String>();
        let running = running.trim().to_string();
        Ok(crate::document::Section {
            page_numbers: !running.is_empty(),
            running: (!running.is_empty()).then_some(running),
        })
    }

    fn widths(&self, rest: &str, named: bool) -> Result<Vec<f32>, String> {
        let raw: Vec<f32> =
            if named && !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()) {
                self.profile
                    .columns
                    .get(rest)
                    .cloned()
                    .ok_or_else(|| format!("hồ sơ trình bày không có bộ cột «{rest}»"))?
            } else {
                rest.split_whitespace()
                    .map(|w| {
                        w.parse::<f32>()
                            .map_err(|_| format!("độ rộng cột «{w}» không hợp lệ"))
                    })
                    .collect::<Result<_, _>>()?
            };
        if raw.is_empty() || raw.iter().any(|w| *w <= 0.0) {
            return Err("cần ít nhất một độ rộng cột dương".to_string());
        }
        let total: f32 = raw.iter().sum();
        Ok(raw.iter().map(|w| w / total).collect())
    }

    /// Natural width of a one-line paragraph in points.
    fn text_width(&self, p: &Paragraph) -> f32 {
        let style = &self.style_list[p.style.0];
        p.inlines
            .iter()
            .map(|i| match i {
                Inline::Text(r) => fonts::text_width(
                    Variant::of(style.bold || r.marks.bold, style.italic || r.marks.italic),
                    &r.text,
                    style.size,
                ),
                Inline::Break => 0.0,
                Inline::Blank(b) => b.width,
            })
            .sum()
    }
}

fn push(stack: &mut [Frame], block: Block) {
    if let Some(b) = stack.last_mut().and_then(|f| f.blocks()) {
        b.push(block);
    }
}

/// Starts the next cell of the open `@columns`.
fn next_column(stack: &mut [Frame]) -> Result<(), String> {
    match stack.last_mut() {
        Some(Frame::Columns { widths, cells, .. }) => {
            if cells.len() >= widths.len() {
                return Err(format!("chỉ có {} cột", widths.len()));
            }
            cells.push(Vec::new());
            Ok(())
        }
        _ => Err("@next nằm ngoài @columns".to_string()),
    }
}

/// Closes the innermost open block (`@end`) into a block of the one around it.
fn close(stack: &mut Vec<Frame>) -> Result<(), String> {
    let block = match stack.pop() {
        Some(Frame::Columns {
            widths, mut cells, ..
        }) => {
            // Cells never opened with `@next` are empty, not missing.
            cells.resize(widths.len(), Vec::new());
            Block::Columns(Columns { widths, cells })
        }
        Some(Frame::Table { table, .. }) => Block::Table(table),
        Some(Frame::Keep { blocks, .. }) => Block::Keep(blocks),
        Some(root @ Frame::Root(_)) => {
            stack.push(root);
            return Err("@end không có khối nào để đóng".to_string());
        }
        None => unreachable!("root is never popped"),
    };
    push(stack, block);
    Ok(())
}

/// The blocks of the whole text, or an error at the line of a block left open.
fn finish(mut stack: Vec<Frame>, text: &str) -> Result<Vec<Block>, MarkupError> {
    if stack.len() > 1 {
        let line = match stack.last() {
            Some(Frame::Columns { line, .. })
            | Some(Frame::Table { line, .. })
            | Some(Frame::Keep { line, .. }) => *line,
            _ => 0,
        };
        return Err(MarkupError {
            line,
            text: text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .trim()
                .to_string(),
            message: "khối mở ở dòng này chưa được đóng bằng @end".to_string(),
        });
    }
    match stack.pop() {
        Some(Frame::Root(b)) => Ok(b),
        _ => unreachable!("only the root remains"),
    }
}

/// Splits a table row on unescaped `|`.
fn split_cells(s: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            cells.push(&s[start..i]);
            start = i + 1;
        }
    }
    cells.push(&s[start..]);
    cells
}

/// Widths of the blanks of a blank form, from the profile, in points.
#[derive(Clone, Copy, Debug)]
pub struct BlankWidths {
    pub dots: f32,
    pub part: f32,
    pub min_line: f32,
}

impl BlankWidths {
    pub fn of_profile(p: &Profile) -> BlankWidths {
        BlankWidths {
            dots: mm(p.blank_mm),
            part: mm(p.blank_part_mm),
            min_line: mm(p.blank_min_line_mm),
        }
    }

    fn of(&self, k: char) -> Blank {
        match k {
            'd' => Blank {
                kind: BlankKind::Dots,
                width: self.dots,
            },
            'p' => Blank {
                kind: BlankKind::Dots,
                width: self.part,
            },
            'w' => Blank {
                kind: BlankKind::Room,
                width: self.part,
            },
            _ => Blank {
                kind: BlankKind::Line,
                width: self.min_line,
            },
        }
    }
}

/// Parses inline marks of one paragraph.
pub fn parse_inlines(s: &str, blanks: &BlankWidths) -> Result<Vec<Inline>, String> {
    let mut out: Vec<Inline> = Vec::new();
    let mut marks = Marks::default();
    let mut buf = String::new();
    let flush = |buf: &mut String, marks: Marks, out: &mut Vec<Inline>| {
        if buf.is_empty() {
            return;
        }
        if let Some(Inline::Text(last)) = out.last_mut()
            && last.marks == marks
        {
            last.text.push_str(buf);
            buf.clear();
            return;
        }
        out.push(Inline::Text(Run {
            text: std::mem::take(buf),
            marks,
        }));
    };
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => {
                    flush(&mut buf, marks, &mut out);
                    out.push(Inline::Break);
                }
                Some(k @ ('d' | 'p' | 'w' | 'l')) => {
                    flush(&mut buf, marks, &mut out);
                    out.push(Inline::Blank(blanks.of(k)));
                }
                Some(p) if p.is_ascii_punctuation() => buf.push(p),
                Some(other) => return Err(format!("«\\{other}» không phải dấu thoát hợp lệ")),
                None => return Err("dấu «\\» ở cuối dòng".to_string()),
            },
            '*' | '/' | '_' if chars.peek() == Some(&c) => {
                chars.next();
                flush(&mut buf, marks, &mut out);
                match c {
                    '*' => marks.bold = !marks.bold,
                    '/' => marks.italic = !marks.italic,
                    _ => marks.underline = !marks.underline,
                }
            }
            '\t' => buf.push(' '),
            c => buf.push(c),
        }
    }
    flush(&mut buf, marks, &mut out);
    if marks != Marks::default() {
        return Err("dấu đậm/nghiêng/gạch chân (** // __) chưa được đóng".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<Block>, MarkupError> {
        let p = Profile::builtin();
        Parser::new(&p).parse(s)
    }

    #[test]
    fn escaping_round_trips_every_special_character() {
        let data = "a*b **c** //d// __e__ | @f \\g {{h}} {%i%} <j> & k\nl";
        let line = format!("@center {}", escaped(data));
        let blocks = parse(&line).unwrap();
        let Block::Paragraph(p) = &blocks[0] else {
            panic!("paragraph expected")
        };
        assert_eq!(p.plain_text(), data);
        assert!(p.inlines.iter().all(|i| match i {
            Inline::Text(r) => r.marks == Marks::default(),
            Inline::Break | Inline::Blank(_) => true,
        }));
    }

    #[test]
    fn data_cannot_open_a_directive() {
        let blocks = parse(&escaped("@pagebreak")).unwrap();
        assert!(matches!(&blocks[0], Block::Paragraph(p) if p.plain_text() == "@pagebreak"));
    }

    #[test]
    fn marks() {
        let w = BlankWidths::of_profile(&Profile::builtin());
        let v = parse_inlines("**Điều 1.** Kiểm tra //nghiêng// __gạch__", &w).unwrap();
        assert_eq!(v.len(), 5);
        let Inline::Text(r) = &v[0] else { panic!() };
        assert!(r.marks.bold);
        assert!(parse_inlines("**open", &w).is_err());
        assert!(parse_inlines("bad \\q escape", &w).is_err());
        let b = parse_inlines("Số \\w-QĐ/CB \\d \\p \\l", &w).unwrap();
        let kinds: Vec<_> = b
            .iter()
            .filter_map(|i| match i {
                Inline::Blank(b) => Some(b.kind),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                BlankKind::Room,
                BlankKind::Dots,
                BlankKind::Dots,
                BlankKind::Line
            ]
        );
    }

    #[test]
    fn columns_tables_and_rules() {
        let src = "@columns header\n@hdr-superior A\n@next\n@hdr-party ĐẢNG CỘNG SẢN VIỆT NAM\n@rule text\n@end\n@table 10 90\n@th STT | Tên\n@tr 1 | a \\| b\n@end\n@rule short\n@space\n@pagebreak";
        let b = parse(src).unwrap();
        let Block::Columns(c) = &b[0] else { panic!() };
        assert!((c.widths[0] - 0.45).abs() < 1e-6);
        let Block::Rule(r) = &c.cells[1][1] else {
            panic!()
        };
        // ĐẢNG CỘNG SẢN VIỆT NAM at 15 pt bold is about 63 mm wide.
        assert!(r.width > mm(55.0) && r.width < mm(75.0), "{}", r.width);
        let Block::Table(t) = &b[1] else { panic!() };
        assert_eq!(t.rows[0][1].plain_text(), "a | b");
        assert!(matches!(b[2], Block::Rule(_)));
        assert_eq!(b[3], Block::Space(4.0));
        assert_eq!(b[4], Block::PageBreak);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("ok\n@nosuch x").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("@columns 50 50\n@next\n@next").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("@columns 50 50\ntext").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(parse("@end").is_err());
        assert!(parse("@table 50 50\n@tr a | b | c\n@end").is_err());
    }
}
