//! The `hoso` command line: parses arguments, calls the library, writes files, maps errors to
//! exit codes. Nothing else lives here.

use clap::{Parser, Subcommand, ValueEnum};
use hoso::render::{Format, Output};
use hoso::sets::TemplateFiles;
use hoso::template::{Engine, RenderOptions};
use hoso::{Error, render};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hoso::samples::SAMPLES;

#[derive(Parser)]
#[command(
    name = "hoso",
    version,
    about = "Hồ sơ kiểm tra, giám sát của chi bộ: Word và PDF"
)]
struct Cli {
    /// Use the template folder DIR (as written by `hoso templates export`) instead of the
    /// built-in templates.
    #[arg(long, global = true, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Language of the rule messages: vi (default) or en.
    #[arg(long, global = true, value_enum, default_value = "vi")]
    lang: LangArg,
    /// Quorum of the cell meeting: the share of full members present, as N/D.
    #[arg(long, global = true, default_value = "2/3", value_parser = parse_quorum)]
    quorum: (u32, u32),
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

fn parse_quorum(s: &str) -> Result<(u32, u32), String> {
    let (n, d) = s
        .split_once('/')
        .ok_or_else(|| format!("«{s}»: cần dạng tử/mẫu, ví dụ 2/3"))?;
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("«{s}»: tử số không hợp lệ"))?;
    let d: u32 = d
        .trim()
        .parse()
        .map_err(|_| format!("«{s}»: mẫu số không hợp lệ"))?;
    if d == 0 || n > d {
        return Err(format!("«{s}»: cần 0 ≤ tử ≤ mẫu, mẫu > 0"));
    }
    Ok((n, d))
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Docx,
    Pdf,
    All,
}

impl FormatArg {
    fn formats(self) -> Vec<Format> {
        match self {
            FormatArg::Docx => vec![Format::Docx],
            FormatArg::Pdf => vec![Format::Pdf],
            FormatArg::All => vec![Format::Docx, Format::Pdf],
        }
    }
}

