//! Hint-free copies of the embedded fonts, for the PDF writer to subset and embed.
//!
//! TrueType hinting (the `fpgm`, `prep` and `cvt ` programs and each glyph's instructions) only
//! grid-fits outlines for low-resolution screens; PDF viewers and printers rarely run it, yet it
//! is most of a subset's bytes. Outlines, metrics, glyph ids and the `name` table (copyright and
//! licence) are kept unchanged, so text lays out and reads exactly as with the shipped files.
//! Glyph names (`post`) go too: the PDF's ToUnicode map carries the text.
//! The copies live in memory only and leave hoso inside a PDF's subset, never as a font file.

/// Tables that only serve hinting (or would no longer match the hint-free font).
const DROPPED: [&[u8; 4]; 7] = [
    b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX", b"DSIG",
];

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The tables of a font file, by tag, in directory order.
fn tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let count = u16_at(font, 4)? as usize;
    (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            let (off, len) = (
                u32_at(font, rec + 8)? as usize,
                u32_at(font, rec + 12)? as usize,
            );
            Some((tag, font.get(off..off.checked_add(len)?)?))
        })
        .collect()
}

/// One glyph description without its instructions.
fn strip_glyph(g: &[u8]) -> Option<Vec<u8>> {
    if g.is_empty() {
        return Some(Vec::new());
    }
    let contours = u16_at(g, 0)? as i16;
    if contours >= 0 {
        let at = 10 + 2 * contours as usize;
        let len = u16_at(g, at)? as usize;
        let mut out = g.get(..at)?.to_vec();
        out.extend([0, 0]);
        out.extend(g.get(at + 2 + len..)?);
        return Some(out);
    }
    let mut out = g.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(g, at)?;
        let mut size = 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        if flags & WE_HAVE_A_SCALE != 0 {
            size += 2;
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            size += 4;
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            size += 8;
        }
        out.extend((flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend(g.get(at + 2..at + size)?);
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// New `glyf` and `loca` tables, in the font's `loca` format.
fn strip_glyphs(glyf: &[u8], loca: &[u8], long: bool, glyphs: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let offset = |i: usize| {
        if long {
            u32_at(loca, 4 * i).map(|o| o as usize)
        } else {
            u16_at(loca, 2 * i).map(|o| 2 * o as usize)
        }
    };
    let (mut new_glyf, mut new_loca) = (Vec::new(), Vec::new());
    let write_offset = |loca: &mut Vec<u8>, at: usize| {
        if long {
            loca.extend((at as u32).to_be_bytes());
        } else {
            loca.extend(((at / 2) as u16).to_be_bytes());
        }
    };
    for i in 0..glyphs {
        write_offset(&mut new_loca, new_glyf.len());
        let g = glyf.get(offset(i)?..offset(i + 1)?)?;
        new_glyf.extend(strip_glyph(g)?);
        new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
    }
    write_offset(&mut new_loca, new_glyf.len());
    Some((new_glyf, new_loca))
}

/// `maxp` claiming no hinting resources, so no reader sets aside room for programs.
fn strip_maxp(maxp: &[u8]) -> Vec<u8> {
    let mut out = maxp.to_vec();
    if out.len() >= 32 {
        // maxZones 1; twilight points, storage, function and instruction definitions, stack
        // elements and instruction size 0.
        out[14..16].copy_from_slice(&1u16.to_be_bytes());
        out[16..28].fill(0);
    }
    out
}

/// `post` version 3: the same header, no glyph names. A PDF maps glyphs to text through its
/// ToUnicode map; the names only served PostScript printers that read the font directly.
fn strip_post(post: &[u8]) -> Vec<u8> {
    let mut out = post.get(..32).unwrap_or(post).to_vec();
    if out.len() == 32 {
        out[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    }
    out
}

fn checksum(b: &[u8]) -> u32 {
    b.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Writes an sfnt file from tables (sorted by tag, 4-byte aligned, checksums set).
fn write_font(version: u32, mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|(tag, _)| *tag);
    let n = tables.len() as u16;
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = 16u16 << entry_selector;
    let mut out = Vec::new();
    out.extend(version.to_be_bytes());
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset);
        }
        out.extend(*tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// The font without hinting; `None` when it is not a TrueType font this code can read.
pub fn strip(font: &[u8]) -> Option<Vec<u8>> {
    let tables = tables(font)?;
    let find = |t: &[u8; 4]| tables.iter().find(|(tag, _)| tag == t).map(|(_, d)| *d);
    let long = u16_at(find(b"head")?, 50)? != 0;
    let glyphs = u16_at(find(b"maxp")?, 4)? as usize;
    let (glyf, loca) = strip_glyphs(find(b"glyf")?, find(b"loca")?, long, glyphs)?;
    let kept = tables
        .iter()
        .filter(|(tag, _)| !DROPPED.contains(&tag))
        .map(|(tag, data)| {
            let data = match tag {
                b"glyf" => glyf.clone(),
                b"loca" => loca.clone(),
                b"maxp" => strip_maxp(data),
                b"post" => strip_post(data),
                _ => data.to_vec(),
            };
            (*tag, data)
        })
        .collect();
    Some(write_font(u32_at(font, 0)?, kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::Variant;
    use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder, Tag};

    /// An outline as the list of its drawing commands.
    #[derive(Default)]
    struct Path(Vec<(char, [i32; 6])>);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', [x as i32, y as i32, 0, 0, 0, 0]));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', [x as i32, y as i32, 0, 0, 0, 0]));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            let p = [x1, y1, x, y, 0.0, 0.0].map(|v| v as i32);
            self.0.push(('Q', p));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            let p = [x1, y1, x2, y2, x, y].map(|v| v as i32);
            self.0.push(('C', p));
        }
        fn close(&mut self) {
            self.0.push(('Z', [0; 6]));
        }
    }

    #[test]
    fn hinting_is_gone_and_outlines_metrics_and_names_stay() {
        for v in Variant::ALL {
            let stripped = strip(v.data()).expect("font strips");
            let (old, new) = (
                Face::parse(v.data(), 0).unwrap(),
                Face::parse(&stripped, 0).unwrap(),
            );
            for t in [b"fpgm", b"prep", b"cvt "] {
                assert!(old.raw_face().table(Tag::from_bytes(t)).is_some());
                assert!(new.raw_face().table(Tag::from_bytes(t)).is_none(), "{v:?}");
            }
            assert_eq!(old.number_of_glyphs(), new.number_of_glyphs());
            assert_eq!(old.names().len(), new.names().len());
            for id in 0..old.number_of_glyphs() {
                let g = GlyphId(id);
                let (mut a, mut b) = (Path::default(), Path::default());
                // Composite glyphs (the accented letters) resolve through their components.
                assert_eq!(old.outline_glyph(g, &mut a), new.outline_glyph(g, &mut b));
                assert_eq!(a.0, b.0, "{v:?} glyph {id}: outline differs");
                assert_eq!(old.glyph_hor_advance(g), new.glyph_hor_advance(g));
            }
            assert!(
                stripped.len() * 10 < v.data().len() * 8,
                "{v:?}: {}",
                stripped.len()
            );
            assert_eq!(checksum(&stripped), 0xB1B0_AFBA);
        }
    }

    #[test]
    fn no_glyph_keeps_instructions() {
        let stripped = strip(Variant::Regular.data()).unwrap();
        let t = tables(&stripped).unwrap();
        let find = |x: &[u8; 4]| t.iter().find(|(tag, _)| tag == x).unwrap().1;
        let long = u16_at(find(b"head"), 50).unwrap() != 0;
        let (glyf, loca) = (find(b"glyf"), find(b"loca"));
        let n = u16_at(find(b"maxp"), 4).unwrap() as usize;
        let at = |i: usize| match long {
            true => u32_at(loca, 4 * i).unwrap() as usize,
            false => 2 * u16_at(loca, 2 * i).unwrap() as usize,
        };
        for i in 0..n {
            let g = &glyf[at(i)..at(i + 1)];
            // A stripped glyph strips to itself: nothing left to remove.
            assert_eq!(
                strip_glyph(g).unwrap().as_slice(),
                &g[..strip_glyph(g).unwrap().len()]
            );
            if !g.is_empty() && (u16_at(g, 0).unwrap() as i16) >= 0 {
                let c = u16_at(g, 0).unwrap() as usize;
                assert_eq!(u16_at(g, 10 + 2 * c), Some(0), "glyph {i}");
            }
        }
    }
}
