//! A province's batch: many cells, each rendered to its own folder (or zip), in parallel.
//!
//! Rows are pulled one at a time from the cells file and handed to worker threads through a
//! short queue, so memory holds a few cells' documents, not the province's. Fonts are parsed
//! and templates compiled once per process (the `Engine` is shared); shaping is cached per
//! thread. Writing is the caller's: the CLI passes a sink, the library never touches files.
//!
//! Everything a file holds comes from the input (folder names carry the row number, not a
//! counter or a clock), so a run split with `--shard K/N` over many machines writes exactly
//! the files of one unsplit run.

use crate::backend::{Format, Output};
use crate::dossier::{self, Selection};
use crate::error::{Error, Result};
use crate::input::cells::{Row, RowError};
use crate::input::{CaseFile, Cell};
use crate::template::{Engine, RenderOptions};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What each cell gets.
#[derive(Clone, Debug)]
pub enum Job {
    /// The blank pre-printed forms, personalised with the cell's header lines and members.
    Blank,
    /// The worked example, headed with the cell's own name, superior, place and committee
    /// (the people and facts stay the example's): a teaching copy for each cell.
    Example,
    /// The cell's own case, read by the front end through a [`CaseSource`].
    Cases,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub job: Job,
    /// Set ids to render (for `Blank` and `Example`).
    pub sets: Vec<String>,
    pub formats: Vec<Format>,
    pub render: RenderOptions,
    /// `(k, n)`: only rows whose number is k modulo n (1-based k), for splitting a run.
    pub shard: Option<(usize, usize)>,
    /// Worker threads.
    pub jobs: usize,
    /// One zip per cell instead of a folder.
    pub zip: bool,
    /// Also each dossier as one PDF to print (`Example` and `Cases`).
    pub bundle: bool,
    /// Quorum for the rules of real cases (`--cases`).
    pub quorum: (u32, u32),
}

/// Where each row's case comes from (`Job::Cases`): the front end reads it and returns its
/// name (for messages) and text; the library touches no file.
pub type CaseSource<'a> = dyn Fn(&Row, &Cell) -> Result<(String, String)> + Sync + 'a;

/// One cell's files, for the sink to write: `dir` is the cell's folder name (empty when the
/// outputs are one zip named after it).
pub struct Unit {
    pub row: usize,
    pub dir: String,
    pub outputs: Vec<Output>,
}

/// A row that did not make it, for `errors.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub row: usize,
    /// Where in the input: `dòng 7`, `cells[6]`.
    pub place: String,
    pub cell: String,
    pub field: String,
    pub message: String,
}

/// Whether a row belongs to a shard: rows are dealt round-robin, so every slice gets a fair
/// share of the list without knowing its length.
pub fn in_shard(row: usize, shard: Option<(usize, usize)>) -> bool {
    match shard {
        None => true,
        Some((k, n)) => (row - 1) % n == k - 1,
    }
}

/// The folder (and zip) name of a row's cell: the row number keeps it unique and stable
/// across shards, the cell's name keeps it readable.
pub fn unit_name(row: usize, cell: &Cell) -> String {
    format!("{row:04}-{}", crate::input::cells::folder_name(cell))
}

/// The worked example of a set, headed with this cell's identity.
fn example_for(set: &str, cell: &Cell) -> Result<CaseFile> {
    let mut file = crate::input::read::sample(set).ok_or_else(|| Error::Invalid {
        path: "--set".to_string(),
        message: format!("bộ «{set}» không có ví dụ mẫu"),
    })??;
    file.cell.name = cell.name.clone();
    file.cell.superior = cell.superior.clone();
    file.cell.place = cell.place.clone();
    file.cell.inspection_committee = cell.inspection_committee.clone();
    file.cell.issuer_code = cell.issuer_code.clone();
    Ok(file)
}

/// What is wrong with a row, from the error that stopped it: the field it names, and the
/// message with its whole cause chain.
pub fn row_error(e: Error) -> RowError {
    match e {
        Error::Invalid { path, message } => RowError {
            field: path,
            message: crate::input::lang::pick(&message, crate::input::lang::Lang::Vi).to_string(),
        },
        Error::Inputs { problems, .. } => RowError {
            field: String::new(),
            message: problems.join("; "),
        },
        Error::Rules { findings } => RowError {
            field: String::new(),
            message: findings.join("; "),
        },
        e => RowError {
            field: String::new(),
            message: std::iter::once(e.to_string())
                .chain(e.causes())
                .collect::<Vec<_>>()
                .join(": "),
        },
    }
}

fn selection(opts: &Options) -> Selection {
    Selection {
        bundle: opts.bundle,
        ..Selection::all(&opts.formats)
    }
}

