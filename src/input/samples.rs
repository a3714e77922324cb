//! The worked examples built into the binary (`samples/*.json`): what `hoso example` renders,
//! what `templates check` renders against, and the shape blank forms are made from.

use crate::error::Result;
use crate::input::CaseFile;

/// `(set id, JSON)`, in the order a dossier year runs: annual plan, inspection, supervision.
pub const SAMPLES: &[(&str, &str)] = &[
    ("nam", include_str!("../../samples/nam.json")),
    ("kiem-tra", include_str!("../../samples/kiem-tra.json")),
    ("giam-sat", include_str!("../../samples/giam-sat.json")),
];

/// The sample of one set, parsed.
pub fn sample(set: &str) -> Option<Result<CaseFile>> {
    SAMPLES
        .iter()
        .find(|(id, _)| *id == set)
        .map(|(id, text)| crate::input::read::parse_case(text, &format!("samples/{id}.json")))
}

/// Every sample, parsed, with its file name.
pub fn all() -> Result<Vec<(String, CaseFile)>> {
    SAMPLES
        .iter()
        .map(|(id, text)| {
            let name = format!("samples/{id}.json");
            Ok((name.clone(), crate::input::read::parse_case(text, &name)?))
        })
        .collect()
}
