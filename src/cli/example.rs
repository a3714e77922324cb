//! `hoso example`: the built-in worked example of one set or all.

use super::{Cli, OutArgs, files};
use hoso::Error;
use hoso::dossier::{self, Selection};
use hoso::input::samples::SAMPLES;

#[derive(clap::Args)]
pub struct Args {
    /// Bộ văn bản: kiem-tra, giam-sat, nam, hoặc all (tất cả).
    #[arg(long, default_value = "all")]
    set: String,
    /// Thêm mỗi hồ sơ trong một tệp PDF để in (`ho-so-<bộ>.pdf`), mỗi văn bản một dấu trang.
    #[arg(long)]
    bundle: bool,
    #[command(flatten)]
    out: OutArgs,
}

pub fn run(cli: &Cli, args: &Args) -> Result<(), Error> {
    let engine = cli.engine()?;
    let opts = args.out.options()?;
    let chosen: Vec<&(&str, &str)> = if args.set == "all" {
        SAMPLES.iter().collect()
    } else {
        vec![
            SAMPLES
                .iter()
                .find(|(id, _)| *id == args.set)
                .ok_or_else(|| unknown_set(&args.set))?,
        ]
    };
    let selection = Selection {
        bundle: args.bundle,
        ..Selection::all(&args.out.format.formats())
    };
    let mut outputs = Vec::new();
    for (id, text) in chosen {
        let read = dossier::read(text, &format!("samples/{id}.json"))?;
        outputs.extend(dossier::render(&engine, &read.file, &selection, &opts)?);
    }
    files::write_all(&args.out.output, &outputs, args.out.force)?;
    files::report(&args.out.output, &outputs);
    Ok(())
}

fn unknown_set(set: &str) -> Error {
    let sets = SAMPLES
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ");
    Error::invalid(
        "--set",
        format!("không có ví dụ cho bộ «{set}»; có: {sets}, all"),
        format!("there is no example for the set «{set}»; there are: {sets}, all"),
    )
}
