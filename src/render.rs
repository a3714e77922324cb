//! The library's front door: read a case file, render the documents of its set to DOCX and
//! PDF bytes, and name the files. No file is written here.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::input::CaseFile;
use crate::model::Model;
use crate::sets::DocSpec;
use crate::template::{Engine, RenderOptions};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Docx,
    Pdf,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    pub fn render(self, doc: &Document) -> Result<Vec<u8>> {
        match self {
            Format::Docx => crate::docx::render(doc),
            Format::Pdf => crate::pdf::render(doc),
        }
    }
}

/// One rendered file.
#[derive(Clone, Debug)]
pub struct Output {
    /// `KT-01-quyet-dinh-kiem-tra.pdf`
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub fn file_stem(d: &DocSpec) -> String {
    format!("{}-{}", d.id, d.slug)
}

/// Parses a case file: JSON syntax errors carry line and column; every string is normalised
/// (NFC, no control characters) before the typed model sees it.
pub fn parse_case(text: &str, file: &str) -> Result<CaseFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let line_text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
        let col = e.column().max(1);
        Error::Json {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
            text: line_text.to_string(),
            caret: format!("{}^", " ".repeat(line_text.chars().take(col - 1).count())),
        }
    })?;
    // Type errors are reported against the user's own text, so they carry a line too.
    let de = &mut serde_json::Deserializer::from_str(text);
    if let Err(e) = serde_path_to_error::deserialize::<_, CaseFile>(de) {
        let path = e.path().to_string();
        let inner = e.into_inner();
        return Err(Error::Invalid {
            path: format!("{path} (dòng {}, cột {})", inner.line(), inner.column()),
            message: inner.to_string(),
        });
    }
    crate::text::clean_json(&mut value);
    serde_json::from_value(value).map_err(|e| Error::Invalid {
        path: String::new(),
        message: e.to_string(),
    })
}

/// Builds the model and renders every document of the file's set to the document model.
pub fn documents(
    engine: &Engine,
    file: &CaseFile,
    opts: &RenderOptions,
) -> Result<Vec<(DocSpec, Document)>> {
    let model = Model::build(file)?;
    let set = engine.set(&file.set)?;
    engine.render_set(set, &model, opts)
}

/// Renders every document of the file's set in the given formats.
pub fn render_case(
    engine: &Engine,
    file: &CaseFile,
    formats: &[Format],
    opts: &RenderOptions,
) -> Result<Vec<Output>> {
    let mut out = Vec::new();
    for (spec, doc) in documents(engine, file, opts)? {
        for f in formats {
            out.push(Output {
                file_name: format!("{}.{}", file_stem(&spec), f.ext()),
                bytes: f.render(&doc)?,
            });
        }
    }
    Ok(out)
}

/// The blank form of every document of a set, from the same templates as the filled ones:
/// the set's worked example with every fact blanked (see `blank`). With `cell`, the cell's
/// header lines, place name and members are printed and the case left blank.
pub fn blank_documents(
    engine: &Engine,
    set_id: &str,
    cell: Option<&crate::input::Cell>,
    opts: &RenderOptions,
) -> Result<Vec<(DocSpec, Document)>> {
    let set = engine.set(set_id)?;
    let sample = crate::samples::sample(set_id).ok_or_else(|| Error::Invalid {
        path: "--set".to_string(),
        message: format!(
            "bộ «{set_id}» không có dữ liệu mẫu nên chưa dựng được mẫu in sẵn cho bộ này"
        ),
    })??;
    let model = Model::build(&sample)?;
    let json = serde_json::to_value(&model).map_err(|e| Error::Invalid {
        path: String::new(),
        message: e.to_string(),
    })?;
    let blank = crate::blank::blank_model(&json, cell)?;
    let markup = engine.render_markup_json(set, &blank)?;
    let subject = cell.map(|c| c.name.as_str()).unwrap_or("Mẫu in sẵn");
    engine.documents(set, markup, subject, opts)
}

/// Renders the blank forms of a set in the given formats.
pub fn render_blank(
    engine: &Engine,
    set_id: &str,
    cell: Option<&crate::input::Cell>,
    formats: &[Format],
    opts: &RenderOptions,
) -> Result<Vec<Output>> {
    let mut out = Vec::new();
    for (spec, doc) in blank_documents(engine, set_id, cell, opts)? {
        for f in formats {
            out.push(Output {
                file_name: format!("{}.{}", file_stem(&spec), f.ext()),
                bytes: f.render(&doc)?,
            });
        }
    }
    Ok(out)
}
