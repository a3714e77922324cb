//! Tests of `hoso serve`, the web front end: each starts the real binary on a free port.

mod app;
mod browser;
mod committee;
mod common;
mod crash;
mod security;
