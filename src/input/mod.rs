//! Stage 1, input: the files people write (case, cell, cells list, course), read into typed
//! values with every problem named by file, line and JSON path; the rules a real dossier obeys.

mod case;
pub mod cells;
pub mod date;
pub mod lang;
pub mod legacy;
pub mod locate;
pub mod read;
pub mod rules;
pub mod samples;
pub mod schema;
pub mod text;

pub use case::*;
