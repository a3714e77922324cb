//! Rebuild when the embedded templates, samples or fonts change: include_dir! and
//! include_str! alone do not see files added to a folder.

fn main() {
    for dir in ["templates", "samples", "assets"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
