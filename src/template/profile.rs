//! The layout profile: page, margins, paragraph styles and the few layout numbers of
//! `format.md`, read from TOML so that a province can swap them without rebuilding.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// Page size and margins, in millimetres.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageSetup {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    /// Page numbers from page 2 on, centred in the top margin.
    pub page_number_size: f32,
    /// Distance from the top edge of the page to the page number's baseline area, mm.
    pub page_number_from_top_mm: f32,
}

/// A named paragraph style. Sizes in points, indents in millimetres.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Style {
    #[serde(default)]
    pub name: String,
    pub size: f32,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    #[serde(default)]
    pub underline: bool,
    pub align: Align,
    #[serde(default)]
    pub first_indent_mm: f32,
    #[serde(default)]
    pub space_before_pt: f32,
    #[serde(default)]
    pub space_after_pt: f32,
    /// Line height as a multiple of single spacing.
    #[serde(default = "one")]
    pub line_spacing: f32,
    #[serde(default)]
    pub keep_with_next: bool,
    /// Outline level for a table of contents (1 a part, 2 a chapter); 0 for body text.
    #[serde(default)]
    pub outline: u8,
    /// Indent of every line from the left, mm (contents entries).
    #[serde(default)]
    pub left_indent_mm: f32,
    /// A paragraph that would wrap is set smaller, down to this size, to stay on one line (a
    /// signature name in a narrow column, the header's date line); none: it wraps.
    #[serde(default)]
    pub min_size: Option<f32>,
}

/// The watermark printed across every page of a draft (`--draft`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Watermark {
    pub text: String,
    /// Font size, points; the text runs corner to corner, bold.
    pub size_pt: f32,
    /// Grey level of the text: 0 black, 1 white.
    pub grey: f32,
}

impl Default for Watermark {
    fn default() -> Watermark {
        Watermark {
            text: "DỰ THẢO".to_string(),
            size_pt: 110.0,
            grey: 0.85,
        }
    }
}

fn one() -> f32 {
    1.0
}

fn default_blank_mm() -> f32 {
    35.0
}

fn default_blank_part_mm() -> f32 {
    10.0
}

fn default_blank_min_line_mm() -> f32 {
    25.0
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub page: PageSetup,
    /// Named column sets, percentages: `header = [45, 55]`.
    pub columns: BTreeMap<String, Vec<f32>>,
    /// The short rule under a summary line, mm.
    pub short_rule_mm: f32,
    /// Rule thickness, points.
    pub rule_thickness_pt: f32,
    /// Empty lines left for a handwritten signature.
    pub signature_lines: f32,
    /// Blank forms: a dotted run for a name or number, and for a date part, mm.
    #[serde(default = "default_blank_mm")]
    pub blank_mm: f32,
    #[serde(default = "default_blank_part_mm")]
    pub blank_part_mm: f32,
    /// A dotted run to the line's end moves to a new line when less than this is left, mm.
    #[serde(default = "default_blank_min_line_mm")]
    pub blank_min_line_mm: f32,
    /// Paragraph styles by name; `body` is the default.
    pub styles: BTreeMap<String, Style>,
    /// The draft watermark (`--draft`).
    #[serde(default)]
    pub draft: Watermark,
}

pub const DEFAULT_PROFILE: &str = include_str!("../../templates/profile.toml");

impl Profile {
    pub fn parse(text: &str, file: &str) -> Result<Profile> {
        let mut p: Profile = toml::from_str(text).map_err(|e| Error::Config {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        for (name, style) in p.styles.iter_mut() {
            style.name = name.clone();
            if !(style.size > 1.0 && style.size < 100.0) {
                return Err(Error::Config {
                    file: file.to_string(),
                    message: format!("kiểu «{name}»: cỡ chữ {} không hợp lệ", style.size),
                });
            }
        }
        if !p.styles.contains_key("body") {
            return Err(Error::Config {
                file: file.to_string(),
                message: "thiếu kiểu «body» (chữ thân văn bản)".to_string(),
            });
        }
        let pg = &p.page;
        let text_w = pg.width_mm - pg.margin_left_mm - pg.margin_right_mm;
        let text_h = pg.height_mm - pg.margin_top_mm - pg.margin_bottom_mm;
        if text_w < 50.0 || text_h < 50.0 || pg.margin_left_mm < 0.0 || pg.margin_top_mm < 0.0 {
            return Err(Error::Config {
                file: file.to_string(),
                message: "lề trang quá lớn hoặc âm: vùng chữ còn dưới 50 mm".to_string(),
            });
        }
        for (name, widths) in &p.columns {
            if widths.is_empty() || widths.iter().any(|w| *w <= 0.0) {
                return Err(Error::Config {
                    file: file.to_string(),
                    message: format!("bộ cột «{name}» cần các độ rộng dương"),
                });
            }
        }
        Ok(p)
    }

    pub fn builtin() -> Profile {
        Profile::parse(DEFAULT_PROFILE, "profile.toml").expect("built-in profile is valid")
    }

    /// Styles in a stable order (by name), as documents store them.
    pub fn style_list(&self) -> Vec<Style> {
        self.styles.values().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_matches_format_md() {
        let p = Profile::builtin();
        assert_eq!(p.page.width_mm, 210.0);
        assert_eq!(p.page.margin_left_mm, 30.0);
        assert_eq!(p.page.margin_right_mm, 15.0);
        assert_eq!(p.styles["body"].size, 14.0);
        assert_eq!(p.styles["hdr-party"].size, 15.0);
        assert!(p.styles["hdr-party"].bold);
        assert!(!p.styles["hdr-superior"].bold);
        assert_eq!(p.styles["title"].size, 16.0);
        assert_eq!(p.columns["header"], vec![45.0, 55.0]);
    }

    #[test]
    fn rejects_bad_margins() {
        let text = DEFAULT_PROFILE.replace("margin_left_mm = 30", "margin_left_mm = 190");
        assert!(Profile::parse(&text, "x").is_err());
    }
}
