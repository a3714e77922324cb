//! The DOCX package around the body: styles, settings, font table, theme, document
//! properties, content types and relationships, zipped with our deterministic writer.

use super::xml::{Ind, PPr, RPr, Spacing, Xml, half_points, twips};
use crate::document::{Document, mm};
use crate::layout::fonts;
use crate::template::profile::{Align, Style};

pub const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

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

fn jc(a: Align) -> &'static str {
    match a {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        // OOXML's name for justified text; `justified` is not a value Word knows.
        Align::Justify => "both",
    }
}

/// One named paragraph style, based on Normal, in the quick-style gallery.
fn style(x: &mut Xml, s: &Style) {
    let id = style_id(&s.name);
    x.open("w:style", &[("w:type", &"paragraph"), ("w:styleId", &id)]);
    x.leaf("w:name", &[("w:val", &format_args!("hoso {}", s.name))]);
    x.leaf("w:basedOn", &[("w:val", &"Normal")]);
    x.leaf("w:qFormat", &[]);
    let indented = s.first_indent_mm > 0.0 || s.left_indent_mm > 0.0;
    PPr {
        keep_next: s.keep_with_next,
        widow_control: true,
        spacing: Some(Spacing {
            before: twips(s.space_before_pt),
            after: twips(s.space_after_pt),
            line: (240.0 * s.line_spacing).round() as i32,
            exact: false,
        }),
        ind: indented.then(|| Ind {
            left: twips(mm(s.left_indent_mm)),
            right: 0,
            first_line: (s.first_indent_mm > 0.0).then(|| twips(mm(s.first_indent_mm))),
        }),
        jc: Some(jc(s.align)),
        // Word's outline levels count from 0; a TOC field gathers these paragraphs.
        outline: (s.outline > 0).then(|| s.outline as usize - 1),
        ..PPr::default()
    }
    .write(x);
    RPr {
        fonts: true,
        bold: s.bold,
        italic: s.italic,
        size: Some(half_points(s.size)),
        underline: s.underline,
        lang: None,
    }
    .write(x);
    x.close("w:style");
}

/// Defaults (Times New Roman 14 pt, the document's language), Normal as the default
/// paragraph style, then hoso's named styles so that a user can restyle in Word.
fn styles(doc: &Document) -> String {
    let mut x = Xml::new();
    x.raw("<w:styles ");
    x.raw(W_NS);
    x.raw(">");
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    RPr {
        fonts: true,
        size: Some(28),
        lang: Some(&doc.meta.language),
        ..RPr::default()
    }
    .write(&mut x);
    x.close("w:rPrDefault");
    x.close("w:docDefaults");
    x.open(
        "w:style",
        &[
            ("w:type", &"paragraph"),
            ("w:default", &"1"),
            ("w:styleId", &"Normal"),
        ],
    );
    x.leaf("w:name", &[("w:val", &"Normal")]);
    x.leaf("w:qFormat", &[]);
    x.close("w:style");
    for s in &doc.styles {
        style(&mut x, s);
    }
    x.close("w:styles");
    x.finish()
}

/// Word 2013+ layout (compatibility mode 15), as docx-rs wrote it: LibreOffice's page breaks
/// agree with our PDF under these settings.
const SETTINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:zoom w:percent="100" /><w:defaultTabStop w:val="840" /><w:compat>"#,
    r#"<w:spaceForUL /><w:balanceSingleByteDoubleByteWidth /><w:doNotLeaveBackslashAlone />"#,
    r#"<w:ulTrailSpace /><w:doNotExpandShiftReturn /><w:useFELayout />"#,
    r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15" />"#,
    r#"<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="useWord2013TrackBottomHyphenation" w:uri="http://schemas.microsoft.com/office/word" w:val="0" />"#,
    r#"</w:compat></w:settings>"#
);

fn font_table() -> String {
    let mut x = Xml::new();
    x.raw("<w:fonts ");
    x.raw(W_NS);
    x.raw(">");
    x.open("w:font", &[("w:name", &fonts::WORD_FAMILY)]);
    x.leaf("w:charset", &[("w:val", &"00")]);
    x.leaf("w:family", &[("w:val", &"roman")]);
    x.leaf("w:pitch", &[("w:val", &"variable")]);
    x.close("w:font");
    x.close("w:fonts");
    x.finish()
}

