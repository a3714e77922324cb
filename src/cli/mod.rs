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

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
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
    /// Dùng thư mục mẫu DIR (do `hoso templates export` ghi ra) thay cho mẫu có sẵn.
    #[arg(long, global = true, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Ngôn ngữ của thông báo: vi (mặc định) hoặc en.
    #[arg(long, global = true, value_enum, default_value = "vi")]
    lang: LangArg,
    /// Số đảng viên chính thức phải có mặt để họp chi bộ hợp lệ, dạng tử/mẫu.
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
    /// Lập bộ mẫu có nêu ví dụ cụ thể (dữ liệu ví dụ có sẵn).
    Example(example::Args),
    /// Lập bộ mẫu in sẵn để điền tay (từ cùng các mẫu).
    Blank(blank::Args),
    /// Lập cho nhiều chi bộ một lần (cả tỉnh): mỗi chi bộ một thư mục hoặc tệp zip.
    Batch(batch::Args),
    /// Lập tài liệu tập huấn: mỗi khóa học trong tệp một cuốn (DOCX và PDF).
    Handout(handout::Args),
    /// Cộng các tệp tổng hợp của ủy ban kiểm tra (hoặc thư mục tệp hồ sơ) thành báo cáo của
    /// cấp trên: DOCX, PDF và CSV.
    Tally(tally::Args),
    /// Lập hồ sơ thật từ tệp JSON của một cuộc kiểm tra, giám sát.
    Render(case::RenderArgs),
    /// Kiểm tra tệp hồ sơ theo đúng quy định, không ghi tệp nào.
    Check {
        /// Tệp hồ sơ (JSON).
        case: PathBuf,
    },
    /// In lược đồ JSON (JSON Schema) của tệp hồ sơ, cho trình soạn thảo như VS Code.
    Schema {
        /// Lược đồ của tệp khóa học (`hoso handout`).
        #[arg(long)]
        course: bool,
    },
    /// Tạo tệp hồ sơ khởi đầu có đủ mọi trường: `hoso init --set kiem-tra -o ho-so.json`.
    Init {
        #[arg(long, default_value = "kiem-tra")]
        set: String,
        /// Ghi ra tệp FILE (UTF-8) thay vì in ra màn hình.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Ghi đè FILE nếu đã có.
        #[arg(long)]
        force: bool,
    },
    /// Liệt kê các bộ và văn bản của từng bộ.
    List,
    /// Ứng dụng web cho bí thư chi bộ: nhập liệu, xem trước, tải về (xem docs/web.md).
    Serve(crate::serve::ServeArgs),
    /// Tài khoản của ứng dụng web (cần khi mở cho máy khác truy cập).
    Users {
        #[command(subcommand)]
        action: crate::serve::UsersCommand,
    },
    /// Xuất hoặc kiểm tra thư mục mẫu (để tỉnh tự sửa câu chữ).
    Templates {
        #[command(subcommand)]
        action: templates::Action,
    },
    /// In văn bản trung gian của từng văn bản (cho người soạn mẫu).
    Markup {
        /// Tệp hồ sơ (JSON).
        case: PathBuf,
        /// Chỉ văn bản có mã này.
        #[arg(long)]
        doc: Option<String>,
    },
}

/// How every command's help reads: in Vietnamese, for the secretaries who use it.
const HELP_TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

impl Cli {
    /// The command line, with its help in Vietnamese (clap's own words are English).
    pub fn parse_vi() -> Cli {
        let matches = vietnamese(Cli::command(), true)
            .try_get_matches()
            .unwrap_or_else(|e| exit_vi(e));
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit_vi(e))
    }
}

/// Says what is wrong with the command line in Vietnamese first (clap's details follow, in
/// English), and exits with 2; help and version are printed as asked.
fn exit_vi(e: clap::Error) -> ! {
    use clap::error::ErrorKind as K;
    let said = match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        K::MissingRequiredArgument => "thiếu đối số bắt buộc",
        K::MissingSubcommand => "thiếu lệnh",
        K::UnknownArgument => "không có tùy chọn này",
        K::InvalidSubcommand => "không có lệnh này",
        K::InvalidValue | K::ValueValidation => "giá trị không hợp lệ",
        K::ArgumentConflict => "hai tùy chọn không dùng cùng nhau được",
        _ => "dòng lệnh chưa đúng",
    };
    eprintln!("lỗi: {said}; xem `hoso --help` hoặc `hoso <lệnh> --help`. Chi tiết:");
    let _ = e.print();
    std::process::exit(2)
}

