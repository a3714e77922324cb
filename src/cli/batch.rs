//! `hoso batch`: many cells at once, one folder or zip each, with a progress bar, the cells'
//! own case files read from a folder, and `errors.csv` for the rows that failed.

use super::{Cli, OutArgs, files, parse_pair};
use hoso::Error;
use hoso::batch::{self, Job};
use hoso::input::Cell;
use hoso::input::cells::Row;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Danh sách chi bộ: tệp CSV (các cột như `blank --cells`, thêm cột `case` nếu có) hoặc
    /// JSON (một danh sách các nhóm `cell`).
    cells: PathBuf,
    /// Bộ mẫu in sẵn mang tên từng chi bộ (mặc định).
    #[arg(long, conflicts_with_all = ["example", "cases"])]
    blank: bool,
    /// Bộ mẫu có ví dụ, tiêu đề mang tên từng chi bộ.
    #[arg(long, conflicts_with = "cases")]
    example: bool,
    /// Tệp hồ sơ của từng chi bộ, lấy trong thư mục DIR (theo cột `case` của dòng, nếu
    /// không có thì `<tên thư mục của chi bộ>.json`).
    #[arg(long, value_name = "DIR")]
    cases: Option<PathBuf>,
    /// Bộ văn bản (cho --blank và --example): mã bộ, hoặc all (tất cả).
    #[arg(long, default_value = "all")]
    set: String,
    /// Mỗi chi bộ một tệp zip thay cho một thư mục.
    #[arg(long)]
    zip: bool,
    /// Thêm cho mỗi hồ sơ một tệp PDF gộp để in (với --example và --cases).
    #[arg(long)]
    bundle: bool,
    /// Chỉ làm phần thứ K trong N phần của danh sách (dòng K, K+N, K+2N, …), ví dụ 2/8.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Số luồng làm việc (mặc định: mỗi lõi một luồng).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    #[command(flatten)]
    out: OutArgs,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = parse_pair(s, "2/8", "K", "N")?;
    if n == 0 || k == 0 || k > n || n > u32::MAX as u64 {
        return Err(format!("«{s}»: cần 1 ≤ K ≤ N"));
    }
    Ok((k as usize, n as usize))
}

pub fn run(cli: &Cli, args: &Args) -> Result<(), Error> {
    let engine = cli.engine()?;
    let opts = batch::Options {
        job: match (args.example, &args.cases) {
            (_, Some(_)) => Job::Cases,
            (true, None) => Job::Example,
            (false, None) => Job::Blank,
        },
        sets: cli.set_ids(&engine, &args.set)?,
        formats: args.out.format.formats(),
        render: args.out.options()?,
        shard: args.shard,
        jobs: args.jobs.unwrap_or_else(hoso::pool::cores),
        zip: args.zip,
        bundle: args.bundle,
        quorum: cli.quorum,
    };
    let (total_rows, rows) = read_rows(cli, &args.cells)?;
    let total = (1..=total_rows)
        .filter(|r| batch::in_shard(*r, args.shard))
        .count();
    let out = &args.out;
    std::fs::create_dir_all(&out.output).map_err(|e| Error::Io {
        path: out.output.clone(),
        source: e,
    })?;
    let progress = Progress::new(total);
    let dir = args.cases.clone().unwrap_or_default();
    let cases = |row: &Row, cell: &Cell| read_case(&dir, row, cell);
    let sink = |unit: &batch::Unit| -> Result<(), Error> {
        let dir = if unit.dir.is_empty() {
            out.output.clone()
        } else {
            out.output.join(&unit.dir)
        };
        files::write_all(&dir, &unit.outputs, out.force)
    };
    let failures = batch::run(&engine, rows, &opts, &cases, &sink, &|done| {
        progress.show(done)
    });
    progress.finish();
    finish(&args.out.output, args.shard, total, &failures, &progress)
}

/// The rows of a cells file and their count (for the progress bar). A JSON list is parsed
/// whole anyway; a CSV's rows are counted in a quick first pass over its text, then built one
/// at a time.
fn read_rows(cli: &Cli, cells: &Path) -> Result<(usize, Box<dyn Iterator<Item = Row>>), Error> {
    let name = cells.display().to_string();
    let text = files::read_text(cells)?;
    let is_json = cells
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let (rows, warnings) = hoso::input::cells::json_rows(&text, &name)?;
        cli.warn(&warnings);
        return Ok((rows.len(), Box::new(rows.into_iter())));
    }
    use hoso::input::cells::CsvRows;
    let count = CsvRows::from_text(text.clone(), &name)?.count();
    Ok((count, Box::new(CsvRows::from_text(text, &name)?)))
}

