//! The one integration-test crate: each module tests one front or stage; `common` holds
//! what they share (running the binary, reading DOCX and PDF text, qpdf).

mod accepts;
mod backends;
mod batch;
mod blank;
mod cli;
mod common;
mod contracts;
mod customise;
mod fields;
mod fixtures;
mod handout;
mod literal_sets;
mod ooxml;
mod pagination;
mod print;
mod proptest_text;
mod real_clients;
mod schema;
mod snapshots;
mod structure;
mod tally;
mod web;
