//! Page furniture: section properties (CT_SectPr) and the header parts, the page number of
//! a plain document and a booklet section's running head.

use super::parts::{W_NS, header_rel};
use super::xml::{self, Border, PPr, RPr, Tab, Xml, half_points, twips};
use crate::document::{Document, Section, mm};
use crate::layout::fonts::{self, Variant, WORD_FAMILY};
use crate::template::profile::{PageSetup, Watermark};

/// `<w:sectPr>` in schema order: header references, page size and margins, and `title_pg`
/// for a first page with its own header. `headers`: (reference type, header part number).
pub fn sect_pr(page: &PageSetup, headers: &[(&str, usize)], title_pg: bool) -> String {
    let mut x = Xml::fragment();
    x.open("w:sectPr", &[]);
    for (kind, n) in headers {
        x.leaf(
            "w:headerReference",
            &[("w:type", kind), ("r:id", &header_rel(*n))],
        );
    }
    x.leaf(
        "w:pgSz",
        &[
            ("w:w", &twips(mm(page.width_mm))),
            ("w:h", &twips(mm(page.height_mm))),
        ],
    );
    x.leaf(
        "w:pgMar",
        &[
            ("w:top", &twips(mm(page.margin_top_mm))),
            ("w:right", &twips(mm(page.margin_right_mm))),
            ("w:bottom", &twips(mm(page.margin_bottom_mm))),
            ("w:left", &twips(mm(page.margin_left_mm))),
            ("w:header", &twips(mm(page.page_number_from_top_mm))),
            ("w:footer", &twips(mm(page.margin_bottom_mm / 2.0))),
            ("w:gutter", &0),
        ],
    );
    if title_pg {
        x.leaf("w:titlePg", &[]);
    }
    x.close("w:sectPr");
    x.finish()
}

/// The VML namespaces of a draft mark's shape.
const VML_NS: &str =
    r#" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#;

/// A header part around one paragraph that `para` writes; on a draft, the paragraph also
/// anchors the mark, which Word draws behind the text of every page using this header.
fn header(doc: &Document, para: impl FnOnce(&mut Xml)) -> String {
    let mut x = Xml::new();
    x.raw("<w:hdr ");
    x.raw(W_NS);
    if doc.meta.draft.is_some() {
        x.raw(VML_NS);
    }
    x.raw("><w:p>");
    para(&mut x);
    if let Some(mark) = &doc.meta.draft {
        draft_mark(&mut x, mark, &doc.page);
    }
    x.raw("</w:p></w:hdr>");
    x.finish()
}

/// The draft mark as Word writes its own text watermarks: a VML text-path shape, centred on
/// the page, turned to run corner to corner as in the PDF, light grey, behind the text.
fn draft_mark(x: &mut Xml, mark: &Watermark, page: &PageSetup) {
    let (w, h) = (mm(page.width_mm), mm(page.height_mm));
    let (size, width, angle) = fonts::diagonal_fit(Variant::Bold, &mark.text, mark.size_pt, w, h);
    let grey = (mark.grey.clamp(0.0, 1.0) * 255.0).round() as u8;
    let style = format!(
        "position:absolute;margin-left:0;margin-top:0;width:{width:.1}pt;height:{size:.1}pt;\
         rotation:{};z-index:-251654144;mso-position-horizontal:center;\
         mso-position-horizontal-relative:page;mso-position-vertical:center;\
         mso-position-vertical-relative:page",
        360 - angle.to_degrees().round() as i32
    );
    x.open("w:r", &[]);
    x.open("w:pict", &[]);
    x.open(
        "v:shape",
        &[
            ("id", &"hosoDraftMark"),
            ("o:spt", &136),
            ("style", &style),
            ("fillcolor", &format!("#{grey:02X}{grey:02X}{grey:02X}")),
            ("stroked", &"f"),
        ],
    );
    x.leaf("v:path", &[("textpathok", &"t")]);
    x.leaf(
        "v:textpath",
        &[
            ("on", &"t"),
            ("fitshape", &"t"),
            (
                "style",
                &format!("font-family:\"{WORD_FAMILY}\";font-size:1pt;font-weight:bold"),
            ),
            ("string", &mark.text),
        ],
    );
    x.close("v:shape");
    x.close("w:pict");
    x.close("w:r");
}

/// The page number, centred, in its own size.
pub fn page_number_head(doc: &Document) -> String {
    let size = half_points(doc.page.page_number_size);
    let rpr = RPr {
        fonts: true,
        size: Some(size),
        ..RPr::default()
    };
    header(doc, |x| {
        PPr {
            jc: Some("center"),
            mark: rpr,
            ..PPr::default()
        }
        .write(x);
        xml::field(x, "PAGE", "1", rpr);
    })
}

/// The first page's header: nothing (but a draft's mark).
pub fn empty_head(doc: &Document) -> String {
    header(doc, |_| {})
}

/// A booklet page head: the section's running text, the page number at the right margin, a
/// thin rule under both (as the PDF layout draws it).
pub fn running_head(doc: &Document, section: &Section, avail: f32) -> String {
    let size = doc
        .styles
        .iter()
        .find(|s| s.name == "running")
        .map_or(doc.page.page_number_size, |s| s.size);
    let rpr = RPr {
        fonts: true,
        size: Some(half_points(size)),
        ..RPr::default()
    };
    header(doc, |x| {
        PPr {
            bottom_border: section.running.as_ref().map(|_| Border {
                size: 4,
                space: 1,
                color: "auto",
            }),
            tab: Some(Tab {
                pos: twips(avail).max(0),
                dots: false,
            }),
            mark: rpr,
            ..PPr::default()
        }
        .write(x);
        if let Some(text) = &section.running {
            let italic = RPr {
                italic: true,
                ..rpr
            };
            xml::run(x, italic, text);
        }
        if section.page_numbers {
            xml::tab(x);
            xml::field(x, "PAGE", "1", rpr);
        }
    })
}
