//! Backend tests from hand-built documents: what each backend writes for each kind of block,
//! checked in the bytes themselves (DOCX XML, PDF objects), with no template involved.

use hoso::document::{
    Block, Columns, Document, Inline, Marks, Meta, Paragraph, Rule, Run, StyleId, Table, mm,
};
use hoso::template::profile::Profile;
use std::io::Read;

fn doc(blocks: impl FnOnce(&dyn Fn(&str, &str) -> Paragraph) -> Vec<Block>) -> Document {
    let profile = Profile::builtin();
    let styles = profile.style_list();
    let para = |style: &str, text: &str| Paragraph {
        style: StyleId(styles.iter().position(|s| s.name == style).expect("style")),
        inlines: vec![Inline::Text(Run {
            text: text.to_string(),
            marks: Marks::default(),
        })],
    };
    Document {
        meta: Meta {
            title: "KT-01 – Quyết định kiểm tra".into(),
            subject: "Chi bộ ấp Tân Phú".into(),
            author: "Chi bộ ấp Tân Phú".into(),
            language: "vi-VN".into(),
            date: Some("2026-08-03".into()),
            identifier: "KT-01".into(),
            ..Meta::default()
        },
        page: profile.page.clone(),
        blocks: blocks(&para),
        styles,
    }
}

fn sample() -> Document {
    doc(|p| {
        let mut bold = p("body", "Điều 1. ");
        if let Inline::Text(r) = &mut bold.inlines[0] {
            r.marks.bold = true;
        }
        bold.inlines.push(Inline::Text(Run {
            text: "Kiểm tra đối với đồng chí Lê Văn Cường & <tổ> \"kiểm tra\".".into(),
            marks: Marks::default(),
        }));
        bold.inlines.push(Inline::Break);
        bold.inlines.push(Inline::Text(Run {
            text: "dòng hai".into(),
            marks: Marks::default(),
        }));
        vec![
            Block::Columns(Columns {
                widths: vec![0.45, 0.55],
                cells: vec![
                    vec![Block::Paragraph(p("hdr-issuer", "CHI BỘ ẤP TÂN PHÚ"))],
                    vec![
                        Block::Paragraph(p("hdr-party", "ĐẢNG CỘNG SẢN VIỆT NAM")),
                        Block::Rule(Rule {
                            width: mm(63.0),
                            thickness: 0.6,
                            space_before: 0.0,
                        }),
                    ],
                ],
            }),
            Block::Paragraph(p("title", "QUYẾT ĐỊNH")),
            Block::Paragraph(bold),
            Block::Table(Table {
                widths: vec![0.2, 0.8],
                header: vec![vec![p("cell-head", "STT"), p("cell-head", "Tên")]],
                rows: vec![vec![p("cell", "1"), p("cell", "Quyết định")]],
            }),
            Block::Space(2.0),
            Block::PageBreak,
            Block::Keep(vec![Block::Paragraph(p("body", "Trang hai."))]),
        ]
    })
}

fn docx_part(bytes: &[u8], name: &str) -> (String, zip::CompressionMethod) {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut f = z.by_name(name).expect("part present");
    let method = f.compression();
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 XML");
    (s, method)
}

