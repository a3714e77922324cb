//! The Word backend: a `Document` to DOCX bytes with docx-rs, named styles so a user can
//! restyle in Word, Times New Roman in every script slot, and a deflate-compressed package.

use crate::document::{
    Blank, BlankKind, Block, Columns, Document, Inline, Paragraph, Rule, TABLE_PAD_H, TABLE_PAD_V,
    Table, mm,
};
use crate::error::{Error, Result};
use crate::layout::fonts::{self, Variant};
use crate::template::profile::{Align, Style};
use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
    StyleType, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

fn twips(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

/// Word style ids must be plain identifiers: `hdr-party` becomes `HosoHdrParty`.
pub fn style_id(name: &str) -> String {
    let mut id = String::from("Hoso");
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut cs = part.chars();
        if let Some(f) = cs.next() {
            id.push(f.to_ascii_uppercase());
            id.extend(cs);
        }
    }
    id
}

fn times() -> RunFonts {
    RunFonts::new()
        .ascii(fonts::WORD_FAMILY)
        .hi_ansi(fonts::WORD_FAMILY)
        .east_asia(fonts::WORD_FAMILY)
        .cs(fonts::WORD_FAMILY)
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        // `Justified` writes a value Word rejects; `both` is the OOXML name.
        Align::Justify => AlignmentType::Both,
    }
}

fn word_style(s: &Style) -> docx_rs::Style {
    let mut st = docx_rs::Style::new(style_id(&s.name), StyleType::Paragraph)
        .name(format!("hoso {}", s.name))
        .based_on("Normal")
        .q_format(true)
        .size(half_points(s.size))
        .fonts(times())
        .align(alignment(s.align))
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line((240.0 * s.line_spacing).round() as i32)
                .before(twips(s.space_before_pt) as u32)
                .after(twips(s.space_after_pt) as u32),
        );
    if s.first_indent_mm > 0.0 || s.left_indent_mm > 0.0 {
        st = st.indent(
            Some(twips(mm(s.left_indent_mm))),
            (s.first_indent_mm > 0.0)
                .then(|| SpecialIndentType::FirstLine(twips(mm(s.first_indent_mm)))),
            None,
            None,
        );
    }
    if s.outline > 0 {
        // Word's outline levels count from 0; a TOC field gathers these paragraphs.
        st = st.outline_lvl(s.outline as usize - 1);
    }
    if s.bold {
        st = st.bold();
    }
    if s.italic {
        st = st.italic();
    }
    if s.underline {
        st = st.underline("single");
    }
    if s.keep_with_next {
        st.paragraph_property = st.paragraph_property.keep_next(true);
    }
    st
}

/// Strips what XML 1.0 cannot hold; the document model should have none, but a backend must
/// never write a file Word refuses.
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|c| (!c.is_control() || *c == '\t') && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

struct Writer<'d> {
    doc: &'d Document,
    /// A page break waiting for the next block.
    page_break: std::cell::Cell<bool>,
    /// Headings written so far: the n-th is bookmarked `_Toc_hoso_n`, where the contents'
    /// PAGEREF fields point.
    headings: std::cell::Cell<usize>,
}

/// Paragraphs and tables in document order, before they go into a section.
enum Child {
    P(Box<docx_rs::Paragraph>),
    T(Box<docx_rs::Table>),
}

fn bookmark(n: usize) -> String {
    format!("_Toc_hoso_{n}")
}

impl<'d> Writer<'d> {
    /// `avail`: the width the paragraph is set in, where a dotted line's tab stop goes.
    fn paragraph(&self, p: &Paragraph, keep_next: bool, avail: f32) -> docx_rs::Paragraph {
        self.paragraph_marked(p, keep_next, avail, false)
    }

