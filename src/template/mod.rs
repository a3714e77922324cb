//! Stage 3, templates: tera 2 set up with our filters and an escape function that makes data
//! literal in the markup; renders one document of a set to markup, then (through `markup`) to
//! a `Document`. Template sets, the layout profile and the blank-form model live here too.

pub mod blank;
pub mod check;
pub mod markup;
pub mod profile;
pub mod sets;
pub mod words;

use crate::document::{Block, Document, Meta};
use crate::error::{Error, Result};
use crate::input::date::{Date, Time};
use crate::model::Model;
use crate::template::markup::Parser;
use crate::template::profile::Profile;
use crate::template::sets::{DocSpec, Manifest, TemplateFiles};
use serde::Serialize;
use serde_json::Value as Json;
use tera::{Context, Kwargs, State, Tera, TeraResult};

/// What the engine needs to know about the current document, as templates see it (`doc`).
#[derive(Clone, Debug, Serialize)]
pub struct DocContext {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub phase: String,
    pub issuer: crate::template::sets::Issuer,
    pub signature: String,
    pub number_text: Option<String>,
    pub date: Option<String>,
    pub place_date: Option<String>,
}

/// A compiled template folder.
pub struct Engine {
    files: TemplateFiles,
    tera: Tera,
    profile: Profile,
    sets: Vec<Manifest>,
    /// The committee's report sets (`[report]` in their manifest), apart from the case sets.
    reports: Vec<Manifest>,
}

fn escape_markup(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(markup::escaped(input).as_bytes())
}

fn parse_date_arg(s: &str) -> TeraResult<Date> {
    Date::parse_iso(s)
        .ok_or_else(|| tera::Error::message(format!("«{s}» không phải ngày dạng năm-tháng-ngày")))
}

/// Our filters. Each passes a blank-form value through as the matching blank pattern, so that
/// the same template serves the filled document and the blank form.
fn register_filters(tera: &mut Tera) {
    use crate::template::blank;
    tera.register_filter(
        "date",
        |s: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            if blank::is_blank(s) {
                return Ok(blank::short_date());
            }
            Ok(parse_date_arg(s)?.short())
        },
    );
    tera.register_filter(
        "long_date",
        |s: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            if blank::is_blank(s) {
                return Ok(blank::long_date());
            }
            Ok(parse_date_arg(s)?.long())
        },
    );
    tera.register_filter(
        "clock",
        // A time left out (the schema allows it: nobody noted when the meeting ended) prints
        // as a blank to fill in by hand, like a blank form's.
        |v: &tera::Value, _: Kwargs, _: &State| -> TeraResult<String> {
            let s = match v.as_str() {
                None if v.is_none() || v.is_undefined() => return Ok(blank::clock()),
                None => {
                    return Err(tera::Error::message(format!(
                        "«{v}» không phải giờ dạng HH:MM"
                    )));
                }
                Some(s) => s,
            };
            if blank::is_blank(s) {
                return Ok(blank::clock());
            }
            let t = Time::parse(s)
                .ok_or_else(|| tera::Error::message(format!("«{s}» không phải giờ dạng HH:MM")))?;
            Ok(format!("{:02} giờ {:02} phút", t.hour, t.minute))
        },
    );
    tera.register_filter(
        "num2",
        |v: &tera::Value, _: Kwargs, _: &State| -> TeraResult<String> {
            match (v.as_i64(), v.as_str()) {
                (Some(n), _) => Ok(format!("{n:02}")),
                (None, Some(s)) if blank::is_blank(s) => Ok(s.to_string()),
                _ => Err(tera::Error::message(format!(
                    "num2 cần một số, không phải «{v}»"
                ))),
            }
        },
    );
    // `{{ 21 | words }}` → `21 (hai mươi mốt)`; `{{ 2 | words(pad=true) }}` → `02 (hai)`. A blank
    // form's value stays a blank.
    tera.register_filter(
        "words",
        |v: &tera::Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let pad = kw.get::<bool>("pad")?.unwrap_or(false);
            match (v.as_i64(), v.as_str()) {
                (Some(n), _) if n >= 0 => {
                    let digits = if pad {
                        format!("{n:02}")
                    } else {
                        n.to_string()
                    };
                    Ok(format!(
                        "{digits} ({})",
                        crate::template::words::number_words(n as u64)
                    ))
                }
                (None, Some(s)) if blank::is_blank(s) => Ok(s.to_string()),
                _ => Err(tera::Error::message(format!(
                    "words cần một số không âm, không phải «{v}»"
                ))),
            }
        },
    );
    // `{% for x in f.causes | rows(n=3) %}`: in a blank form, exactly n rows to write on; a
    // filled document keeps its own list.
    tera.register_filter(
        "rows",
        |v: &tera::Value, kw: Kwargs, _: &State| -> TeraResult<tera::Value> {
            let n: usize = kw.must_get::<i64>("n")?.clamp(0, 50) as usize;
            let items = v.as_array().map(|a| a.to_vec()).unwrap_or_default();
            let blank_list = items
                .first()
                .and_then(|f| f.as_str())
                .is_some_and(blank::is_blank);
            if !blank_list {
                return Ok(v.clone());
            }
            let first = items[0].clone();
            Ok(tera::Value::from(vec![first; n]))
        },
    );
}

