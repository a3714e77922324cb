//! Runs the real programs a user meets against the output of `hoso example`: LibreOffice
//! (opens and re-exports every DOCX), poppler (`pdftotext`, `pdffonts`), `qpdf`, and
//! python-docx. Each check is its own test; the rendered files and LibreOffice's conversion
//! are made once per test binary and shared.
//!
//! A missing tool makes a test print `skipped: <tool> not installed (...)` and pass, unless
//! `HOSO_REQUIRE_CLIENTS=1` is set (as in CI), when it is a failure.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization;

/// Points per millimetre.
const MM: f64 = 72.0 / 25.4;
const A4_W: f64 = 210.0 * MM;
const A4_H: f64 = 297.0 * MM;
const MARGIN_TOP: f64 = 20.0 * MM;
const MARGIN_LEFT: f64 = 30.0 * MM;
/// Right edge of the text area: 210 mm - 15 mm.
const TEXT_RIGHT: f64 = 195.0 * MM;
const TEXT_CENTRE: f64 = (MARGIN_LEFT + TEXT_RIGHT) / 2.0;

/// The annual plan and the twelve documents of each of the inspection and supervision sets.
const DOCUMENTS: usize = 25;
const SOFFICE_TIMEOUT: Duration = Duration::from_secs(600);

use crate::common::KT01_KEYS as KT01_KEY_STRINGS;

// ---------------------------------------------------------------------------------------
// Tools

fn required() -> bool {
    std::env::var("HOSO_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(tool);
            p.is_file()
                && fs::metadata(&p).is_ok_and(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.permissions().mode() & 0o111 != 0
                })
        })
    })
}