    /// `listed`: a heading here is one the contents list (body text and kept groups, not
    /// cells), so it gets the next `_Toc_hoso_n` bookmark.
    fn paragraph_marked(
        &self,
        p: &Paragraph,
        keep_next: bool,
        avail: f32,
        listed: bool,
    ) -> docx_rs::Paragraph {
        let style = self.doc.style(p.style);
        let mut para = docx_rs::Paragraph::new().style(&style_id(&style.name));
        if keep_next {
            para = para.keep_next(true);
        }
        let heading = (listed && style.outline > 0).then(|| {
            let n = self.headings.get() + 1;
            self.headings.set(n);
            n
        });
        if let Some(n) = heading {
            para = para.add_bookmark_start(1000 + n, bookmark(n));
        }
        let variant = Variant::of(style.bold, style.italic);
        let ellipsis = fonts::text_width(variant, "…", style.size);
        let space = fonts::text_width(variant, " ", style.size);
        let mut tab_stop = false;
        for (idx, inline) in p.inlines.iter().enumerate() {
            match inline {
                Inline::Text(r) => {
                    let mut run = Run::new().add_text(xml_safe(&r.text));
                    if r.marks.bold && !style.bold {
                        run = run.bold();
                    }
                    if r.marks.italic && !style.italic {
                        run = run.italic();
                    }
                    if r.marks.underline && !style.underline {
                        run = run.underline("single");
                    }
                    para = para.add_run(run);
                }
                Inline::Break => {
                    para = para.add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping));
                }
                // Dots as text, so that a user can select and type over them in Word.
                Inline::Blank(Blank {
                    kind: BlankKind::Dots,
                    width,
                }) => {
                    let n = ((width / ellipsis).round() as usize).max(1);
                    para = para.add_run(Run::new().add_text("…".repeat(n)));
                }
                Inline::Blank(Blank {
                    kind: BlankKind::Room,
                    width,
                }) => {
                    let n = ((width / space).round() as usize).max(1);
                    para = para.add_run(Run::new().add_text(" ".repeat(n)));
                }
                // A right tab at the margin with a dot leader: the dots stay to the end of the
                // line while the user types on it.
                Inline::Blank(Blank {
                    kind: BlankKind::Line,
                    ..
                }) => {
                    tab_stop = true;
                    para = para.add_run(Run::new().add_tab());
                    // The dots run to the margin and what follows starts the next line, as in
                    // the PDF; without the break, Word and LibreOffice set the following words
                    // against the right tab on the same line.
                    let more = p.inlines[idx + 1..].iter().any(|i| match i {
                        Inline::Text(r) => !r.text.trim().is_empty(),
                        Inline::Blank(_) => true,
                        Inline::Break => false,
                    });
                    let next_is_break = matches!(p.inlines.get(idx + 1), Some(Inline::Break));
                    if more && !next_is_break {
                        para = para.add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping));
                    }
                }
            }
        }
        if tab_stop {
            para = para.add_tab(
                docx_rs::Tab::new()
                    .val(docx_rs::TabValueType::Right)
                    .leader(docx_rs::TabLeaderType::Dot)
                    .pos(twips(avail).max(0) as usize),
            );
        }
        if let Some(n) = heading {
            para = para.add_bookmark_end(1000 + n);
        }
        para
    }

    /// A table of contents as Word writes one: a TOC field over entries whose text and page
    /// numbers are already there (PAGEREF fields to the headings' bookmarks), so the file is
    /// right before anyone updates the field, and stays right after.
    fn contents(&self, entries: &[crate::document::ContentsEntry], avail: f32) -> Vec<Child> {
        let n = entries.len();
        let mut out = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let name = if e.level <= 1 { "toc-1" } else { "toc-2" };
            let mut para = docx_rs::Paragraph::new().style(&style_id(name)).add_tab(
                docx_rs::Tab::new()
                    .val(docx_rs::TabValueType::Right)
                    .leader(docx_rs::TabLeaderType::Dot)
                    .pos(twips(avail).max(0) as usize),
            );
            if i == 0 {
                para = para.add_run(
                    Run::new()
                        .add_field_char(docx_rs::FieldCharType::Begin, false)
                        .add_instr_text(docx_rs::InstrText::TOC(
                            docx_rs::InstrToC::new()
                                .heading_styles_range(1, 2)
                                .hyperlink()
                                .use_applied_paragraph_line_level(),
                        ))
                        .add_field_char(docx_rs::FieldCharType::Separate, false),
                );
            }
            let page = e.page.map_or("?".to_string(), |p| p.to_string());
            para = para
                .add_run(Run::new().add_text(xml_safe(&e.text)))
                .add_run(Run::new().add_tab())
                .add_run(
                    Run::new()
                        .add_field_char(docx_rs::FieldCharType::Begin, false)
                        .add_instr_text(docx_rs::InstrText::PAGEREF(
                            docx_rs::InstrPAGEREF::new(bookmark(i + 1)).hyperlink(),
                        ))
                        .add_field_char(docx_rs::FieldCharType::Separate, false)
                        .add_text(page)
                        .add_field_char(docx_rs::FieldCharType::End, false),
                );
            if i + 1 == n {
                para = para.add_run(Run::new().add_field_char(docx_rs::FieldCharType::End, false));
            }
            if i == 0 && self.page_break.take() {
                para = para.page_break_before(true);
            }
            out.push(Child::P(Box::new(para)));
        }
        out
    }

    /// A centred rule as an empty paragraph with a bottom border, indented to the rule's width.
    fn rule(&self, r: &Rule, avail: f32, keep_next: bool) -> docx_rs::Paragraph {
        let side = ((avail - r.width) / 2.0).max(0.0);
        let mut p = docx_rs::Paragraph::new()
            .indent(Some(twips(side)), None, Some(twips(side)), None)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(twips(2.0))
                    .before(twips(r.space_before) as u32)
                    .after(twips(4.0) as u32),
            )
            .size(2)
            .keep_next(keep_next);
        // Only the bottom edge: docx-rs's default border set would box the paragraph.
        p.property = p.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(((r.thickness * 8.0).round() as usize).max(2))
                    .space(0)
                    .color("000000"),
            ),
        );
        p
    }

    fn space(&self, lines: f32) -> Vec<docx_rs::Paragraph> {
        let body = self
            .doc
            .styles
            .iter()
            .find(|s| s.name == "body")
            .map(|s| s.size)
            .unwrap_or(14.0);
        let line = body * fonts::metrics(Variant::Regular).height();
        vec![
            docx_rs::Paragraph::new()
                .size(half_points(body))
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(twips(line * lines).max(1))
                        .before(0)
                        .after(0),
                ),
        ]
    }

    /// `keep`: every paragraph of the row keeps with the next block (inside a `Keep` group).
    fn columns(&self, c: &Columns, avail: f32, keep: bool) -> docx_rs::Table {
        let widths: Vec<usize> = c.widths.iter().map(|w| twips(w * avail) as usize).collect();
        let cells = c
            .cells
            .iter()
            .zip(&widths)
            .map(|(blocks, w)| {
                let mut cell = TableCell::new().width(*w, WidthType::Dxa);
                let inner = *w as f32 / 20.0;
                let mut any = false;
                for p in self.blocks(blocks, inner, keep) {
                    cell = cell.add_paragraph(p);
                    any = true;
                }
                if !any {
                    cell = cell.add_paragraph(docx_rs::Paragraph::new());
                }
                cell
            })
            .collect();
        docx_rs::Table::without_borders(vec![TableRow::new(cells).cant_split()])
            .set_grid(widths)
            .width(twips(avail) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
            .set_borders(TableBorders::with_empty())
    }

    fn table(&self, t: &Table, avail: f32) -> docx_rs::Table {
        let widths: Vec<usize> = t.widths.iter().map(|w| twips(w * avail) as usize).collect();
        let row =
            |cells: &Vec<Paragraph>| {
                TableRow::new(
                    cells
                        .iter()
                        .zip(&widths)
                        .map(|(p, w)| {
                            TableCell::new().width(*w, WidthType::Dxa).add_paragraph(
                                self.paragraph(p, false, *w as f32 / 20.0 - 2.0 * TABLE_PAD_H),
                            )
                        })
                        .collect(),
                )
                .cant_split()
            };
        let rows = t.header.iter().chain(&t.rows).map(row).collect();
        docx_rs::Table::new(rows)
            .set_grid(widths.clone())
            .width(twips(avail) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(
                twips(TABLE_PAD_V) as usize,
                twips(TABLE_PAD_H) as usize,
                twips(TABLE_PAD_V) as usize,
                twips(TABLE_PAD_H) as usize,
            ))
    }

    /// Only paragraphs can live in a cell here; nested tables are flattened to paragraphs.
    fn blocks(&self, blocks: &[Block], avail: f32, keep_all: bool) -> Vec<docx_rs::Paragraph> {
        let mut out = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            let keep = keep_all && i + 1 < blocks.len();
            match b {
                Block::Paragraph(p) => out.push(self.paragraph(p, keep, avail)),
                Block::Rule(r) => out.push(self.rule(r, avail, keep)),
                Block::Space(n) => out.extend(self.space(*n)),
                Block::Keep(inner) => out.extend(self.blocks(inner, avail, true)),
                Block::PageBreak => out.push(page_break_paragraph()),
                // A section break has no meaning inside a cell.
                Block::Section(_) => {}
                Block::Contents(entries) => out.extend(
                    self.contents(entries, avail)
                        .into_iter()
                        .filter_map(|c| match c {
                            Child::P(p) => Some(*p),
                            Child::T(_) => None,
                        }),
                ),
                Block::Columns(c) => {
                    for cell in &c.cells {
                        out.extend(self.blocks(cell, avail, keep_all));
                    }
                }
                Block::Table(t) => {
                    for row in t.header.iter().chain(&t.rows) {
                        for p in row {
                            out.push(self.paragraph(p, keep, avail));
                        }
                    }
                }
            }
        }
        out
    }

    fn body(&self, out: &mut Vec<Child>, blocks: &[Block], avail: f32, keep_all: bool) {
        for (i, b) in blocks.iter().enumerate() {
            let keep = keep_all && i + 1 < blocks.len();
            // A page break becomes "page break before" on the next paragraph, rather than an
            // empty paragraph that could itself spill onto a page of its own; before a table
            // or rule it has to be a break run.
            if !matches!(
                b,
                Block::Paragraph(_)
                    | Block::Keep(_)
                    | Block::PageBreak
                    | Block::Section(_)
                    | Block::Contents(_)
            ) && self.page_break.take()
            {
                out.push(Child::P(Box::new(page_break_paragraph())));
            }
            // As in the PDF layout: a row of columns never starts a page alone.
            let next_content = blocks[i + 1..]
                .iter()
                .find(|b| !matches!(b, Block::Space(_)));
            let keep = keep || matches!(next_content, Some(Block::Columns(_)));
            match b {
                Block::Paragraph(p) => {
                    let mut para = self.paragraph_marked(p, keep, avail, true);
                    if self.page_break.take() {
                        para = para.page_break_before(true);
                    }
                    out.push(Child::P(Box::new(para)));
                }
                Block::Rule(r) => out.push(Child::P(Box::new(self.rule(r, avail, keep)))),
                Block::Space(n) => {
                    out.extend(self.space(*n).into_iter().map(|p| Child::P(Box::new(p))))
                }
                Block::Keep(inner) => self.body(out, inner, avail, true),
                Block::PageBreak => self.page_break.set(true),
                // Sections are split off by `render`; each starts on a new page by itself.
                Block::Section(_) => {}
                Block::Contents(entries) => out.extend(self.contents(entries, avail)),
                Block::Columns(c) => out.push(Child::T(Box::new(self.columns(c, avail, keep)))),
                Block::Table(t) => out.push(Child::T(Box::new(self.table(t, avail)))),
            }
        }
    }
}

