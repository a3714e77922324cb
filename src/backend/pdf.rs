//! The PDF backend: lays a `Document` out (`layout`) and draws it with krilla, which shapes
//! nothing here (we pass shaped glyphs) but embeds and subsets the fonts.

use crate::document::{Document, mm};
use crate::error::{Error, Result};
use crate::layout::fonts::Variant;
use crate::layout::{self, Item, Page};
use krilla::Document as PdfDocument;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::sync::OnceLock;

fn font(v: Variant) -> Font {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        Variant::ALL
            .iter()
            .map(|v| Font::new(v.data().into(), 0).expect("embedded font loads"))
            .collect()
    })[v as usize]
        .clone()
}

fn metadata(doc: &Document) -> Metadata {
    let m = &doc.meta;
    let mut md = Metadata::new()
        .title(m.title.clone())
        .description(m.subject.clone())
        .language(m.language.clone())
        .creator("hoso".to_string())
        .producer("hoso (krilla)".to_string());
    if !m.author.is_empty() {
        md = md.authors(vec![m.author.clone()]);
    }
    if let Some(d) = m
        .date
        .as_deref()
        .and_then(crate::input::date::Date::parse_iso)
    {
        md = md.creation_date(DateTime::new(d.year).month(d.month).day(d.day));
    }
    md
}

fn draw_page(pdf: &mut PdfDocument, page: &Page, w: f32, h: f32) -> Result<()> {
    let settings = PageSettings::from_wh(w, h).ok_or_else(|| Error::Backend {
        format: "PDF",
        message: format!("khổ giấy không hợp lệ {w}×{h}"),
    })?;
    let mut p = pdf.start_page_with(settings);
    let mut surface = p.surface();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                let glyphs: Vec<KrillaGlyph> = run
                    .shaped
                    .glyphs
                    .iter()
                    .enumerate()
                    .map(|(i, g)| {
                        let start = g.cluster as usize;
                        let end = run
                            .shaped
                            .glyphs
                            .get(i + 1..)
                            .and_then(|rest| rest.iter().find(|n| n.cluster != g.cluster))
                            .map(|n| n.cluster as usize)
                            .unwrap_or(run.text.len());
                        KrillaGlyph::new(
                            GlyphId::new(g.id as u32),
                            g.x_advance,
                            g.x_offset,
                            // Our offsets are y-up (font units); the page is y-down.
                            -g.y_offset,
                            0.0,
                            start..end.max(start),
                            None,
                        )
                    })
                    .collect();
                surface.draw_glyphs(
                    Point::from_xy(run.x, run.baseline),
                    &glyphs,
                    font(run.variant),
                    &run.text,
                    run.size,
                    false,
                );
            }
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

/// Renders a document to PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let pages = layout::layout(doc);
    let (w, h) = (mm(doc.page.width_mm), mm(doc.page.height_mm));
    let mut pdf = PdfDocument::new();
    pdf.set_metadata(metadata(doc));
    for page in &pages {
        draw_page(&mut pdf, page, w, h)?;
    }
    pdf.finish().map_err(|e| Error::Backend {
        format: "PDF",
        message: format!("{e:?}"),
    })
}

/// Drops krilla's memoised font subsets and glyph bounds that have gone unused for a while:
/// a long run (a province's batch) calls this between items so memory stays flat.
pub fn trim_cache() {
    comemo::evict(16);
}
