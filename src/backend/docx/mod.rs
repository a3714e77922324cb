//! The Word backend: a `Document` to DOCX bytes, written directly as WordprocessingML (valid
//! against the ECMA-376 transitional schemas), with named styles so that a user can restyle
//! in Word and Times New Roman in every script slot.
//!
//! `mod.rs` walks the document, one function per block kind and per inline kind; `xml`
//! writes elements and properties in schema order; `page` writes section properties and
//! page heads; `parts` packs the other parts.

mod page;
mod parts;
mod xml;

pub use parts::style_id;

use crate::document::{
    Blank, BlankKind, Block, Columns, ContentsEntry, Document, Inline, Paragraph, Rule, Run,
    Section, TABLE_PAD_H, TABLE_PAD_V, Table, mm,
};
use crate::error::Result;
use crate::layout::fonts::{self, Variant};
use crate::template::profile::Style;
use xml::{Border, Ind, PPr, RPr, Spacing, Tab, Xml, half_points, twips};

/// Renders a document to DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut w = Writer::new(doc);
    let mut headers = Vec::new();
    if doc.has_sections() {
        // One Word section per `Section` block, each with its own page head; the last one's
        // properties are the body's own.
        let groups = sections(&doc.blocks);
        let last = groups.len() - 1;
        for (i, (section, blocks)) in groups.into_iter().enumerate() {
            w.body(blocks, w.avail, false);
            w.page_break = false;
            headers.push(page::running_head(doc, &section, w.avail));
            let sect = page::sect_pr(&doc.page, &[("default", headers.len())], false);
            if i < last {
                w.hairline(Some(&sect));
            } else {
                w.x.raw(&sect);
            }
        }
    } else {
        // Page numbers from page 2: the first page has its own, empty, header.
        headers.push(page::page_number_head(doc));
        headers.push(page::empty_head(doc));
        w.body(&doc.blocks, w.avail, false);
        if w.page_break {
            w.page_break_paragraph();
        }
        let sect = page::sect_pr(&doc.page, &[("default", 1), ("first", 2)], true);
        w.x.raw(&sect);
    }
    Ok(parts::package(doc, &w.finish(), &headers))
}

/// The blocks split at each `Section`, with the section each run of blocks belongs to
/// (before the first: a plain section without a head).
fn sections(blocks: &[Block]) -> Vec<(Section, &[Block])> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut current = Section {
        running: None,
        page_numbers: false,
    };
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Section(s) = b {
            if i > start {
                groups.push((current.clone(), &blocks[start..i]));
            }
            current = s.clone();
            start = i + 1;
        }
    }
    groups.push((current, &blocks[start..]));
    groups
}

/// Headings written so far give the n-th its bookmark `_Toc_hoso_n`, where the contents'
/// PAGEREF fields point.
fn bookmark(n: usize) -> String {
    format!("_Toc_hoso_{n}")
}

/// How one paragraph sits in the flow.
#[derive(Clone, Copy)]
struct Flow {
    /// The width it is set in, points: where a dotted line's tab stop goes.
    avail: f32,
    keep_next: bool,
    break_before: bool,
    /// A heading here is one the contents list (body text and kept groups, not cells), so
    /// it gets the next bookmark.
    listed: bool,
}

struct Writer<'d> {
    doc: &'d Document,
    x: Xml,
    /// The text width of the page, points.
    avail: f32,
    /// A page break waiting for the next block.
    page_break: bool,
    headings: usize,
}

impl<'d> Writer<'d> {
    fn new(doc: &'d Document) -> Self {
        let page = &doc.page;
        let mut x = Xml::new();
        x.raw("<w:document ");
        x.raw(parts::W_NS);
        x.raw("><w:body>");
        Writer {
            doc,
            x,
            avail: mm(page.width_mm - page.margin_left_mm - page.margin_right_mm),
            page_break: false,
            headings: 0,
        }
    }

    fn finish(mut self) -> String {
        self.x.raw("</w:body></w:document>");
        self.x.finish()
    }

