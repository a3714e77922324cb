//! `hoso handout`: one training booklet per course of a course file, made in parallel.

use super::{Cli, OutArgs, files};
use hoso::Error;
use hoso::backend::Output;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Tệp khóa học (`"course": {…}`) hoặc nhiều khóa (`"courses": […]`): xem
    /// samples/khoa-hoc.json.
    course: PathBuf,
    #[command(flatten)]
    out: OutArgs,
}

pub fn run(cli: &Cli, args: &Args) -> Result<(), Error> {
    let engine = cli.engine()?;
    let opts = args.out.options()?;
    let text = files::read_text(&args.course)?;
    let (courses, warnings) =
        hoso::handout::parse_courses(&text, &args.course.display().to_string())?;
    cli.warn(&warnings);
    let started = std::time::Instant::now();
    let formats = args.out.format.formats();
    let out = &args.out;
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
        files::refuse_existing(&[(out.output.clone(), names)])?;
    }
    let jobs = hoso::pool::cores().min(courses.len());
    hoso::handout::render_all(&engine, &courses, &formats, &opts, jobs, &|outputs| {
        files::write_all(&out.output, &outputs, true)?;
        files::report(&out.output, &outputs);
        Ok(())
    })?;
    eprintln!(
        "{} tài liệu trong {:.1} s",
        courses.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
