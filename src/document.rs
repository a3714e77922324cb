//! The format-neutral document model that both backends render: blocks, paragraphs with named
//! styles, inline runs, and the resolved layout profile they refer to.
//!
//! Nothing here knows about templates, JSON, Word or PDF. Lengths are in points (1/72 inch).

use crate::template::profile::{PageSetup, Style, Watermark};
use serde::Serialize;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Padding inside ruled table cells, points: both backends use the same numbers so that
/// their pages agree.
pub const TABLE_PAD_H: f32 = 4.0;
pub const TABLE_PAD_V: f32 = 1.0;

/// Metadata that backends write; passed in, never read from the clock, so output is
/// reproducible byte for byte.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub language: String,
    /// Creation date written into the files, `YYYY-MM-DD`; none leaves it out.
    pub date: Option<String>,
    /// A stable identifier (the document id and the case number), used where formats want one.
    pub identifier: String,
    /// A draft for review: every page carries this watermark ("DỰ THẢO").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<Watermark>,
    /// Written for the archive: the PDF is PDF/A-2b (and then needs `date`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub archival: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub page: PageSetup,
    /// Named paragraph styles, in a stable order; `Paragraph::style` indexes this list.
    pub styles: Vec<Style>,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn style(&self, id: StyleId) -> &Style {
        &self.styles[id.0]
    }

    /// The headings, in order: paragraphs whose style has an outline level, with that level
    /// and their text (what a table of contents lists).
    pub fn headings(&self) -> Vec<(u8, String)> {
        fn walk(doc: &Document, blocks: &[Block], out: &mut Vec<(u8, String)>) {
            for b in blocks {
                match b {
                    Block::Paragraph(p) => {
                        let level = doc.style(p.style).outline;
                        if level > 0 {
                            out.push((level, p.plain_text().replace('\n', " ")));
                        }
                    }
                    Block::Keep(inner) => walk(doc, inner, out),
                    Block::Columns(_)
                    | Block::Table(_)
                    | Block::Rule(_)
                    | Block::Space(_)
                    | Block::PageBreak
                    | Block::Section(_)
                    | Block::Contents(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &self.blocks, &mut out);
        out
    }

    /// Whether pages are organised in sections (a booklet) rather than numbered from page 2.
    pub fn has_sections(&self) -> bool {
        self.blocks.iter().any(|b| matches!(b, Block::Section(_)))
    }
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, Hash)]
pub struct StyleId(pub usize);

#[derive(Clone, Debug, Serialize, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    /// A borderless row of columns (header grid, signatures). Never split across pages.
    Columns(Columns),
    /// A ruled table (dossier index, plan table).
    Table(Table),
    /// A horizontal rule, centred.
    Rule(Rule),
    /// Vertical space of `lines` body lines.
    Space(f32),
    /// Blocks kept on one page where they fit.
    Keep(Vec<Block>),
    PageBreak,
    /// A new page that starts a run of pages with their own running header (a booklet's
    /// parts).
    Section(Section),
    /// A table of contents: one line per heading (a paragraph whose style has an outline
    /// level), with the page it is on.
    Contents(Vec<ContentsEntry>),
}

