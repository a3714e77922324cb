//! The dossier product: one call per job a front end offers (read, check, render, blank set,
//! zip), each returning values and bytes, never touching a file.
//!
//! The command line and the web server call only these functions (and the types they name),
//! so a new front end needs nothing else from the library.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::input::rules::{Finding, RuleOptions, Severity};
use crate::input::text::TextWarning;
use crate::input::{CaseFile, Cell};
use crate::model::Model;
use crate::template::sets::{DocSpec, Manifest};
use crate::template::{Engine, RenderOptions};

pub use crate::backend::{Format, Output};

/// A case file read from text: the typed case and what was said about its text on the way
/// (legacy encodings converted, characters the font lacks).
#[derive(Clone, Debug)]
pub struct Read {
    pub file: CaseFile,
    pub warnings: Vec<TextWarning>,
}

/// Parses a case file's text (`name` is used in messages only).
pub fn read(text: &str, name: &str) -> Result<Read> {
    let (file, warnings) = crate::input::read::parse_case_report(text, name)?;
    Ok(Read { file, warnings })
}

/// Every rule finding on a case (errors and warnings), in the order of the rules. When no rule
/// refuses the case, it is also rendered to the document model, and whatever stops that
/// (a value the templates cannot print) becomes an error finding naming its field: so a case
/// with no error finding renders, in every format.
pub fn check(engine: &Engine, file: &CaseFile, opts: &RuleOptions) -> Result<Vec<Finding>> {
    let mut findings = crate::input::rules::check(file, opts);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Ok(findings);
    }
    match documents(engine, file, &RenderOptions::default()) {
        Ok(_) => {}
        Err(Error::Invalid { path, message }) => findings.push(Finding {
            severity: Severity::Error,
            fields: vec![path],
            en: message.clone(),
            vi: message,
        }),
        Err(e @ (Error::Template { .. } | Error::Markup { .. })) => findings.push(Finding {
            severity: Severity::Error,
            fields: vec!["case".to_string()],
            vi: format!("hồ sơ này chưa lập được: {e}"),
            en: format!("this case cannot be rendered: {e}"),
        }),
        Err(e) => return Err(e),
    }
    Ok(findings)
}

/// Which documents and formats to render.
#[derive(Clone, Debug)]
pub struct Selection {
    pub formats: Vec<Format>,
    /// Document ids (`KT-09`); empty means every document of the set.
    pub docs: Vec<String>,
}

impl Selection {
    pub fn all(formats: &[Format]) -> Selection {
        Selection {
            formats: formats.to_vec(),
            docs: Vec::new(),
        }
    }

    fn wants(&self, id: &str) -> bool {
        self.docs.is_empty() || self.docs.iter().any(|d| d == id)
    }
}

/// Renders the chosen documents of a case. Rules are not applied here: call [`check`] first.
pub fn render(
    engine: &Engine,
    file: &CaseFile,
    selection: &Selection,
    opts: &RenderOptions,
) -> Result<Vec<Output>> {
    let set = engine.set(&file.set)?;
    for id in &selection.docs {
        if !set.documents.iter().any(|d| &d.id == id) {
            return Err(unknown_doc(id, set));
        }
    }
    let mut out = Vec::new();
    for (spec, doc) in documents(engine, file, opts)? {
        if !selection.wants(&spec.id) {
            continue;
        }
        out.extend(encode(&spec, &doc, &selection.formats)?);
    }
    Ok(out)
}

