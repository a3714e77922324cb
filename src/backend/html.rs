//! The HTML backend of the document model: one document as an A4-looking page for a browser
//! preview. The DOCX and PDF backends stay the real output; this one shows the text faithfully
//! (styles, marks, columns, tables, blanks) with CSS, without pagination.

use crate::document::{
    Blank, BlankKind, Block, Columns, ContentsEntry, Document, Inline, Paragraph, Section, Table,
    mm,
};
use crate::error::{Error, Result};
use crate::template::profile::{Align, Style};
use crate::template::{Engine, RenderOptions};

/// The document as an HTML fragment: a `<div class="page">` whose size and margins are the
/// document's page setup, every text escaped. It holds no script and no external reference.
pub fn render(doc: &Document) -> String {
    let p = &doc.page;
    let mut out = format!(
        "<div class=\"page\" style=\"width:{}mm;min-height:{}mm;padding:{}mm {}mm {}mm {}mm{}\">",
        p.width_mm,
        p.height_mm,
        p.margin_top_mm,
        p.margin_right_mm,
        p.margin_bottom_mm,
        p.margin_left_mm,
        // A stacking context, so that the draft mark sits behind the text, on the sheet.
        if doc.meta.draft.is_some() {
            ";position:relative;z-index:0;overflow:hidden"
        } else {
            ""
        }
    );
    if let Some(mark) = &doc.meta.draft {
        draft_mark(doc, mark, &mut out);
    }
    blocks(doc, &doc.blocks, &mut out);
    out.push_str("</div>");
    out
}

/// The draft mark across the first sheet, as the PDF draws it on every page.
fn draft_mark(doc: &Document, mark: &crate::template::profile::Watermark, out: &mut String) {
    use crate::layout::fonts::{Variant, diagonal_fit};
    let (w, h) = (mm(doc.page.width_mm), mm(doc.page.height_mm));
    let (size, _, angle) = diagonal_fit(Variant::Bold, &mark.text, mark.size_pt, w, h);
    let grey = (mark.grey.clamp(0.0, 1.0) * 255.0).round() as u8;
    out.push_str(&format!(
        "<div class=\"draft-mark\" aria-hidden=\"true\" style=\"position:absolute;left:50%;\
         top:{}mm;transform:translate(-50%,-50%) rotate(-{:.1}deg);font-size:{size:.1}pt;\
         font-weight:bold;white-space:nowrap;color:rgb({grey},{grey},{grey});z-index:-1;\
         pointer-events:none\">{}</div>",
        doc.page.height_mm / 2.0,
        angle.to_degrees(),
        escape(&mark.text)
    ));
}

/// Renders one document of a case (by id, `KT-01`) for the browser preview.
pub fn preview(
    engine: &Engine,
    file: &crate::input::CaseFile,
    doc_id: &str,
    opts: &RenderOptions,
) -> Result<String> {
    crate::dossier::documents(engine, file, opts)?
        .into_iter()
        .find(|(spec, _)| spec.id == doc_id)
        .map(|(_, doc)| render(&doc))
        .ok_or_else(|| Error::Invalid {
            path: "doc".to_string(),
            message: format!("bộ «{}» không có văn bản «{doc_id}»", file.set),
        })
}

fn blocks(doc: &Document, list: &[Block], out: &mut String) {
    for b in list {
        match b {
            Block::Paragraph(p) => paragraph(doc, p, "p", out),
            Block::Columns(c) => columns(doc, c, out),
            Block::Table(t) => table(doc, t, out),
            Block::Rule(r) => out.push_str(&format!(
                "<hr class=\"rule\" style=\"width:{}pt;border-top-width:{}pt;margin-top:{}pt\">",
                r.width, r.thickness, r.space_before
            )),
            Block::Space(lines) => out.push_str(&format!(
                "<div class=\"space\" style=\"height:{}em\"></div>",
                lines * 1.2
            )),
            Block::Keep(inner) => {
                out.push_str("<div class=\"keep\">");
                blocks(doc, inner, out);
                out.push_str("</div>");
            }
            Block::PageBreak => out.push_str("<div class=\"pagebreak\"></div>"),
            Block::Section(s) => section(s, out),
            Block::Contents(entries) => contents(entries, out),
        }
    }
}

fn section(s: &Section, out: &mut String) {
    out.push_str("<div class=\"pagebreak\"></div>");
    if let Some(running) = &s.running {
        out.push_str("<div class=\"running\">");
        escape_into(running, out);
        out.push_str("</div>");
    }
}