/// The smallest complete theme: the validators require a main document to have one. Its
/// fonts are ours; every run names its font anyway.
fn theme() -> String {
    let solid = r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill>"#;
    let line = format!(r#"<a:ln w="6350">{solid}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst /></a:effectStyle>";
    let font = format!(
        r#"<a:latin typeface="{}" /><a:ea typeface="" /><a:cs typeface="" />"#,
        fonts::WORD_FAMILY
    );
    let colours = [
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ]
    .iter()
    .map(|(n, c)| format!(r#"<a:{n}><a:srgbClr val="{c}" /></a:{n}>"#))
    .collect::<String>();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="hoso">"#,
            r#"<a:themeElements><a:clrScheme name="hoso">"#,
            r#"<a:dk1><a:sysClr val="windowText" lastClr="000000" /></a:dk1>"#,
            r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF" /></a:lt1>"#,
            r#"<a:dk2><a:srgbClr val="44546A" /></a:dk2><a:lt2><a:srgbClr val="E7E6E6" /></a:lt2>"#,
            "{colours}</a:clrScheme>",
            r#"<a:fontScheme name="hoso"><a:majorFont>{font}</a:majorFont>"#,
            "<a:minorFont>{font}</a:minorFont></a:fontScheme>",
            r#"<a:fmtScheme name="hoso"><a:fillStyleLst>{s}{s}{s}</a:fillStyleLst>"#,
            "<a:lnStyleLst>{l}{l}{l}</a:lnStyleLst>",
            "<a:effectStyleLst>{e}{e}{e}</a:effectStyleLst>",
            "<a:bgFillStyleLst>{s}{s}{s}</a:bgFillStyleLst></a:fmtScheme>",
            "</a:themeElements></a:theme>"
        ),
        colours = colours,
        font = font,
        s = solid,
        l = line,
        e = effect,
    )
}

/// Title, subject, author and language from the document's metadata; its date, or the
/// epoch, so that the same input gives the same bytes.
fn core(doc: &Document) -> String {
    let m = &doc.meta;
    let stamp = m
        .date
        .as_ref()
        .map_or("1970-01-01T00:00:00Z".to_string(), |d| {
            format!("{d}T00:00:00Z")
        });
    let mut x = Xml::new();
    x.raw(concat!(
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    ));
    x.open("dcterms:created", &[("xsi:type", &"dcterms:W3CDTF")]);
    x.text(&stamp);
    x.close("dcterms:created");
    for (tag, value) in [
        ("dc:title", &m.title),
        ("dc:subject", &m.subject),
        ("dc:creator", &m.author),
        ("dc:language", &m.language),
        ("cp:lastModifiedBy", &m.author),
    ] {
        x.open(tag, &[]);
        x.text(value);
        x.close(tag);
    }
    x.open("dcterms:modified", &[("xsi:type", &"dcterms:W3CDTF")]);
    x.text(&stamp);
    x.close("dcterms:modified");
    x.raw("<cp:revision>1</cp:revision></cp:coreProperties>");
    x.finish()
}

const APP: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
    r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" />"#
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml" />"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml" />"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml" />"#,
    r#"</Relationships>"#
);

const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const WML_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

/// The relationship id of the `n`-th header part (from 1), as `w:headerReference` cites it.
pub fn header_rel(n: usize) -> String {
    format!("rIdHeader{n}")
}

fn document_rels(headers: usize) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    let fixed = [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "fontTable", "fontTable.xml"),
        ("rId3", "settings", "settings.xml"),
        ("rId4", "theme", "theme/theme1.xml"),
    ];
    for (id, kind, target) in fixed {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{OFFICE_REL}{kind}" Target="{target}" />"#
        ));
    }
    for n in 1..=headers {
        s.push_str(&format!(
            r#"<Relationship Id="{}" Type="{OFFICE_REL}header" Target="header{n}.xml" />"#,
            header_rel(n)
        ));
    }
    s.push_str("</Relationships>");
    s
}

fn content_types(headers: usize) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />"#,
        r#"<Default Extension="xml" ContentType="application/xml" />"#,
        r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml" />"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />"#,
        r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#,
    ));
    let mut part = |name: &str, kind: &str| {
        s.push_str(&format!(
            r#"<Override PartName="/word/{name}" ContentType="{WML_TYPE}{kind}+xml" />"#
        ));
    };
    part("document.xml", "document.main");
    part("styles.xml", "styles");
    part("settings.xml", "settings");
    part("fontTable.xml", "fontTable");
    for n in 1..=headers {
        part(&format!("header{n}.xml"), "header");
    }
    s.push_str("</Types>");
    s
}

/// Zips the parts: `document` is `word/document.xml`, `headers[i]` is `word/header{i+1}.xml`.
pub fn package(doc: &Document, document: &str, headers: &[String]) -> Vec<u8> {
    let mut z = crate::backend::package::ZipWriter::new();
    z.add(
        "[Content_Types].xml",
        content_types(headers.len()).as_bytes(),
    );
    z.add("_rels/.rels", ROOT_RELS.as_bytes());
    z.add("docProps/app.xml", APP.as_bytes());
    z.add("docProps/core.xml", core(doc).as_bytes());
    z.add(
        "word/_rels/document.xml.rels",
        document_rels(headers.len()).as_bytes(),
    );
    z.add("word/document.xml", document.as_bytes());
    z.add("word/styles.xml", styles(doc).as_bytes());
    z.add("word/settings.xml", SETTINGS.as_bytes());
    z.add("word/fontTable.xml", font_table().as_bytes());
    z.add("word/theme/theme1.xml", theme().as_bytes());
    for (i, h) in headers.iter().enumerate() {
        z.add(&format!("word/header{}.xml", i + 1), h.as_bytes());
    }
    z.finish()
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
    fn every_header_has_a_relationship_and_a_content_type() {
        let rels = document_rels(11);
        let types = content_types(11);
        for n in 1..=11 {
            assert!(rels.contains(&format!(r#"Id="rIdHeader{n}" "#)));
            assert!(rels.contains(&format!(r#"Target="header{n}.xml""#)));
            assert!(types.contains(&format!(r#"PartName="/word/header{n}.xml""#)));
        }
        assert!(!rels.contains("header12"));
    }
}
