//! The dossier product: one call per job a front end offers (read, check, render, blank set,
//! zip), each returning values and bytes, never touching a file.
//!
//! The command line and the web server call only these functions (and the types they name),
//! so a new front end needs nothing else from the library.

use crate::document::{Document, Meta};
use crate::error::{Error, Result};
use crate::input::rules::{Finding, RuleOptions, Severity};
use crate::input::text::TextWarning;
use crate::input::{CaseFile, Cell};
use crate::layout::Page;
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
    /// The file's name, as messages say it.
    pub name: String,
    /// Where each field is written, for pointing findings at the user's text.
    pub locations: crate::input::locate::Locations,
}

/// Parses a case file's text (`name` is used in messages only).
pub fn read(text: &str, name: &str) -> Result<Read> {
    let (file, warnings) = crate::input::read::parse_case_report(text, name)?;
    Ok(Read {
        file,
        warnings,
        name: name.to_string(),
        locations: crate::input::locate::Locations::of(text),
    })
}

/// The cell file a case names instead of holding its cell (`"cell": "chi-bo.json"`): the
/// front end reads it (relative to the case file) and calls [`read_with_cell`].
pub fn cell_reference(text: &str) -> Option<String> {
    crate::input::read::cell_reference(text)
}

/// [`read`] for a case whose cell is in the shared cell file `cell_name`, of text `cell_text`.
pub fn read_with_cell(text: &str, name: &str, cell_name: &str, cell_text: &str) -> Result<Read> {
    let (text, cell_warnings) = crate::input::cells::with_shared_cell(text, cell_name, cell_text)?;
    let mut read = read(&text, name)?;
    let mut warnings = cell_warnings;
    warnings.append(&mut read.warnings);
    read.warnings = warnings;
    Ok(read)
}

