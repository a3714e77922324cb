//! Template sets as data: the files of a template folder (built in, or a province's own) and
//! each set's manifest (its documents in order, their kind, issuer, number and date sources).

use crate::error::{Error, Result};
use crate::template::profile::Profile;
use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// All text files of a template folder, by path relative to it (`kiem-tra/manifest.toml`).
#[derive(Clone, Debug)]
pub struct TemplateFiles {
    /// Where they came from, for messages: `(mẫu có sẵn)` or the folder.
    pub origin: String,
    /// The folder, for messages; none for the built-in templates.
    pub root: Option<String>,
    pub files: BTreeMap<String, String>,
}

impl TemplateFiles {
    pub fn builtin() -> TemplateFiles {
        let mut files = BTreeMap::new();
        fn walk(dir: &Dir<'static>, files: &mut BTreeMap<String, String>) {
            for f in dir.files() {
                if let Some(text) = f.contents_utf8() {
                    let name = f.path().to_string_lossy().replace('\\', "/");
                    files.insert(name, text.to_string());
                }
            }
            for d in dir.dirs() {
                walk(d, files);
            }
        }
        walk(&BUILTIN, &mut files);
        TemplateFiles {
            origin: "(mẫu có sẵn)".to_string(),
            root: None,
            files,
        }
    }

    /// A province's own template folder, as read by a front end: each `.hoso` and `.toml`
    /// file by its path relative to `root` (`kiem-tra/manifest.toml`).
    pub fn from_files(root: &str, files: BTreeMap<String, String>) -> Result<TemplateFiles> {
        if !files.contains_key("profile.toml") {
            return Err(Error::Config {
                file: format!("{root}/profile.toml"),
                message: "thư mục mẫu thiếu tệp profile.toml (hãy dùng «hoso templates export»)"
                    .to_string(),
            });
        }
        Ok(TemplateFiles {
            origin: root.to_string(),
            root: Some(root.to_string()),
            files,
        })
    }

    /// Path for messages: the real file where there is one.
    pub fn display_path(&self, name: &str) -> String {
        match &self.root {
            Some(r) => format!("{}/{name}", r.trim_end_matches('/')),
            None => format!("templates/{name}"),
        }
    }

    pub fn profile(&self) -> Result<Profile> {
        let text = self
            .files
            .get("profile.toml")
            .ok_or_else(|| Error::Config {
                file: self.display_path("profile.toml"),
                message: "không có tệp profile.toml".to_string(),
            })?;
        Profile::parse(text, &self.display_path("profile.toml"))
    }

    /// The sets of a case (the dossiers), in a stable order: every folder that holds a
    /// `manifest.toml` without a `[report]` table.
    pub fn sets(&self) -> Result<Vec<Manifest>> {
        Ok(self
            .all_sets()?
            .into_iter()
            .filter(|m| m.report.is_none())
            .collect())
    }

    /// Every set, the committee's report sets (`[report]` in the manifest) included.
    pub fn all_sets(&self) -> Result<Vec<Manifest>> {
        let mut out = Vec::new();
        for (name, text) in &self.files {
            if let Some(dir) = name.strip_suffix("/manifest.toml") {
                out.push(Manifest::parse(text, dir, &self.display_path(name), self)?);
            }
        }
        // The annual plan comes first in a dossier year, then inspection, then supervision.
        out.sort_by_key(|m| (m.order, m.id.clone()));
        Ok(out)
    }
}

/// Who issues a document, which decides its header.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Issuer {
    Cell,
    Team,
    Member,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocSpec {
    pub id: String,
    pub phase: String,
    /// Kind code used in numbers: QĐ, KH, BB, BC, TB; empty for none.
    #[serde(default)]
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub template: String,
    pub issuer: Issuer,
    pub signature: String,
    /// Dotted path into the model that gives the document number (`case.decision_doc.number_text`).
    #[serde(default)]
    pub number: Option<String>,
    /// Dotted path into the model that gives the document date.
    #[serde(default)]
    pub date: Option<String>,
    /// Dotted path into the model that must hold a value for the document to be part of the
    /// dossier (`case.verification`: no verification step, no minutes of one).
    #[serde(default)]
    pub when: Option<String>,
    /// The document lists the others with their page counts (the dossier index): it is
    /// rendered after the others are laid out.
    #[serde(default)]
    pub lists_pages: bool,
    /// This document's own room in its blank form, over the set's (`blank.lines`,
    /// `blank.items`): a form that must stay on one page gets less.
    #[serde(default)]
    pub blank: BlankRoom,
}