/// A row's case file under `dir`: its `case` column (a relative path that stays inside
/// `dir`), else `<NNNN-cell-name>.json` (the output folder's name, unique per row), else
/// `<cell-name>.json` (readable, but shared by cells of the same name). Returns its name and
/// text.
fn read_case(dir: &Path, row: &Row, cell: &Cell) -> Result<(String, String), Error> {
    let path = case_path(dir, row, cell)?;
    // The file error names the path itself («không có tệp hay thư mục …»).
    let unreadable = |_: &Path, e: Error| Error::Invalid {
        path: "case".to_string(),
        message: format!("hồ sơ của chi bộ: {}", batch::row_error(e).message),
    };
    let text = files::read_text(&path).map_err(|e| unreadable(&path, e))?;
    // A case that names a shared cell file gets it set in, read from the same folder.
    let Some(cell_name) = hoso::dossier::cell_reference(&text) else {
        return Ok((path.display().to_string(), text));
    };
    let cell_path = inside(dir, &cell_name, "cell")?;
    let cell_text = files::read_text(&cell_path).map_err(|e| unreadable(&cell_path, e))?;
    let (text, _) =
        hoso::input::cells::with_shared_cell(&text, &cell_path.display().to_string(), &cell_text)?;
    Ok((path.display().to_string(), text))
}

/// `name` under `dir`, refused when it would lead outside it (an absolute path, `..`).
fn inside(dir: &Path, name: &str, field: &str) -> Result<PathBuf, Error> {
    let rel = Path::new(name);
    let ok = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !ok {
        return Err(Error::invalid(
            field,
            format!(
                "«{name}»: cần tên tệp nằm trong thư mục --cases (không dùng đường dẫn tuyệt đối hay ..)"
            ),
            format!("«{name}»: needs a file inside the --cases folder (no absolute path, no ..)"),
        ));
    }
    Ok(dir.join(rel))
}

fn case_path(dir: &Path, row: &Row, cell: &Cell) -> Result<PathBuf, Error> {
    if let Some(name) = &row.case {
        return inside(dir, name, "case");
    }
    let numbered = dir.join(format!("{}.json", batch::unit_name(row.number, cell)));
    if numbered.exists() {
        return Ok(numbered);
    }
    Ok(dir.join(format!("{}.json", hoso::input::cells::folder_name(cell))))
}

/// The batch's progress: a bar on a terminal, else a plain line every 5 %.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    step: usize,
    started: std::time::Instant,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} chi bộ  {elapsed_precise} (còn {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        Progress {
            bar,
            total,
            step: (total / 20).max(1),
            started: std::time::Instant::now(),
        }
    }

    fn show(&self, done: usize) {
        match &self.bar {
            Some(b) => b.set_position(done as u64),
            None => {
                if done.is_multiple_of(self.step) || done == self.total {
                    eprintln!(
                        "{done}/{} chi bộ ({:.0}%), {:.1} s",
                        self.total,
                        done as f64 * 100.0 / self.total.max(1) as f64,
                        self.started.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
    }
}

/// Says how the run went and writes (or clears) the slice's `errors.csv`.
fn finish(
    output: &Path,
    shard: Option<(usize, usize)>,
    total: usize,
    failures: &[batch::Failure],
    progress: &Progress,
) -> Result<(), Error> {
    let report_name = match shard {
        Some((k, n)) => format!("errors-{k}-of-{n}.csv"),
        None => "errors.csv".to_string(),
    };
    let report = output.join(&report_name);
    if failures.is_empty() {
        // A report left by an earlier run of the same slice would now be wrong.
        let _ = std::fs::remove_file(&report);
        eprintln!(
            "xong: {total} chi bộ trong {} ({:.1} s)",
            output.display(),
            progress.started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    for f in failures {
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
    std::fs::write(&report, batch::errors_csv(failures)).map_err(|e| Error::Io {
        path: report.clone(),
        source: e,
    })?;
    Err(Error::Batch {
        failed: failures.len(),
        total,
        report: report.display().to_string(),
    })
}
