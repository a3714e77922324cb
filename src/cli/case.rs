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
    case: PathBuf,
    /// Only this document (repeatable): `--doc KT-09 --doc KT-10`.
    #[arg(long = "doc", value_name = "ID")]
    docs: Vec<String>,
    /// Also the dossier as one PDF to print (`ho-so-<set>.pdf`), a bookmark per document.
    #[arg(long)]
    bundle: bool,
    #[command(flatten)]
    out: OutArgs,
}

pub fn render(cli: &Cli, args: &RenderArgs) -> Result<(), Error> {
    let engine = cli.engine()?;
    let opts = args.out.options()?;
    let file = read(cli, &args.case)?;
    apply_rules(cli, &file)?;
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
    let (file, text_warnings) = read_counted(cli, case)?;
    let findings = dossier::check(&engine, &file, &RuleOptions { quorum: cli.quorum })?;
    let rule_warnings = say_findings(cli, &findings)?;
    println!(
        "{}: hợp lệ ({} cảnh báo)",
        case.display(),
        text_warnings + rule_warnings
    );
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
fn read_counted(cli: &Cli, path: &Path) -> Result<(CaseFile, usize), Error> {
    let text = files::read_text(path)?;
    let read = dossier::read(&text, &path.display().to_string())?;
    cli.warn(&read.warnings);
    Ok((read.file, read.warnings.len()))
}

fn read(cli: &Cli, path: &Path) -> Result<CaseFile, Error> {
    read_counted(cli, path).map(|(file, _)| file)
}

/// Applies the rules of a real dossier: errors stop the run (nothing is written), warnings are
/// said and the run goes on.
fn apply_rules(cli: &Cli, file: &CaseFile) -> Result<usize, Error> {
    let findings = hoso::input::rules::check(file, &RuleOptions { quorum: cli.quorum });
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