/// How a blank form leaves room to write by hand. Keys name a field of the model, or the end
/// of its path (`working_session.proceedings`); the longest key that matches wins.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BlankRoom {
    /// Dotted lines per value of a free-text field (each item of a list gets as many); one
    /// for a field no key names.
    #[serde(default)]
    pub lines: BTreeMap<String, usize>,
    /// Items a list gets; as many as the worked example has for a list no key names.
    #[serde(default)]
    pub items: BTreeMap<String, usize>,
}

impl BlankRoom {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.items.is_empty()
    }

    /// These settings with `over`'s on top.
    pub fn with(&self, over: &BlankRoom) -> BlankRoom {
        let mut out = self.clone();
        out.lines.extend(over.lines.clone());
        out.items.extend(over.items.clone());
        out
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub name: String,
    /// Position among sets when all are rendered (annual plan first).
    #[serde(default = "default_order")]
    pub order: i32,
    /// Legal bases lines; each may use template expressions.
    #[serde(default)]
    pub bases: Vec<String>,
    pub documents: Vec<DocSpec>,
    /// A committee's report set (not a case's dossier): what its cells are counted against.
    #[serde(default)]
    pub report: Option<ReportConfig>,
    /// Room to write by hand in the set's blank forms.
    #[serde(default)]
    pub blank: BlankRoom,
    /// The folder of the set, relative to the template root.
    #[serde(skip)]
    pub dir: String,
}

/// The target a committee counts its cells against, and the issuer codes of its report: data,
/// because a province sets the target and the codes differ by level (`procedure.md` §4).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Completed inspections a cell needs in the year to meet the target.
    pub inspections: u32,
    /// Completed thematic supervisions a cell needs in the year.
    pub supervisions: u32,
    /// Issuer code of the report of a commune's committee (`05-BC/UBKTĐU`).
    pub issuer_code: String,
    /// Issuer code of the report of the level above, which adds communes up (`UBKTTU`).
    pub upper_issuer_code: String,
}

fn default_order() -> i32 {
    50
}

impl Manifest {
    fn parse(text: &str, dir: &str, file: &str, files: &TemplateFiles) -> Result<Manifest> {
        let mut m: Manifest = toml::from_str(text).map_err(|e| Error::Config {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        m.dir = dir.to_string();
        let mut seen = std::collections::HashSet::new();
        for d in &m.documents {
            if !seen.insert(d.id.clone()) {
                return Err(Error::Config {
                    file: file.to_string(),
                    message: format!("mã văn bản «{}» bị lặp", d.id),
                });
            }
            if d.slug.is_empty()
                || !d
                    .slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(Error::Config {
                    file: file.to_string(),
                    message: format!(
                        "{}: slug «{}» chỉ được gồm chữ thường không dấu, số và dấu -",
                        d.id, d.slug
                    ),
                });
            }
            let path = format!("{dir}/{}", d.template);
            if !files.files.contains_key(&path) {
                return Err(Error::Config {
                    file: file.to_string(),
                    message: format!(
                        "{}: không tìm thấy tệp mẫu {}",
                        d.id,
                        files.display_path(&path)
                    ),
                });
            }
        }
        Ok(m)
    }

    pub fn template_name(&self, d: &DocSpec) -> String {
        format!("{}/{}", self.dir, d.template)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_load() {
        let t = TemplateFiles::builtin();
        let sets = t.sets().unwrap();
        let ids: Vec<_> = sets.iter().map(|s| s.id.as_str()).collect();
        assert!(ids.contains(&"kiem-tra"), "{ids:?}");
        assert!(ids.contains(&"nam"));
        t.profile().unwrap();
    }
}
