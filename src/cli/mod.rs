//! The `hoso` command line: the arguments of every command, and the options they share. Each
//! command lives in its own file and only parses, calls one library function per product and
//! writes (mdBook's `cmd/` layout).

mod batch;
mod blank;
mod case;
mod example;
mod files;
mod handout;
mod info;
mod tally;
mod templates;

use clap::{Parser, Subcommand, ValueEnum};
use hoso::Error;
use hoso::backend::Format;
use hoso::input::rules::Lang;
use hoso::template::{Engine, RenderOptions};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "hoso",
    version,
    about = "Hồ sơ kiểm tra, giám sát của chi bộ: Word và PDF"
)]
pub struct Cli {
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

#[derive(Subcommand)]
enum Command {
    /// Render the built-in worked example (bộ mẫu có nêu ví dụ cụ thể).
    Example(example::Args),
    /// Render blank pre-printed forms (bộ mẫu in sẵn), from the same templates.
    Blank(blank::Args),
    /// Render for many cells at once (a province): one folder or zip per cell, in parallel.
    Batch(batch::Args),
    /// Write the training handout: one booklet (DOCX and PDF) per course of COURSE.json.
    Handout(handout::Args),
    /// Add up the committees' summary files (or folders of case files) into the report of
    /// the level above: DOCX, PDF and CSV.
    Tally(tally::Args),
    /// Render a real case from a JSON file.
    Render(case::RenderArgs),
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
        /// Write the starter file to FILE (UTF-8) instead of printing it.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the sets and their documents.
    List,
    /// The web app for cell secretaries: forms, preview, downloads (see docs/web.md).
    Serve(crate::serve::ServeArgs),
    /// Accounts of the web app (needed when it listens beyond this computer).
    Users {
        #[command(subcommand)]
        action: crate::serve::UsersCommand,
    },
    /// Export or check template folders (for a province's own wording).
    Templates {
        #[command(subcommand)]
        action: templates::Action,
    },
    /// Print the intermediate markup of each document (for template authors).
    Markup {
        case: PathBuf,
        /// Only this document id.
        #[arg(long)]
        doc: Option<String>,
    },
}

/// Runs the command.
pub fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Example(args) => example::run(cli, args),
        Command::Blank(args) => blank::run(cli, args),
        Command::Batch(args) => batch::run(cli, args),
        Command::Handout(args) => handout::run(cli, args),
        Command::Tally(args) => tally::run(cli, args),
        Command::Render(args) => case::render(cli, args),
        Command::Check { case } => case::check(cli, case),
        Command::Markup { case, doc } => case::markup(cli, case, doc.as_deref()),
        Command::Schema { course } => info::schema(*course),
        Command::Init { set, output, force } => info::init(set, output.as_deref(), *force),
        Command::List => info::list(cli),
        Command::Serve(args) => crate::serve::run(args),
        Command::Users { action } => crate::serve::users(action),
        Command::Templates { action } => templates::run(cli, action),
    }
}

/// Prints an error the way the user asked (`--lang`), with its causes.
pub fn print_error(cli: &Cli, e: &Error) {
    match (e, cli.lang) {
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
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        eprintln!("  do: {s}");
        source = s.source();
    }
}

impl Cli {
    fn lang(&self) -> Lang {
        match self.lang {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }

    /// The template engine: the built-in templates, or those of `--templates`.
    fn engine(&self) -> Result<Engine, Error> {
        match &self.templates {
            Some(dir) => Engine::new(files::template_dir(dir)?),
            None => Engine::builtin(),
        }
    }

    /// The set ids `--set` names (`all`: every set of the templates).
    fn set_ids(&self, engine: &Engine, set: &str) -> Result<Vec<String>, Error> {
        Ok(if set == "all" {
            engine.sets().iter().map(|s| s.id.clone()).collect()
        } else {
            vec![engine.set(set)?.id.clone()]
        })
    }

    /// Says each text warning (legacy encodings converted, glyphs missing) in the user's
    /// language.
    fn warn(&self, warnings: &[hoso::input::text::TextWarning]) {
        for w in warnings {
            match self.lang {
                LangArg::Vi => eprintln!("cảnh báo: {}: {}", w.path, w.vi),
                LangArg::En => eprintln!("warning: {}: {}", w.path, w.en),
            }
        }
    }
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

/// Where and how every rendering command writes.
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

impl OutArgs {
    fn options(&self) -> Result<RenderOptions, Error> {
        if let Some(d) = &self.date
            && hoso::input::date::Date::parse_iso(d).is_none()
        {
            return Err(Error::Invalid {
                path: "--date".to_string(),
                message: format!("«{d}» không phải ngày dạng năm-tháng-ngày"),
            });
        }
        Ok(RenderOptions {
            author: self.author.clone(),
            date: self.date.clone(),
        })
    }
}
