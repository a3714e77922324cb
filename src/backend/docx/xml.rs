//! WordprocessingML text: an escaping XML builder and the paragraph and run properties,
//! each written in the child order of the ECMA-376 transitional schema (CT_PPr, CT_RPr).
//!
//! Order is the point: Word and schema validators reject properties out of sequence, so
//! every element that has properties writes them here, from one place, in schema order.

use crate::layout::fonts;
use std::fmt::{Display, Write};

/// An XML part under construction. Attribute values and text are escaped here, and
/// characters that XML 1.0 cannot hold are dropped, so no caller can write a broken part.
pub struct Xml {
    out: String,
    scratch: String,
}

impl Xml {
    /// A part starting with the XML declaration.
    pub fn new() -> Self {
        let mut out = String::with_capacity(16 * 1024);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        Xml {
            out,
            scratch: String::new(),
        }
    }

    /// A fragment to be spliced into a part (no declaration).
    pub fn fragment() -> Self {
        Xml {
            out: String::new(),
            scratch: String::new(),
        }
    }

    /// `<tag a="v" …>`.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &dyn Display)]) {
        self.start(tag, attrs);
        self.out.push('>');
    }

    /// `<tag a="v" … />`.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &dyn Display)]) {
        self.start(tag, attrs);
        self.out.push_str(" />");
    }

    pub fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// Escaped character data.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// Already well-formed markup (a namespace list, a fixed part).
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `<tag xml:space="preserve">text</tag>`: Word keeps leading and trailing spaces only so.
    pub fn text_element(&mut self, tag: &str, s: &str) {
        self.open(tag, &[("xml:space", &"preserve")]);
        self.text(s);
        self.close(tag);
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &dyn Display)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.scratch.clear();
            // Writing to a String cannot fail.
            let _ = write!(self.scratch, "{value}");
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, &self.scratch);
            self.out.push('"');
        }
    }
}

/// Escapes `s` for text or a double-quoted attribute; drops what XML 1.0 cannot hold (the
/// document model should have none, but a backend must never write a file Word refuses).
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
}

/// Points to twentieths of a point, Word's unit for lengths.
pub fn twips(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

/// Points to half points, Word's unit for font sizes.
pub fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

/// A run of text with properties `rpr`; a non-breaking hyphen (U+2011) is written as Word's
/// own `<w:noBreakHyphen />`, which Word draws with the font's hyphen.
pub fn run(x: &mut Xml, rpr: RPr, text: &str) {
    x.open("w:r", &[]);
    rpr.write(x);
    for (i, part) in text.split(crate::layout::glue::NB_HYPHEN).enumerate() {
        if i > 0 {
            x.leaf("w:noBreakHyphen", &[]);
        }
        if !part.is_empty() || i == 0 {
            x.text_element("w:t", part);
        }
    }
    x.close("w:r");
}

/// A run holding one tab character.
pub fn tab(x: &mut Xml) {
    x.raw("<w:r><w:tab /></w:r>");
}

/// A field as Word writes one: begin, instruction, separate, the result already computed
/// (so the file is right before anyone updates it), end; each in a run of its own.
pub fn field(x: &mut Xml, instr: &str, result: &str, rpr: RPr) {
    field_begin(x, instr, rpr);
    run(x, rpr, result);
    field_char(x, "end", rpr);
}

/// A field's begin, instruction and separate runs; the caller writes the result and end.
pub fn field_begin(x: &mut Xml, instr: &str, rpr: RPr) {
    field_char(x, "begin", rpr);
    x.open("w:r", &[]);
    rpr.write(x);
    x.text_element("w:instrText", instr);
    x.close("w:r");
    field_char(x, "separate", rpr);
}

/// `kind`: begin, separate or end.
pub fn field_char(x: &mut Xml, kind: &str, rpr: RPr) {
    x.open("w:r", &[]);
    rpr.write(x);
    x.leaf("w:fldChar", &[("w:fldCharType", &kind)]);
    x.close("w:r");
}

/// Run properties (CT_RPr), the subset hoso sets.
#[derive(Clone, Copy, Default)]
pub struct RPr<'a> {
    /// Times New Roman in all four script slots.
    pub fonts: bool,
    pub bold: bool,
    pub italic: bool,
    /// Half points.
    pub size: Option<usize>,
    pub underline: bool,
    pub lang: Option<&'a str>,
}

impl RPr<'_> {
    fn is_empty(&self) -> bool {
        !(self.fonts || self.bold || self.italic || self.underline)
            && self.size.is_none()
            && self.lang.is_none()
    }

    /// Writes `<w:rPr>` in schema order; nothing when no property is set.
    pub fn write(&self, x: &mut Xml) {
        if self.is_empty() {
            return;
        }
        x.open("w:rPr", &[]);
        if self.fonts {
            let f = &fonts::WORD_FAMILY;
            x.leaf(
                "w:rFonts",
                &[
                    ("w:ascii", f),
                    ("w:hAnsi", f),
                    ("w:eastAsia", f),
                    ("w:cs", f),
                ],
            );
        }
        if self.bold {
            x.leaf("w:b", &[]);
            x.leaf("w:bCs", &[]);
        }
        if self.italic {
            x.leaf("w:i", &[]);
            x.leaf("w:iCs", &[]);
        }
        if let Some(sz) = self.size {
            x.leaf("w:sz", &[("w:val", &sz)]);
            x.leaf("w:szCs", &[("w:val", &sz)]);
        }
        if self.underline {
            x.leaf("w:u", &[("w:val", &"single")]);
        }
        if let Some(lang) = self.lang {
            x.leaf("w:lang", &[("w:val", &lang)]);
        }
        x.close("w:rPr");
    }
}

