//! `hoso schema`, `hoso init` and `hoso list`: what the input looks like and what sets exist.

use super::Cli;
use hoso::Error;

pub fn schema(course: bool) -> Result<(), Error> {
    if course {
        println!("{}", hoso::input::schema::course_schema_json());
    } else {
        println!("{}", hoso::input::schema::schema_json());
    }
    Ok(())
}

pub fn init(set: &str) -> Result<(), Error> {
    match hoso::input::schema::init_json(set) {
        Some(text) => {
            println!("{text}");
            Ok(())
        }
        None => Err(Error::Invalid {
            path: "--set".to_string(),
            message: format!("không có bộ «{set}»; có: nam, kiem-tra, giam-sat"),
        }),
    }
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