fn add_children(mut docx: Docx, children: Vec<Child>) -> Docx {
    for c in children {
        docx = match c {
            Child::P(p) => docx.add_paragraph(*p),
            Child::T(t) => docx.add_table(*t),
        };
    }
    docx
}

/// A booklet page head: the section's running text, the page number at the right margin, a
/// thin rule under both (as the PDF layout draws it).
fn running_head(doc: &Document, section: &crate::document::Section, avail: f32) -> Header {
    let size = doc
        .styles
        .iter()
        .find(|s| s.name == "running")
        .map_or(doc.page.page_number_size, |s| s.size);
    let mut p = docx_rs::Paragraph::new()
        .fonts(times())
        .size(half_points(size))
        .add_tab(
            docx_rs::Tab::new()
                .val(docx_rs::TabValueType::Right)
                .pos(twips(avail).max(0) as usize),
        );
    if let Some(text) = &section.running {
        p = p
            .add_run(
                Run::new()
                    .add_text(xml_safe(text))
                    .italic()
                    .size(half_points(size)),
            )
            .set_borders(
                ParagraphBorders::with_empty().set(
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .val(BorderType::Single)
                        .size(4)
                        .space(1),
                ),
            );
    }
    if section.page_numbers {
        p = p.add_run(Run::new().add_tab()).add_page_num(PageNum::new());
    }
    Header::new().add_paragraph(p)
}

