//! Stage 5a, layout: line breaking and pagination, used by the PDF backend and by products
//! that need page numbers (the handout's contents, the dossier index): turns a `Document` into pages of
//! positioned glyph runs and filled rectangles. Knows nothing of krilla, so its geometry can
//! be tested directly.
//!
//! Paragraphs break greedily at UAX #14 opportunities and justify by widening the spaces.
//! Units that must not split (a line, a row of columns, a table row, a `Keep` group) are placed
//! whole; keep-with-next chains move to the next page together; widows and orphans are avoided.

pub mod fonts;
pub mod glue;
use crate::document::{
    Blank, BlankKind, Block, Columns, Document, Inline, Paragraph, TABLE_PAD_H, TABLE_PAD_V, Table,
    mm,
};
use crate::layout::fonts::{Shaped, Variant};
use crate::template::profile::{Align, Style};
use std::sync::Arc;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A run of glyphs in one font at one position (baseline), in points from the page's top-left.
#[derive(Clone, Debug)]
pub struct GlyphRun {
    pub x: f32,
    pub baseline: f32,
    pub variant: Variant,
    pub size: f32,
    pub text: String,
    pub shaped: Arc<Shaped>,
}

impl GlyphRun {
    pub fn width(&self) -> f32 {
        self.shaped.width * self.size
    }
}

#[derive(Clone, Debug)]
pub enum Item {
    Text(GlyphRun),
    /// A filled rectangle: rules, underlines, table borders.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

impl Item {
    fn shifted(&self, dx: f32, dy: f32) -> Item {
        match self {
            Item::Text(g) => Item::Text(GlyphRun {
                x: g.x + dx,
                baseline: g.baseline + dy,
                ..g.clone()
            }),
            Item::Rect { x, y, w, h } => Item::Rect {
                x: x + dx,
                y: y + dy,
                w: *w,
                h: *h,
            },
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// The section the page belongs to (booklets); none in a plain document.
    pub section: Option<Arc<crate::document::Section>>,
}

/// Something placed whole on a page, with items relative to its own top-left.
#[derive(Clone, Debug, Default)]
struct Unit {
    height: f32,
    items: Vec<Item>,
    gap_before: f32,
    gap_after: f32,
    keep_with_next: bool,
    page_break_before: bool,
    /// Table header rows to repeat when this unit starts a new page.
    repeat: Option<Arc<Vec<Unit>>>,
    /// A section starts with this unit (on a new page).
    section: Option<Arc<crate::document::Section>>,
    /// Headings starting in this unit (a table of contents lists their pages): 1 on a
    /// heading's first line, the sum over a kept group, 0 elsewhere (as `Document::headings`
    /// counts them: not inside columns or tables).
    headings: usize,
}

struct Ctx<'d> {
    doc: &'d Document,
    body_line: f32,
}

fn line_height(style: &Style) -> f32 {
    style.size * fonts::metrics(Variant::Regular).height() * style.line_spacing
}

/// A piece of a line: text in one font, with its trailing spaces measured apart so that they
/// can hang at the end of a line and stretch inside it.
#[derive(Clone, Debug)]
struct Piece {
    variant: Variant,
    underline: bool,
    text: String,
    shaped: Arc<Shaped>,
    /// Width of the content without trailing spaces, points.
    content: f32,
    /// Width of the trailing spaces, points.
    space: f32,
    /// A dotted run to the end of the line: its width is what the line has left.
    fill: bool,
    /// Draw nothing (room left for handwriting without dots).
    invisible: bool,
}

/// A segment between two break opportunities, possibly spanning runs of different marks.
#[derive(Clone, Debug, Default)]
struct Segment {
    pieces: Vec<Piece>,
    mandatory_after: bool,
}

impl Segment {
    fn content(&self) -> f32 {
        // Spaces inside the segment (between pieces) count as content.
        let n = self.pieces.len();
        self.pieces
            .iter()
            .enumerate()
            .map(|(i, p)| p.content + if i + 1 < n { p.space } else { 0.0 })
            .sum()
    }
    fn trailing_space(&self) -> f32 {
        self.pieces.last().map(|p| p.space).unwrap_or(0.0)
    }
    fn fills(&self) -> bool {
        self.pieces.iter().any(|p| p.fill)
    }
}

fn make_piece(variant: Variant, underline: bool, text: &str, size: f32) -> Piece {
    let trimmed = text.trim_end_matches(' ');
    let shaped = fonts::shape(variant, text);
    let content = fonts::shape(variant, trimmed).width * size;
    Piece {
        variant,
        underline,
        text: text.to_string(),
        content,
        space: shaped.width * size - content,
        shaped,
        fill: false,
        invisible: false,
    }
}

/// Ellipses as near `width` as whole ones go (`fill`: never wider), for dotted blanks.
fn dots(variant: Variant, width: f32, size: f32, fill: bool) -> String {
    let one = fonts::text_width(variant, "…", size);
    let n = if fill {
        (width / one).floor()
    } else {
        (width / one).round()
    };
    "…".repeat((n as usize).max(1))
}

/// Blanks take the paragraph's font, as Word sets them (an italic date line has italic dots).
fn blank_piece(b: &Blank, variant: Variant, size: f32) -> Piece {
    match b.kind {
        BlankKind::Dots => make_piece(variant, false, &dots(variant, b.width, size, false), size),
        BlankKind::Room => Piece {
            content: b.width,
            invisible: true,
            ..make_piece(variant, false, "", size)
        },
        BlankKind::Line => Piece {
            content: b.width,
            fill: true,
            ..make_piece(variant, false, "", size)
        },
    }
}

/// Splits a paragraph into segments at line-break opportunities.
fn segments(p: &Paragraph, style: &Style) -> Vec<Segment> {
    // The whole paragraph's text, with run boundaries, so UAX #14 sees words across marks.
    let mut text = String::new();
    let mut spans: Vec<(usize, usize, Variant, bool, Option<Blank>)> = Vec::new();
    for inline in &p.inlines {
        let start = text.len();
        match inline {
            Inline::Text(r) => {
                text.push_str(&r.text);
                spans.push((
                    start,
                    text.len(),
                    Variant::of(style.bold || r.marks.bold, style.italic || r.marks.italic),
                    style.underline || r.marks.underline,
                    None,
                ));
            }
            Inline::Break => text.push('\n'),
            // An object replacement character holds the blank's place: UAX #14 lets a line
            // break on either side of it.
            Inline::Blank(b) => {
                text.push('\u{FFFC}');
                spans.push((
                    start,
                    text.len(),
                    Variant::of(style.bold, style.italic),
                    false,
                    Some(*b),
                ));
            }
        }
    }
    let mut out = Vec::new();
    let mut prev = 0;
    for (pos, op) in linebreaks(&text) {
        // A blank is part of the word it touches (`20……`, `……/……`): break beside it only at
        // a space.
        if op == BreakOpportunity::Allowed {
            let before = text[..pos].chars().next_back();
            let after = text[pos..].chars().next();
            if (before == Some('\u{FFFC}') || after == Some('\u{FFFC}'))
                && !before.is_some_and(char::is_whitespace)
            {
                continue;
            }
        }
        // Document numbers and `số 03` stay on one line.
        if op == BreakOpportunity::Allowed && glue::holds(&text, pos) {
            continue;
        }
        let mut seg = Segment {
            pieces: Vec::new(),
            mandatory_after: op == BreakOpportunity::Mandatory && pos < text.len(),
        };
        for &(s, e, variant, underline, blank) in &spans {
            let (a, b) = (s.max(prev), e.min(pos));
            if let Some(blank) = blank {
                if a < b {
                    seg.pieces.push(blank_piece(&blank, variant, style.size));
                }
                continue;
            }
            if a < b {
                let piece_text = text[a..b].trim_end_matches('\n');
                if !piece_text.is_empty() {
                    seg.pieces
                        .push(make_piece(variant, underline, piece_text, style.size));
                }
            }
        }
        if !seg.pieces.is_empty() || seg.mandatory_after {
            out.push(seg);
        }
        prev = pos;
    }
    out
}

/// Breaks a segment too wide for any line into pieces that fit, at character boundaries.
fn split_long(seg: &Segment, width: f32, size: f32) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cur = Segment::default();
    let mut cur_w = 0.0;
    for p in &seg.pieces {
        let mut chunk = String::new();
        for c in p.text.chars() {
            let w = fonts::text_width(p.variant, &c.to_string(), size);
            if cur_w + w > width && (!chunk.is_empty() || !cur.pieces.is_empty()) {
                if !chunk.is_empty() {
                    cur.pieces
                        .push(make_piece(p.variant, p.underline, &chunk, size));
                    chunk.clear();
                }
                out.push(std::mem::take(&mut cur));
                cur_w = 0.0;
            }
            chunk.push(c);
            cur_w += w;
        }
        if !chunk.is_empty() {
            cur.pieces
                .push(make_piece(p.variant, p.underline, &chunk, size));
        }
    }
    cur.mandatory_after = seg.mandatory_after;
    out.push(cur);
    out
}

impl<'d> Ctx<'d> {
    fn paragraph(&self, p: &Paragraph, width: f32) -> Vec<Unit> {
        let style = self.doc.style(p.style);
        let (size, narrow) = setting(style, p, width);
        let fitted;
        let style = if size == style.size {
            style
        } else {
            fitted = Style {
                size,
                ..style.clone()
            };
            &fitted
        };
        let left = mm(style.left_indent_mm);
        if left <= 0.0 {
            // A centred paragraph is set in the narrowest width that keeps its line count,
            // centred in the full one: no lone short word on its last line.
            let mut units = self.paragraph_lines(p, style, narrow);
            let dx = (width - narrow) / 2.0;
            if dx > 0.0 {
                for u in &mut units {
                    u.items = u.items.iter().map(|it| it.shifted(dx, 0.0)).collect();
                }
            }
            return units;
        }
        let mut units = self.paragraph_lines(p, style, width - left);
        for u in &mut units {
            u.items = u.items.iter().map(|it| it.shifted(left, 0.0)).collect();
        }
        units
    }

