//! `hoso templates export|check`: a province's own template folder, written out to edit and
//! checked before use.

use super::{Cli, files};
use hoso::Error;
use hoso::backend::Output;
use hoso::template::sets::TemplateFiles;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Ghi các mẫu có sẵn (hoặc mẫu của --templates) ra thư mục DIR để sửa.
    Export {
        dir: PathBuf,
        /// Ghi đè các tệp đã có.
        #[arg(long)]
        force: bool,
    },
    /// Kiểm tra mọi mẫu trong DIR (mặc định: --templates, nếu không thì mẫu có sẵn): cú pháp,
    /// các biến dùng đến, và thử lập văn bản từ dữ liệu mẫu; báo mọi lỗi tìm thấy.
    Check { dir: Option<PathBuf> },
}

pub fn run(cli: &Cli, action: &Action) -> Result<(), Error> {
    match action {
        Action::Export { dir, force } => {
            let outputs: Vec<Output> = template_files(cli)?
                .files
                .iter()
                .map(|(name, text)| Output {
                    file_name: name.clone(),
                    bytes: text.clone().into_bytes(),
                })
                .collect();
            files::write_all(dir, &outputs, *force)?;
            files::report(dir, &outputs);
            Ok(())
        }
        Action::Check { dir } => {
            let files = match dir {
                Some(d) => files::template_dir(d)?,
                None => template_files(cli)?,
            };
            let problems = hoso::template::check::check(&files, &hoso::input::read::samples()?);
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
    }
}

fn template_files(cli: &Cli) -> Result<TemplateFiles, Error> {
    match &cli.templates {
        Some(dir) => files::template_dir(dir),
        None => Ok(TemplateFiles::builtin()),
    }
}
