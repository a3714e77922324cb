//! The dossier product: one call per job a front end offers (read, check, render, blank set,
//! zip), each returning values and bytes, never touching a file.
//!
//! The command line and the web server call only these functions (and the types they name),
//! so a new front end needs nothing else from the library.

use crate::error::{Error, Result};
use crate::input::{CaseFile, Cell};
use crate::rules::{Finding, RuleOptions};
use crate::template::{Engine, RenderOptions};
use crate::text::TextWarning;

pub use crate::render::{Format, Output};

/// A case file read from text: the typed case and what was said about its text on the way
/// (legacy encodings converted, characters the font lacks).
#[derive(Clone, Debug)]
pub struct Read {
    pub file: CaseFile,
    pub warnings: Vec<TextWarning>,
}

/// Parses a case file's text (`name` is used in messages only).
pub fn read(text: &str, name: &str) -> Result<Read> {
    let (file, warnings) = crate::render::parse_case_report(text, name)?;
    Ok(Read { file, warnings })
}

/// Every rule finding on a case (errors and warnings), then the model's own refusals: a case
/// with no error finding and `Ok` here renders.
pub fn check(file: &CaseFile, opts: &RuleOptions) -> Result<Vec<Finding>> {
    let findings = crate::rules::check(file, opts);
    if findings
        .iter()
        .all(|f| f.severity != crate::rules::Severity::Error)
    {
        crate::model::Model::build(file)?;
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
    for (spec, doc) in crate::render::documents(engine, file, opts)? {
        if !selection.wants(&spec.id) {
            continue;
        }
        for f in &selection.formats {
            out.push(Output {
                file_name: format!("{}.{}", crate::render::file_stem(&spec), f.ext()),
                bytes: f.render(&doc)?,
            });
        }
    }
    Ok(out)
}

fn unknown_doc(id: &str, set: &crate::sets::Manifest) -> Error {
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
    crate::render::render_blank(engine, set_id, cell, formats, opts)
}

/// Packs files into one deterministic zip (same files, same bytes), under `folder/`.
pub fn zip(folder: &str, outputs: &[Output]) -> Vec<u8> {
    let mut z = crate::package::ZipWriter::new();
    for o in outputs {
        z.add(&format!("{folder}/{}", o.file_name), &o.bytes);
    }
    z.finish()
}

/// The built-in worked example of a set, as JSON text (`nam`, `kiem-tra`, `giam-sat`).
pub fn sample_text(set_id: &str) -> Option<&'static str> {
    crate::samples::SAMPLES
        .iter()
        .find(|(id, _)| *id == set_id)
        .map(|(_, t)| *t)
}