    /// One line of a table of contents: the heading's text, a dotted leader, the page number
    /// at the right margin.
    fn contents_entry(&self, e: &crate::document::ContentsEntry, width: f32) -> Vec<Unit> {
        let name = if e.level <= 1 { "toc-1" } else { "toc-2" };
        let Some(style_id) = self
            .doc
            .styles
            .iter()
            .position(|s| s.name == name)
            .map(crate::document::StyleId)
        else {
            return Vec::new();
        };
        let style = self.doc.style(style_id);
        let variant = Variant::of(style.bold, style.italic);
        // Room kept for the number: three digits and a gap.
        let number_room = fonts::text_width(variant, "0000", style.size);
        let p = Paragraph {
            style: style_id,
            inlines: vec![Inline::Text(crate::document::Run {
                text: e.text.clone(),
                marks: crate::document::Marks::default(),
            })],
        };
        // A leader of a few dots at least: a longer heading wraps instead.
        let min_leader = 4.0 * fonts::text_width(variant, ".", style.size);
        let mut units = self.paragraph(&p, width - number_room - min_leader);
        if let Some(last) = units.last_mut() {
            let baseline = last
                .items
                .iter()
                .find_map(|it| match it {
                    Item::Text(g) => Some(g.baseline),
                    Item::Rect { .. } => None,
                })
                .unwrap_or(fonts::metrics(variant).ascent * style.size);
            let end = last
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text(g) => Some(g.x + g.width()),
                    Item::Rect { .. } => None,
                })
                .fold(0.0f32, f32::max);
            let number = e.page.map_or("?".to_string(), |n| n.to_string());
            let shaped = fonts::shape(variant, &number);
            let w = shaped.width * style.size;
            last.items.push(Item::Text(GlyphRun {
                x: width - w,
                baseline,
                variant,
                size: style.size,
                text: number,
                shaped,
            }));
            let dot = fonts::text_width(variant, ".", style.size);
            let gap = fonts::text_width(variant, " ", style.size);
            let dots_end = width - number_room + gap;
            let n = ((dots_end - end - gap) / dot).floor();
            if n >= 2.0 {
                let text = ".".repeat(n as usize);
                let shaped = fonts::shape(variant, &text);
                last.items.push(Item::Text(GlyphRun {
                    x: dots_end - shaped.width * style.size,
                    baseline,
                    variant,
                    size: style.size,
                    text,
                    shaped,
                }));
            }
        }
        units
    }

    /// The lines of a paragraph, each a unit: measured, broken, then aligned.
    fn paragraph_lines(&self, p: &Paragraph, style: &Style, width: f32) -> Vec<Unit> {
        let lh = line_height(style);
        let ascent = fonts::metrics(Variant::Regular).ascent * style.size;
        let indent = mm(style.first_indent_mm);
        let lines = break_lines(measured_segments(p, style, width - indent), width, indent);
        let n = lines.len();
        let mut units = Vec::with_capacity(n);
        for (i, (segs, hard_end)) in lines.into_iter().enumerate() {
            let x0 = if i == 0 { indent } else { 0.0 };
            let baseline = ascent + (lh - line_height_single(style)) / 2.0;
            let items = line_items(&segs, style, x0, width - x0, hard_end, baseline);
            units.push(Unit {
                height: lh,
                items,
                gap_before: if i == 0 { style.space_before_pt } else { 0.0 },
                gap_after: if i + 1 == n {
                    style.space_after_pt
                } else {
                    0.0
                },
                // Titles stay whole and with what follows; body paragraphs avoid a lone first
                // or last line (orphan and widow control).
                keep_with_next: style.keep_with_next || (n > 1 && (i == 0 || i + 2 == n)),
                ..Unit::default()
            });
        }
        units
    }

    /// Lays out blocks in a fixed width without pagination, as one unit (columns, keep groups).
    fn stack(&self, blocks: &[Block], width: f32) -> Unit {
        let units = self.units(blocks, width);
        let mut items = Vec::new();
        let mut y = 0.0;
        let mut prev_after = 0.0;
        for (i, u) in units.iter().enumerate() {
            if i > 0 {
                y += para_gap(prev_after, u.gap_before);
            }
            items.extend(u.items.iter().map(|it| it.shifted(0.0, y)));
            y += u.height;
            prev_after = u.gap_after;
        }
        Unit {
            height: y,
            items,
            gap_before: units.first().map(|u| u.gap_before).unwrap_or(0.0),
            gap_after: prev_after,
            headings: units.iter().map(|u| u.headings).sum(),
            ..Unit::default()
        }
    }

    fn columns(&self, c: &Columns, width: f32) -> Unit {
        let mut items = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = 0.0;
        for (w, blocks) in c.widths.iter().zip(&c.cells) {
            let cw = w * width;
            let u = self.stack(blocks, cw);
            // Word and LibreOffice keep the space before the first paragraph of a cell.
            height = height.max(u.gap_before + u.height);
            items.extend(u.items.iter().map(|it| it.shifted(x, u.gap_before)));
            x += cw;
        }
        Unit {
            height,
            items,
            ..Unit::default()
        }
    }

    fn table_row(&self, cells: &[Paragraph], widths: &[f32], width: f32) -> Unit {
        let border = 0.5;
        let mut items = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = 0.0;
        let mut edges = vec![0.0];
        for (w, p) in widths.iter().zip(cells) {
            let cw = w * width;
            let u = self.stack(&[Block::Paragraph(p.clone())], cw - 2.0 * TABLE_PAD_H);
            height = height.max(u.height + u.gap_after);
            items.extend(
                u.items
                    .iter()
                    .map(|it| it.shifted(x + TABLE_PAD_H, TABLE_PAD_V)),
            );
            x += cw;
            edges.push(x);
        }
        let h = height + 2.0 * TABLE_PAD_V;
        // Horizontal borders centred on the row's edges, so that one row's bottom and the
        // next row's top fall on the same line instead of thickening it.
        for y in [0.0, h] {
            items.push(Item::Rect {
                x: -border / 2.0,
                y: y - border / 2.0,
                w: width + border,
                h: border,
            });
        }
        for e in edges {
            items.push(Item::Rect {
                x: e - border / 2.0,
                y: -border / 2.0,
                w: border,
                h: h + border,
            });
        }
        Unit {
            height: h,
            items,
            ..Unit::default()
        }
    }

    fn table(&self, t: &Table, width: f32) -> Vec<Unit> {
        let header: Vec<Unit> = t
            .header
            .iter()
            .map(|r| self.table_row(r, &t.widths, width))
            .collect();
        let header = Arc::new(header);
        let mut units: Vec<Unit> = header
            .iter()
            .map(|u| Unit {
                keep_with_next: true,
                ..u.clone()
            })
            .collect();
        for r in &t.rows {
            let mut u = self.table_row(r, &t.widths, width);
            if !header.is_empty() {
                u.repeat = Some(header.clone());
            }
            units.push(u);
        }
        if let Some(first) = units.first_mut() {
            first.gap_before = 6.0;
        }
        if let Some(last) = units.last_mut() {
            last.gap_after = 6.0;
        }
        units
    }

    fn units(&self, blocks: &[Block], width: f32) -> Vec<Unit> {
        let mut out = Vec::new();
        let mut break_next = false;
        let mut section: Option<Arc<crate::document::Section>> = None;
        for b in blocks {
            let start = out.len();
            match b {
                Block::Paragraph(p) => {
                    out.extend(self.paragraph(p, width));
                    if self.doc.style(p.style).outline > 0
                        && let Some(first) = out.get_mut(start)
                    {
                        first.headings = 1;
                    }
                }
                Block::Section(s) => {
                    break_next = true;
                    section = Some(Arc::new(s.clone()));
                    continue;
                }
                Block::Contents(entries) => {
                    for e in entries {
                        out.extend(self.contents_entry(e, width));
                    }
                }
                Block::Columns(c) => out.push(self.columns(c, width)),
                Block::Table(t) => out.extend(self.table(t, width)),
                Block::Rule(r) => out.push(rule_unit(r, width)),
                Block::Space(n) => out.push(Unit {
                    height: n * self.body_line,
                    ..Unit::default()
                }),
                Block::Keep(inner) => {
                    let mut u = self.stack(inner, width);
                    u.keep_with_next = inner
                        .last()
                        .map(|b| matches!(b, Block::Paragraph(p) if self.doc.style(p.style).keep_with_next))
                        .unwrap_or(false);
                    out.push(u);
                }
                Block::PageBreak => {
                    break_next = true;
                    continue;
                }
            }
            // A row of columns (a signature block), alone or leading a kept group, never
            // starts a page alone: the line before it goes along.
            if b.opens_with_columns() {
                // Through any empty space, up to the last line of text.
                for u in out[..start].iter_mut().rev() {
                    u.keep_with_next = true;
                    if !u.items.is_empty() {
                        break;
                    }
                }
            }
            if break_next && out.len() > start {
                out[start].page_break_before = true;
                out[start].section = section.take();
                break_next = false;
            }
        }
        out
    }
}