fn contents(entries: &[ContentsEntry], out: &mut String) {
    out.push_str("<ul class=\"contents\">");
    for e in entries {
        out.push_str(&format!("<li class=\"level{}\">", e.level));
        escape_into(&e.text, out);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn columns(doc: &Document, c: &Columns, out: &mut String) {
    out.push_str("<div class=\"columns\">");
    for (i, cell) in c.cells.iter().enumerate() {
        let w = c.widths.get(i).copied().unwrap_or(0.0) * 100.0;
        out.push_str(&format!("<div class=\"column\" style=\"width:{w:.2}%\">"));
        blocks(doc, cell, out);
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

fn table(doc: &Document, t: &Table, out: &mut String) {
    out.push_str("<table class=\"ruled\"><colgroup>");
    for w in &t.widths {
        out.push_str(&format!("<col style=\"width:{:.2}%\">", w * 100.0));
    }
    out.push_str("</colgroup>");
    for (tag, rows) in [("th", &t.header), ("td", &t.rows)] {
        for row in rows.iter() {
            out.push_str("<tr>");
            for cell in row {
                out.push_str(&format!("<{tag}>"));
                paragraph(doc, cell, "div", out);
                out.push_str(&format!("</{tag}>"));
            }
            out.push_str("</tr>");
        }
    }
    out.push_str("</table>");
}

fn paragraph(doc: &Document, p: &Paragraph, tag: &str, out: &mut String) {
    let style = doc.style(p.style);
    out.push_str(&format!("<{tag} style=\"{}\">", style_css(style)));
    for i in &p.inlines {
        match i {
            Inline::Text(run) => {
                let m = run.marks;
                let tags: Vec<&str> = [(m.bold, "b"), (m.italic, "i"), (m.underline, "u")]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, t)| *t)
                    .collect();
                tags.iter().for_each(|t| out.push_str(&format!("<{t}>")));
                escape_into(&run.text, out);
                tags.iter()
                    .rev()
                    .for_each(|t| out.push_str(&format!("</{t}>")));
            }
            Inline::Break => out.push_str("<br>"),
            Inline::Blank(b) => blank(b, out),
        }
    }
    if p.inlines.is_empty() {
        // An empty paragraph still takes a line, as in Word.
        out.push_str("&nbsp;");
    }
    out.push_str(&format!("</{tag}>"));
}

fn blank(b: &Blank, out: &mut String) {
    let class = match b.kind {
        BlankKind::Dots => "dots",
        BlankKind::Room => "room",
        BlankKind::Line => "line",
    };
    out.push_str(&format!(
        "<span class=\"blank {class}\" style=\"min-width:{}pt\"></span>",
        b.width
    ));
}

fn style_css(s: &Style) -> String {
    let align = match s.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "justify",
    };
    format!(
        "font-size:{}pt;font-weight:{};font-style:{};text-decoration:{};text-align:{align};\
         text-indent:{}mm;margin:{}pt 0 {}pt {}mm;line-height:{}",
        s.size,
        if s.bold { "bold" } else { "normal" },
        if s.italic { "italic" } else { "normal" },
        if s.underline { "underline" } else { "none" },
        s.first_indent_mm,
        s.space_before_pt,
        s.space_after_pt,
        s.left_indent_mm,
        s.line_spacing * 1.15
    )
}

/// Escapes text for HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_escapes_and_holds_the_names() {
        let engine = Engine::builtin().unwrap();
        let mut file = crate::input::read::sample("kiem-tra").unwrap().unwrap();
        file.cell.place = "Tân <b>Hòa</b>".to_string();
        let html = preview(&engine, &file, "KT-01", &RenderOptions::default()).unwrap();
        assert!(html.contains("Lê Văn Cường"), "{html}");
        assert!(html.contains("Tân &lt;b&gt;Hòa&lt;/b&gt;"));
        assert!(!html.contains("<b>Hòa"));
        assert!(preview(&engine, &file, "KT-99", &RenderOptions::default()).is_err());
    }

    #[test]
    fn a_draft_preview_carries_the_mark_behind_the_text() {
        let engine = Engine::builtin().unwrap();
        let file = crate::input::read::sample("kiem-tra").unwrap().unwrap();
        let draft = RenderOptions {
            draft: true,
            ..RenderOptions::default()
        };
        let html = preview(&engine, &file, "KT-01", &draft).unwrap();
        let at = html.find("class=\"draft-mark\"").expect("a draft mark");
        assert!(html[at..].contains(">DỰ THẢO</div>"), "{html}");
        assert!(
            html[..at].contains("z-index:0"),
            "the sheet stacks the mark behind"
        );
        let plain = preview(&engine, &file, "KT-01", &RenderOptions::default()).unwrap();
        assert!(!plain.contains("draft-mark") && !plain.contains("DỰ THẢO"));
    }
}