fn python_docx_available() -> bool {
    on_path("python3")
        && Command::new("python3")
            .args(["-c", "import docx"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// Reports a missing tool: a skip normally, a failure under `HOSO_REQUIRE_CLIENTS=1`.
fn missing(tool: &str, what: &str) {
    if required() {
        panic!("{tool} not installed, but HOSO_REQUIRE_CLIENTS=1 requires it ({what})");
    }
    // Straight to stderr, not eprintln!, so the note shows even when the harness captures
    // the output of passing tests.
    let _ = writeln!(std::io::stderr(), "skipped: {tool} not installed ({what})");
}

/// True when every tool is on PATH; otherwise reports the first missing one.
pub(crate) fn have(tools: &[&str], what: &str) -> bool {
    for tool in tools {
        if !on_path(tool) {
            missing(tool, what);
            return false;
        }
    }
    true
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed with {}:\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{cmd:?} wrote non-UTF-8: {e}"))
}

// ---------------------------------------------------------------------------------------
// Shared output: hoso's files, LibreOffice's conversion

pub(crate) struct Rendered {
    pub(crate) root: PathBuf,
    pub(crate) dir: PathBuf,
    /// File stems, sorted: `KH-NAM-…`, `KT-01-…`, …
    pub(crate) stems: Vec<String>,
}

impl Rendered {
    pub(crate) fn docx(&self, stem: &str) -> PathBuf {
        self.dir.join(format!("{stem}.docx"))
    }
    pub(crate) fn pdf(&self, stem: &str) -> PathBuf {
        self.dir.join(format!("{stem}.pdf"))
    }
    fn stem(&self, prefix: &str) -> &str {
        self.stems
            .iter()
            .find(|s| s.starts_with(prefix))
            .unwrap_or_else(|| panic!("no document {prefix}-… among {:?}", self.stems))
    }
}

static RENDERED: OnceLock<Result<Rendered, String>> = OnceLock::new();
static LIBREOFFICE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
static BLANK: OnceLock<Result<Rendered, String>> = OnceLock::new();
static BLANK_LIBREOFFICE: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// The files of `hoso example`, rendered once.
fn rendered() -> &'static Rendered {
    match RENDERED.get_or_init(|| render("example")) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

/// The files of `hoso blank` (every blank form), rendered once.
fn rendered_blank() -> &'static Rendered {
    match BLANK.get_or_init(|| render("blank")) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

const RUN_PREFIX: &str = "hoso-real-clients-";

/// Removes the folders of earlier runs (statics are never dropped, so each run leaves its
/// own, about 2 MB); only those over six hours old, so a run going on beside this one keeps
/// its files.
fn prune_old_runs() {
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let ours = e.file_name().to_string_lossy().starts_with(RUN_PREFIX);
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(6 * 3600));
        if ours && old {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

fn render(subcommand: &str) -> Result<Rendered, String> {
    prune_old_runs();
    // Kept (never deleted by a drop), so the folder outlives every test; private to this run.
    let tmp = tempfile::Builder::new()
        .prefix(RUN_PREFIX)
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let root = tmp.keep();
    let dir = root.join("hoso");
    let out = Command::new(env!("CARGO_BIN_EXE_hoso"))
        .arg(subcommand)
        .arg("-o")
        .arg(&dir)
        .output()
        .map_err(|e| format!("cannot run hoso: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`hoso {subcommand} -o {}` failed with {}: {}",
            dir.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let stems: Vec<String> = names
        .iter()
        .filter_map(|n| n.strip_suffix(".docx"))
        .map(str::to_string)
        .collect();
    let pdfs = names.iter().filter(|n| n.ends_with(".pdf")).count();
    if names.len() != 2 * DOCUMENTS || stems.len() != DOCUMENTS || pdfs != DOCUMENTS {
        return Err(format!(
            "expected {DOCUMENTS} .docx and {DOCUMENTS} .pdf files from `hoso {subcommand}`, found: {names:?}"
        ));
    }
    for s in &stems {
        if !names.contains(&format!("{s}.pdf")) {
            return Err(format!("{s}.docx has no matching {s}.pdf among {names:?}"));
        }
    }
    Ok(Rendered { root, dir, stems })
}

/// LibreOffice's PDFs of every DOCX (one `soffice` run, private profile), made once.
fn libreoffice() -> Result<&'static Path, String> {
    LIBREOFFICE
        .get_or_init(|| convert_with_libreoffice(rendered()))
        .as_deref()
        .map_err(Clone::clone)
}

fn libreoffice_pdf(stem: &str) -> PathBuf {
    match libreoffice() {
        Ok(dir) => dir.join(format!("{stem}.pdf")),
        Err(e) => panic!("{e}"),
    }
}

pub(crate) fn convert_with_libreoffice(r: &Rendered) -> Result<PathBuf, String> {
    let out = r.root.join("libreoffice");
    let profile = r.root.join("lo-profile");
    let log_path = r.root.join("soffice.log");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let log = fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let log2 = log.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = crate::common::soffice_to_pdf(&profile, &out);
    cmd.args(r.stems.iter().map(|s| r.docx(s)))
        .stdout(log)
        .stderr(log2);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start soffice: {e}"))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if start.elapsed() > SOFFICE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "soffice did not finish within {SOFFICE_TIMEOUT:?}; log: {}",
                    fs::read_to_string(&log_path).unwrap_or_default()
                ));
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let log = fs::read_to_string(&log_path).unwrap_or_default();
    let mut problems = Vec::new();
    if !status.success() {
        problems.push(format!("soffice exited with {status}"));
    }
    // soffice exits 0 even when a file cannot be loaded; it says so on stderr.
    for line in log.lines().filter(|l| l.contains("Error")) {
        problems.push(format!("soffice reported: {line}"));
    }
    for s in &r.stems {
        let pdf = out.join(format!("{s}.pdf"));
        match fs::read(&pdf) {
            Ok(bytes) if bytes.starts_with(b"%PDF-") && bytes.len() > 1000 => {}
            Ok(bytes) => problems.push(format!(
                "{} is not a PDF ({} bytes)",
                pdf.display(),
                bytes.len()
            )),
            Err(e) => problems.push(format!("no PDF from LibreOffice for {s}.docx: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "LibreOffice conversion failed:\n  {}\nsoffice log:\n{log}",
            problems.join("\n  ")
        ))
    }
}

// ---------------------------------------------------------------------------------------
// pdftotext helpers

pub(crate) fn pdf_text(pdf: &Path) -> String {
    run(Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-"))
}

/// Whitespace runs (line breaks, page breaks) collapsed to one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) x0: f64,
    pub(crate) y0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
}

#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let pat = format!(" {name}=\"");
    let start = tag
        .find(&pat)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + pat.len();
    let end = start + tag[start..].find('"').expect("closing quote");
    tag[start..end]
        .parse()
        .unwrap_or_else(|e| panic!("bad {name} in {tag}: {e}"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Pages and word boxes (points, origin top left) from `pdftotext -bbox`.
pub(crate) fn pdf_words(pdf: &Path) -> Vec<Page> {
    let xml = run(Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"));
    let mut pages: Vec<Page> = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Page {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let open = line.find('>').expect("word tag end") + 1;
            let close = line.rfind("</word>").expect("</word>");
            let word = Word {
                text: unescape(&line[open..close]),
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            };
            pages
                .last_mut()
                .expect("word before any page in pdftotext -bbox output")
                .words
                .push(word);
        }
    }
    assert!(
        !pages.is_empty(),
        "pdftotext -bbox found no page in {}",
        pdf.display()
    );
    pages
}

fn sorted(words: &[Word]) -> Vec<&Word> {
    let mut v: Vec<&Word> = words.iter().collect();
    v.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    v
}

// ---------------------------------------------------------------------------------------
// 1. LibreOffice converts every DOCX

#[test]
fn libreoffice_converts_every_docx() {
    if !have(&["soffice"], "LibreOffice converts every DOCX to PDF") {
        return;
    }
    let r = rendered();
    let dir = libreoffice().unwrap_or_else(|e| panic!("{e}"));
    let pdfs = r
        .stems
        .iter()
        .filter(|s| dir.join(format!("{s}.pdf")).is_file())
        .count();
    assert_eq!(pdfs, DOCUMENTS, "LibreOffice PDFs in {}", dir.display());
}

// ---------------------------------------------------------------------------------------
// 2. Text: key strings, NFC, same words as LibreOffice

fn assert_key_strings(label: &str, text: &str) {
    let flat = squash(text);
    let lost: Vec<&&str> = KT01_KEY_STRINGS
        .iter()
        .filter(|k| !flat.contains(**k))
        .collect();
    assert!(
        lost.is_empty(),
        "{label}: expected the strings {lost:?} in the text, found:\n{text}"
    );
}

#[test]
fn our_pdf_text_has_key_strings_and_is_nfc() {
    if !have(&["pdftotext"], "text of hoso's PDFs: key strings, NFC") {
        return;
    }
    let r = rendered();
    let kt01 = pdf_text(&r.pdf(r.stem("KT-01")));
    assert_key_strings("hoso PDF of KT-01", &kt01);
    for stem in &r.stems {
        let text = pdf_text(&r.pdf(stem));
        assert!(
            text.split_whitespace().count() > 50,
            "{stem}.pdf: expected a page of text from pdftotext, found {text:?}"
        );
        let nfc: String = text.nfc().collect();
        if nfc != text {
            let bad: Vec<&str> = text
                .split_whitespace()
                .filter(|w| w.nfc().collect::<String>() != *w)
                .take(10)
                .collect();
            panic!("{stem}.pdf: text is not NFC; non-NFC words: {bad:?}");
        }
    }
}

fn word_counts(s: &str) -> HashMap<&str, i64> {
    let mut m: HashMap<&str, i64> = HashMap::new();
    for w in s.split_whitespace() {
        *m.entry(w).or_default() += 1;
    }
    m
}

/// Share of words (with multiplicity) the two texts have in common, over the larger count.
fn word_overlap(a: &str, b: &str) -> (f64, Vec<String>, Vec<String>) {
    let (ca, cb) = (word_counts(a), word_counts(b));
    let common: i64 = ca
        .iter()
        .map(|(w, n)| (*n).min(cb.get(w).copied().unwrap_or(0)))
        .sum();
    let total = ca
        .values()
        .sum::<i64>()
        .max(cb.values().sum::<i64>())
        .max(1);
    let diff = |x: &HashMap<&str, i64>, y: &HashMap<&str, i64>| {
        let mut v: Vec<String> = x
            .iter()
            .filter_map(|(w, n)| {
                let extra = n - y.get(w).copied().unwrap_or(0);
                (extra > 0).then(|| format!("{w}×{extra}"))
            })
            .collect();
        v.sort();
        v
    };
    (common as f64 / total as f64, diff(&ca, &cb), diff(&cb, &ca))
}

#[test]
fn libreoffice_text_matches_ours() {
    if !have(
        &["pdftotext", "soffice"],
        "text of LibreOffice's PDFs against hoso's PDFs",
    ) {
        return;
    }
    let r = rendered();
    let kt01 = r.stem("KT-01");
    assert_key_strings(
        "LibreOffice PDF of KT-01",
        &pdf_text(&libreoffice_pdf(kt01)),
    );
    let mut failures = Vec::new();
    for stem in &r.stems {
        let ours = pdf_text(&r.pdf(stem));
        let theirs = pdf_text(&libreoffice_pdf(stem));
        let (overlap, only_ours, only_lo) = word_overlap(&ours, &theirs);
        eprintln!("word overlap {stem}: {:.2} %", overlap * 100.0);
        if overlap < 0.97 {
            failures.push(format!(
                "{stem}: expected ≥ 97 % of words in common, found {:.1} %; only in hoso's PDF: {only_ours:?}; only in LibreOffice's: {only_lo:?}",
                overlap * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// 3. PDF structure, fonts, size

#[test]
fn qpdf_check_passes() {
    if !have(&["qpdf"], "qpdf --check on hoso's PDFs") {
        return;
    }
    let r = rendered();
    for stem in &r.stems {
        if let Err(e) = crate::common::qpdf_check(&r.pdf(stem)) {
            panic!("{stem}.pdf: {e}");
        }
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    if !have(&["pdffonts"], "fonts embedded and subset in hoso's PDFs") {
        return;
    }
    let r = rendered();
    for stem in &r.stems {
        let out = run(Command::new("pdffonts").arg(r.pdf(stem)));
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(
            !rows.is_empty(),
            "{stem}.pdf: pdffonts lists no font:\n{out}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name … emb sub uni objnum gen
            assert!(
                cols.len() >= 7,
                "{stem}.pdf: cannot read pdffonts row {row:?}"
            );
            let n = cols.len();
            let (name, emb, sub) = (cols[0], cols[n - 5], cols[n - 4]);
            assert_eq!(emb, "yes", "{stem}.pdf: font {name} not embedded:\n{out}");
            assert_eq!(sub, "yes", "{stem}.pdf: font {name} not subset:\n{out}");
            let tag = name.split_once('+').map(|(t, _)| t);
            assert!(
                tag.is_some_and(|t| t.len() == 6 && t.chars().all(|c| c.is_ascii_uppercase())),
                "{stem}.pdf: expected a subset name ABCDEF+Font, found {name:?}"
            );
        }
    }
}

#[test]
fn kt01_pdf_is_small() {
    let r = rendered();
    let path = r.pdf(r.stem("KT-01"));
    let size = fs::metadata(&path).expect("KT-01 PDF").len();
    eprintln!("KT-01 PDF: {size} bytes");
    assert!(
        size <= 80 * 1024,
        "{}: expected at most 80 KB (81920 bytes), found {size} bytes",
        path.display()
    );
}

// ---------------------------------------------------------------------------------------
// 4. python-docx: page set-up and the body style

const PYTHON_DOCX_SCRIPT: &str = r#"
import json, sys
import docx
from docx.oxml.ns import qn

def take(rpr, acc, where):
    if rpr is None:
        return
    sz = rpr.find(qn('w:sz'))
    if sz is not None and 'size' not in acc:
        acc['size'] = int(sz.get(qn('w:val'))) / 2
        acc['size_from'] = where
    fonts = rpr.find(qn('w:rFonts'))
    if fonts is not None:
        for k in ('ascii', 'hAnsi'):
            v = fonts.get(qn('w:' + k))
            if v is not None and k not in acc:
                acc[k] = v
                acc[k + '_from'] = where

result = []
for path in sys.argv[1:]:
    d = docx.Document(path)
    sections = [{k: getattr(s, k).mm for k in
                 ('page_width', 'page_height', 'top_margin', 'bottom_margin',
                  'left_margin', 'right_margin')} for s in d.sections]
    styles = d.styles.element
    body = None
    for s in d.styles:
        if s.name == 'hoso body':
            body = s
    info = {'file': path, 'sections': sections, 'body_style': None}
    if body is not None:
        acc = {}
        el, seen = body.element, set()
        while el is not None and el.get(qn('w:styleId')) not in seen:
            seen.add(el.get(qn('w:styleId')))
            take(el.find(qn('w:rPr')), acc, 'style ' + el.get(qn('w:styleId')))
            based = el.find(qn('w:basedOn'))
            el = styles.get_by_id(based.get(qn('w:val'))) if based is not None else None
        defaults = styles.find(qn('w:docDefaults'))
        if defaults is not None:
            rpr_default = defaults.find(qn('w:rPrDefault'))
            if rpr_default is not None:
                take(rpr_default.find(qn('w:rPr')), acc, 'docDefaults')
        info['body_style'] = acc
    paragraphs = [p for p in d.paragraphs if p.style is not None and p.style.name == 'hoso body']
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                paragraphs += [p for p in cell.paragraphs
                               if p.style is not None and p.style.name == 'hoso body']
    info['body_paragraphs'] = len(paragraphs)
    overrides = []
    for p in paragraphs:
        for run in p.runs:
            if run.font.size is not None and abs(run.font.size.pt - 14) > 0.01:
                overrides.append('size %s on %r' % (run.font.size.pt, run.text))
            rfonts = run._r.rPr.find(qn('w:rFonts')) if run._r.rPr is not None else None
            if rfonts is not None:
                for k in ('ascii', 'hAnsi'):
                    v = rfonts.get(qn('w:' + k))
                    if v is not None and v != 'Times New Roman':
                        overrides.append('font %s=%s on %r' % (k, v, run.text))
    info['run_overrides'] = overrides
    result.append(info)
print(json.dumps(result))
"#;

#[test]
fn python_docx_reads_page_setup_and_body_style() {
    let what = "python-docx reads page size, margins and the body style of every DOCX";
    if !have(&["python3"], what) {
        return;
    }
    if !python_docx_available() {
        missing("python3 module docx (python-docx)", what);
        return;
    }
    let r = rendered();
    let out = run(Command::new("python3")
        .args(["-c", PYTHON_DOCX_SCRIPT])
        .args(r.stems.iter().map(|s| r.docx(s))));
    let docs: Vec<serde_json::Value> =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("python output {out:?}: {e}"));
    assert_eq!(docs.len(), DOCUMENTS, "python-docx results: {out}");
    let mut failures = Vec::new();
    for d in &docs {
        let file = d["file"].as_str().unwrap_or("?");
        let file = Path::new(file)
            .file_name()
            .map_or(file.into(), |f| f.to_string_lossy());
        let sections = d["sections"].as_array().cloned().unwrap_or_default();
        if sections.is_empty() {
            failures.push(format!("{file}: python-docx sees no section"));
        }
        for (i, s) in sections.iter().enumerate() {
            for (key, want, tol) in [
                ("page_width", 210.0, 1.0),
                ("page_height", 297.0, 1.0),
                ("top_margin", 20.0, 0.5),
                ("bottom_margin", 20.0, 0.5),
                ("left_margin", 30.0, 0.5),
                ("right_margin", 15.0, 0.5),
            ] {
                match s[key].as_f64() {
                    Some(got) if (got - want).abs() <= tol => {}
                    got => failures.push(format!(
                        "{file} section {i}: expected {key} {want} mm ± {tol}, found {got:?} mm"
                    )),
                }
            }
        }
        let style = &d["body_style"];
        if style.is_null() {
            failures.push(format!("{file}: no paragraph style named \"hoso body\""));
        } else {
            match style["size"].as_f64() {
                Some(pt) if (pt - 14.0).abs() < 0.01 => {}
                got => failures.push(format!(
                    "{file}: expected style \"hoso body\" at 14 pt, found {got:?} pt ({})",
                    style["size_from"]
                )),
            }
            for slot in ["ascii", "hAnsi"] {
                let got = style[slot].as_str();
                if got != Some("Times New Roman") {
                    failures.push(format!(
                        "{file}: expected style \"hoso body\" font ({slot}) Times New Roman, found {got:?} ({})",
                        style[format!("{slot}_from")]
                    ));
                }
            }
        }
        let n = d["body_paragraphs"].as_u64().unwrap_or(0);
        if n == 0 {
            failures.push(format!(
                "{file}: expected body paragraphs in style \"hoso body\", found none"
            ));
        }
        if let Some(o) = d["run_overrides"].as_array().filter(|o| !o.is_empty()) {
            failures.push(format!(
                "{file}: runs in body paragraphs override size/font: {o:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// 5. Geometry

struct Kt01Geometry {
    title_centre: f64,
    /// The leftmost word below the title, with its rank among equal words (reading order).
    leftmost: (String, usize, f64),
}

fn measure_kt01(label: &str, pages: &[Page]) -> Kt01Geometry {
    for (i, p) in pages.iter().enumerate() {
        assert!(
            (p.width - A4_W).abs() <= 1.0 && (p.height - A4_H).abs() <= 1.0,
            "{label} page {}: expected A4 {A4_W:.1}×{A4_H:.1} pt ± 1, found {:.1}×{:.1}",
            i + 1,
            p.width,
            p.height
        );
    }
    let words = sorted(&pages[0].words);
    let title = words
        .iter()
        .find(|w| w.text == "QUYẾT")
        .unwrap_or_else(|| panic!("{label}: no title word QUYẾT on page 1"));
    let line: Vec<&&Word> = words
        .iter()
        .filter(|w| (w.y0 - title.y0).abs() < 2.0)
        .collect();
    let text: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(text, ["QUYẾT", "ĐỊNH"], "{label}: title line");
    let x0 = line.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let x1 = line.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
    let title_centre = (x0 + x1) / 2.0;
    assert!(
        (title_centre - TEXT_CENTRE).abs() <= 2.0,
        "{label}: expected the title QUYẾT ĐỊNH centred on the text area at {TEXT_CENTRE:.2} pt ± 2, found centre {title_centre:.2} pt ({x0:.2}–{x1:.2})"
    );
    // Lines below the title line (LibreOffice's word boxes are a line tall, so they overlap).
    let body: Vec<&&Word> = words.iter().filter(|w| w.y0 > title.y0 + 2.0).collect();
    let min_x = body.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let idx = body
        .iter()
        .position(|w| w.x0 <= min_x + 0.5)
        .unwrap_or_else(|| panic!("{label}: no words below the title"));
    let first = body[idx];
    assert!(
        (first.x0 - MARGIN_LEFT).abs() <= 2.0,
        "{label}: expected the leftmost body word at the 30 mm margin, {MARGIN_LEFT:.2} pt ± 2, found {:?} at {:.2} pt",
        first.text,
        first.x0
    );
    let rank = body[..idx].iter().filter(|w| w.text == first.text).count();
    Kt01Geometry {
        title_centre,
        leftmost: (first.text.clone(), rank, first.x0),
    }
}

/// x of the `rank`-th `text` (reading order) on page 1 below the title, or of its first
/// occurrence anywhere on page 1 when `below_title` is false.
fn find_x(pages: &[Page], text: &str, rank: usize, below_title: bool) -> Option<f64> {
    let words = sorted(&pages[0].words);
    let title_y0 = words.iter().find(|w| w.text == "QUYẾT").map(|w| w.y0)?;
    words
        .iter()
        .filter(|w| !below_title || w.y0 > title_y0 + 2.0)
        .filter(|w| w.text == text)
        .nth(rank)
        .map(|w| w.x0)
}

#[test]
fn kt01_geometry_matches_layout_and_libreoffice() {
    if !have(&["pdftotext"], "page size, title centring, margin of KT-01") {
        return;
    }
    let r = rendered();
    let stem = r.stem("KT-01");
    let ours = pdf_words(&r.pdf(stem));
    let g = measure_kt01("hoso PDF of KT-01", &ours);
    eprintln!(
        "hoso KT-01: title centre {:.2} pt (text area centre {TEXT_CENTRE:.2}), leftmost body word {:?} at {:.2} pt",
        g.title_centre, g.leftmost.0, g.leftmost.2
    );
    if !have(
        &["soffice"],
        "KT-01 geometry in LibreOffice's PDF against hoso's",
    ) {
        return;
    }
    let lo = pdf_words(&libreoffice_pdf(stem));
    let lg = measure_kt01("LibreOffice PDF of KT-01", &lo);
    eprintln!(
        "LibreOffice KT-01: title centre {:.2} pt, leftmost body word {:?} at {:.2} pt",
        lg.title_centre, lg.leftmost.0, lg.leftmost.2
    );
    let (text, rank, x) = &g.leftmost;
    let mut anchors = vec![(text.clone(), *rank, true, *x)];
    for a in ["QUYẾT", "Số", "Nơi", "T/M", "BÍ"] {
        let x = find_x(&ours, a, 0, false)
            .unwrap_or_else(|| panic!("hoso PDF of KT-01: no word {a:?} on page 1"));
        anchors.push((a.to_string(), 0, false, x));
    }
    let mut failures = Vec::new();
    for (text, rank, below, x) in anchors {
        let Some(lx) = find_x(&lo, &text, rank, below) else {
            failures.push(format!(
                "LibreOffice PDF of KT-01: no occurrence {} of {text:?} on page 1",
                rank + 1
            ));
            continue;
        };
        eprintln!("x of {text:?}: hoso {x:.2} pt, LibreOffice {lx:.2} pt");
        if (x - lx).abs() > 3.0 {
            failures.push(format!(
                "KT-01 word {text:?}: expected the same x in both PDFs ± 3 pt, found hoso {x:.2} pt, LibreOffice {lx:.2} pt"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Page 1: nothing in the top margin. Page n ≥ 2: exactly the number n there, centred.
pub(crate) fn check_page_numbers(label: &str, pages: &[Page], failures: &mut Vec<String>) {
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let top: Vec<&Word> = page.words.iter().filter(|w| w.y1 < MARGIN_TOP).collect();
        let texts: Vec<&str> = top.iter().map(|w| w.text.as_str()).collect();
        if n == 1 {
            if !top.is_empty() {
                failures.push(format!(
                    "{label} page 1: expected nothing in the top margin, found {texts:?}"
                ));
            }
            continue;
        }
        if texts != [n.to_string().as_str()] {
            failures.push(format!(
                "{label} page {n}: expected the page number \"{n}\" in the top margin (y < {MARGIN_TOP:.1} pt), found {texts:?}"
            ));
            continue;
        }
        let centre = (top[0].x0 + top[0].x1) / 2.0;
        if (centre - TEXT_CENTRE).abs() > 2.0 {
            failures.push(format!(
                "{label} page {n}: expected the page number centred at {TEXT_CENTRE:.2} pt ± 2, found {centre:.2} pt"
            ));
        }
    }
}

#[test]
fn page_numbers_from_page_two_centred_in_top_margin() {
    if !have(&["pdftotext"], "page numbers in the top margin from page 2") {
        return;
    }
    let r = rendered();
    let kt09 = r.stem("KT-09");
    let pages = pdf_words(&r.pdf(kt09));
    assert!(
        pages.len() >= 2,
        "hoso PDF of {kt09}: expected at least 2 pages, found {}",
        pages.len()
    );
    let mut failures = Vec::new();
    for stem in &r.stems {
        check_page_numbers(
            &format!("hoso {stem}.pdf"),
            &pdf_words(&r.pdf(stem)),
            &mut failures,
        );
    }
    if have(&["soffice"], "page numbers in LibreOffice's PDFs") {
        for stem in &r.stems {
            check_page_numbers(
                &format!("LibreOffice {stem}.pdf"),
                &pdf_words(&libreoffice_pdf(stem)),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Blank forms: LibreOffice opens every one; the printed wording is there, no example fact

#[test]
fn libreoffice_opens_every_blank_form() {
    if !have(
        &["soffice", "pdftotext", "qpdf"],
        "LibreOffice opens every blank DOCX",
    ) {
        return;
    }
    let r = rendered_blank();
    let dir = BLANK_LIBREOFFICE
        .get_or_init(|| convert_with_libreoffice(r))
        .as_deref()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for stem in &r.stems {
        for (label, pdf) in [
            ("LibreOffice", dir.join(format!("{stem}.pdf"))),
            ("hoso", r.pdf(stem)),
        ] {
            let text = pdf_text(&pdf);
            if !text.contains("ĐẢNG CỘNG SẢN VIỆT NAM") {
                failures.push(format!("{label} {stem}: no ĐẢNG CỘNG SẢN VIỆT NAM"));
            }
            if text.contains("Lê Văn Cường") || text.contains("Tân Phú") {
                failures.push(format!(
                    "{label} {stem}: a fact of the worked example is left"
                ));
            }
        }
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(r.pdf(stem))
            .output()
            .unwrap();
        if !check.status.success() {
            failures.push(format!(
                "qpdf --check {stem}: {}",
                String::from_utf8_lossy(&check.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