/// Gives `cmd` and its subcommands Vietnamese headings and help and version flags.
fn vietnamese(cmd: clap::Command, top: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let mut cmd = cmd
        .help_template(HELP_TEMPLATE)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .mut_args(|a| {
            let a = say_values(a);
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("Đối số")
            } else {
                a.help_heading("Tùy chọn")
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này")
                .help_heading("Tùy chọn"),
        )
        .mut_subcommands(|c| vietnamese(c, false));
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    cmd
}

/// An option's default and choices said in Vietnamese at the end of its help.
fn say_values(a: clap::Arg) -> clap::Arg {
    let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let choices: Vec<String> = a
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_string())
        .collect();
    if choices.len() > 1 && a.get_action().takes_values() {
        help.push_str(&format!(" [chọn: {}]", choices.join(", ")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // A flag's implied `false` is not worth saying.
    if !defaults.is_empty() && a.get_action().takes_values() {
        help.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
    }
    let a = a.help(help);
    if a.get_action().takes_values() {
        a.hide_default_value(true).hide_possible_values(true)
    } else {
        a
    }
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
    match cli.lang {
        LangArg::En => eprintln!("error: {}", e.english()),
        LangArg::Vi => eprintln!("lỗi: {e}"),
    }
    for cause in e.causes() {
        match cli.lang {
            LangArg::En => eprintln!("  because: {cause}"),
            LangArg::Vi => eprintln!("  do: {cause}"),
        }
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

    /// Says each text warning of a case file at the line and column of its field.
    fn warn_located(&self, read: &hoso::dossier::Read) {
        for w in &read.warnings {
            let place = read
                .locations
                .find(&w.path)
                .filter(|_| !w.path.contains(": "))
                .map(|(line, col)| format!("{}:{line}:{col}: ", read.name))
                .unwrap_or_default();
            self.say_warning(&place, w);
        }
    }

    /// Says each text warning (legacy encodings converted, glyphs missing) in the user's
    /// language.
    fn warn(&self, warnings: &[hoso::input::text::TextWarning]) {
        for w in warnings {
            self.say_warning("", w);
        }
    }

    /// One text warning, after its `place` (`file:line:col: `, or nothing), its field's path
    /// with list positions in words.
    fn say_warning(&self, place: &str, w: &hoso::input::text::TextWarning) {
        let lang = self.lang();
        let path = hoso::input::locate::describe(&w.path, lang);
        match lang {
            Lang::Vi => eprintln!("cảnh báo: {place}{path}: {}", w.vi),
            Lang::En => eprintln!("warning: {place}{path}: {}", w.en),
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
    /// Định dạng: docx, pdf hoặc all (cả hai).
    #[arg(long, value_enum, default_value = "all")]
    format: FormatArg,
    /// Thư mục ghi kết quả.
    #[arg(short, long, default_value = "hoso-out")]
    output: PathBuf,
    /// Ghi đè các tệp đã có (có thể mất phần đã sửa tay).
    #[arg(long)]
    force: bool,
    /// Ngày tạo ghi vào thuộc tính tệp (năm-tháng-ngày); mặc định không ghi, để cùng dữ
    /// liệu luôn cho cùng tệp.
    #[arg(long)]
    date: Option<String>,
    /// Tác giả ghi vào thuộc tính tệp (mặc định: tên chi bộ).
    #[arg(long)]
    author: Option<String>,
    /// In chữ «DỰ THẢO» trên mọi trang (bản để góp ý), cả Word và PDF.
    #[arg(long)]
    draft: bool,
    /// PDF theo chuẩn lưu trữ PDF/A-2b (cần --date: PDF/A ghi ngày tạo tệp).
    #[arg(long)]
    pdfa: bool,
}

impl OutArgs {
    fn options(&self) -> Result<RenderOptions, Error> {
        if let Some(d) = &self.date
            && hoso::input::date::Date::parse_iso(d).is_none()
        {
            return Err(Error::invalid(
                "--date",
                format!("«{d}» không phải ngày dạng năm-tháng-ngày"),
                format!("«{d}» is not a date written year-month-day"),
            ));
        }
        if self.pdfa && self.date.is_none() {
            return Err(Error::invalid(
                "--date",
                "--pdfa cần ngày lập tệp: thêm --date NĂM-THÁNG-NGÀY (ví dụ ngày ký văn bản)",
                "--pdfa needs the files' date: add --date YEAR-MONTH-DAY (e.g. the signing date)",
            ));
        }
        Ok(RenderOptions {
            author: self.author.clone(),
            date: self.date.clone(),
            draft: self.draft,
            archival: self.pdfa,
        })
    }
}