/// Renders one row's files.
fn render_row(
    engine: &Engine,
    row: &Row,
    cell: &Cell,
    opts: &Options,
    cases: &CaseSource,
) -> Result<Vec<Output>> {
    let mut outputs = Vec::new();
    match &opts.job {
        Job::Blank => {
            for set in &opts.sets {
                outputs.extend(dossier::render_blank(
                    engine,
                    set,
                    Some(cell),
                    &opts.formats,
                    &opts.render,
                )?);
            }
        }
        Job::Example => {
            for set in &opts.sets {
                let file = example_for(set, cell)?;
                outputs.extend(dossier::render(
                    engine,
                    &file,
                    &selection(opts),
                    &opts.render,
                )?);
            }
        }
        Job::Cases => {
            let (name, text) = cases(row, cell)?;
            let (file, _) = crate::input::read::parse_case_report(&text, &name)?;
            let findings = crate::input::rules::check(
                &file,
                &crate::input::rules::RuleOptions {
                    quorum: opts.quorum,
                },
            );
            crate::input::rules::refuse_errors(&findings, crate::input::rules::Lang::Vi)?;
            outputs.extend(dossier::render(
                engine,
                &file,
                &selection(opts),
                &opts.render,
            )?);
        }
    }
    Ok(outputs)
}

/// Packs a cell's files into one zip, under a folder of the cell's name.
fn zipped(name: &str, outputs: Vec<Output>) -> Output {
    Output {
        file_name: format!("{name}.zip"),
        bytes: crate::dossier::zip(name, &outputs),
    }
}

/// Runs the batch over `rows`, calling `sink` with each cell's files (from worker threads)
/// and `progress` after each row of the shard. Returns the failures, in row order.
pub fn run(
    engine: &Engine,
    rows: impl Iterator<Item = Row>,
    opts: &Options,
    cases: &CaseSource,
    sink: &(dyn Fn(&Unit) -> Result<()> + Sync),
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Failure> {
    let failures = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    let rows = rows.filter(|r| in_shard(r.number, opts.shard));
    crate::pool::run(opts.jobs, rows, &|row: Row| {
        let result = crate::pool::catch(|| {
            row_unit(engine, &row, opts, cases).and_then(|u| sink(&u).map_err(row_error))
        })
        .unwrap_or_else(|what| {
            Err(RowError {
                field: String::new(),
                message: format!("lỗi trong hoso khi dựng chi bộ này: {what}"),
            })
        });
        if let Err(e) = result
            && let Ok(mut f) = failures.lock()
        {
            f.push(Failure {
                row: row.number,
                place: row.place.clone(),
                cell: row.label.clone(),
                field: e.field,
                message: e.message,
            });
        }
        // Memoised font subsets and bounding boxes are dropped when unused for a while:
        // memory stays flat over any number of cells.
        crate::backend::pdf::trim_cache();
        progress(done.fetch_add(1, Ordering::Relaxed) + 1);
    });
    let mut failures = failures.into_inner().unwrap_or_default();
    failures.sort_by_key(|f| f.row);
    failures
}

/// One row's files, in a folder or one zip, or what is wrong with the row.
fn row_unit(
    engine: &Engine,
    row: &Row,
    opts: &Options,
    cases: &CaseSource,
) -> std::result::Result<Unit, RowError> {
    let cell = row.cell.as_ref().map_err(Clone::clone)?;
    let name = unit_name(row.number, cell);
    let outputs = render_row(engine, row, cell, opts, cases).map_err(row_error)?;
    Ok(if opts.zip {
        Unit {
            row: row.number,
            dir: String::new(),
            outputs: vec![zipped(&name, outputs)],
        }
    } else {
        Unit {
            row: row.number,
            dir: name,
            outputs,
        }
    })
}

/// `errors.csv`: row, place, cell, field, message; UTF-8 with a byte-order mark so that Excel
/// shows the Vietnamese.
pub fn errors_csv(failures: &[Failure]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["row", "place", "cell", "field", "message"]);
    for f in failures {
        let _ = w.write_record([
            f.row.to_string().as_str(),
            &f.place,
            &f.cell,
            &f.field,
            &f.message,
        ]);
    }
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_rows() {
        let rows: Vec<usize> = (1..=10).collect();
        let mut seen: Vec<usize> = Vec::new();
        for k in 1..=3 {
            seen.extend(rows.iter().copied().filter(|r| in_shard(*r, Some((k, 3)))));
        }
        seen.sort();
        assert_eq!(seen, rows);
        assert!(rows.iter().all(|r| in_shard(*r, None)));
    }

    #[test]
    fn errors_csv_has_a_header_and_one_line_per_failure() {
        let csv = errors_csv(&[Failure {
            row: 7,
            place: "dòng 8".into(),
            cell: "Chi bộ ấp 7".into(),
            field: "total_members".into(),
            message: "«x» không phải số, nhé".into(),
        }]);
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with("\u{feff}row,place,cell,field,message\n"));
        assert!(text.contains("7,dòng 8,Chi bộ ấp 7,total_members,\"«x» không phải số, nhé\""));
    }
}
