//! The embedded fonts (Liberation Serif 2.x, metric-compatible with Times New Roman) and text
//! measurement: shaping with rustybuzz, cached per word so a batch shapes each word once.

mod unhinted;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf");

/// The family name written into Word files: users have Times New Roman, and our PDF font has
/// its metrics, so both lay out the same.
pub const WORD_FAMILY: &str = "Times New Roman";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Variant {
    pub fn of(bold: bool, italic: bool) -> Variant {
        match (bold, italic) {
            (false, false) => Variant::Regular,
            (true, false) => Variant::Bold,
            (false, true) => Variant::Italic,
            (true, true) => Variant::BoldItalic,
        }
    }

    pub fn data(self) -> &'static [u8] {
        match self {
            Variant::Regular => REGULAR,
            Variant::Bold => BOLD,
            Variant::Italic => ITALIC,
            Variant::BoldItalic => BOLD_ITALIC,
        }
    }

    /// The font to embed in a PDF: the same outlines, metrics and glyph ids as [`Self::data`],
    /// without TrueType hinting (see `fonts/unhinted.rs`), prepared once per process.
    pub fn embed_data(self) -> &'static [u8] {
        static UNHINTED: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
        let all = UNHINTED.get_or_init(|| {
            Variant::ALL
                .iter()
                .map(|v| unhinted::strip(v.data()).unwrap_or_else(|| v.data().to_vec()))
                .collect()
        });
        &all[self.index()]
    }

    fn index(self) -> usize {
        self as usize
    }

    pub const ALL: [Variant; 4] = [
        Variant::Regular,
        Variant::Bold,
        Variant::Italic,
        Variant::BoldItalic,
    ];
}

/// Vertical metrics in em units.
#[derive(Clone, Copy, Debug)]
pub struct LineMetrics {
    pub ascent: f32,
    pub descent: f32,
    pub line_gap: f32,
    pub underline_position: f32,
    pub underline_thickness: f32,
}

impl LineMetrics {
    /// Single line height, as Word and LibreOffice compute it for this font.
    pub fn height(&self) -> f32 {
        self.ascent + self.descent + self.line_gap
    }
}

struct Faces {
    faces: Vec<rustybuzz::Face<'static>>,
    metrics: Vec<LineMetrics>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        let mut faces = Vec::new();
        let mut metrics = Vec::new();
        for v in Variant::ALL {
            let face = rustybuzz::Face::from_slice(v.data(), 0).expect("embedded font parses");
            let upem = face.units_per_em() as f32;
            // Word and LibreOffice space single lines by the hhea metrics, line gap included
            // (1.15 em for Times New Roman and Liberation Serif).
            let (asc, desc, gap) = (
                face.ascender() as f32,
                -(face.descender() as f32),
                face.line_gap() as f32,
            );
            let ul = face.underline_metrics();
            metrics.push(LineMetrics {
                ascent: asc / upem,
                descent: desc / upem,
                line_gap: gap / upem,
                underline_position: ul.map(|u| u.position as f32 / upem).unwrap_or(-0.1),
                underline_thickness: ul.map(|u| u.thickness as f32 / upem).unwrap_or(0.05),
            });
            faces.push(face);
        }
        Faces { faces, metrics }
    })
}

pub fn metrics(v: Variant) -> LineMetrics {
    faces().metrics[v.index()]
}

/// One shaped glyph; advances and offsets in em units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapedGlyph {
    pub id: u16,
    pub x_advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// Total advance in em units.
    pub width: f32,
    /// Characters the font has no glyph for.
    pub missing: Vec<char>,
}

fn shape_uncached(v: Variant, text: &str) -> Shaped {
    let face = &faces().faces[v.index()];
    let upem = face.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    // No kerning: Word does not kern by default, and the PDF must break lines where Word does.
    let no_kern = rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"kern"), 0, ..);
    let out = rustybuzz::shape(face, &[no_kern], buffer);
    let mut glyphs = Vec::with_capacity(out.len());
    let mut width = 0.0;
    let mut missing = Vec::new();
    for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
        if info.glyph_id == 0
            && let Some(c) = text[info.cluster as usize..].chars().next()
        {
            missing.push(c);
        }
        let g = ShapedGlyph {
            id: info.glyph_id as u16,
            x_advance: pos.x_advance as f32 / upem,
            x_offset: pos.x_offset as f32 / upem,
            y_offset: pos.y_offset as f32 / upem,
            cluster: info.cluster,
        };
        width += g.x_advance;
        glyphs.push(g);
    }
    Shaped {
        glyphs,
        width,
        missing,
    }
}

thread_local! {
    /// One map per variant, keyed by the text alone, so that a lookup borrows the `&str`
    /// instead of allocating a key for every word laid out.
    static CACHE: RefCell<[HashMap<String, Arc<Shaped>>; 4]> = RefCell::new(Default::default());
}

/// Shapes a piece of text (a word, usually) in one font, caching the result per thread.
pub fn shape(v: Variant, text: &str) -> Arc<Shaped> {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let map = &mut c[v.index()];
        if let Some(s) = map.get(text) {
            return s.clone();
        }
        // Bound the cache so that a long batch with free text cannot grow without limit.
        if map.len() > 50_000 {
            map.clear();
        }
        let s = Arc::new(shape_uncached(v, text));
        map.insert(text.to_string(), s.clone());
        s
    })
}

/// Width of `text` at `size` points.
pub fn text_width(v: Variant, text: &str, size: f32) -> f32 {
    shape(v, text).width * size
}

/// A line set corner to corner across a `w` × `h` page (a draft mark): its size (at most
/// `size`, smaller when the text would not fit the diagonal), width at that size, and angle in
/// radians from the horizontal, rising to the right. Both backends use it, so Word and the PDF
/// draw the same mark.
pub fn diagonal_fit(v: Variant, text: &str, size: f32, w: f32, h: f32) -> (f32, f32, f32) {
    let em = shape(v, text).width.max(0.01);
    let size = size.min(0.8 * w.hypot(h) / em);
    (size, em * size, (h / w).atan())
}

/// Characters of `text` that the embedded font cannot draw.
pub fn missing_chars(text: &str) -> Vec<char> {
    let face = &faces().faces[Variant::Regular.index()];
    text.chars()
        .filter(|c| !c.is_control() && face.glyph_index(*c).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_covered() {
        assert!(missing_chars("ĐẢNG CỘNG SẢN VIỆT NAM, Tân Hòa, Huỳnh Thị Em, ữ ỹ ỵ ặ").is_empty());
        assert_eq!(missing_chars("a\u{4e2d}b"), vec!['\u{4e2d}']);
    }

    #[test]
    fn nfd_shapes_to_the_same_width_as_nfc() {
        // "Hòa" decomposed: o + combining grave. The font composes it, so widths agree.
        let nfc = text_width(Variant::Regular, "Hòa", 14.0);
        let nfd = text_width(Variant::Regular, "Ho\u{300}a", 14.0);
        assert!((nfc - nfd).abs() < 0.01, "{nfc} vs {nfd}");
    }

    #[test]
    fn bold_is_wider_and_metrics_are_times_like() {
        let r = text_width(Variant::Regular, "ĐẢNG CỘNG SẢN VIỆT NAM", 15.0);
        let b = text_width(Variant::Bold, "ĐẢNG CỘNG SẢN VIỆT NAM", 15.0);
        assert!(b > r);
        let h = metrics(Variant::Regular).height();
        assert!((1.05..1.2).contains(&h), "{h}");
    }
}