fn unknown_doc(id: &str, set: &Manifest) -> Error {
    Error::Invalid {
        path: "--doc".to_string(),
        message: format!(
            "bộ «{}» không có văn bản «{id}»; có: {}",
            set.id,
            set.documents
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The blank pre-printed forms of a set, personalised with `cell` when given.
pub fn render_blank(
    engine: &Engine,
    set_id: &str,
    cell: Option<&Cell>,
    formats: &[Format],
    opts: &RenderOptions,
) -> Result<Vec<Output>> {
    let mut out = Vec::new();
    for (spec, doc) in blank_documents(engine, set_id, cell, opts)? {
        out.extend(encode(&spec, &doc, formats)?);
    }
    Ok(out)
}

/// Packs files into one deterministic zip (same files, same bytes), under `folder/`.
pub fn zip(folder: &str, outputs: &[Output]) -> Vec<u8> {
    let mut z = crate::backend::package::ZipWriter::new();
    for o in outputs {
        z.add(&format!("{folder}/{}", o.file_name), &o.bytes);
    }
    z.finish()
}

/// The built-in worked example of a set, as JSON text (`nam`, `kiem-tra`, `giam-sat`).
pub fn sample_text(set_id: &str) -> Option<&'static str> {
    crate::input::samples::text(set_id)
}

/// `KT-01-quyet-dinh-kiem-tra`: a document's file name without extension.
pub fn file_stem(d: &DocSpec) -> String {
    format!("{}-{}", d.id, d.slug)
}

/// One document in each of `formats`.
fn encode(spec: &DocSpec, doc: &Document, formats: &[Format]) -> Result<Vec<Output>> {
    formats
        .iter()
        .map(|f| {
            Ok(Output {
                file_name: format!("{}.{}", file_stem(spec), f.ext()),
                bytes: f.render(doc)?,
            })
        })
        .collect()
}

/// Builds the model and renders every document of the file's set to the document model. A
/// document that lists the others with their page counts (the dossier index) is rendered
/// again once the others are laid out, with their counts and the total.
pub fn documents(
    engine: &Engine,
    file: &CaseFile,
    opts: &RenderOptions,
) -> Result<Vec<(DocSpec, Document)>> {
    let model = Model::build(file)?;
    let set = engine.set(&file.set)?;
    let mut docs = engine.render_set(set, &model, opts)?;
    if !docs.iter().any(|(d, _)| d.lists_pages) {
        return Ok(docs);
    }
    let pages: serde_json::Map<String, serde_json::Value> = docs
        .iter()
        .filter(|(d, _)| !d.lists_pages)
        .map(|(d, doc)| (d.id.clone(), crate::layout::layout(doc).len().into()))
        .collect();
    let mut json = serde_json::to_value(&model).map_err(|e| Error::Invalid {
        path: String::new(),
        message: e.to_string(),
    })?;
    if let serde_json::Value::Object(m) = &mut json {
        m.insert("pages".to_string(), serde_json::Value::Object(pages));
    }
    let markup = engine.render_markup_where(set, &json, &|d| d.lists_pages)?;
    let indexes = engine.documents(set, markup, &model.cell.input.name, opts)?;
    for (spec, doc) in indexes {
        if let Some(slot) = docs.iter_mut().find(|(d, _)| d.id == spec.id) {
            slot.1 = doc;
        }
    }
    Ok(docs)
}

/// The blank form of every document of a set, from the same templates as the filled ones:
/// the set's worked example with every fact blanked (see `template::blank`). With `cell`, the
/// cell's header lines, place name and members are printed and the case left blank.
pub fn blank_documents(
    engine: &Engine,
    set_id: &str,
    cell: Option<&Cell>,
    opts: &RenderOptions,
) -> Result<Vec<(DocSpec, Document)>> {
    let set = engine.set(set_id)?;
    let sample = crate::input::read::sample(set_id).ok_or_else(|| Error::Invalid {
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
    // Documents with room of their own are rendered from a model of their own.
    let blank = crate::template::blank::blank_model(&json, cell, &set.blank)?;
    let mut markup = engine.render_markup_where(set, &blank, &|d| d.blank.is_empty())?;
    for d in set.documents.iter().filter(|d| !d.blank.is_empty()) {
        let room = set.blank.with(&d.blank);
        let own = crate::template::blank::blank_model(&json, cell, &room)?;
        markup.extend(engine.render_markup_where(set, &own, &|x| x.id == d.id)?);
    }
    markup.sort_by_key(|(d, _)| set.documents.iter().position(|x| x.id == d.id));
    let subject = cell.map(|c| c.name.as_str()).unwrap_or("Mẫu in sẵn");
    engine.documents(set, markup, subject, opts)
}