/// Converts a tera error into ours, keeping tera's `file:line:col` report with the caret.
fn tera_error(files: &TemplateFiles, name: &str, e: tera::Error) -> Error {
    let mut message = e.to_string();
    // tera names templates by their key; show the real file path instead.
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
        let key = r.filename();
        if !key.is_empty() {
            message = message.replace(
                &format!("--> {key}:"),
                &format!("--> {}:", files.display_path(key)),
            );
        }
    }
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(&format!("\n  {s}"));
        source = s.source();
    }
    Error::Template {
        template: files.display_path(name),
        message,
    }
}

/// The value at a dotted path (`case.decision_doc.date`); none for a missing or null one.
pub(crate) fn lookup<'a>(root: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.')
        .try_fold(root, |v, key| v.get(key))
        .filter(|v| !v.is_null())
}

/// Every template source of a folder: the `.hoso` files and each set's legal bases.
fn sources(files: &TemplateFiles, sets: &[Manifest]) -> Vec<(String, String)> {
    let mut sources: Vec<(String, String)> = files
        .files
        .iter()
        .filter(|(k, _)| k.ends_with(".hoso"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // tera resolves an include when the including template is added: the shared pieces
    // (which include nothing) go first, whatever the folders' names.
    sources.sort_by_key(|(k, v)| (v.contains("{% include"), k.clone()));
    for set in sets {
        for (i, b) in set.bases.iter().enumerate() {
            sources.push((format!("{}/manifest.toml#bases[{i}]", set.dir), b.clone()));
        }
    }
    sources
}

/// Compiles every template, one by one so that each error names its file; returns all errors.
pub fn compile(files: &TemplateFiles, sets: &[Manifest]) -> (Tera, Vec<Error>) {
    let mut tera = Tera::new();
    tera.autoescape_on([".hoso"]);
    tera.set_escape_fn(escape_markup);
    register_filters(&mut tera);
    let mut errors = Vec::new();
    for (name, text) in sources(files, sets) {
        if let Err(e) = tera.add_raw_template(&name, &text) {
            errors.push(tera_error(files, &name, e));
        }
    }
    (tera, errors)
}

impl Engine {
    pub fn builtin() -> Result<Engine> {
        Engine::new(TemplateFiles::builtin())
    }

    pub fn new(files: TemplateFiles) -> Result<Engine> {
        let profile = files.profile()?;
        let all = files.all_sets()?;
        let (tera, mut errors) = compile(&files, &all);
        if !errors.is_empty() {
            return Err(errors.remove(0));
        }
        let (reports, sets) = all.into_iter().partition(|m| m.report.is_some());
        Ok(Engine {
            files,
            tera,
            profile,
            sets,
            reports,
        })
    }

    pub fn files(&self) -> &TemplateFiles {
        &self.files
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn sets(&self) -> &[Manifest] {
        &self.sets
    }

    pub fn set(&self, id: &str) -> Result<&Manifest> {
        self.sets
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::Invalid {
                path: "set".to_string(),
                message: format!(
                    "không có bộ mẫu «{id}»; các bộ có: {}",
                    self.sets
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }

    /// The committee's report set `id` (`bao-cao`).
    pub fn report_set(&self, id: &str) -> Result<&Manifest> {
        self.reports
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::Config {
                file: self.files.display_path(&format!("{id}/manifest.toml")),
                message: format!(
                    "thư mục mẫu thiếu bộ báo cáo «{id}» (hãy dùng «hoso templates export»)"
                ),
            })
    }

    /// The template variables every document of `set` sees for `model`.
    fn base_context(&self, set: &Manifest, model_json: &Json) -> Result<(Context, Vec<Json>)> {
        let mut ctx = Context::from_serialize(model_json).map_err(|e| Error::Template {
            template: set.dir.clone(),
            message: e.to_string(),
        })?;
        let mut bases = Vec::new();
        for i in 0..set.bases.len() {
            let name = format!("{}/manifest.toml#bases[{i}]", set.dir);
            let text = self
                .tera
                .render(&name, &ctx)
                .map_err(|e| tera_error(&self.files, &name, e))?;
            bases.push(text);
        }
        ctx.insert("bases", &bases);
        let documents: Vec<Json> = present(set, model_json)
            .map(|d| {
                serde_json::json!({
                    "id": d.id,
                    "title": d.title,
                    "kind": d.kind,
                    "number_text": d.number.as_deref().and_then(|p| lookup(model_json, p)),
                    "date": d.date.as_deref().and_then(|p| lookup(model_json, p)),
                    // Set by the dossier once the other documents are laid out (the index
                    // prints them); none on a blank form.
                    "pages": model_json.pointer(&format!("/pages/{}", d.id)),
                })
            })
            .collect();
        ctx.insert("documents", &documents);
        let counts: Vec<u64> = documents
            .iter()
            .filter_map(|d| d["pages"].as_u64())
            .collect();
        let total = (!counts.is_empty()).then(|| counts.iter().sum::<u64>());
        ctx.insert("pages_total", &total);
        Ok((ctx, documents))
    }

    fn doc_context(&self, d: &DocSpec, model_json: &Json, place: &str) -> Result<DocContext> {
        let get = |path: &Option<String>, what: &str| -> Result<Option<String>> {
            match path {
                None => Ok(None),
                Some(p) => match lookup(model_json, p) {
                    Some(Json::String(s)) => Ok(Some(s.clone())),
                    Some(other) => Ok(Some(other.to_string())),
                    None => Err(Error::Invalid {
                        path: p.clone(),
                        message: format!("{}: thiếu {what} của văn bản (trường «{p}»)", d.id),
                    }),
                },
            }
        };
        let number_text = get(&d.number, "số")?;
        let date = get(&d.date, "ngày")?;
        let place_date = match &date {
            // A blank form: the place (blank unless personalised) and a blank long date.
            Some(iso) if crate::template::blank::is_blank(iso) => {
                Some(crate::template::blank::place_date(place))
            }
            Some(iso) => Some(format!(
                "{place}, {}",
                Date::parse_iso(iso)
                    .ok_or_else(|| Error::Invalid {
                        path: d.date.clone().unwrap_or_default(),
                        message: format!("«{iso}» không phải ngày"),
                    })?
                    .long()
            )),
            None => None,
        };
        Ok(DocContext {
            id: d.id.clone(),
            title: d.title.clone(),
            kind: d.kind.clone(),
            phase: d.phase.clone(),
            issuer: d.issuer,
            signature: d.signature.clone(),
            number_text,
            date,
            place_date,
        })
    }

    /// The variables a template of `set` sees for `model` (those of its first document), as
    /// JSON: what `templates check` compares the templates' variables with.
    pub fn context_json(&self, set: &Manifest, model: &Model) -> Result<Json> {
        let model_json = serde_json::to_value(model).map_err(|e| Error::Template {
            template: set.dir.clone(),
            message: e.to_string(),
        })?;
        let (ctx, documents) = self.base_context(set, &model_json)?;
        let mut json = model_json.clone();
        if let Json::Object(map) = &mut json {
            map.insert(
                "bases".into(),
                serde_json::to_value(ctx.get("bases")).unwrap_or_default(),
            );
            map.insert("documents".into(), Json::Array(documents));
            map.insert(
                "pages_total".into(),
                serde_json::to_value(ctx.get("pages_total")).unwrap_or_default(),
            );
            if let Some(d) = set.documents.first() {
                let doc = self.doc_context(d, &model_json, &model.cell.input.place)?;
                map.insert("doc".into(), serde_json::to_value(doc).unwrap_or_default());
            }
        }
        Ok(json)
    }

    /// Renders every document of `set` to markup, in manifest order.
    pub fn render_markup(&self, set: &Manifest, model: &Model) -> Result<Vec<(DocSpec, String)>> {
        let model_json = serde_json::to_value(model).map_err(|e| Error::Template {
            template: set.dir.clone(),
            message: e.to_string(),
        })?;
        self.render_markup_json(set, &model_json)
    }

    /// Renders every document of `set` to markup from a model already turned into JSON (a
    /// blank form's model is built this way).
    pub fn render_markup_json(
        &self,
        set: &Manifest,
        model_json: &Json,
    ) -> Result<Vec<(DocSpec, String)>> {
        self.render_markup_where(set, model_json, &|_| true)
    }

    /// Renders the documents of `set` that `keep` chooses, to markup.
    pub fn render_markup_where(
        &self,
        set: &Manifest,
        model_json: &Json,
        keep: &dyn Fn(&DocSpec) -> bool,
    ) -> Result<Vec<(DocSpec, String)>> {
        let place = model_json
            .pointer("/cell/place")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let (mut ctx, _) = self.base_context(set, model_json)?;
        let mut out = Vec::new();
        for d in present(set, model_json).filter(|d| keep(d)) {
            let doc = self.doc_context(d, model_json, &place)?;
            ctx.insert("doc", &doc);
            let name = set.template_name(d);
            let text = self
                .tera
                .render(&name, &ctx)
                .map_err(|e| tera_error(&self.files, &name, e))?;
            out.push((d.clone(), text));
        }
        Ok(out)
    }

    /// Renders a template that is not a set document (the handout) with `context`.
    pub fn render_template(&self, name: &str, context: &Json) -> Result<String> {
        if !self.files.files.contains_key(name) {
            return Err(Error::Config {
                file: self.files.display_path(name),
                message: "thư mục mẫu thiếu tệp này (hãy dùng «hoso templates export»)".to_string(),
            });
        }
        let ctx = Context::from_serialize(context).map_err(|e| Error::Template {
            template: self.files.display_path(name),
            message: e.to_string(),
        })?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| tera_error(&self.files, name, e))
    }

    /// Parses markup rendered from template `name`; `first_line` is the line of the rendered
    /// text the piece starts at, so that errors point at the right line.
    pub fn parse_markup(&self, name: &str, text: &str, first_line: usize) -> Result<Vec<Block>> {
        Parser::new(&self.profile)
            .parse(text)
            .map_err(|e| Error::Markup {
                template: self.files.display_path(name),
                line: e.line + first_line - 1,
                text: e.text,
                message: e.message,
            })
    }

    /// Parses one document's markup.
    pub fn parse(&self, set: &Manifest, d: &DocSpec, text: &str, meta: Meta) -> Result<Document> {
        let blocks = Parser::new(&self.profile)
            .parse(text)
            .map_err(|e| Error::Markup {
                template: self.files.display_path(&set.template_name(d)),
                line: e.line,
                text: e.text,
                message: e.message,
            })?;
        Ok(Document {
            meta,
            page: self.profile.page.clone(),
            styles: self.profile.style_list(),
            blocks,
        })
    }

    /// Renders every document of a set to the document model.
    pub fn render_set(
        &self,
        set: &Manifest,
        model: &Model,
        opts: &RenderOptions,
    ) -> Result<Vec<(DocSpec, Document)>> {
        let markup = self.render_markup(set, model)?;
        self.documents(set, markup, &model.cell.input.name, opts)
    }

    /// Parses rendered markup into documents, with their metadata.
    pub fn documents(
        &self,
        set: &Manifest,
        markup: Vec<(DocSpec, String)>,
        subject: &str,
        opts: &RenderOptions,
    ) -> Result<Vec<(DocSpec, Document)>> {
        markup
            .into_iter()
            .map(|(d, text)| {
                let meta = Meta {
                    title: format!("{} – {}", d.id, d.title),
                    subject: subject.to_string(),
                    author: opts.author.clone().unwrap_or_else(|| subject.to_string()),
                    language: "vi-VN".to_string(),
                    date: opts.date.clone(),
                    identifier: format!("{}-{}", d.id, d.slug),
                    draft: opts.draft.then(|| self.profile.draft.clone()),
                    archival: opts.archival,
                };
                let doc = self.parse(set, &d, &text, meta)?;
                Ok((d, doc))
            })
            .collect()
    }
}

/// The documents of `set` that this dossier holds: a document with a `when` path (KT-07, held
/// only when there was a verification step) is left out where that path holds nothing.
fn present<'s>(set: &'s Manifest, model_json: &Json) -> impl Iterator<Item = &'s DocSpec> {
    set.documents.iter().filter(move |d| match &d.when {
        None => true,
        Some(p) => lookup(model_json, p).is_some_and(|v| !v.is_null()),
    })
}

/// Metadata options: nothing is read from the clock, so the same input gives the same bytes.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub author: Option<String>,
    /// `YYYY-MM-DD` written as the files' creation date; none leaves it out.
    pub date: Option<String>,
    /// Mark every page as a draft (the profile's watermark), for previews.
    pub draft: bool,
    /// PDF/A-2b for the archive; needs `date` (PDF/A requires a creation date).
    pub archival: bool,
}