impl Block {
    /// Whether the block is a row of columns (a signature block), or a kept group that
    /// starts with one: such a block never starts a page alone, in either backend.
    pub fn opens_with_columns(&self) -> bool {
        match self {
            Block::Columns(_) => true,
            Block::Keep(inner) => inner
                .iter()
                .find(|b| !matches!(b, Block::Space(_)))
                .is_some_and(Block::opens_with_columns),
            Block::Paragraph(_)
            | Block::Table(_)
            | Block::Rule(_)
            | Block::Space(_)
            | Block::PageBreak
            | Block::Section(_)
            | Block::Contents(_) => false,
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Section {
    /// Text at the head of each page of the section; none for a cover.
    pub running: Option<String>,
    /// Whether the section's pages show their number.
    pub page_numbers: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ContentsEntry {
    /// 1 for a part, 2 for a chapter.
    pub level: u8,
    pub text: String,
    /// The page the heading is on, counting the first page as 1; none until laid out.
    pub page: Option<usize>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Paragraph {
    pub style: StyleId,
    pub inlines: Vec<Inline>,
}

impl Paragraph {
    /// The paragraph's text without marks, line breaks as `\n`.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text(run) => s.push_str(&run.text),
                Inline::Break => s.push('\n'),
                Inline::Blank(b) => s.push_str(match b.kind {
                    BlankKind::Dots => "……",
                    BlankKind::Room => "  ",
                    BlankKind::Line => "……………",
                }),
            }
        }
        s
    }
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq, Hash)]
pub struct Marks {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Run {
    pub text: String,
    /// Marks toggled on by the markup, combined with the style's own.
    pub marks: Marks,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub enum Inline {
    Text(Run),
    Break,
    /// A place to write by hand, in a blank form.
    Blank(Blank),
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, Hash)]
pub enum BlankKind {
    /// A dotted run of fixed width: a name, a number, a date part.
    Dots,
    /// Empty room without dots: the number in `Số      -QĐ/CB`.
    Room,
    /// Dots to the end of the line (a whole dotted line when alone in a paragraph).
    Line,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Blank {
    pub kind: BlankKind,
    /// Width in points (for `Line`: the least room worth dotting before moving to a new line).
    pub width: f32,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Columns {
    /// Fractions of the text width, summing to 1.
    pub widths: Vec<f32>,
    pub cells: Vec<Vec<Block>>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Table {
    pub widths: Vec<f32>,
    /// Header rows, repeated on each page.
    pub header: Vec<Vec<Paragraph>>,
    pub rows: Vec<Vec<Paragraph>>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Rule {
    /// Width in points.
    pub width: f32,
    /// Thickness in points.
    pub thickness: f32,
    /// Space above the rule, points (none under `ĐẢNG CỘNG SẢN VIỆT NAM`, a little under a
    /// summary line so that the rule does not read as an underline).
    pub space_before: f32,
}

impl Document {
    /// A compact, stable text form of the blocks (style, marks, text), one line per paragraph:
    /// what snapshot tests compare, and what a reviewer can read.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        self.outline_blocks(&self.blocks, 0, &mut out);
        out
    }

    fn outline_blocks(&self, blocks: &[Block], depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        for b in blocks {
            match b {
                Block::Paragraph(p) => {
                    out.push_str(&format!(
                        "{pad}[{}] {}\n",
                        self.style(p.style).name,
                        inline_outline(p)
                    ));
                }
                Block::Columns(c) => {
                    let w: Vec<String> = c
                        .widths
                        .iter()
                        .map(|w| format!("{:.0}", w * 100.0))
                        .collect();
                    out.push_str(&format!("{pad}columns {}\n", w.join(" ")));
                    for (i, cell) in c.cells.iter().enumerate() {
                        out.push_str(&format!("{pad}  column {}\n", i + 1));
                        self.outline_blocks(cell, depth + 2, out);
                    }
                }
                Block::Table(t) => {
                    let w: Vec<String> = t
                        .widths
                        .iter()
                        .map(|w| format!("{:.0}", w * 100.0))
                        .collect();
                    out.push_str(&format!("{pad}table {}\n", w.join(" ")));
                    for (kind, rows) in [("th", &t.header), ("tr", &t.rows)] {
                        for r in rows.iter() {
                            let cells: Vec<String> = r.iter().map(inline_outline).collect();
                            out.push_str(&format!("{pad}  {kind} {}\n", cells.join(" | ")));
                        }
                    }
                }
                Block::Rule(r) => out.push_str(&format!("{pad}rule {:.1}pt\n", r.width)),
                Block::Space(n) => out.push_str(&format!("{pad}space {n}\n")),
                Block::Keep(inner) => {
                    out.push_str(&format!("{pad}keep\n"));
                    self.outline_blocks(inner, depth + 1, out);
                }
                Block::PageBreak => out.push_str(&format!("{pad}pagebreak\n")),
                Block::Section(s) => out.push_str(&format!(
                    "{pad}section {}{}\n",
                    s.running.as_deref().unwrap_or("(no header)"),
                    if s.page_numbers { ", numbered" } else { "" }
                )),
                Block::Contents(entries) => {
                    out.push_str(&format!("{pad}contents\n"));
                    for e in entries {
                        out.push_str(&format!(
                            "{pad}  {}{} … {}\n",
                            "  ".repeat(e.level.saturating_sub(1) as usize),
                            e.text,
                            e.page.map_or("?".to_string(), |p| p.to_string())
                        ));
                    }
                }
            }
        }
    }
}

fn inline_outline(p: &Paragraph) -> String {
    let mut s = String::new();
    for i in &p.inlines {
        match i {
            Inline::Text(r) => {
                let m = r.marks;
                let (open, close) = match (m.bold, m.italic, m.underline) {
                    (false, false, false) => ("", ""),
                    (true, false, false) => ("**", "**"),
                    (false, true, false) => ("//", "//"),
                    (false, false, true) => ("__", "__"),
                    _ => ("<", ">"),
                };
                s.push_str(open);
                s.push_str(&r.text);
                s.push_str(close);
            }
            Inline::Break => s.push('⏎'),
            Inline::Blank(b) => s.push_str(match b.kind {
                BlankKind::Dots => "[……]",
                BlankKind::Room => "[  ]",
                BlankKind::Line => "[……→]",
            }),
        }
    }
    s
}
