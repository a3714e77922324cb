//! Backends: a [`Document`] to the bytes of one file format (and an HTML preview). Each is a
//! pure function; `docx` writes WordprocessingML itself and only `pdf` imports krilla.

pub mod docx;
pub mod html;
pub mod package;
pub mod pdf;

use crate::document::Document;
use crate::error::Result;

/// The file formats hoso writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Docx,
    Pdf,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    pub fn render(self, doc: &Document) -> Result<Vec<u8>> {
        match self {
            Format::Docx => docx::render(doc),
            Format::Pdf => pdf::render(doc),
        }
    }
}

/// One rendered file, for a front end to write or send.
#[derive(Clone, Debug)]
pub struct Output {
    /// `KT-01-quyet-dinh-kiem-tra.pdf`
    pub file_name: String,
    pub bytes: Vec<u8>,
}