    /// Top-level blocks (and kept groups): tables stay tables, a page break becomes "page
    /// break before" on the next paragraph.
    fn body(&mut self, blocks: &[Block], avail: f32, keep_all: bool) {
        for (i, b) in blocks.iter().enumerate() {
            let keep = keep_all && i + 1 < blocks.len();
            // Before a table or a rule a pending page break has to be a paragraph of its own.
            let breaks_itself = matches!(
                b,
                Block::Paragraph(_)
                    | Block::Keep(_)
                    | Block::PageBreak
                    | Block::Section(_)
                    | Block::Contents(_)
            );
            if !breaks_itself && std::mem::take(&mut self.page_break) {
                self.page_break_paragraph();
            }
            // As in the PDF layout: a row of columns never starts a page alone.
            let next_content = blocks[i + 1..]
                .iter()
                .find(|b| !matches!(b, Block::Space(_)));
            let keep = keep || next_content.is_some_and(Block::opens_with_columns);
            match b {
                Block::Paragraph(p) => {
                    let break_before = std::mem::take(&mut self.page_break);
                    self.paragraph(p, flow(avail, keep, break_before, true));
                }
                Block::Rule(r) => self.rule(r, avail, keep),
                Block::Space(n) => self.space(*n, keep),
                Block::Keep(inner) if inner.iter().any(is_table) => self.kept_tables(inner, avail),
                Block::Keep(inner) => self.body(inner, avail, true),
                Block::PageBreak => self.page_break = true,
                // Sections are split off by `render`; each starts on a new page by itself.
                Block::Section(_) => {}
                Block::Contents(entries) => self.contents(entries, avail),
                Block::Columns(c) => self.columns(c, avail, keep),
                Block::Table(t) => self.table(t, avail),
            }
        }
    }

    /// Blocks in a table cell, where only paragraphs can be: nested columns and tables are
    /// flattened to their paragraphs. Returns how many paragraphs were written.
    fn cell_blocks(&mut self, blocks: &[Block], avail: f32, keep_all: bool) -> usize {
        let mut written = 0;
        for (i, b) in blocks.iter().enumerate() {
            let keep = keep_all && i + 1 < blocks.len();
            written += match b {
                Block::Paragraph(p) => {
                    self.paragraph(p, flow(avail, keep, false, false));
                    1
                }
                Block::Rule(r) => {
                    self.rule(r, avail, keep);
                    1
                }
                Block::Space(n) => {
                    self.space(*n, keep);
                    1
                }
                Block::Keep(inner) => self.cell_blocks(inner, avail, true),
                Block::PageBreak => {
                    self.page_break_paragraph();
                    1
                }
                // A section break has no meaning inside a cell.
                Block::Section(_) => 0,
                Block::Contents(entries) => {
                    self.contents(entries, avail);
                    entries.len()
                }
                Block::Columns(c) => c
                    .cells
                    .iter()
                    .map(|cell| self.cell_blocks(cell, avail, keep_all))
                    .sum(),
                Block::Table(t) => {
                    for p in t.header.iter().chain(&t.rows).flatten() {
                        self.paragraph(p, flow(avail, keep, false, false));
                    }
                    t.header.iter().chain(&t.rows).map(Vec::len).sum()
                }
            };
        }
        written
    }

    fn paragraph(&mut self, p: &Paragraph, f: Flow) {
        let style = self.doc.style(p.style);
        let id = style_id(&style.name);
        let heading = (f.listed && style.outline > 0).then(|| {
            self.headings += 1;
            self.headings
        });
        let dotted_line = p.inlines.iter().any(is_line);
        // As the layout sets it: smaller to stay on one line (a long signature name), or a
        // centred paragraph narrowed to even lines.
        let (size, narrow) = crate::layout::setting(style, p, f.avail);
        let size = (size != style.size).then(|| half_points(size));
        let side = twips((f.avail - narrow) / 2.0);
        self.x.open("w:p", &[]);
        PPr {
            style: Some(&id),
            keep_next: f.keep_next,
            page_break_before: f.break_before,
            tab: dotted_line.then(|| dot_tab(f.avail - glued_tail(p, style))),
            ind: (side > 0).then_some(Ind {
                left: side,
                right: side,
                first_line: None,
            }),
            mark: RPr {
                size,
                ..RPr::default()
            },
            ..PPr::default()
        }
        .write(&mut self.x);
        if let Some(n) = heading {
            let id = 1000 + n;
            self.x.leaf(
                "w:bookmarkStart",
                &[("w:id", &id), ("w:name", &bookmark(n))],
            );
        }
        let mut wrapped = crate::layout::dotted_lines_wrapped(style, p, f.avail).into_iter();
        for (idx, inline) in p.inlines.iter().enumerate() {
            match inline {
                Inline::Text(r) if idx > 0 && is_line(&p.inlines[idx - 1]) => {
                    self.after_dotted_line(r, style, size)
                }
                Inline::Text(r) => self.text_run(r, style, size),
                Inline::Break => self.line_break(),
                Inline::Blank(b) => match b.kind {
                    BlankKind::Dots => self.dots(b.width, style),
                    BlankKind::Room => self.room(b.width, style),
                    BlankKind::Line => {
                        // Where the layout starts the dots on a new line, so does Word.
                        if wrapped.next().unwrap_or(false) {
                            self.line_break();
                        }
                        self.dotted_line(&p.inlines[idx + 1..])
                    }
                },
            }
        }
        if let Some(n) = heading {
            let id = 1000 + n;
            self.x.leaf("w:bookmarkEnd", &[("w:id", &id)]);
        }
        self.x.close("w:p");
    }

