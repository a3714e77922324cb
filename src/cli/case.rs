//! `hoso render`, `hoso check` and `hoso markup`: a real case file, checked against the rules
//! of a dossier, then rendered (or its markup printed).

use super::{Cli, OutArgs, files};
use hoso::Error;
use hoso::dossier::{self, Selection};
use hoso::input::CaseFile;
use hoso::input::rules::{RuleOptions, Severity};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct RenderArgs {
    /// Tệp hồ sơ (JSON).
    case: PathBuf,
    /// Chỉ lập văn bản này (ghi nhiều lần được): `--doc KT-09 --doc KT-10`.
    #[arg(long = "doc", value_name = "ID")]
    docs: Vec<String>,
    /// Thêm cả hồ sơ trong một tệp PDF để in (`ho-so-<bộ>.pdf`), mỗi văn bản một dấu trang.
    #[arg(long)]
    bundle: bool,
    #[command(flatten)]
    out: OutArgs,
}

pub fn render(cli: &Cli, args: &RenderArgs) -> Result<(), Error> {
    let engine = cli.engine()?;
    let opts = args.out.options()?;
    let (read, _) = read_counted(cli, &args.case)?;
    apply_rules(cli, &read)?;
    let file = read.file;
    let selection = Selection {
        formats: args.out.format.formats(),
        docs: args.docs.clone(),
        bundle: args.bundle,
    };
    let outputs = dossier::render(&engine, &file, &selection, &opts)?;
    files::write_all(&args.out.output, &outputs, args.out.force)?;
    files::report(&args.out.output, &outputs);
    Ok(())
}

pub fn check(cli: &Cli, case: &Path) -> Result<(), Error> {
    let engine = cli.engine()?;
    let (read, text_warnings) = read_counted(cli, case)?;
    let mut findings = dossier::check(&engine, &read.file, &RuleOptions { quorum: cli.quorum })?;
    read.locate(&mut findings);
    let rule_warnings = say_findings(cli, &findings)?;
    let warnings = text_warnings + rule_warnings;
    match cli.lang() {
        hoso::input::rules::Lang::Vi => {
            println!("{}: hợp lệ ({warnings} cảnh báo)", case.display())
        }
        hoso::input::rules::Lang::En => {
            println!("{}: valid ({warnings} warning(s))", case.display())
        }
    }
    Ok(())
}

pub fn markup(cli: &Cli, case: &Path, only: Option<&str>) -> Result<(), Error> {
    let engine = cli.engine()?;
    let file = read(cli, case)?;
    let model = hoso::model::Model::build(&file)?;
    let set = engine.set(&file.set)?;
    for (d, text) in engine.render_markup(set, &model)? {
        if only.is_none_or(|id| id == d.id) {
            println!("=== {} {}\n{}", d.id, d.title, text);
        }
    }
    Ok(())
}

/// A case file, its text warnings said; with how many there were.
fn read_counted(cli: &Cli, path: &Path) -> Result<(dossier::Read, usize), Error> {
    let text = files::read_text(path)?;
    let name = path.display().to_string();
    let read = match dossier::cell_reference(&text) {
        // The shared cell file sits beside the case file, or where its path says.
        Some(cell) => {
            let cell_path = path.parent().unwrap_or(Path::new(".")).join(&cell);
            let cell_text = files::read_text(&cell_path)?;
            dossier::read_with_cell(&text, &name, &cell_path.display().to_string(), &cell_text)?
        }
        None => dossier::read(&text, &name)?,
    };
    cli.warn_located(&read);
    let count = read.warnings.len();
    Ok((read, count))
}

fn read(cli: &Cli, path: &Path) -> Result<CaseFile, Error> {
    read_counted(cli, path).map(|(read, _)| read.file)
}

/// Applies the rules of a real dossier: errors stop the run (nothing is written), warnings are
/// said and the run goes on.
fn apply_rules(cli: &Cli, read: &dossier::Read) -> Result<usize, Error> {
    let mut findings = hoso::input::rules::check(&read.file, &RuleOptions { quorum: cli.quorum });
    read.locate(&mut findings);
    say_findings(cli, &findings)
}

/// Says the warnings; the errors, if any, become the one error that stops the command.
fn say_findings(cli: &Cli, findings: &[hoso::input::rules::Finding]) -> Result<usize, Error> {
    let lang = cli.lang();
    let label = match lang {
        hoso::input::rules::Lang::En => "warning",
        hoso::input::rules::Lang::Vi => "cảnh báo",
    };
    for w in findings.iter().filter(|f| f.severity == Severity::Warning) {
        eprintln!("{label}: {}", w.line(lang));
    }
    hoso::input::rules::refuse_errors(findings, lang)?;
    Ok(findings.len())
}
