//! `hoso schema`, `hoso init` and `hoso list`: what the input looks like and what sets exist.

use super::{Cli, files};
use hoso::Error;
use hoso::backend::Output;
use std::path::Path;

pub fn schema(course: bool) -> Result<(), Error> {
    if course {
        println!("{}", hoso::handout::course_schema_json());
    } else {
        println!("{}", hoso::input::schema::editor_schema_json());
    }
    Ok(())
}

/// The starter file, printed or written to `output` (a file, so that a shell's redirection
/// cannot turn it into UTF-16 as PowerShell's `>` does).
pub fn init(set: &str, output: Option<&Path>, force: bool) -> Result<(), Error> {
    let text = hoso::input::schema::init_json(set).ok_or_else(|| {
        Error::invalid(
            "--set",
            format!("không có bộ «{set}»; có: nam, kiem-tra, giam-sat"),
            format!("there is no set «{set}»; there are: nam, kiem-tra, giam-sat"),
        )
    })?;
    let Some(path) = output else {
        println!("{text}");
        return Ok(());
    };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let file = Output {
        file_name: name.into_owned(),
        bytes: format!("{text}\n").into_bytes(),
    };
    let dir = dir.unwrap_or(Path::new("."));
    files::write_all(dir, std::slice::from_ref(&file), force)?;
    files::report(dir, std::slice::from_ref(&file));
    Ok(())
}

pub fn list(cli: &Cli) -> Result<(), Error> {
    let engine = cli.engine()?;
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