#[derive(clap::Args)]
struct OutArgs {
    /// docx, pdf or all
    #[arg(long, value_enum, default_value = "all")]
    format: FormatArg,
    /// Output folder.
    #[arg(short, long, default_value = "hoso-out")]
    output: PathBuf,
    /// Replace files that already exist (they may hold your edits).
    #[arg(long)]
    force: bool,
    /// Creation date written into the files (YYYY-MM-DD); none by default, so that the same
    /// input gives the same bytes.
    #[arg(long)]
    date: Option<String>,
    /// Author written into the files' properties (default: the cell's name).
    #[arg(long)]
    author: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Render the built-in worked example (bộ mẫu có nêu ví dụ cụ thể).
    Example {
        /// Which set: a set id (kiem-tra, nam) or all.
        #[arg(long, default_value = "all")]
        set: String,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Render blank pre-printed forms (bộ mẫu in sẵn), from the same templates.
    Blank {
        /// Which set: a set id (kiem-tra, giam-sat, nam) or all.
        #[arg(long, default_value = "all")]
        set: String,
        /// A cell's own data (JSON: a `cell` object): its header lines, place and members
        /// are printed, the case left blank.
        #[arg(long, value_name = "CELL.json", conflicts_with = "cells")]
        cell: Option<PathBuf>,
        /// Many cells (CSV, see the README): one personalised folder per cell under -o.
        #[arg(long, value_name = "CELLS.csv")]
        cells: Option<PathBuf>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Render a real case from a JSON file.
    Render {
        case: PathBuf,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Check a case file against the input model and the rules of a dossier; write nothing.
    Check { case: PathBuf },
    /// Print the JSON Schema of a case file (Vietnamese descriptions), for editors such as
    /// VS Code.
    Schema,
    /// Print a starter case file with every field present: `hoso init --set kiem-tra > case.json`.
    Init {
        #[arg(long, default_value = "kiem-tra")]
        set: String,
    },
    /// List the sets and their documents.
    List,
    /// Export or check template folders (for a province's own wording).
    Templates {
        #[command(subcommand)]
        action: TemplatesCommand,
    },
    /// Print the intermediate markup of each document (for template authors).
    Markup {
        case: PathBuf,
        /// Only this document id.
        #[arg(long)]
        doc: Option<String>,
    },
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// Write the built-in templates (or those of --templates) to DIR, to edit.
    Export {
        dir: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Compile every template of DIR (default: --templates, else the built-in ones), check the
    /// variables they use and render them against the samples; report every problem found.
    Check { dir: Option<PathBuf> },
}

fn template_files(cli: &Cli) -> Result<TemplateFiles, Error> {
    match &cli.templates {
        Some(dir) => TemplateFiles::from_dir(dir),
        None => Ok(TemplateFiles::builtin()),
    }
}

fn engine(cli: &Cli) -> Result<Engine, Error> {
    match &cli.templates {
        Some(dir) => Engine::new(TemplateFiles::from_dir(dir)?),
        None => Engine::builtin(),
    }
}

fn options(out: &OutArgs) -> Result<RenderOptions, Error> {
    if let Some(d) = &out.date
        && hoso::date::Date::parse_iso(d).is_none()
    {
        return Err(Error::Invalid {
            path: "--date".to_string(),
            message: format!("«{d}» không phải ngày dạng năm-tháng-ngày"),
        });
    }
    Ok(RenderOptions {
        author: out.author.clone(),
        date: out.date.clone(),
    })
}

/// Writes every file or none: existing files are refused before anything is written, and
/// each file goes to a temporary name in the same folder first, then is renamed, so an
/// interrupted run never leaves a truncated document.
fn write_all(dir: &Path, outputs: &[Output], force: bool) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    if !force {
        refuse_existing(&[(dir.to_path_buf(), outputs.to_vec())])?;
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    // Temporary files left by a run that was killed midway: never a document, so they go.
    for o in outputs {
        let prefix = format!(
            ".{}.tmp-",
            o.file_name.rsplit('/').next().unwrap_or(&o.file_name)
        );
        let folder = dir.join(&o.file_name);
        let folder = folder.parent().unwrap_or(dir);
        if let Ok(entries) = std::fs::read_dir(folder) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
    for o in outputs {
        let path = dir.join(&o.file_name);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, &o.bytes).map_err(io(&tmp))?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::Io { path, source: e });
        }
    }
    Ok(())
}

/// Fails, naming them, if any of the files exist: they may hold a user's edits.
fn refuse_existing(batches: &[(PathBuf, Vec<Output>)]) -> Result<(), Error> {
    let existing: Vec<String> = batches
        .iter()
        .flat_map(|(dir, outputs)| outputs.iter().map(move |o| dir.join(&o.file_name)))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if existing.is_empty() {
        Ok(())
    } else {
        Err(Error::Exists { files: existing })
    }
}

fn report(dir: &Path, outputs: &[Output]) {
    for o in outputs {
        println!("đã ghi {}", dir.join(&o.file_name).display());
    }
    eprintln!("{} tệp trong {}", outputs.len(), dir.display());
}

/// Applies the rules of a real dossier: errors stop the run (nothing is written), warnings are
/// said and the run goes on.
fn apply_rules(cli: &Cli, file: &hoso::input::CaseFile) -> Result<usize, Error> {
    use hoso::rules::{Lang, RuleOptions, Severity, check};
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    let findings = check(file, &RuleOptions { quorum: cli.quorum });
    let line = |f: &hoso::rules::Finding| format!("{}: {}", f.fields.join(", "), f.message(lang));
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(line)
        .collect();
    for w in findings.iter().filter(|f| f.severity == Severity::Warning) {
        let label = if lang == Lang::En {
            "warning"
        } else {
            "cảnh báo"
        };
        eprintln!("{label}: {}", line(w));
    }
    if errors.is_empty() {
        Ok(findings.len())
    } else {
        Err(Error::Rules { findings: errors })
    }
}

fn read_case(cli: &Cli, path: &Path) -> Result<hoso::input::CaseFile, Error> {
    let text = hoso::text::read_utf8(path)?;
    let (file, warnings) = render::parse_case_report(&text, &path.display().to_string())?;
    for w in warnings {
        match cli.lang {
            LangArg::Vi => eprintln!("cảnh báo: {}: {}", w.path, w.vi),
            LangArg::En => eprintln!("warning: {}: {}", w.path, w.en),
        }
    }
    Ok(file)
}

fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Example { set, out } => {
            let engine = engine(cli)?;
            let opts = options(out)?;
            let chosen: Vec<&(&str, &str)> = if set == "all" {
                SAMPLES.iter().collect()
            } else {
                let s = SAMPLES
                    .iter()
                    .find(|(id, _)| id == set)
                    .ok_or_else(|| Error::Invalid {
                        path: "--set".to_string(),
                        message: format!(
                            "không có ví dụ cho bộ «{set}»; có: {}, all",
                            SAMPLES
                                .iter()
                                .map(|(id, _)| *id)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })?;
                vec![s]
            };
            let mut outputs = Vec::new();
            for (id, text) in chosen {
                let file = render::parse_case(text, &format!("samples/{id}.json"))?;
                outputs.extend(render::render_case(
                    &engine,
                    &file,
                    &out.format.formats(),
                    &opts,
                )?);
            }
            write_all(&out.output, &outputs, out.force)?;
            report(&out.output, &outputs);
            Ok(())
        }
        Command::Blank {
            set,
            cell,
            cells,
            out,
        } => {
            let engine = engine(cli)?;
            let opts = options(out)?;
            let set_ids: Vec<String> = if set == "all" {
                engine.sets().iter().map(|s| s.id.clone()).collect()
            } else {
                vec![engine.set(set)?.id.clone()]
            };
            let formats = out.format.formats();
            let render_for = |c: Option<&hoso::input::Cell>| -> Result<Vec<Output>, Error> {
                let mut outputs = Vec::new();
                for id in &set_ids {
                    outputs.extend(render::render_blank(&engine, id, c, &formats, &opts)?);
                }
                Ok(outputs)
            };
            match (cell, cells) {
                (Some(path), _) => {
                    let c = hoso::cells::read_cell_json(path)?;
                    let outputs = render_for(Some(&c))?;
                    write_all(&out.output, &outputs, out.force)?;
                    report(&out.output, &outputs);
                }
                (None, Some(path)) => {
                    let list = hoso::cells::read_cells_csv(path)?;
                    // Render every cell before writing anything: a bad row stops the run
                    // with nothing half-written.
                    let mut all = Vec::new();
                    for c in &list {
                        all.push((
                            out.output.join(hoso::cells::folder_name(c)),
                            render_for(Some(c))?,
                        ));
                    }
                    if !out.force {
                        refuse_existing(&all)?;
                    }
                    for (dir, outputs) in &all {
                        write_all(dir, outputs, out.force)?;
                        report(dir, outputs);
                    }
                }
                (None, None) => {
                    let outputs = render_for(None)?;
                    write_all(&out.output, &outputs, out.force)?;
                    report(&out.output, &outputs);
                }
            }
            Ok(())
        }
        Command::Render { case, out } => {
            let engine = engine(cli)?;
            let opts = options(out)?;
            let file = read_case(cli, case)?;
            apply_rules(cli, &file)?;
            let outputs = render::render_case(&engine, &file, &out.format.formats(), &opts)?;
            write_all(&out.output, &outputs, out.force)?;
            report(&out.output, &outputs);
            Ok(())
        }
        Command::Check { case } => {
            let file = read_case(cli, case)?;
            let warnings = apply_rules(cli, &file)?;
            hoso::model::Model::build(&file)?;
            println!("{}: hợp lệ ({warnings} cảnh báo)", case.display());
            Ok(())
        }
        Command::Schema => {
            println!("{}", hoso::schema::schema_json());
            Ok(())
        }
        Command::Init { set } => match hoso::schema::init_json(set) {
            Some(text) => {
                println!("{text}");
                Ok(())
            }
            None => Err(Error::Invalid {
                path: "--set".to_string(),
                message: format!("không có bộ «{set}»; có: nam, kiem-tra, giam-sat"),
            }),
        },
        Command::List => {
            let engine = engine(cli)?;
            for set in engine.sets() {
                println!("{}\t{}", set.id, set.name);
                for d in &set.documents {
                    let kind = if d.kind.is_empty() {
                        "—"
                    } else {
                        d.kind.as_str()
                    };
                    println!("  {}\t{}\t{}", d.id, kind, d.title);
                }
            }
            Ok(())
        }
        Command::Templates { action } => match action {
            TemplatesCommand::Export { dir, force } => {
                let files = template_files(cli)?;
                let outputs: Vec<Output> = files
                    .files
                    .iter()
                    .map(|(name, text)| Output {
                        file_name: name.clone(),
                        bytes: text.clone().into_bytes(),
                    })
                    .collect();
                for o in &outputs {
                    if let Some(parent) = dir.join(&o.file_name).parent() {
                        std::fs::create_dir_all(parent).map_err(|e| Error::Io {
                            path: parent.to_path_buf(),
                            source: e,
                        })?;
                    }
                }
                write_all(dir, &outputs, *force)?;
                report(dir, &outputs);
                Ok(())
            }
            TemplatesCommand::Check { dir } => {
                let files = match dir {
                    Some(d) => TemplateFiles::from_dir(d)?,
                    None => template_files(cli)?,
                };
                let problems = hoso::check::check(&files, &hoso::samples::all()?);
                for p in &problems {
                    eprintln!("{p}\n");
                }
                if problems.is_empty() {
                    println!("mẫu {}: không có lỗi", files.origin);
                    Ok(())
                } else {
                    Err(Error::Config {
                        file: files.origin.clone(),
                        message: format!("{} lỗi trong các mẫu", problems.len()),
                    })
                }
            }
        },
        Command::Markup { case, doc } => {
            let engine = engine(cli)?;
            let file = read_case(cli, case)?;
            let model = hoso::model::Model::build(&file)?;
            let set = engine.set(&file.set)?;
            for (d, text) in engine.render_markup(set, &model)? {
                if doc.as_deref().is_none_or(|id| id == d.id) {
                    println!("=== {} {}\n{}", d.id, d.title, text);
                }
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match (&e, cli.lang) {
                (Error::Inputs { problems_en, .. }, LangArg::En) => eprintln!(
                    "error: the input has {} problem(s):\n  {}",
                    problems_en.len(),
                    problems_en.join("\n  ")
                ),
                (Error::Rules { findings }, LangArg::En) => eprintln!(
                    "error: the dossier breaks {} rule(s):\n  {}",
                    findings.len(),
                    findings.join("\n  ")
                ),
                (_, LangArg::En) => eprintln!("error: {e}"),
                (_, LangArg::Vi) => eprintln!("lỗi: {e}"),
            }
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  do: {s}");
                source = s.source();
            }
            ExitCode::from(e.exit_code())
        }
    }
}