impl Read {
    /// Gives each finding the `file:line:col` of its first field.
    pub fn locate(&self, findings: &mut [Finding]) {
        crate::input::rules::locate(findings, &self.name, &self.locations);
    }
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
            en: crate::input::lang::pick(&message, crate::input::lang::Lang::En).to_string(),
            vi: crate::input::lang::pick(&message, crate::input::lang::Lang::Vi).to_string(),
            place: None,
        }),
        Err(e @ (Error::Template { .. } | Error::Markup { .. })) => findings.push(Finding {
            severity: Severity::Error,
            fields: vec!["case".to_string()],
            vi: format!("hồ sơ này chưa lập được: {e}"),
            en: format!("this case cannot be rendered: {e}"),
            place: None,
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
    /// Also the print bundle: the chosen documents in one PDF ([`render_bundle`]).
    pub bundle: bool,
}

impl Selection {
    pub fn all(formats: &[Format]) -> Selection {
        Selection {
            formats: formats.to_vec(),
            docs: Vec::new(),
            bundle: false,
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
    let mut chosen = laid_out(engine, file, opts)?;
    chosen.retain(|d| selection.wants(&d.spec.id));
    let mut out = Vec::new();
    for d in &mut chosen {
        if selection.bundle {
            d.lay_out();
        }
        out.extend(encode(
            &d.spec,
            &d.doc,
            d.pages.as_deref(),
            &selection.formats,
        )?);
    }
    if selection.bundle {
        out.push(bundle(set, file, opts, &chosen)?);
    }
    Ok(out)
}

/// The print bundle of a case: every document of its dossier in one PDF, in the set's order,
/// one bookmark per document, the index's page counts agreeing with it.
pub fn render_bundle(engine: &Engine, file: &CaseFile, opts: &RenderOptions) -> Result<Output> {
    let set = engine.set(&file.set)?;
    let mut docs = laid_out(engine, file, opts)?;
    docs.iter_mut().for_each(Laid::lay_out);
    bundle(set, file, opts, &docs)
}

/// `ho-so-kiem-tra.pdf`: the print bundle's file name.
pub fn bundle_name(set_id: &str) -> String {
    format!("ho-so-{set_id}.pdf")
}

/// Writes laid-out documents (each with its pages) as one PDF.
fn bundle(set: &Manifest, file: &CaseFile, opts: &RenderOptions, docs: &[Laid]) -> Result<Output> {
    let first = docs.first().map(|d| &d.doc.meta);
    let meta = Meta {
        title: format!("{} – {}", set.name, file.cell.name),
        subject: file.cell.name.clone(),
        author: opts
            .author
            .clone()
            .unwrap_or_else(|| file.cell.name.clone()),
        language: first.map_or_else(|| "vi-VN".to_string(), |m| m.language.clone()),
        date: opts.date.clone(),
        identifier: bundle_name(&set.id),
        draft: first.and_then(|m| m.draft.clone()),
        archival: opts.archival,
    };
    let parts: Vec<(&Document, &[Page])> = docs
        .iter()
        .map(|d| (&d.doc, d.pages.as_deref().unwrap_or_default()))
        .collect();
    Ok(Output {
        file_name: bundle_name(&set.id),
        bytes: crate::backend::pdf::render_bundle(&meta, &parts)?,
    })
}

fn unknown_doc(id: &str, set: &Manifest) -> Error {
    let ids = set
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Error::invalid(
        "--doc",
        format!("bộ «{}» không có văn bản «{id}»; có: {ids}", set.id),
        format!("the set «{}» has no document «{id}»; it has: {ids}", set.id),
    )
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
        out.extend(encode(&spec, &doc, None, formats)?);
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

/// One document in each of `formats`; its PDF from `pages` when it has been laid out.
fn encode(
    spec: &DocSpec,
    doc: &Document,
    pages: Option<&[Page]>,
    formats: &[Format],
) -> Result<Vec<Output>> {
    formats
        .iter()
        .map(|f| {
            let bytes = match (f, pages) {
                (Format::Pdf, Some(pages)) => crate::backend::pdf::render_pages(doc, pages)?,
                _ => f.render(doc)?,
            };
            Ok(Output {
                file_name: format!("{}.{}", file_stem(spec), f.ext()),
                bytes,
            })
        })
        .collect()
}

/// A document of a dossier with its pages, when they have been laid out already.
struct Laid {
    spec: DocSpec,
    doc: Document,
    pages: Option<Vec<Page>>,
}

impl Laid {
    /// Lays the document out, unless that was done already (to count its pages).
    fn lay_out(&mut self) {
        if self.pages.is_none() {
            self.pages = Some(crate::layout::layout(&self.doc));
        }
    }
}

/// Builds the model and renders every document of the file's set to the document model. A
/// document that lists the others with their page counts (the dossier index) is rendered
/// again once the others are laid out, with their counts and the total.
pub fn documents(
    engine: &Engine,
    file: &CaseFile,
    opts: &RenderOptions,
) -> Result<Vec<(DocSpec, Document)>> {
    Ok(laid_out(engine, file, opts)?
        .into_iter()
        .map(|d| (d.spec, d.doc))
        .collect())
}

/// [`documents`], keeping the pages of those laid out to count them for the index, so that
/// their PDF does not lay them out again.
fn laid_out(engine: &Engine, file: &CaseFile, opts: &RenderOptions) -> Result<Vec<Laid>> {
    let model = Model::build(file)?;
    let set = engine.set(&file.set)?;
    let mut docs: Vec<Laid> = engine
        .render_set(set, &model, opts)?
        .into_iter()
        .map(|(spec, doc)| Laid {
            spec,
            doc,
            pages: None,
        })
        .collect();
    if !docs.iter().any(|d| d.spec.lists_pages) {
        return Ok(docs);
    }
    for d in docs.iter_mut().filter(|d| !d.spec.lists_pages) {
        d.pages = Some(crate::layout::layout(&d.doc));
    }
    let pages: serde_json::Map<String, serde_json::Value> = docs
        .iter()
        .filter_map(|d| Some((d.spec.id.clone(), d.pages.as_ref()?.len().into())))
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
        if let Some(slot) = docs.iter_mut().find(|d| d.spec.id == spec.id) {
            slot.doc = doc;
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
    let sample = crate::input::read::sample(set_id).ok_or_else(|| {
        Error::invalid(
            "--set",
            format!("bộ «{set_id}» không có dữ liệu mẫu nên chưa dựng được mẫu in sẵn cho bộ này"),
            format!("the set «{set_id}» has no sample data, so its blank forms cannot be made"),
        )
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
