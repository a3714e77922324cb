//! The one error type of the library: every variant says where (file, line, JSON path).

use std::path::PathBuf;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input JSON is not well-formed or does not fit the model.
    #[error("{file}:{line}:{column}: JSON không hợp lệ: {message}\n    {text}\n    {}", caret(text, *column))]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
        /// The same, in English (`--lang en`).
        message_en: String,
        /// The offending line of the input.
        text: String,
    },
    /// A value is wrong for the case (an unknown member, a missing section). The message may
    /// carry both languages ([`Error::invalid`]); shown, it is Vietnamese.
    #[error(
        "{path}: {}",
        crate::input::lang::pick(message, crate::input::lang::Lang::Vi)
    )]
    Invalid { path: String, message: String },
    /// The case breaks rules of a real dossier (all findings, one per line).
    #[error("hồ sơ chưa đúng quy định ({} lỗi):\n  {}", findings.len(), findings.join("\n  "))]
    Rules { findings: Vec<String> },
    /// Several input errors at once (one per line).
    #[error("dữ liệu đầu vào có {} lỗi:\n  {}", problems.len(), problems.join("\n  "))]
    Inputs {
        problems: Vec<String>,
        /// The same, in English (`--lang en`).
        problems_en: Vec<String>,
    },
    /// A template did not compile or render.
    #[error("mẫu {template}: {message}")]
    Template { template: String, message: String },
    /// The rendered markup is malformed (a template bug, never data: data is escaped).
    #[error("mẫu {template}, dòng {line} của văn bản trung gian: {message}\n    {text}")]
    Markup {
        template: String,
        line: usize,
        text: String,
        message: String,
    },
    /// A manifest or profile file is wrong.
    #[error("{file}: {message}")]
    Config { file: String, message: String },
    /// A backend could not write its format.
    #[error("không tạo được tệp {format}: {message}")]
    Backend {
        format: &'static str,
        message: String,
    },
    /// Output files exist already; nothing was written.
    #[error("các tệp sau đã có, không ghi đè (dùng --force để thay thế):\n  {}", files.join("\n  "))]
    Exists { files: Vec<String> },
    /// Some cells of a batch failed (the others were written); the list is in `report`.
    #[error("{failed} trong {total} chi bộ không làm được; xem {report}")]
    Batch {
        failed: usize,
        total: usize,
        report: String,
    },
    /// Summaries that cannot be added up (two years, one commune twice, not a summary file).
    #[error("{file}: {path}: {message}")]
    Tally {
        file: String,
        path: String,
        message: String,
    },
    #[error("{}", io_message(path, source, crate::input::lang::Lang::Vi))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A caret under the `column`-th character (from 1) of a line.
fn caret(text: &str, column: usize) -> String {
    format!(
        "{}^",
        " ".repeat(text.chars().take(column.max(1) - 1).count())
    )
}

/// A file error said plainly: a missing file is not «os error 2».
fn io_message(
    path: &std::path::Path,
    source: &std::io::Error,
    lang: crate::input::lang::Lang,
) -> String {
    use crate::input::lang::Lang;
    use std::io::ErrorKind;
    let path = path.display();
    match (source.kind(), lang) {
        (ErrorKind::NotFound, Lang::Vi) => format!("không có tệp hay thư mục {path}"),
        (ErrorKind::NotFound, Lang::En) => format!("no such file or folder: {path}"),
        (ErrorKind::PermissionDenied, Lang::Vi) => format!("không có quyền đọc hay ghi {path}"),
        (ErrorKind::PermissionDenied, Lang::En) => format!("no permission to read or write {path}"),
        (_, Lang::Vi) => format!("không đọc hay ghi được {path}"),
        (_, Lang::En) => format!("cannot read or write {path}"),
    }
}

impl Error {
    /// The causes worth saying after the message, outermost first: none for a missing or
    /// forbidden file, which the message says in full (the system's «os error 2» would only
    /// repeat it in English); otherwise the whole chain, since «cannot write X» alone would
    /// hide «disk full».
    pub fn causes(&self) -> Vec<String> {
        if let Error::Io { source, .. } = self
            && matches!(
                source.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
            )
        {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            out.push(s.to_string());
            source = s.source();
        }
        out
    }

    /// A wrong value, said in Vietnamese and in English (`--lang en`).
    pub fn invalid(path: impl Into<String>, vi: impl AsRef<str>, en: impl AsRef<str>) -> Error {
        Error::Invalid {
            path: path.into(),
            message: crate::input::lang::bilingual(vi.as_ref(), en.as_ref()),
        }
    }

    /// The message in English, for `--lang en`: every error a user's input or files can
    /// cause; template and configuration errors (for template authors) stay as they are.
    pub fn english(&self) -> String {
        match self {
            Error::Json {
                file,
                line,
                column,
                message_en,
                text,
                ..
            } => format!(
                "{file}:{line}:{column}: invalid JSON: {message_en}\n    {text}\n    {}",
                caret(text, *column)
            ),
            Error::Inputs { problems_en, .. } => format!(
                "the input has {} problem(s):\n  {}",
                problems_en.len(),
                problems_en.join("\n  ")
            ),
            Error::Rules { findings } => format!(
                "the dossier breaks {} rule(s):\n  {}",
                findings.len(),
                findings.join("\n  ")
            ),
            Error::Exists { files } => format!(
                "these files exist already and were not replaced (use --force to replace them):\n  {}",
                files.join("\n  ")
            ),
            Error::Batch {
                failed,
                total,
                report,
            } => format!("{failed} of {total} cells failed; see {report}"),
            Error::Io { path, source } => io_message(path, source, crate::input::lang::Lang::En),
            Error::Backend { format, message } => {
                format!("cannot make the {format} file: {message}")
            }
            Error::Invalid { path, message } => {
                format!(
                    "{path}: {}",
                    crate::input::lang::pick(message, crate::input::lang::Lang::En)
                )
            }
            Error::Template { .. }
            | Error::Markup { .. }
            | Error::Config { .. }
            | Error::Tally { .. } => self.to_string(),
        }
    }

    /// The process exit code for this kind of error: 3 bad input, 4 templates or
    /// configuration, 5 files, 6 some cells of a batch failed, 7 summaries that cannot be added up,
    /// 1 anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Json { .. }
            | Error::Invalid { .. }
            | Error::Rules { .. }
            | Error::Inputs { .. } => 3,
            Error::Template { .. } | Error::Markup { .. } | Error::Config { .. } => 4,
            Error::Exists { .. } | Error::Io { .. } => 5,
            Error::Batch { .. } => 6,
            Error::Tally { .. } => 7,
            Error::Backend { .. } => 1,
        }
    }
}