/// The segments of a paragraph, those wider than `room` (the first line's) split so they fit.
fn measured_segments(p: &Paragraph, style: &Style, room: f32) -> Vec<Segment> {
    let mut segs = Vec::new();
    for s in segments(p, style) {
        if s.content() > room {
            segs.extend(split_long(&s, room, style.size));
        } else {
            segs.push(s);
        }
    }
    segs
}

/// How `p` is set in `width`: its size (`fitted_size`) and the width its lines are broken
/// in (`balanced_width` at that size). Both backends ask this.
pub fn setting(style: &Style, p: &Paragraph, width: f32) -> (f32, f32) {
    let size = fitted_size(style, p, width);
    if size == style.size {
        return (size, balanced_width(style, p, width));
    }
    let fitted = Style {
        size,
        ..style.clone()
    };
    (size, balanced_width(&fitted, p, width))
}

/// For each dotted line (`BlankKind::Line`) of `p`, in order: whether the layout starts it
/// on a new line because too little room was left where it falls. Word's tab would fill that
/// little room instead, so the DOCX writer breaks the line there too.
pub fn dotted_lines_wrapped(style: &Style, p: &Paragraph, width: f32) -> Vec<bool> {
    let (size, narrow) = setting(style, p, width);
    let style = Style {
        size,
        ..style.clone()
    };
    let left = mm(style.left_indent_mm);
    let width = if left > 0.0 { width - left } else { narrow };
    let indent = mm(style.first_indent_mm);
    let lines = break_lines(measured_segments(p, &style, width - indent), width, indent);
    let mut out = Vec::new();
    for (i, (segs, _)) in lines.iter().enumerate() {
        for (j, seg) in segs.iter().enumerate() {
            let fills = seg.pieces.iter().filter(|piece| piece.fill).count();
            let wrapped = j == 0 && i > 0 && !lines[i - 1].1;
            out.extend((0..fills).map(|k| k == 0 && wrapped));
        }
    }
    out
}

