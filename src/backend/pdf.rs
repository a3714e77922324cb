//! The PDF backend: lays a `Document` out (`layout`) and draws it with krilla, which shapes
//! nothing here (we pass shaped glyphs) but embeds and subsets the fonts. It also writes the
//! print bundle (many documents in one file, one bookmark each), the draft watermark and
//! PDF/A-2b for the archive.

use crate::document::{Document, Meta, mm};
use crate::error::{Error, Result};
use crate::layout::fonts::{self, Variant};
use crate::layout::{self, GlyphRun, Item, Page};
use crate::template::profile::Watermark;
use krilla::Document as PdfDocument;
use krilla::color::luma;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{SerializeSettings, error::KrillaError};
use std::sync::OnceLock;

fn font(v: Variant) -> Font {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        Variant::ALL
            .iter()
            .map(|v| Font::new(v.embed_data().into(), 0).expect("embedded font loads"))
            .collect()
    })[v as usize]
        .clone()
}

fn backend_error(message: String) -> Error {
    Error::Backend {
        format: "PDF",
        message,
    }
}

fn metadata(m: &Meta) -> Result<Metadata> {
    let mut md = Metadata::new()
        .title(m.title.clone())
        .description(m.subject.clone())
        .language(m.language.clone())
        .creator("hoso".to_string())
        .producer("hoso (krilla)".to_string());
    if !m.author.is_empty() {
        md = md.authors(vec![m.author.clone()]);
    }
    if !m.identifier.is_empty() {
        md = md.document_id(m.identifier.clone());
    }
    match m
        .date
        .as_deref()
        .and_then(crate::input::date::Date::parse_iso)
    {
        Some(d) => md = md.creation_date(DateTime::new(d.year).month(d.month).day(d.day)),
        // PDF/A records a creation date; hoso never reads the clock, so one must be given.
        None if m.archival => {
            return Err(Error::Invalid {
                path: "--date".to_string(),
                message: "tệp PDF/A phải ghi ngày lập: thêm --date NĂM-THÁNG-NGÀY (ví dụ \
                          ngày ký văn bản), hoặc bỏ --pdfa"
                    .to_string(),
            });
        }
        None => {}
    }
    Ok(md)
}

/// A new PDF, PDF/A-2b when the metadata asks for the archive.
fn new_pdf(m: &Meta) -> Result<PdfDocument> {
    let mut settings = SerializeSettings::default();
    if m.archival {
        settings.configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_B)
            .finish()
            .map_err(|e| backend_error(format!("{e:?}")))?;
    }
    let mut pdf = PdfDocument::new_with(settings);
    pdf.set_metadata(metadata(m)?);
    Ok(pdf)
}

fn finish(pdf: PdfDocument) -> Result<Vec<u8>> {
    pdf.finish().map_err(|e| match e {
        KrillaError::Validation(errors) => backend_error(format!(
            "tệp chưa đạt PDF/A-2b: {:?}",
            errors.iter().map(|(e, _)| e).collect::<Vec<_>>()
        )),
        e => backend_error(format!("{e:?}")),
    })
}

/// The glyph drawn for a character the font lacks: its own empty box (`.notdef`), which
/// PDF/A forbids; there, the font's "□" in the same space, as the input warning promised.
fn missing_glyph(run: &GlyphRun, archival: bool) -> u16 {
    match archival {
        true => fonts::shape(run.variant, "\u{25A1}")
            .glyphs
            .first()
            .map_or(0, |g| g.id),
        false => 0,
    }
}

fn glyphs(run: &GlyphRun, archival: bool) -> Vec<KrillaGlyph> {
    let shaped = &run.shaped.glyphs;
    let missing = missing_glyph(run, archival);
    shaped
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let start = g.cluster as usize;
            let end = shaped
                .get(i + 1..)
                .and_then(|rest| rest.iter().find(|n| n.cluster != g.cluster))
                .map(|n| n.cluster as usize)
                .unwrap_or(run.text.len());
            KrillaGlyph::new(
                GlyphId::new(if g.id == 0 { missing } else { g.id } as u32),
                g.x_advance,
                g.x_offset,
                // Our offsets are y-up (font units); the page is y-down.
                -g.y_offset,
                0.0,
                start..end.max(start),
                None,
            )
        })
        .collect()
}