    /// A run of text; marks the style already has are not repeated. `size`: half points,
    /// where the paragraph is set smaller than its style.
    fn text_run(&mut self, r: &Run, style: &Style, size: Option<usize>) {
        let rpr = RPr {
            bold: r.marks.bold && !style.bold,
            italic: r.marks.italic && !style.italic,
            underline: r.marks.underline && !style.underline,
            size,
            ..RPr::default()
        };
        self.run(rpr, &crate::layout::glue::for_word(&r.text));
    }

    fn run(&mut self, rpr: RPr, text: &str) {
        xml::run(&mut self.x, rpr, text);
    }

    fn line_break(&mut self) {
        self.x.raw(r#"<w:r><w:br w:type="textWrapping" /></w:r>"#);
    }

    fn tab(&mut self) {
        xml::tab(&mut self.x);
    }

    /// Dots as text, so that a user can select and type over them in Word.
    fn dots(&mut self, width: f32, style: &Style) {
        let variant = Variant::of(style.bold, style.italic);
        let ellipsis = fonts::text_width(variant, "…", style.size);
        let n = ((width / ellipsis).round() as usize).max(1);
        self.run(RPr::default(), &"…".repeat(n));
    }

    /// Room to write in, as spaces.
    fn room(&mut self, width: f32, style: &Style) {
        let variant = Variant::of(style.bold, style.italic);
        let space = fonts::text_width(variant, " ", style.size);
        let n = ((width / space).round() as usize).max(1);
        self.run(RPr::default(), &" ".repeat(n));
    }

    /// A tab to the paragraph's right tab stop with a dot leader: the dots stay to the end
    /// of the line while the user types on it. `rest`: the inlines after it.
    fn dotted_line(&mut self, rest: &[Inline]) {
        self.tab();
        // The dots run to the margin and what follows starts the next line, as in the PDF;
        // without the break, Word and LibreOffice set the following words against the right
        // tab on the same line. Punctuation glued to the dots (`……;`) stays on their line,
        // before a tab stop moved left for it (`after_dotted_line` breaks after it).
        let more = rest.iter().any(|i| match i {
            Inline::Text(r) => !r.text.trim().is_empty(),
            Inline::Blank(_) => true,
            Inline::Break => false,
        });
        let glued = matches!(rest.first(), Some(Inline::Text(r)) if glued_text(&r.text).is_some());
        if more && !glued && !matches!(rest.first(), Some(Inline::Break)) {
            self.line_break();
        }
    }

    /// Text right after a dotted line: what is glued to the dots stays on their line, the rest
    /// starts the next one (a space alone goes: it would start that line).
    fn after_dotted_line(&mut self, r: &Run, style: &Style, size: Option<usize>) {
        let (tail, rest) = match glued_text(&r.text) {
            Some(tail) => (tail, &r.text[tail.len()..]),
            None => ("", r.text.as_str()),
        };
        if !tail.is_empty() {
            self.text_run(
                &Run {
                    text: tail.to_string(),
                    ..r.clone()
                },
                style,
                size,
            );
            if !rest.trim().is_empty() {
                self.line_break();
            }
        }
        let rest = rest.trim_start();
        if !rest.is_empty() {
            self.text_run(
                &Run {
                    text: rest.to_string(),
                    ..r.clone()
                },
                style,
                size,
            );
        }
    }

    /// A table of contents as Word writes one: a TOC field over entries whose text and page
    /// numbers are already there (PAGEREF fields to the headings' bookmarks), so the file is
    /// right before anyone updates the field, and stays right after.
    fn contents(&mut self, entries: &[ContentsEntry], avail: f32) {
        let n = entries.len();
        for (i, e) in entries.iter().enumerate() {
            let name = if e.level <= 1 { "toc-1" } else { "toc-2" };
            let id = style_id(name);
            self.x.open("w:p", &[]);
            PPr {
                style: Some(&id),
                page_break_before: i == 0 && std::mem::take(&mut self.page_break),
                tab: Some(dot_tab(avail)),
                ..PPr::default()
            }
            .write(&mut self.x);
            if i == 0 {
                xml::field_begin(&mut self.x, r#"TOC \o "1-2" \h \u"#, RPr::default());
            }
            self.run(RPr::default(), &e.text);
            self.tab();
            let page = e.page.map_or("?".to_string(), |p| p.to_string());
            let instr = format!(r"PAGEREF {} \h", bookmark(i + 1));
            xml::field(&mut self.x, &instr, &page, RPr::default());
            if i + 1 == n {
                xml::field_char(&mut self.x, "end", RPr::default());
            }
            self.x.close("w:p");
        }
    }

    /// A centred rule as an empty paragraph with a bottom border, indented to the rule's width.
    fn rule(&mut self, r: &Rule, avail: f32, keep_next: bool) {
        let side = twips(((avail - r.width) / 2.0).max(0.0));
        self.x.open("w:p", &[]);
        PPr {
            keep_next,
            bottom_border: Some(Border {
                size: ((r.thickness * 8.0).round() as usize).max(2),
                space: 0,
                color: "000000",
            }),
            spacing: Some(Spacing {
                before: twips(r.space_before),
                after: twips(4.0),
                line: twips(2.0),
                exact: true,
            }),
            ind: Some(Ind {
                left: side,
                right: side,
                first_line: None,
            }),
            mark: RPr {
                size: Some(2),
                ..RPr::default()
            },
            ..PPr::default()
        }
        .write(&mut self.x);
        self.x.close("w:p");
    }

    /// Vertical space: an empty paragraph of exactly `lines` body lines. `keep_next`: it is a
    /// link of a keep chain (the spacer before a signature block), which Word and LibreOffice
    /// break at any paragraph without keep-with-next.
    fn space(&mut self, lines: f32, keep_next: bool) {
        let body = self
            .doc
            .styles
            .iter()
            .find(|s| s.name == "body")
            .map_or(14.0, |s| s.size);
        let line = body * fonts::metrics(Variant::Regular).height();
        self.x.open("w:p", &[]);
        PPr {
            keep_next,
            spacing: Some(Spacing {
                before: 0,
                after: 0,
                line: twips(line * lines).max(1),
                exact: true,
            }),
            mark: RPr {
                size: Some(half_points(body)),
                ..RPr::default()
            },
            ..PPr::default()
        }
        .write(&mut self.x);
        self.x.close("w:p");
    }

    fn page_break_paragraph(&mut self) {
        self.x
            .raw(r#"<w:p><w:r><w:br w:type="page" /></w:r></w:p>"#);
    }

    /// A borderless row of columns. `keep`: every paragraph of the row keeps with the next
    /// block (inside a `Keep` group).
    fn columns(&mut self, c: &Columns, avail: f32, keep: bool) {
        let widths: Vec<i32> = c.widths.iter().map(|w| twips(w * avail)).collect();
        self.table_start(avail, &widths, None, 0, 0);
        self.x.open("w:tr", &[]);
        self.row_properties(false);
        for (blocks, w) in c.cells.iter().zip(&widths) {
            self.cell_start(*w);
            if self.cell_blocks(blocks, *w as f32 / 20.0, keep) == 0 {
                // A cell must hold at least one paragraph.
                self.x.raw("<w:p />");
            }
            self.x.close("w:tc");
        }
        self.x.close("w:tr");
        self.x.close("w:tbl");
    }

    /// A kept group that holds tables (the signature rows of a minute), nested in one
    /// borderless cell of a row that cannot split: LibreOffice does not keep a table with
    /// what follows it, but it never splits such a row.
    fn kept_tables(&mut self, inner: &[Block], avail: f32) {
        let width = twips(avail);
        self.table_start(avail, &[width], None, 0, 0);
        self.x.open("w:tr", &[]);
        self.row_properties(false);
        self.cell_start(width);
        self.body(inner, avail, true);
        self.hairline(None);
        self.x.close("w:tc");
        self.x.close("w:tr");
        self.x.close("w:tbl");
    }

    /// A ruled table; its header rows repeat at the top of each page, as in the PDF.
    fn table(&mut self, t: &Table, avail: f32) {
        let widths: Vec<i32> = t.widths.iter().map(|w| twips(w * avail)).collect();
        let rule = Border {
            size: 2,
            space: 0,
            color: "000000",
        };
        let (pad_v, pad_h) = (twips(TABLE_PAD_V), twips(TABLE_PAD_H));
        self.table_start(avail, &widths, Some(rule), pad_v, pad_h);
        let rows = t.header.iter().map(|r| (r, true));
        for (cells, header) in rows.chain(t.rows.iter().map(|r| (r, false))) {
            self.x.open("w:tr", &[]);
            self.row_properties(header);
            for (p, w) in cells.iter().zip(&widths) {
                self.cell_start(*w);
                let inner = *w as f32 / 20.0 - 2.0 * TABLE_PAD_H;
                self.paragraph(p, flow(inner, false, false, false));
                self.x.close("w:tc");
            }
            self.x.close("w:tr");
        }
        self.x.close("w:tbl");
    }

    /// `<w:tbl>`, its properties (CT_TblPr order) and grid: fixed layout at the text width,
    /// `rule` on every edge if given, `pad_v`/`pad_h` twips of cell margin.
    fn table_start(
        &mut self,
        avail: f32,
        widths: &[i32],
        rule: Option<Border>,
        pad_v: i32,
        pad_h: i32,
    ) {
        let x = &mut self.x;
        x.open("w:tbl", &[]);
        x.open("w:tblPr", &[]);
        x.leaf("w:tblW", &[("w:w", &twips(avail)), ("w:type", &"dxa")]);
        x.leaf("w:jc", &[("w:val", &"left")]);
        if let Some(b) = rule {
            x.open("w:tblBorders", &[]);
            for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                x.leaf(
                    &format!("w:{edge}"),
                    &[
                        ("w:val", &"single"),
                        ("w:sz", &b.size),
                        ("w:space", &b.space),
                        ("w:color", &b.color),
                    ],
                );
            }
            x.close("w:tblBorders");
        }
        x.leaf("w:tblLayout", &[("w:type", &"fixed")]);
        x.open("w:tblCellMar", &[]);
        for (edge, pad) in [
            ("top", pad_v),
            ("left", pad_h),
            ("bottom", pad_v),
            ("right", pad_h),
        ] {
            x.leaf(&format!("w:{edge}"), &[("w:w", &pad), ("w:type", &"dxa")]);
        }
        x.close("w:tblCellMar");
        x.close("w:tblPr");
        x.open("w:tblGrid", &[]);
        for w in widths {
            x.leaf("w:gridCol", &[("w:w", w)]);
        }
        x.close("w:tblGrid");
    }

    /// Rows never split across pages; header rows repeat on each page.
    fn row_properties(&mut self, header: bool) {
        self.x.open("w:trPr", &[]);
        self.x.leaf("w:cantSplit", &[]);
        if header {
            self.x.leaf("w:tblHeader", &[]);
        }
        self.x.close("w:trPr");
    }

    fn cell_start(&mut self, width: i32) {
        self.x.open("w:tc", &[]);
        self.x.open("w:tcPr", &[]);
        self.x.leaf("w:tcW", &[("w:w", &width), ("w:type", &"dxa")]);
        self.x.close("w:tcPr");
    }

    /// An empty paragraph one point high: ends a section (holding its properties, `sect`)
    /// without spilling onto a page of its own, or ends a cell without taking room.
    fn hairline(&mut self, sect: Option<&str>) {
        self.x.open("w:p", &[]);
        PPr {
            spacing: Some(Spacing {
                before: 0,
                after: 0,
                line: 20,
                exact: true,
            }),
            mark: RPr {
                size: Some(2),
                ..RPr::default()
            },
            section: sect,
            ..PPr::default()
        }
        .write(&mut self.x);
        self.x.close("w:p");
    }
}

/// The text at the start of `text` that is glued to a dotted line before it (`;`, `.`, `),`):
/// up to the first space; none when `text` starts with a space.
fn glued_text(text: &str) -> Option<&str> {
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (end > 0).then(|| &text[..end])
}

/// The widest text glued after a dotted line of `p`, points: where its tab stop stops short.
fn glued_tail(p: &Paragraph, style: &Style) -> f32 {
    let variant = Variant::of(style.bold, style.italic);
    p.inlines
        .windows(2)
        .filter(|w| is_line(&w[0]))
        .filter_map(|w| match &w[1] {
            Inline::Text(r) => glued_text(&r.text),
            Inline::Break | Inline::Blank(_) => None,
        })
        .map(|t| fonts::text_width(variant, t, style.size))
        .fold(0.0, f32::max)
}

fn is_line(i: &Inline) -> bool {
    matches!(
        i,
        Inline::Blank(Blank {
            kind: BlankKind::Line,
            ..
        })
    )
}

fn is_table(b: &Block) -> bool {
    matches!(b, Block::Columns(_) | Block::Table(_))
}

fn flow(avail: f32, keep_next: bool, break_before: bool, listed: bool) -> Flow {
    Flow {
        avail,
        keep_next,
        break_before,
        listed,
    }
}

/// A right tab at the margin with a dot leader.
fn dot_tab(avail: f32) -> Tab {
    Tab {
        pos: twips(avail).max(0),
        dots: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Marks, Meta, StyleId};
    use crate::template::profile::Profile;

    fn doc(blocks: Vec<Block>) -> Document {
        let profile = Profile::builtin();
        Document {
            meta: Meta::default(),
            page: profile.page.clone(),
            styles: profile.style_list(),
            blocks,
        }
    }

    fn para(text: &str) -> Paragraph {
        Paragraph {
            style: StyleId(0),
            inlines: vec![Inline::Text(Run {
                text: text.into(),
                marks: Marks::default(),
            })],
        }
    }

    fn body(d: &Document) -> String {
        let mut w = Writer::new(d);
        w.body(&d.blocks, w.avail, false);
        w.finish()
    }

    #[test]
    fn header_rows_repeat_and_body_rows_do_not() {
        let d = doc(vec![Block::Table(Table {
            widths: vec![0.5, 0.5],
            header: vec![vec![para("a"), para("b")]],
            rows: vec![vec![para("1"), para("2")], vec![para("3"), para("4")]],
        })]);
        let xml = body(&d);
        assert_eq!(xml.matches("<w:tr>").count(), 3);
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        assert!(xml.find("<w:tblHeader />") < xml.find(">1<"));
    }

    #[test]
    fn an_empty_column_still_holds_a_paragraph() {
        let d = doc(vec![Block::Columns(Columns {
            widths: vec![0.5, 0.5],
            cells: vec![vec![], vec![Block::Paragraph(para("x"))]],
        })]);
        let xml = body(&d);
        assert_eq!(xml.matches("<w:tc>").count(), 2);
        assert!(xml.contains("</w:tcPr><w:p /></w:tc>"), "{xml}");
    }

    #[test]
    fn a_page_break_becomes_break_before_on_the_next_paragraph_only() {
        let d = doc(vec![
            Block::Paragraph(para("one")),
            Block::PageBreak,
            Block::Paragraph(para("two")),
            Block::Paragraph(para("three")),
        ]);
        let xml = body(&d);
        assert_eq!(xml.matches("<w:pageBreakBefore />").count(), 1);
        let at = xml.find("<w:pageBreakBefore />").unwrap();
        assert!(xml[at..].find(">two<") < xml[at..].find(">three<"));
        assert!(!xml.contains(r#"w:type="page""#));
    }

    #[test]
    fn sections_split_at_each_section_block_and_empty_ones_go() {
        let s = |r: &str| {
            Block::Section(Section {
                running: Some(r.into()),
                page_numbers: true,
            })
        };
        let blocks = vec![
            Block::Paragraph(para("cover")),
            s("A"),
            s("B"),
            Block::PageBreak,
        ];
        let groups = sections(&blocks);
        let running: Vec<_> = groups
            .iter()
            .map(|(s, b)| (s.running.clone(), b.len()))
            .collect();
        assert_eq!(running, [(None, 1), (Some("B".into()), 1)]);
    }
}
