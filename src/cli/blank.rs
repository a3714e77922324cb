//! `hoso blank`: the blank pre-printed forms, plain or personalised for one cell or many.

use super::{Cli, OutArgs, files};
use hoso::Error;
use hoso::backend::Output;
use hoso::dossier;
use hoso::input::Cell;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Bộ văn bản: kiem-tra, giam-sat, nam, hoặc all (tất cả).
    #[arg(long, default_value = "all")]
    set: String,
    /// Thông tin một chi bộ (JSON: nhóm `cell`): in sẵn tiêu đề, địa danh và danh sách
    /// đảng viên, phần nội dung để trống.
    #[arg(long, value_name = "CELL.json", conflicts_with = "cells")]
    cell: Option<PathBuf>,
    /// Nhiều chi bộ (tệp CSV, xem README): mỗi chi bộ một thư mục trong -o.
    #[arg(long, value_name = "CELLS.csv")]
    cells: Option<PathBuf>,
    #[command(flatten)]
    out: OutArgs,
}

/// Renders the chosen sets for one cell (or none: the plain blank forms).
type RenderFor<'a> = dyn Fn(Option<&Cell>) -> Result<Vec<Output>, Error> + 'a;

pub fn run(cli: &Cli, args: &Args) -> Result<(), Error> {
    let engine = cli.engine()?;
    let sets = cli.set_ids(&engine, &args.set)?;
    let render_for = |c: Option<&Cell>| -> Result<Vec<Output>, Error> {
        let opts = args.out.options()?;
        let formats = args.out.format.formats();
        let mut outputs = Vec::new();
        for id in &sets {
            outputs.extend(dossier::render_blank(&engine, id, c, &formats, &opts)?);
        }
        Ok(outputs)
    };
    let out = &args.out;
    match (&args.cell, &args.cells) {
        (Some(path), _) => {
            let text = files::read_text(path)?;
            let (cell, warnings) =
                hoso::input::cells::cell_from_json(&text, &path.display().to_string())?;
            cli.warn(&warnings);
            let outputs = render_for(Some(&cell))?;
            files::write_all(&out.output, &outputs, out.force)?;
            files::report(&out.output, &outputs);
        }
        (None, Some(path)) => many_cells(path, out, &render_for)?,
        (None, None) => {
            let outputs = render_for(None)?;
            files::write_all(&out.output, &outputs, out.force)?;
            files::report(&out.output, &outputs);
        }
    }
    Ok(())
}

/// One personalised folder per cell of a CSV file. Every cell is rendered before anything is
/// written: a bad row stops the run with nothing half-written.
fn many_cells(path: &std::path::Path, out: &OutArgs, render_for: &RenderFor) -> Result<(), Error> {
    let list =
        hoso::input::cells::cells_from_csv(files::read_text(path)?, &path.display().to_string())?;
    let mut seen: std::collections::BTreeMap<String, &str> = Default::default();
    for c in &list {
        let folder = hoso::input::cells::folder_name(c);
        if let Some(first) = seen.insert(folder.clone(), &c.name) {
            return Err(Error::invalid(
                path.display().to_string(),
                format!(
                    "hai chi bộ «{first}» và «{}» sẽ ghi vào cùng một thư mục «{folder}»; \
                     hãy đặt tên khác nhau (hoặc dùng «hoso batch», thư mục mang số thứ tự dòng)",
                    c.name
                ),
                format!(
                    "the cells «{first}» and «{}» would write to the same folder «{folder}»; \
                     give them different names (or use «hoso batch», whose folders carry the row number)",
                    c.name
                ),
            ));
        }
    }
    let mut all = Vec::new();
    for c in &list {
        all.push((
            out.output.join(hoso::input::cells::folder_name(c)),
            render_for(Some(c))?,
        ));
    }
    if !out.force {
        files::refuse_existing(&all)?;
    }
    for (dir, outputs) in &all {
        files::write_all(dir, outputs, out.force)?;
        files::report(dir, outputs);
    }
    Ok(())
}
