//! hoso turns the facts of a Party cell's inspection or supervision into its paperwork.
//!
//! Data flows one way:
//! 1. [`input`]: the case file (JSON, serde), normalised to NFC (`text`) →
//! 2. [`model`]: names resolved, counts and cross-references derived →
//! 3. [`template`]: tera 2 renders each document of a set ([`sets`]) to hoso markup →
//! 4. [`markup`]: the markup is parsed into the format-neutral [`document`] model →
//! 5. backends: [`docx`] and [`pdf`] turn a `Document` into bytes.
//!
//! Only the CLI writes files; everything here is a pure function of its inputs.

pub mod batch;
pub mod blank;
pub mod cells;
pub mod check;
pub mod date;
pub mod document;
pub mod docx;
pub mod dossier;
pub mod error;
pub mod fonts;
pub mod handout;
pub mod input;
pub mod legacy;
pub mod markup;
pub mod model;
pub mod package;
pub mod pdf;
pub mod profile;
pub mod render;
pub mod rules;
pub mod samples;
pub mod schema;
pub mod sets;
pub mod template;
pub mod text;
pub mod words;

pub use error::{Error, Result};