/// A bottom border (CT_Border): rules and running heads.
#[derive(Clone, Copy)]
pub struct Border {
    /// Eighths of a point.
    pub size: usize,
    /// Points between the text and the line.
    pub space: usize,
    pub color: &'static str,
}

/// A right-aligned tab stop, with or without a dot leader.
#[derive(Clone, Copy)]
pub struct Tab {
    /// Twips from the left margin.
    pub pos: i32,
    pub dots: bool,
}

/// Paragraph spacing (CT_Spacing), twips.
#[derive(Clone, Copy)]
pub struct Spacing {
    pub before: i32,
    pub after: i32,
    pub line: i32,
    /// `exact` rather than `auto` (where `line` is in 240ths of a line).
    pub exact: bool,
}

/// Indents (CT_Ind), twips.
#[derive(Clone, Copy)]
pub struct Ind {
    pub left: i32,
    pub right: i32,
    pub first_line: Option<i32>,
}

/// Paragraph properties (CT_PPr; in a style or the defaults CT_PPrGeneral, which has no
/// mark properties nor section).
#[derive(Default)]
pub struct PPr<'a> {
    pub style: Option<&'a str>,
    pub keep_next: bool,
    pub page_break_before: bool,
    /// No lone first or last line of a paragraph on a page. The schema's default is off and
    /// LibreOffice follows it, so styles say it, as our layout does it.
    pub widow_control: bool,
    pub bottom_border: Option<Border>,
    pub tab: Option<Tab>,
    pub spacing: Option<Spacing>,
    pub ind: Option<Ind>,
    pub jc: Option<&'static str>,
    /// Word's outline level, from 0.
    pub outline: Option<usize>,
    /// Properties of the paragraph mark.
    pub mark: RPr<'a>,
    /// A finished `<w:sectPr>`: this paragraph ends a section.
    pub section: Option<&'a str>,
}

impl PPr<'_> {
    /// Writes `<w:pPr>` in schema order (empty when nothing is set, which the schema allows).
    pub fn write(&self, x: &mut Xml) {
        x.open("w:pPr", &[]);
        if let Some(s) = self.style {
            x.leaf("w:pStyle", &[("w:val", &s)]);
        }
        if self.keep_next {
            x.leaf("w:keepNext", &[]);
        }
        if self.page_break_before {
            x.leaf("w:pageBreakBefore", &[]);
        }
        if self.widow_control {
            x.leaf("w:widowControl", &[]);
        }
        if let Some(b) = self.bottom_border {
            x.open("w:pBdr", &[]);
            x.leaf(
                "w:bottom",
                &[
                    ("w:val", &"single"),
                    ("w:sz", &b.size),
                    ("w:space", &b.space),
                    ("w:color", &b.color),
                ],
            );
            x.close("w:pBdr");
        }
        if let Some(t) = self.tab {
            x.open("w:tabs", &[]);
            if t.dots {
                x.leaf(
                    "w:tab",
                    &[("w:val", &"right"), ("w:leader", &"dot"), ("w:pos", &t.pos)],
                );
            } else {
                x.leaf("w:tab", &[("w:val", &"right"), ("w:pos", &t.pos)]);
            }
            x.close("w:tabs");
        }
        if let Some(s) = self.spacing {
            let rule = if s.exact { "exact" } else { "auto" };
            x.leaf(
                "w:spacing",
                &[
                    ("w:before", &s.before),
                    ("w:after", &s.after),
                    ("w:line", &s.line),
                    ("w:lineRule", &rule),
                ],
            );
        }
        self.write_tail(x);
        x.close("w:pPr");
    }

    /// The properties after spacing: indents, alignment, outline level, mark, section.
    fn write_tail(&self, x: &mut Xml) {
        if let Some(i) = self.ind {
            match i.first_line {
                Some(f) => x.leaf(
                    "w:ind",
                    &[
                        ("w:left", &i.left),
                        ("w:right", &i.right),
                        ("w:firstLine", &f),
                    ],
                ),
                None => x.leaf("w:ind", &[("w:left", &i.left), ("w:right", &i.right)]),
            }
        }
        if let Some(jc) = self.jc {
            x.leaf("w:jc", &[("w:val", &jc)]);
        }
        if let Some(level) = self.outline {
            x.leaf("w:outlineLvl", &[("w:val", &level)]);
        }
        self.mark.write(x);
        if let Some(s) = self.section {
            x.raw(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_controls_dropped() {
        let mut x = Xml::new();
        x.open("w:t", &[("a", &"x\"<&>")]);
        x.text("a\u{1}b & <c>\u{7f}");
        x.close("w:t");
        let s = x.finish();
        assert!(s.ends_with(r#"<w:t a="x&quot;&lt;&amp;&gt;">ab &amp; &lt;c&gt;</w:t>"#));
    }

    #[test]
    fn paragraph_properties_come_in_schema_order() {
        let mut x = Xml::new();
        PPr {
            style: Some("S"),
            keep_next: true,
            tab: Some(Tab { pos: 9, dots: true }),
            spacing: Some(Spacing {
                before: 0,
                after: 0,
                line: 20,
                exact: true,
            }),
            ind: Some(Ind {
                left: 1,
                right: 1,
                first_line: None,
            }),
            jc: Some("both"),
            mark: RPr {
                size: Some(2),
                ..RPr::default()
            },
            ..PPr::default()
        }
        .write(&mut x);
        let s = x.finish();
        let order: Vec<usize> = [
            "pStyle", "keepNext", "tabs", "spacing", "ind", "jc", "rPr", "sz",
        ]
        .iter()
        .map(|t| s.find(&format!("<w:{t}")).expect(t))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{s}");
    }
}