#[test]
fn docx_is_deflated_valid_xml_with_named_styles_and_a4_margins() {
    let bytes = hoso::backend::docx::render(&sample()).unwrap();
    let (document, method) = docx_part(&bytes, "word/document.xml");
    assert_eq!(method, zip::CompressionMethod::Deflated);
    roxmltree::Document::parse(&document).expect("document.xml is well-formed");
    // Justified body as `both`, never the invalid `justified`.
    let (styles, _) = docx_part(&bytes, "word/styles.xml");
    roxmltree::Document::parse(&styles).expect("styles.xml is well-formed");
    assert!(styles.contains(r#"w:styleId="HosoBody""#));
    assert!(
        styles.contains(r#"<w:jc w:val="both" />"#),
        "body justified as both"
    );
    assert!(!styles.contains("justified") && !document.contains("justified"));
    for slot in ["ascii", "hAnsi", "eastAsia", "cs"] {
        assert!(
            styles.contains(&format!(r#"w:{slot}="Times New Roman""#)),
            "Times New Roman in the {slot} slot"
        );
    }
    assert!(styles.contains(r#"<w:lang w:val="vi-VN" />"#));
    // A4 and 20/20/30/15 mm margins, in twentieths of a point.
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 page"
    );
    for (side, mm_) in [
        ("top", 20.0),
        ("bottom", 20.0),
        ("left", 30.0),
        ("right", 15.0),
    ] {
        let tw = (mm(mm_) * 20.0).round() as i32;
        assert!(
            document.contains(&format!(r#"w:{side}="{tw}""#)),
            "{side} margin {tw}"
        );
    }
    // Page numbers from page 2: a different first page with an empty header.
    assert!(document.contains("<w:titlePg"));
    let header_parts: Vec<String> = (1..=2)
        .filter_map(|i| {
            let z = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).ok()?;
            z.file_names()
                .any(|n| n == format!("word/header{i}.xml"))
                .then(|| docx_part(&bytes, &format!("word/header{i}.xml")).0)
        })
        .collect();
    assert!(header_parts.iter().any(|h| h.contains("PAGE")));
    // Escaped text, line break, bold run, the header grid table without borders, the rule.
    assert!(document.contains("&amp; &lt;tổ&gt;"));
    assert!(document.contains(r#"<w:br w:type="textWrapping" />"#));
    assert!(document.contains("<w:b />"));
    assert!(document.contains(r#"<w:pBdr><w:bottom w:val="single""#));
    assert!(document.contains("<w:cantSplit />"));
    assert!(document.contains(r#"<w:pageBreakBefore />"#));
    let (core, _) = docx_part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>KT-01 – Quyết định kiểm tra</dc:title>"));
    assert!(core.contains("2026-08-03T00:00:00Z"));
}

#[test]
fn docx_and_pdf_are_reproducible_byte_for_byte() {
    let d = sample();
    assert_eq!(
        hoso::backend::docx::render(&d).unwrap(),
        hoso::backend::docx::render(&d).unwrap()
    );
    assert_eq!(
        hoso::backend::pdf::render(&d).unwrap(),
        hoso::backend::pdf::render(&d).unwrap()
    );
}

#[test]
fn pdf_embeds_subset_fonts_has_metadata_and_two_pages() {
    let bytes = hoso::backend::pdf::render(&sample()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf parses our PDF");
    assert_eq!(
        pdf.get_pages().len(),
        2,
        "the page break makes a second page"
    );
    let mut fonts = 0;
    let mut embedded = 0;
    for (_, obj) in pdf.objects.iter() {
        if let Ok(dict) = obj.as_dict()
            && dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor")
        {
            fonts += 1;
            let name = dict.get(b"FontName").and_then(|n| n.as_name()).unwrap();
            let name = String::from_utf8_lossy(name);
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "subset font names carry a tag: {name}"
            );
            assert!(name.contains("LiberationSerif"), "{name}");
            if dict.has(b"FontFile2") || dict.has(b"FontFile3") {
                embedded += 1;
            }
        }
    }
    assert!(fonts >= 2, "regular and bold at least, found {fonts}");
    assert_eq!(fonts, embedded, "every font is embedded");
    let info = String::from_utf8_lossy(&bytes);
    assert!(info.contains("vi-VN"), "document language set");
    assert!(
        bytes.len() < 60_000,
        "subset fonts keep the file small: {}",
        bytes.len()
    );
}

/// A booklet-like document: sections with running heads, a table of contents and headings.
#[test]
fn sections_and_contents_in_both_backends() {
    use hoso::document::{ContentsEntry, Section};
    let d = doc(|p| {
        vec![
            Block::Section(Section {
                running: None,
                page_numbers: false,
            }),
            Block::Paragraph(p("cover-title", "TÀI LIỆU")),
            Block::Section(Section {
                running: Some("Mục lục".into()),
                page_numbers: true,
            }),
            Block::Contents(vec![
                ContentsEntry {
                    level: 1,
                    text: "PHẦN I".into(),
                    page: Some(3),
                },
                ContentsEntry {
                    level: 2,
                    text: "KT-01 & <b>".into(),
                    page: Some(3),
                },
            ]),
            Block::Section(Section {
                running: Some("Phần I".into()),
                page_numbers: true,
            }),
            Block::Paragraph(p("part", "PHẦN I")),
            Block::Paragraph(p("chapter", "KT-01 & <b>")),
        ]
    });
    let docx = hoso::backend::docx::render(&d).expect("docx");
    let (xml, _) = docx_part(&docx, "word/document.xml");
    roxmltree::Document::parse(&xml).expect("well-formed");
    // Three sections: two section-break paragraphs and the body's own properties.
    assert_eq!(xml.matches("<w:sectPr>").count(), 3, "{xml}");
    assert_eq!(xml.matches("<w:headerReference").count(), 3);
    assert!(xml.contains("PAGEREF _Toc_hoso_2"));
    assert!(xml.contains(r#"w:name="_Toc_hoso_1""#));
    assert!(xml.contains("KT-01 &amp; &lt;b&gt;"));
    let (styles, _) = docx_part(&docx, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:outlineLvl w:val="1" />"#),
        "chapter: level 2"
    );
    let pdf = hoso::backend::pdf::render(&d).expect("pdf");
    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    assert_eq!(pages, 3);
}

/// A part's XML in a canonical text form (Pandoc's way of testing OOXML): one element per
/// line, indented by depth, attributes sorted, text on its own line; so that a golden file
/// diffs by element when the writer changes.
fn normalised_xml(xml: &str) -> String {
    fn walk(node: roxmltree::Node, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        if node.is_text() {
            let t = node.text().unwrap_or("");
            if !t.trim().is_empty() {
                out.push_str(&format!("{pad}{t:?}\n"));
            }
            return;
        }
        if !node.is_element() {
            return;
        }
        let tag = node.tag_name();
        let prefix = |ns: Option<&str>| {
            ns.and_then(|ns| node.lookup_prefix(ns))
                .map(|p| format!("{p}:"))
                .unwrap_or_default()
        };
        let mut attrs: Vec<String> = node
            .attributes()
            .map(|a| format!("{}{}={:?}", prefix(a.namespace()), a.name(), a.value()))
            .collect();
        attrs.sort();
        let name = format!("{}{}", prefix(tag.namespace()), tag.name());
        out.push_str(&format!(
            "{pad}<{name}{}{}>\n",
            if attrs.is_empty() { "" } else { " " },
            attrs.join(" ")
        ));
        for c in node.children() {
            walk(c, depth + 1, out);
        }
    }
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut out = String::new();
    walk(doc.root_element(), 0, &mut out);
    out
}

/// `word/document.xml` of the backend sample against its golden file
/// (`tests/golden/sample-document.xml.txt`). `HOSO_BLESS=1` rewrites the golden after a
/// deliberate change of the writer; review its diff before committing.
#[test]
fn docx_document_part_matches_its_golden_file() {
    let bytes = hoso::backend::docx::render(&sample()).unwrap();
    let (xml, _) = docx_part(&bytes, "word/document.xml");
    let got = normalised_xml(&xml);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/sample-document.xml.txt");
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (HOSO_BLESS=1 writes it)", path.display()));
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "word/document.xml differs from the golden at line {}:\n got: {:?}\nwant: {:?}",
            first + 1,
            got.lines().nth(first),
            want.lines().nth(first)
        );
    }
}