/// The draft mark, corner to corner in light grey, drawn first so the text stays on top.
fn draw_watermark(surface: &mut Surface, mark: &Watermark, w: f32, h: f32, archival: bool) {
    let shaped = fonts::shape(Variant::Bold, &mark.text);
    let (size, width, angle) = fonts::diagonal_fit(Variant::Bold, &mark.text, mark.size_pt, w, h);
    let run = GlyphRun {
        x: -width / 2.0,
        baseline: fonts::metrics(Variant::Bold).ascent * size * 0.35,
        text: mark.text.clone(),
        variant: Variant::Bold,
        size,
        shaped,
    };
    // The page is y-down: rising to the right is a negative rotation.
    let (sin, cos) = (-angle).sin_cos();
    surface.push_transform(&Transform::from_row(cos, sin, -sin, cos, w / 2.0, h / 2.0));
    let grey = (mark.grey.clamp(0.0, 1.0) * 255.0).round() as u8;
    surface.set_fill(Some(Fill {
        paint: luma::Color::new(grey).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }));
    draw_text(surface, &run, archival);
    surface.set_fill(Some(Fill::default()));
    surface.pop();
}

fn draw_text(surface: &mut Surface, run: &GlyphRun, archival: bool) {
    surface.draw_glyphs(
        Point::from_xy(run.x, run.baseline),
        &glyphs(run, archival),
        font(run.variant),
        &run.text,
        run.size,
        false,
    );
}

fn draw_page(pdf: &mut PdfDocument, page: &Page, meta: &Meta, w: f32, h: f32) -> Result<()> {
    let settings = PageSettings::from_wh(w, h)
        .ok_or_else(|| backend_error(format!("khổ giấy không hợp lệ {w}×{h}")))?;
    let mut p = pdf.start_page_with(settings);
    let mut surface = p.surface();
    if let Some(mark) = &meta.draft {
        draw_watermark(&mut surface, mark, w, h, meta.archival);
    }
    for item in &page.items {
        match item {
            Item::Text(run) => draw_text(&mut surface, run, meta.archival),
            Item::Rect { x, y, w, h } => {
                if let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) {
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        surface.draw_path(&path);
                    }
                }
            }
        }
    }
    surface.finish();
    p.finish();
    Ok(())
}

fn draw_document(pdf: &mut PdfDocument, doc: &Document, pages: &[Page]) -> Result<()> {
    let (w, h) = (mm(doc.page.width_mm), mm(doc.page.height_mm));
    for page in pages {
        draw_page(pdf, page, &doc.meta, w, h)?;
    }
    Ok(())
}

/// Renders a document to PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    render_pages(doc, &layout::layout(doc))
}

/// Renders a document already laid out (`pages` from `layout::layout(doc)`), so that a
/// product that counted its pages does not lay it out twice.
pub fn render_pages(doc: &Document, pages: &[Page]) -> Result<Vec<u8>> {
    let mut pdf = new_pdf(&doc.meta)?;
    draw_document(&mut pdf, doc, pages)?;
    finish(pdf)
}

/// One PDF of many laid-out documents, in the order given, with one bookmark per document
/// (its title) pointing at its first page; `meta` describes the whole file.
pub fn render_bundle(meta: &Meta, parts: &[(&Document, &[Page])]) -> Result<Vec<u8>> {
    let mut pdf = new_pdf(meta)?;
    let mut outline = Outline::new();
    let mut first_page = 0;
    for (doc, pages) in parts {
        outline.push_child(OutlineNode::new(
            doc.meta.title.clone(),
            XyzDestination::new(first_page, Point::from_xy(0.0, 0.0)),
        ));
        draw_document(&mut pdf, doc, pages)?;
        first_page += pages.len();
    }
    pdf.set_outline(outline);
    finish(pdf)
}

/// Drops krilla's memoised font subsets and glyph bounds that have gone unused for a while:
/// a long run (a province's batch) calls this between items so memory stays flat.
pub fn trim_cache() {
    comemo::evict(16);
}
