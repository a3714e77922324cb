//! hoso turns the facts of a Party cell's inspection or supervision into its paperwork.
//!
//! # Steps
//! Data flows one way; each module belongs to one step.
//! 1. [`input`]: the files people write (case, cell, cells list, course) read into typed
//!    values; text cleaned, legacy encodings converted; the rules of a real dossier checked
//!    ([`input::read`], [`input::text`], [`input::legacy`], [`input::cells`],
//!    [`input::rules`], [`input::schema`], [`input::samples`], [`input::date`]).
//! 2. [`model`]: names resolved, counts and cross-references derived once.
//! 3. [`template`]: tera 2 renders each document of a set ([`template::sets`]) to hoso markup
//!    with the layout numbers of one profile ([`template::profile`]); blank forms from the
//!    same templates ([`template::blank`]); template checking ([`template::check`]).
//! 4. [`template::markup`] parses the markup into the format-neutral [`document`] model.
//! 5. [`layout`] breaks lines and pages ([`layout::fonts`] shapes the text); the backends in
//!    [`backend`] turn a `Document` into bytes: [`backend::docx`] (our own WordprocessingML
//!    writer) and [`backend::pdf`] (krilla), packed by [`backend::package`];
//!    [`backend::html`] previews a page in a browser.
//!
//! # Products
//! One library call per job a front end offers, bytes in memory, no file I/O:
//! - [`dossier`]: read, check and render a case; blank sets; zips.
//! - [`handout`]: a training booklet per course.
//! - [`batch`]: many cells at once, on the shared worker [`pool`].
//! - [`tally`]: the committee's count of its cells for a year, its report, summary and merge.
//!
//! Front ends (the `hoso` command line in `src/cli/`) parse options, call one function per
//! product and write files. [`error`] is the one error type, with an exit code per kind.

// 1. Input
pub mod input;
// 2. Model
pub mod model;
// 3–4. Templates, markup
pub mod template;
// 4. The document model
pub mod document;
// 5. Layout
pub mod layout;
// 5. Backends (DOCX, PDF, HTML preview, ZIP packing)
pub mod backend;

// Products
pub mod batch;
pub mod dossier;
pub mod handout;
pub mod pool;
pub mod tally;

// Errors
pub mod error;

pub use error::{Error, Result};