fn page_break_paragraph() -> docx_rs::Paragraph {
    docx_rs::Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page))
}

/// Renders a document to DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let page = &doc.page;
    let avail = mm(page.width_mm - page.margin_left_mm - page.margin_right_mm);
    let w = Writer {
        doc,
        page_break: std::cell::Cell::new(false),
        headings: std::cell::Cell::new(0),
    };
    let size = (
        twips(mm(page.width_mm)) as u32,
        twips(mm(page.height_mm)) as u32,
    );
    let margin = PageMargin::new()
        .top(twips(mm(page.margin_top_mm)))
        .bottom(twips(mm(page.margin_bottom_mm)))
        .left(twips(mm(page.margin_left_mm)))
        .right(twips(mm(page.margin_right_mm)))
        .header(twips(mm(page.page_number_from_top_mm)))
        .footer(twips(mm(page.margin_bottom_mm / 2.0)));
    let mut docx = Docx::new()
        .page_size(size.0, size.1)
        .page_margin(margin.clone())
        .default_fonts(times())
        .default_size(28)
        .default_spacing(0);
    if let Some(d) = &doc.meta.date {
        let stamp = format!("{d}T00:00:00Z");
        docx = docx.created_at(&stamp).updated_at(&stamp);
    }
    for s in &doc.styles {
        docx = docx.add_style(word_style(s));
    }
    if !doc.has_sections() {
        let page_number = docx_rs::Paragraph::new()
            .align(AlignmentType::Center)
            .size(half_points(page.page_number_size))
            .fonts(times())
            .add_page_num(PageNum::new());
        docx = docx
            .header(Header::new().add_paragraph(page_number))
            .first_header(Header::new().add_paragraph(docx_rs::Paragraph::new()))
            .title_pg();
        let mut children = Vec::new();
        w.body(&mut children, &doc.blocks, avail, false);
        if w.page_break.take() {
            children.push(Child::P(Box::new(page_break_paragraph())));
        }
        docx = add_children(docx, children);
    } else {
        // One Word section per `Section` block, each with its own page head; the last one's
        // properties are the document's own.
        let mut groups: Vec<(crate::document::Section, &[Block])> = Vec::new();
        let mut start = 0;
        let mut current = crate::document::Section {
            running: None,
            page_numbers: false,
        };
        for (i, b) in doc.blocks.iter().enumerate() {
            if let Block::Section(s) = b {
                if i > start {
                    groups.push((current.clone(), &doc.blocks[start..i]));
                }
                current = s.clone();
                start = i + 1;
            }
        }
        groups.push((current, &doc.blocks[start..]));
        let last = groups.len() - 1;
        for (i, (section, blocks)) in groups.into_iter().enumerate() {
            let mut children = Vec::new();
            w.body(&mut children, blocks, avail, false);
            w.page_break.set(false);
            let head = running_head(doc, &section, avail);
            if i == last {
                docx = add_children(docx.header(head), children);
            } else {
                let mut sec = docx_rs::Section::new()
                    .page_size(docx_rs::PageSize::new().size(size.0, size.1))
                    .page_margin(margin.clone())
                    .header(head);
                for c in children {
                    sec = match c {
                        Child::P(p) => sec.add_paragraph(*p),
                        Child::T(t) => sec.add_table(*t),
                    };
                }
                docx = docx.add_section(sec);
            }
        }
    }
    package(docx.build(), doc).map_err(|e| Error::Backend {
        format: "DOCX",
        message: e.to_string(),
    })
}

