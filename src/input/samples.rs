//! The worked examples built into the binary (`samples/*.json`), as data: what `hoso example`
//! renders, what `templates check` renders against, and the shape blank forms are made from.
//! Parsed by `input::read` like any case file.

/// `(set id, JSON)`, in the order a dossier year runs: annual plan, inspection, supervision.
pub const SAMPLES: &[(&str, &str)] = &[
    ("nam", include_str!("../../samples/nam.json")),
    ("kiem-tra", include_str!("../../samples/kiem-tra.json")),
    ("giam-sat", include_str!("../../samples/giam-sat.json")),
];

/// The JSON text of one set's sample.
pub fn text(set: &str) -> Option<&'static str> {
    SAMPLES.iter().find(|(id, _)| *id == set).map(|(_, t)| *t)
}
