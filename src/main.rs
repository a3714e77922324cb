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

mod serve;

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

/// `N/D` as two numbers, with what each is called for the message.
fn parse_pair(s: &str, example: &str, first: &str, second: &str) -> Result<(u64, u64), String> {
    let (a, b) = s
        .split_once('/')
        .ok_or_else(|| format!("«{s}»: cần dạng {first}/{second}, ví dụ {example}"))?;
    let a = a
        .trim()
        .parse()
        .map_err(|_| format!("«{s}»: {first} không hợp lệ"))?;
    let b = b
        .trim()
        .parse()
        .map_err(|_| format!("«{s}»: {second} không hợp lệ"))?;
    Ok((a, b))
}

fn parse_quorum(s: &str) -> Result<(u32, u32), String> {
    let (n, d) = parse_pair(s, "2/3", "tử", "mẫu")?;
    if d == 0 || n > d || d > u32::MAX as u64 {
        return Err(format!("«{s}»: cần 0 ≤ tử ≤ mẫu, mẫu > 0"));
    }
    Ok((n as u32, d as u32))
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = parse_pair(s, "2/8", "K", "N")?;
    if n == 0 || k == 0 || k > n || n > u32::MAX as u64 {
        return Err(format!("«{s}»: cần 1 ≤ K ≤ N"));
    }
    Ok((k as usize, n as usize))
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
    /// Render for many cells at once (a province): one folder or zip per cell, in parallel.
    Batch {
        /// The cells: CSV (columns as for `blank --cells`, plus an optional `case` column) or
        /// JSON (a list of `cell` objects).
        cells: PathBuf,
        /// Personalised blank forms (the default).
        #[arg(long, conflicts_with_all = ["example", "cases"])]
        blank: bool,
        /// The worked example, headed with each cell's name.
        #[arg(long, conflicts_with = "cases")]
        example: bool,
        /// Each cell's own case file, from DIR (the row's `case` column, else
        /// `<cell folder name>.json`).
        #[arg(long, value_name = "DIR")]
        cases: Option<PathBuf>,
        /// Which set (blank and example): a set id or all.
        #[arg(long, default_value = "all")]
        set: String,
        /// One zip per cell instead of a folder.
        #[arg(long)]
        zip: bool,
        /// Render only the K-th of N slices of the list (rows K, K+N, K+2N, …), e.g. 2/8.
        #[arg(long, value_name = "K/N", value_parser = parse_shard)]
        shard: Option<(usize, usize)>,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write the training handout: one booklet (DOCX and PDF) per course of COURSE.json.
    Handout {
        /// The course (`"course": {…}`) or courses (`"courses": […]`): see
        /// samples/khoa-hoc.json.
        course: PathBuf,
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
    Schema {
        /// The schema of a course file (`hoso handout`) instead.
        #[arg(long)]
        course: bool,
    },
    /// Print a starter case file with every field present: `hoso init --set kiem-tra > case.json`.
    Init {
        #[arg(long, default_value = "kiem-tra")]
        set: String,
    },
    /// List the sets and their documents.
    List,
    /// The web app for cell secretaries: forms, preview, downloads (see docs/web.md).
    Serve(serve::ServeArgs),
    /// Accounts of the web app (needed when it listens beyond this computer).
    Users {
        #[command(subcommand)]
        action: serve::UsersCommand,
    },
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
    let mut folders: Vec<PathBuf> = outputs
        .iter()
        .map(|o| dir.join(&o.file_name).parent().unwrap_or(dir).to_path_buf())
        .collect();
    folders.dedup();
    for folder in &folders {
        if let Ok(entries) = std::fs::read_dir(folder) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.')
                    && name.contains(".tmp-")
                    && outputs.iter().any(|o| {
                        name.starts_with(&format!(
                            ".{}.tmp-",
                            o.file_name.rsplit('/').next().unwrap_or(&o.file_name)
                        ))
                    })
                {
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
    use hoso::rules::{Lang, RuleOptions, Severity, check, refuse_errors};
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    let findings = check(file, &RuleOptions { quorum: cli.quorum });
    for w in findings.iter().filter(|f| f.severity == Severity::Warning) {
        let label = if lang == Lang::En {
            "warning"
        } else {
            "cảnh báo"
        };
        eprintln!("{label}: {}", w.line(lang));
    }
    refuse_errors(&findings, lang)?;
    Ok(findings.len())
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
        Command::Batch {
            cells,
            blank: _,
            example,
            cases,
            set,
            zip,
            shard,
            jobs,
            out,
        } => batch(cli, cells, *example, cases, set, *zip, *shard, *jobs, out),
        Command::Handout { course, out } => {
            let engine = engine(cli)?;
            let opts = options(out)?;
            let text = hoso::text::read_utf8(course)?;
            let courses = hoso::handout::parse_courses(&text, &course.display().to_string())?;
            let started = std::time::Instant::now();
            let library = hoso::handout::Library::new(&engine, &opts)?;
            let formats = out.format.formats();
            if !out.force {
                let names: Vec<Output> = courses
                    .iter()
                    .flat_map(|c| {
                        formats.iter().map(|f| Output {
                            file_name: format!("{}.{}", hoso::handout::file_stem(c), f.ext()),
                            bytes: Vec::new(),
                        })
                    })
                    .collect();
                refuse_existing(&[(out.output.clone(), names)])?;
            }
            // Booklets are independent: one thread per core, each taking the next course.
            let next = std::sync::atomic::AtomicUsize::new(0);
            let jobs = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .min(courses.len());
            let results: Vec<Result<(), Error>> = std::thread::scope(|s| {
                let workers: Vec<_> = (0..jobs)
                    .map(|_| {
                        s.spawn(|| -> Result<(), Error> {
                            loop {
                                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                let Some(c) = courses.get(i) else {
                                    return Ok(());
                                };
                                let outputs =
                                    hoso::handout::render(&engine, &library, c, &formats, &opts)?;
                                write_all(&out.output, &outputs, true)?;
                                report(&out.output, &outputs);
                            }
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .map(|w| {
                        w.join().unwrap_or_else(|_| {
                            Err(Error::Backend {
                                format: "tài liệu bồi dưỡng",
                                message: "một luồng dựng tài liệu dừng vì lỗi trong hoso"
                                    .to_string(),
                            })
                        })
                    })
                    .collect()
            });
            for r in results {
                r?;
            }
            eprintln!(
                "{} tài liệu trong {:.1} s",
                courses.len(),
                started.elapsed().as_secs_f64()
            );
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
        Command::Schema { course } => {
            if *course {
                println!("{}", hoso::schema::course_schema_json());
            } else {
                println!("{}", hoso::schema::schema_json());
            }
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
        Command::Serve(args) => serve::run(args),
        Command::Users { action } => serve::users(action),
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

#[allow(clippy::too_many_arguments)]
fn batch(
    cli: &Cli,
    cells: &Path,
    example: bool,
    cases: &Option<PathBuf>,
    set: &str,
    zip: bool,
    shard: Option<(usize, usize)>,
    jobs: Option<usize>,
    out: &OutArgs,
) -> Result<(), Error> {
    use hoso::batch::{self, Job};
    use std::io::IsTerminal;
    let engine = engine(cli)?;
    let job = match (example, cases) {
        (_, Some(dir)) => Job::Cases(dir.clone()),
        (true, None) => Job::Example,
        (false, None) => Job::Blank,
    };
    let sets: Vec<String> = if set == "all" {
        engine.sets().iter().map(|s| s.id.clone()).collect()
    } else {
        vec![engine.set(set)?.id.clone()]
    };
    let opts = batch::Options {
        job,
        sets,
        formats: out.format.formats(),
        render: options(out)?,
        shard,
        jobs: jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        zip,
        quorum: cli.quorum,
    };
    let is_json = cells
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    // The progress bar needs the length first. A JSON list is parsed whole anyway; a CSV's
    // rows are counted in a quick first pass over its text, then built one at a time.
    let (total_rows, rows): (usize, Box<dyn Iterator<Item = hoso::cells::Row>>) = if is_json {
        let rows = hoso::cells::json_rows(cells)?;
        (rows.len(), Box::new(rows.into_iter()))
    } else {
        let text = hoso::text::read_utf8(cells)?;
        let name = cells.display().to_string();
        (
            hoso::cells::CsvRows::from_text(text.clone(), &name)?.count(),
            Box::new(hoso::cells::CsvRows::from_text(text, &name)?),
        )
    };
    let total = (1..=total_rows)
        .filter(|r| batch::in_shard(*r, shard))
        .count();
    std::fs::create_dir_all(&out.output).map_err(|e| Error::Io {
        path: out.output.clone(),
        source: e,
    })?;
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} chi bộ  {elapsed_precise} (còn {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let step = (total / 20).max(1);
    let started = std::time::Instant::now();
    let progress = |done: usize| match &bar {
        Some(b) => b.set_position(done as u64),
        None => {
            if done.is_multiple_of(step) || done == total {
                eprintln!(
                    "{done}/{total} chi bộ ({:.0}%), {:.1} s",
                    done as f64 * 100.0 / total.max(1) as f64,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    };
    let sink = |unit: &batch::Unit| -> Result<(), Error> {
        let dir = if unit.dir.is_empty() {
            out.output.clone()
        } else {
            out.output.join(&unit.dir)
        };
        write_all(&dir, &unit.outputs, out.force)
    };
    let failures = batch::run(&engine, rows, &opts, &sink, &progress);
    if let Some(b) = &bar {
        b.finish();
    }
    let report_name = match shard {
        Some((k, n)) => format!("errors-{k}-of-{n}.csv"),
        None => "errors.csv".to_string(),
    };
    let report = out.output.join(&report_name);
    if failures.is_empty() {
        // A report left by an earlier run of the same slice would now be wrong.
        let _ = std::fs::remove_file(&report);
        eprintln!(
            "xong: {total} chi bộ trong {} ({:.1} s)",
            out.output.display(),
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    for f in &failures {
        let field = if f.field.is_empty() {
            String::new()
        } else {
            format!(", {}", f.field)
        };
        eprintln!(
            "lỗi: chi bộ số {} ({}{field}) «{}»: {}",
            f.row, f.place, f.cell, f.message
        );
    }
    std::fs::write(&report, batch::errors_csv(&failures)).map_err(|e| Error::Io {
        path: report.clone(),
        source: e,
    })?;
    Err(Error::Batch {
        failed: failures.len(),
        total,
        report: report.display().to_string(),
    })
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