/// The size `p` is set at in `width`: its style's, or smaller (in half points, down to the
/// style's `min_size`) where that keeps it on one line. Both backends set it so.
fn fitted_size(style: &Style, p: &Paragraph, width: f32) -> f32 {
    let Some(min) = style.min_size else {
        return style.size;
    };
    if p.inlines.iter().any(|i| matches!(i, Inline::Break)) {
        return style.size;
    }
    let segs = segments(p, style);
    let n = segs.len();
    let natural: f32 = segs
        .iter()
        .enumerate()
        .map(|(i, s)| s.content() + if i + 1 < n { s.trailing_space() } else { 0.0 })
        .sum();
    // A little room to spare: Word's and LibreOffice's measures differ from ours by a hair.
    let room = (width - mm(style.first_indent_mm + style.left_indent_mm)) * 0.97;
    if natural <= room || natural <= 0.0 {
        return style.size;
    }
    ((style.size * room / natural * 2.0).floor() / 2.0).clamp(min.min(style.size), style.size)
}

/// The width a centred paragraph is set in: the narrowest that keeps the number of lines it
/// has in `width` (so its lines come out even), with a little to spare for Word's and
/// LibreOffice's measures; `width` itself for one line or another alignment. Both backends
/// set it so (the DOCX writer as indents).
fn balanced_width(style: &Style, p: &Paragraph, width: f32) -> f32 {
    if style.align != Align::Center || style.first_indent_mm > 0.0 || style.left_indent_mm > 0.0 {
        return width;
    }
    let count = |w: f32| break_lines(measured_segments(p, style, w), w, 0.0).len();
    let n = count(width);
    if n < 2 {
        return width;
    }
    let (mut lo, mut hi) = (width / n as f32, width);
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if count(mid) == n {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let spare = hi * 1.03 + 2.0;
    if spare < width && count(spare) == n {
        spare
    } else {
        width
    }
}

/// Greedy fill: groups segments into lines, each marked whether it ends hard.
fn break_lines(segs: Vec<Segment>, width: f32, indent: f32) -> Vec<(Vec<Segment>, bool)> {
    // The mark matters because a hard end (a forced break, a dotted fill, the last line) is
    // never justified.
    let mut lines: Vec<(Vec<Segment>, bool)> = Vec::new();
    let mut cur: Vec<Segment> = Vec::new();
    let mut cur_w = 0.0;
    for mut s in segs {
        let avail = width - if lines.is_empty() { indent } else { 0.0 };
        let pending = cur
            .last()
            .map(|l: &Segment| l.trailing_space())
            .unwrap_or(0.0);
        if !cur.is_empty() && cur_w + pending + s.content() > avail + 0.01 {
            lines.push((std::mem::take(&mut cur), false));
            cur_w = 0.0;
        }
        if s.fills() {
            // Dots to the end of this line: the segment takes what is left of it.
            let pending = cur.last().map(|l| l.trailing_space()).unwrap_or(0.0);
            let avail = width - if lines.is_empty() { indent } else { 0.0 };
            let used = cur_w + if cur.is_empty() { 0.0 } else { pending };
            fill_rest(&mut s, avail - used);
            cur.push(s);
            lines.push((std::mem::take(&mut cur), true));
            cur_w = 0.0;
            continue;
        }
        let pending = cur
            .last()
            .map(|l: &Segment| l.trailing_space())
            .unwrap_or(0.0);
        cur_w += if cur.is_empty() { 0.0 } else { pending } + s.content();
        let forced = s.mandatory_after;
        cur.push(s);
        if forced {
            lines.push((std::mem::take(&mut cur), true));
            cur_w = 0.0;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push((cur, true));
    }
    lines
}

/// Widens the dotted fills of `s` to what is left of `room` after its other pieces.
fn fill_rest(s: &mut Segment, room: f32) {
    let others: f32 = s
        .pieces
        .iter()
        .filter(|p| !p.fill)
        .map(|p| p.content + p.space)
        .sum();
    let left = room - others;
    for p in s.pieces.iter_mut().filter(|p| p.fill) {
        p.content = left.max(0.0);
        p.space = 0.0;
    }
}

/// The items of one line starting at `x0`, aligned in `avail` as its style says.
fn line_items(
    segs: &[Segment],
    style: &Style,
    x0: f32,
    avail: f32,
    hard_end: bool,
    baseline: f32,
) -> Vec<Item> {
    let natural: f32 = segs
        .iter()
        .enumerate()
        .map(|(j, s)| {
            s.content()
                + if j + 1 < segs.len() {
                    s.trailing_space()
                } else {
                    0.0
                }
        })
        .sum();
    // Only real spaces stretch: a break after "-" or "/" (as in 02-QĐ/CB) is not a gap.
    let stretches = |j: usize, s: &Segment| j + 1 < segs.len() && s.trailing_space() > 0.0;
    let gaps = segs
        .iter()
        .enumerate()
        .filter(|(j, s)| stretches(*j, s))
        .count();
    let (mut x, extra) = match style.align {
        Align::Left => (x0, 0.0),
        Align::Center => (x0 + (avail - natural) / 2.0, 0.0),
        Align::Right => (x0 + avail - natural, 0.0),
        Align::Justify if !hard_end && gaps > 0 => (x0, (avail - natural) / gaps as f32),
        Align::Justify => (x0, 0.0),
    };
    let mut items = Vec::new();
    for (j, s) in segs.iter().enumerate() {
        for (k, piece) in s.pieces.iter().enumerate() {
            let last_piece = j + 1 == segs.len() && k + 1 == s.pieces.len();
            x += place_piece(&mut items, piece, x, baseline, style.size, last_piece);
        }
        if stretches(j, s) {
            x += extra;
        }
    }
    items
}

/// Draws one piece at `x` (its run and underline); returns how far the line moves on.
fn place_piece(
    items: &mut Vec<Item>,
    piece: &Piece,
    x: f32,
    baseline: f32,
    size: f32,
    last_piece: bool,
) -> f32 {
    if piece.invisible {
        return piece.content + piece.space;
    }
    let (run_x, text, shaped) = if piece.fill {
        // Right-aligned, so that the dots end exactly at the margin.
        let text = dots(piece.variant, piece.content, size, true);
        let shaped = fonts::shape(piece.variant, &text);
        let w = shaped.width * size;
        if piece.content < w - 0.01 {
            return piece.content;
        }
        (x + piece.content - w, text, shaped)
    } else {
        (x, piece.text.clone(), piece.shaped.clone())
    };
    let run = GlyphRun {
        x: run_x,
        baseline,
        variant: piece.variant,
        size,
        text,
        shaped,
    };
    // A line's last space hangs in the margin: it is not underlined.
    let drawn = if last_piece {
        piece.content
    } else {
        piece.content + piece.space
    };
    if piece.underline && drawn > 0.0 {
        let m = fonts::metrics(piece.variant);
        items.push(Item::Rect {
            x,
            y: baseline - m.underline_position * size,
            w: drawn,
            h: (m.underline_thickness * size).max(0.5),
        });
    }
    items.push(Item::Text(run));
    piece.content + piece.space
}

/// A horizontal rule as a unit, centred in `width`.
fn rule_unit(r: &crate::document::Rule, width: f32) -> Unit {
    // Matches the Word rendering: a 2 pt line whose bottom border is the rule, then 4 pt of
    // space.
    Unit {
        height: 2.0 + r.thickness,
        items: vec![Item::Rect {
            x: (width - r.width) / 2.0,
            y: 2.0,
            w: r.width,
            h: r.thickness,
        }],
        gap_before: r.space_before,
        gap_after: 4.0,
        ..Unit::default()
    }
}

/// The space between two blocks: the larger of the first's space after and the second's space
/// before, as LibreOffice lays out our DOCX files (measured on KT-01), not their sum.
fn para_gap(after: f32, before: f32) -> f32 {
    after.max(before)
}

fn line_height_single(style: &Style) -> f32 {
    style.size * fonts::metrics(Variant::Regular).height()
}

/// Lays a document out into pages, page numbers included.
pub fn layout(doc: &Document) -> Vec<Page> {
    layout_report(doc).0
}

/// The page (counting the first as 1) of each heading, in document order: what a table of
/// contents prints.
pub fn heading_pages(doc: &Document) -> Vec<usize> {
    layout_report(doc).1
}

/// Lays a document out; returns the pages and the page of each heading.
pub fn layout_report(doc: &Document) -> (Vec<Page>, Vec<usize>) {
    let pg = &doc.page;
    let (page_w, page_h) = (mm(pg.width_mm), mm(pg.height_mm));
    let (left, top) = (mm(pg.margin_left_mm), mm(pg.margin_top_mm));
    let width = page_w - left - mm(pg.margin_right_mm);
    let bottom = page_h - mm(pg.margin_bottom_mm);
    let body = doc
        .styles
        .iter()
        .find(|s| s.name == "body")
        .map(line_height_single)
        .unwrap_or(14.0 * 1.15);
    let ctx = Ctx {
        doc,
        body_line: body,
    };
    let units = ctx.units(&doc.blocks, width);

    let mut placer = Placer {
        pages: vec![Page::default()],
        headings: Vec::new(),
        y: top,
        prev_after: 0.0,
        at_top: true,
        left,
        top,
        bottom,
    };
    for i in 0..units.len() {
        placer.place(&units, i);
    }
    let Placer {
        mut pages,
        headings,
        ..
    } = placer;
    if doc.has_sections() {
        running_heads(doc, &mut pages, left, width);
    } else {
        page_numbers(doc, &mut pages, left, width);
    }
    (pages, headings)
}

/// Pagination state: units go down the current page until one does not fit.
struct Placer {
    pages: Vec<Page>,
    /// The page of each heading placed so far.
    headings: Vec<usize>,
    y: f32,
    prev_after: f32,
    at_top: bool,
    left: f32,
    top: f32,
    bottom: f32,
}

impl Placer {
    /// Starts a new page in the section of the last one.
    fn new_page(&mut self) {
        let section = self.pages.last().and_then(|p| p.section.clone());
        self.pages.push(Page {
            section,
            ..Page::default()
        });
        self.y = self.top;
        self.at_top = true;
    }

    /// Places `units[i]`, on a new page if a break, its keep chain or its height needs one.
    fn place(&mut self, units: &[Unit], i: usize) {
        let u = &units[i];
        // At the top of a later page, or where a section begins, the break has already happened.
        if u.page_break_before && !(self.at_top && (self.pages.len() > 1 || u.section.is_some())) {
            self.new_page();
        }
        if let Some(s) = &u.section {
            self.pages.last_mut().expect("a page").section = Some(s.clone());
        }
        let chain = chain_height(units, i);
        let gap = if self.at_top {
            0.0
        } else {
            para_gap(self.prev_after, u.gap_before)
        };
        let fits = |need: f32, y: f32| y + need <= self.bottom + 0.01;
        // Move the whole chain when it would fit on a fresh page; a chain longer than a page
        // breaks only where its current unit does not fit.
        let chain_moves = !fits(gap + chain, self.y) && chain <= self.bottom - self.top;
        if !self.at_top && (chain_moves || !fits(gap + u.height, self.y)) {
            self.new_page();
        }
        self.put(u);
    }

    /// Puts `u` at the current position (after the table header it repeats on a new page).
    fn put(&mut self, u: &Unit) {
        let left = self.left;
        if self.at_top
            && self.pages.len() > 1
            && let Some(header) = &u.repeat
        {
            for h in header.iter() {
                let page = self.pages.last_mut().expect("a page");
                let y = self.y;
                page.items
                    .extend(h.items.iter().map(|it| it.shifted(left, y)));
                self.y += h.height;
            }
        }
        let gap = if self.at_top {
            if self.pages.len() == 1 {
                u.gap_before
            } else {
                0.0
            }
        } else {
            para_gap(self.prev_after, u.gap_before)
        };
        self.y += gap;
        for _ in 0..u.headings {
            self.headings.push(self.pages.len());
        }
        let page = self.pages.last_mut().expect("a page");
        let y = self.y;
        page.items
            .extend(u.items.iter().map(|it| it.shifted(left, y)));
        self.y += u.height;
        self.prev_after = u.gap_after;
        self.at_top = false;
    }
}

/// The height of the keep-with-next chain that starts at `units[i]`, gaps included.
fn chain_height(units: &[Unit], i: usize) -> f32 {
    let mut chain = 0.0;
    let mut j = i;
    loop {
        let c = &units[j];
        chain += c.height
            + if j > i {
                para_gap(units[j - 1].gap_after, c.gap_before)
            } else {
                0.0
            };
        if !c.keep_with_next || j + 1 >= units.len() || units[j + 1].page_break_before {
            break;
        }
        j += 1;
    }
    chain
}

/// Page numbers of a plain document: from page 2, centred in the top margin.
fn page_numbers(doc: &Document, pages: &mut [Page], left: f32, width: f32) {
    let pg = &doc.page;
    let size = pg.page_number_size;
    let ascent = fonts::metrics(Variant::Regular).ascent * size;
    for (n, page) in pages.iter_mut().enumerate().skip(1) {
        let text = (n + 1).to_string();
        let shaped = fonts::shape(Variant::Regular, &text);
        let w = shaped.width * size;
        page.items.push(Item::Text(GlyphRun {
            x: left + (width - w) / 2.0,
            baseline: mm(pg.page_number_from_top_mm) + ascent,
            variant: Variant::Regular,
            size,
            text,
            shaped,
        }));
    }
}

/// A booklet's page heads: the section's running text at the left, the page number at the
/// right, a thin rule under both; nothing on a section without them (the cover).
fn running_heads(doc: &Document, pages: &mut [Page], left: f32, width: f32) {
    let pg = &doc.page;
    let style = doc.styles.iter().find(|s| s.name == "running");
    let size = style.map_or(pg.page_number_size, |s| s.size);
    let variant = style.map_or(Variant::Italic, |s| Variant::of(s.bold, s.italic));
    let baseline = mm(pg.page_number_from_top_mm) + fonts::metrics(variant).ascent * size;
    for (n, page) in pages.iter_mut().enumerate() {
        let Some(section) = page.section.clone() else {
            continue;
        };
        if section.page_numbers {
            let text = (n + 1).to_string();
            let shaped = fonts::shape(Variant::Regular, &text);
            page.items.push(Item::Text(GlyphRun {
                x: left + width - shaped.width * size,
                baseline,
                variant: Variant::Regular,
                size,
                text,
                shaped,
            }));
        }
        if let Some(text) = &section.running {
            let shaped = fonts::shape(variant, text);
            page.items.push(Item::Text(GlyphRun {
                x: left,
                baseline,
                variant,
                size,
                text: text.clone(),
                shaped,
            }));
            page.items.push(Item::Rect {
                x: left,
                y: baseline + size * 0.35,
                w: width,
                h: 0.5,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Marks, Meta, Run, StyleId};
    use crate::template::profile::Profile;

    fn doc(blocks: Vec<Block>) -> Document {
        let p = Profile::builtin();
        Document {
            meta: Meta::default(),
            page: p.page.clone(),
            styles: p.style_list(),
            blocks,
        }
    }

    fn style(d: &Document, name: &str) -> StyleId {
        StyleId(d.styles.iter().position(|s| s.name == name).unwrap())
    }

    fn para(d: &Document, s: &str, text: &str) -> Block {
        Block::Paragraph(Paragraph {
            style: style(d, s),
            inlines: vec![Inline::Text(Run {
                text: text.to_string(),
                marks: Marks::default(),
            })],
        })
    }

    fn runs(p: &Page) -> Vec<&GlyphRun> {
        p.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(g) => Some(g),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn justified_lines_reach_the_right_margin() {
        let mut d = doc(vec![]);
        let text = "Đồng chí chấp hành Điều lệ Đảng, nghị quyết của Chi bộ; dự 17/18 cuộc họp chi bộ trong thời gian được kiểm tra; đóng đảng phí đầy đủ, đúng thời gian quy định. ".repeat(3);
        d.blocks = vec![para(&d, "body", &text)];
        let pages = layout(&d);
        let rs = runs(&pages[0]);
        let left = mm(30.0);
        let right = mm(210.0 - 15.0);
        let first_x = rs.iter().map(|r| r.x).fold(f32::MAX, f32::min);
        // First line indented by 10 mm.
        let first_baseline = rs[0].baseline;
        assert!((rs[0].x - (left + mm(10.0))).abs() < 0.5);
        assert!((first_x - left).abs() < 0.5);
        // Every line but the last ends at the right margin.
        let mut baselines: Vec<f32> = rs.iter().map(|r| r.baseline).collect();
        baselines.dedup();
        assert!(baselines.len() >= 3);
        for b in &baselines[..baselines.len() - 1] {
            let end = rs
                .iter()
                .filter(|r| r.baseline == *b)
                .map(|r| r.x + fonts::text_width(r.variant, r.text.trim_end(), r.size))
                .fold(0.0, f32::max);
            assert!(
                (end - right).abs() < 0.6,
                "line at {b} ends at {end}, margin {right}"
            );
        }
        assert!(first_baseline > mm(20.0));
    }

    /// The text of each line of a page, in order.
    fn lines(p: &Page) -> Vec<String> {
        let mut out: Vec<(f32, String)> = Vec::new();
        for r in runs(p) {
            match out.last_mut() {
                Some((b, t)) if (*b - r.baseline).abs() < 0.1 => t.push_str(&r.text),
                _ => out.push((r.baseline, r.text.clone())),
            }
        }
        out.into_iter()
            .map(|(_, t)| t.trim_end().to_string())
            .collect()
    }

    #[test]
    fn a_centred_summary_leaves_no_lone_short_word() {
        let mut d = doc(vec![]);
        d.blocks = vec![para(
            &d,
            "summary",
            "Làm việc của Tổ kiểm tra với đồng chí Tôn Nữ Thị Huyền Trân, đảng viên được kiểm tra",
        )];
        let pages = layout(&d);
        let mut widths: Vec<(f32, f32, f32)> = Vec::new();
        for r in runs(&pages[0]) {
            let end = r.x + fonts::text_width(r.variant, r.text.trim_end(), r.size);
            match widths.last_mut() {
                Some((b, x0, x1)) if (*b - r.baseline).abs() < 0.1 => {
                    *x0 = x0.min(r.x);
                    *x1 = x1.max(end);
                }
                _ => widths.push((r.baseline, r.x, end)),
            }
        }
        assert_eq!(widths.len(), 2, "{:?}", lines(&pages[0]));
        let (a, b) = (widths[0].2 - widths[0].1, widths[1].2 - widths[1].1);
        assert!(
            b > 0.6 * a,
            "lines {a} and {b} wide: {:?}",
            lines(&pages[0])
        );
        // Still centred on the text area.
        let centre = mm(30.0) + mm(165.0) / 2.0;
        for (_, x0, x1) in widths {
            assert!(((x0 + x1) / 2.0 - centre).abs() < 1.0);
        }
    }

    #[test]
    fn a_long_signature_name_is_set_smaller_on_one_line() {
        let mut d = doc(vec![]);
        let name = |d: &Document, n: &str| vec![para(d, "sig-name", n)];
        d.blocks = vec![Block::Columns(Columns {
            widths: vec![0.33, 0.34, 0.33],
            cells: vec![
                name(&d, "Nguyễn Thị Hoàng Phương Thảo"),
                name(&d, "Võ Minh Đức"),
                name(&d, "Tôn Nữ Thị Huyền Trân"),
            ],
        })];
        let pages = layout(&d);
        let rs = runs(&pages[0]);
        let thao = rs.iter().find(|r| r.text.contains("Thảo")).unwrap();
        let nguyen = rs.iter().find(|r| r.text.contains("Nguyễn")).unwrap();
        let texts: Vec<_> = rs.iter().map(|r| (&r.text, r.baseline)).collect();
        assert_eq!(thao.baseline, nguyen.baseline, "the name wraps: {texts:?}");
        let size = |t: &str| rs.iter().find(|r| r.text.contains(t)).unwrap().size;
        assert!(size("Thảo") < 14.0 && size("Thảo") >= 10.0);
        // A name that fits keeps its size.
        assert_eq!(size("Đức"), 14.0);
    }

    #[test]
    fn a_document_number_and_its_word_never_split() {
        for n in 0..60 {
            let mut d = doc(vec![]);
            let text = format!(
                "{}Căn cứ Kế hoạch số 03-KH/CB, ngày 04/9/2026 và Quy định số 296-QĐ/TW.",
                "ấp ".repeat(n)
            );
            d.blocks = vec![para(&d, "body", &text)];
            for line in lines(&layout(&d)[0]) {
                for bad in ["số", "03-", "03-KH/", "296-", "296-QĐ/"] {
                    assert!(
                        !line.ends_with(bad),
                        "{n}: a line ends with «{bad}»: {line}"
                    );
                }
            }
        }
    }

    #[test]
    fn centred_text_is_centred_and_long_words_break() {
        let mut d = doc(vec![]);
        d.blocks = vec![
            para(&d, "title", "QUYẾT ĐỊNH"),
            para(&d, "body", &"x".repeat(400)),
        ];
        let pages = layout(&d);
        let rs = runs(&pages[0]);
        let title: Vec<_> = rs.iter().filter(|r| r.baseline == rs[0].baseline).collect();
        let last = title.last().unwrap();
        let mid = (title[0].x + last.x + last.width()) / 2.0;
        let centre = mm(30.0) + (mm(165.0)) / 2.0;
        assert!((mid - centre).abs() < 0.5, "{mid} vs {centre}");
        // The long word was cut to fit: nothing crosses the right margin.
        for r in &rs {
            assert!(r.x + r.width() <= mm(195.0) + 0.5);
        }
    }

    #[test]
    fn page_numbers_from_page_two_and_keep_with_next() {
        let mut d = doc(vec![]);
        let mut blocks = Vec::new();
        for i in 0..60 {
            blocks.push(para(&d, "heading", &format!("Mục {i}")));
            blocks.push(para(
                &d,
                "body",
                "Nội dung của mục, đủ dài để chiếm một dòng.",
            ));
        }
        d.blocks = blocks;
        let pages = layout(&d);
        assert!(pages.len() >= 3);
        let top_texts = |p: &Page| {
            runs(p)
                .iter()
                .filter(|r| r.baseline < mm(20.0))
                .map(|r| r.text.clone())
                .collect::<Vec<_>>()
        };
        assert!(top_texts(&pages[0]).is_empty());
        assert_eq!(top_texts(&pages[1]), vec!["2".to_string()]);
        // No page ends with a heading.
        for p in &pages {
            let body: Vec<_> = runs(p)
                .into_iter()
                .filter(|r| r.baseline > mm(20.0))
                .collect();
            let last = body.last().unwrap();
            assert!(
                last.variant != Variant::Bold,
                "page ends with heading {}",
                last.text
            );
        }
    }

    #[test]
    fn sections_carry_running_heads_and_contents_give_heading_pages() {
        use crate::document::{ContentsEntry, Section};
        let mut d = doc(vec![]);
        let section = |running: Option<&str>| {
            Block::Section(Section {
                running: running.map(str::to_string),
                page_numbers: running.is_some(),
            })
        };
        d.blocks = vec![
            section(None),
            para(&d, "cover-title", "TÀI LIỆU"),
            section(Some("Mục lục")),
            Block::Contents(vec![
                ContentsEntry {
                    level: 1,
                    text: "PHẦN I".into(),
                    page: Some(3),
                },
                ContentsEntry {
                    level: 2,
                    text: "KT-01".into(),
                    page: Some(4),
                },
            ]),
            section(Some("Phần I")),
            para(&d, "part", "PHẦN I"),
            Block::PageBreak,
            para(&d, "chapter", "KT-01"),
        ];
        let (pages, headings) = layout_report(&d);
        assert_eq!(pages.len(), 4);
        assert_eq!(headings, [3, 4]);
        let texts = |p: &Page| runs(p).iter().map(|r| r.text.clone()).collect::<Vec<_>>();
        // The cover: no head, no number.
        assert_eq!(texts(&pages[0]).concat(), "TÀI LIỆU");
        // The contents page: its head, its number at the right margin, the entries with a
        // dotted leader and their numbers right-aligned there too.
        let t = texts(&pages[1]);
        assert!(t.contains(&"Mục lục".to_string()), "{t:?}");
        let right = mm(210.0 - 15.0);
        for n in ["2", "3", "4"] {
            let r = runs(&pages[1]).into_iter().find(|r| r.text == n).unwrap();
            assert!(
                (r.x + r.width() - right).abs() < 0.5,
                "{n} ends at {}",
                r.x + r.width()
            );
        }
        assert!(runs(&pages[1]).iter().any(|r| r.text.starts_with("....")));
        // The next section's pages carry its own head.
        assert!(texts(&pages[2]).contains(&"Phần I".to_string()));
        assert!(texts(&pages[3]).contains(&"Phần I".to_string()));
        assert!(texts(&pages[3]).contains(&"4".to_string()));
    }
}