fn xml_escape(s: &str) -> String {
    let s = xml_safe(s);
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Packs docx-rs's parts ourselves (it stores them uncompressed and leaves the title and
/// language out): deflate, fixed timestamps, the metadata filled in, the same part order and
/// names as its own packer, without empty directory entries.
fn package(
    xml: docx_rs::XMLDocx,
    doc: &Document,
) -> std::result::Result<Vec<u8>, std::string::FromUtf8Error> {
    let author = xml_escape(&doc.meta.author);
    let core = String::from_utf8(xml.doc_props.core)?
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!(
                "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{author}</dc:creator><dc:language>{}</dc:language>",
                xml_escape(&doc.meta.title),
                xml_escape(&doc.meta.subject),
                xml_escape(&doc.meta.language)
            ),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"),
        );
    // docx-rs ends each section with an empty paragraph holding its properties: make it
    // hairline-thin so that it cannot spill onto a page of its own.
    let mut para_id = 0;
    let document = schema_order_sect_pr(&String::from_utf8(xml.document)?);
    let document = renumber_para_ids(&document, &mut para_id).replace(
        "<w:pPr><w:sectPr>",
        r#"<w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact" /><w:rPr><w:sz w:val="2" /></w:rPr><w:sectPr>"#,
    );
    // Vietnamese proofing language for every run.
    let lang = format!("<w:lang w:val=\"{}\" />", xml_escape(&doc.meta.language));
    let styles = String::from_utf8(xml.styles)?
        .replacen(
            "<w:rPrDefault><w:rPr>",
            &format!("<w:rPrDefault><w:rPr>{lang}"),
            1,
        )
        // Paragraphs without a style fall back to Normal only if it is the default.
        .replacen(
            r#"<w:style w:type="paragraph" w:styleId="Normal">"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#,
            1,
        );
    let mut z = crate::backend::package::ZipWriter::new();
    z.add("[Content_Types].xml", &xml.content_type);
    z.add("_rels/.rels", &xml.rels);
    z.add("docProps/app.xml", &xml.doc_props.app);
    z.add("docProps/core.xml", core.as_bytes());
    z.add("docProps/custom.xml", &xml.doc_props.custom);
    z.add("word/_rels/document.xml.rels", &xml.document_rels);
    z.add("word/document.xml", document.as_bytes());
    z.add("word/styles.xml", styles.as_bytes());
    z.add("word/settings.xml", &xml.settings);
    z.add("word/fontTable.xml", &xml.font_table);
    z.add("word/comments.xml", &xml.comments);
    z.add("word/numbering.xml", &xml.numberings);
    z.add("word/commentsExtended.xml", &xml.comments_extended);
    z.add("word/footnotes.xml", &xml.footnotes);
    let numbers = header_numbers(xml.headers.len());
    for (i, h) in xml.headers.iter().enumerate() {
        let n = numbers[i];
        let h = renumber_para_ids(&String::from_utf8(h.clone())?, &mut para_id);
        z.add(&format!("word/header{n}.xml"), h.as_bytes());
        if let Some(rels) = xml.header_rels.get(i) {
            z.add(&format!("word/_rels/header{n}.xml.rels"), rels);
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        z.add(&format!("word/footer{}.xml", i + 1), f);
        if let Some(rels) = xml.footer_rels.get(i) {
            z.add(&format!("word/_rels/footer{}.xml.rels", i + 1), rels);
        }
    }
    Ok(z.finish())
}

/// docx-rs writes the header references last in `w:sectPr`; the schema (and strict readers)
/// want them first.
fn schema_order_sect_pr(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<w:sectPr>") {
        let Some(end) = rest[start..].find("</w:sectPr>").map(|e| start + e) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str("<w:sectPr>");
        let inner = &rest[start + "<w:sectPr>".len()..end];
        let mut refs = String::new();
        let mut others = String::new();
        let mut pos = 0;
        while let Some(i) = inner[pos..].find('<') {
            let i = pos + i;
            let j = inner[i..]
                .find("/>")
                .map(|j| i + j + 2)
                .unwrap_or(inner.len());
            let element = &inner[i..j];
            if element.starts_with("<w:headerReference")
                || element.starts_with("<w:footerReference")
            {
                refs.push_str(element);
            } else {
                others.push_str(element);
            }
            pos = j;
        }
        out.push_str(&refs);
        out.push_str(&others);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// docx-rs numbers paragraphs (`w14:paraId`) from a per-thread counter that runs on across
/// documents, and gives section breaks numbers already used: number them afresh, in order, so
/// that the bytes depend on the document only and every id is unique.
fn renumber_para_ids(xml: &str, next: &mut u32) -> String {
    const KEY: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(KEY) {
        let start = i + KEY.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..start]);
        *next += 1;
        out.push_str(&format!("{:08X}", *next));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// docx-rs orders header parts by their relationship ids as text (`rIdHeader10` before
/// `rIdHeader2`) but names them by position: the number each position's part must carry.
fn header_numbers(count: usize) -> Vec<usize> {
    let mut ids: Vec<String> = (1..=count).map(|n| format!("rIdHeader{n}")).collect();
    ids.sort();
    ids.iter()
        .map(|id| id["rIdHeader".len()..].parse().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_ids_are_identifiers() {
        assert_eq!(style_id("hdr-party"), "HosoHdrParty");
        assert_eq!(style_id("body"), "HosoBody");
    }

    #[test]
    fn header_references_come_first_in_sect_pr() {
        let xml = r#"<w:body><w:p /><w:sectPr><w:pgSz w:w="1" /><w:cols w:num="1" /><w:headerReference w:type="default" r:id="a" /><w:titlePg /></w:sectPr></w:body>"#;
        assert_eq!(
            schema_order_sect_pr(xml),
            r#"<w:body><w:p /><w:sectPr><w:headerReference w:type="default" r:id="a" /><w:pgSz w:w="1" /><w:cols w:num="1" /><w:titlePg /></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn every_sect_pr_is_put_in_order() {
        let xml = r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="1" /><w:headerReference w:type="default" r:id="a" /></w:sectPr></w:pPr></w:p><w:sectPr><w:cols w:num="1" /><w:headerReference w:type="default" r:id="b" /></w:sectPr>"#;
        assert_eq!(
            schema_order_sect_pr(xml),
            r#"<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="a" /><w:pgSz w:w="1" /></w:sectPr></w:pPr></w:p><w:sectPr><w:headerReference w:type="default" r:id="b" /><w:cols w:num="1" /></w:sectPr>"#
        );
    }

    #[test]
    fn paragraph_ids_are_numbered_afresh_and_headers_keep_their_numbers() {
        let mut n = 0;
        let xml = r#"<w:p w14:paraId="00000007" /><w:p w14:paraId="00000001" />"#;
        assert_eq!(
            renumber_para_ids(xml, &mut n),
            r#"<w:p w14:paraId="00000001" /><w:p w14:paraId="00000002" />"#
        );
        assert_eq!(header_numbers(3), [1, 2, 3]);
        assert_eq!(header_numbers(11)[..4], [1, 10, 11, 2]);
    }

    #[test]
    fn xml_safe_drops_controls() {
        assert_eq!(xml_safe("a\u{1}b\u{7f}c"), "abc");
    }
}
