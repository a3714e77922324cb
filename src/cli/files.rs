//! The command line's file system: reading input files, a template folder, and writing
//! outputs all-or-nothing. The only place (with the batch's case reader) where hoso touches
//! files.

use hoso::Error;
use hoso::backend::Output;
use hoso::template::sets::TemplateFiles;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A text input file (UTF-8, or UTF-16 with a byte-order mark), decoded by the library.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    hoso::input::read::decode(&bytes, &path.display().to_string())
}

/// A province's template folder: every `.hoso` and `.toml` file under `root`, by its path
/// relative to it, in a stable order.
pub fn template_dir(root: &Path) -> Result<TemplateFiles, Error> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> Result<(), Error> {
        let io = |e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .collect::<std::io::Result<_>>()
            .map_err(io)?;
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            if path.is_dir() {
                walk(root, &path, files)?;
            } else if matches!(
                path.extension().and_then(|x| x.to_str()),
                Some("hoso") | Some("toml")
            ) {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                    path: path.clone(),
                    source: e,
                })?;
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, text);
            }
        }
        Ok(())
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files)?;
    TemplateFiles::from_files(&root.display().to_string(), files)
}

/// Writes every file or none: existing files are refused before anything is written, and
/// each file goes to a temporary name in the same folder first, then is renamed, so an
/// interrupted run never leaves a truncated document.
pub fn write_all(dir: &Path, outputs: &[Output], force: bool) -> Result<(), Error> {
    if !force {
        refuse_existing(&[(dir.to_path_buf(), outputs.to_vec())])?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    remove_stale_temporaries(dir, outputs);
    for o in outputs {
        let path = dir.join(&o.file_name);
        // Only a nested name (a template folder's `kiem-tra/kt-01.hoso`) needs its folder made.
        if o.file_name.contains('/')
            && let Some(parent) = path.parent()
        {
            std::fs::create_dir_all(parent).map_err(|e| Error::Io {
                path: parent.to_path_buf(),
                source: e,
            })?;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        write_new(&tmp, &o.bytes).map_err(|e| Error::Io {
            path: tmp.clone(),
            source: e,
        })?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::Io { path, source: e });
        }
    }
    Ok(())
}

/// Writes one file. `HOSO_FAULT_AT=N` (for the interruption test) stops the process half-way
/// through the N-th file of the run, as a power cut or a kill would: whatever name is being
/// written then is what an interrupted run leaves.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    let n = WRITTEN.fetch_add(1, Ordering::SeqCst) + 1;
    let fault = std::env::var("HOSO_FAULT_AT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok());
    if fault == Some(n) {
        std::fs::write(path, &bytes[..bytes.len() / 2])?;
        std::process::abort();
    }
    std::fs::write(path, bytes)
}

/// Temporary files left by a run that was killed midway: never a document, so they go.
fn remove_stale_temporaries(dir: &Path, outputs: &[Output]) {
    let mut folders: Vec<PathBuf> = outputs
        .iter()
        .map(|o| dir.join(&o.file_name).parent().unwrap_or(dir).to_path_buf())
        .collect();
    folders.dedup();
    let stale = |name: &str| {
        name.starts_with('.')
            && name.contains(".tmp-")
            && outputs.iter().any(|o| {
                let base = o.file_name.rsplit('/').next().unwrap_or(&o.file_name);
                name.starts_with(&format!(".{base}.tmp-"))
            })
    };
    for folder in &folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        for e in entries.flatten() {
            if stale(&e.file_name().to_string_lossy()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Fails, naming them, if any of the files exist: they may hold a user's edits.
pub fn refuse_existing(batches: &[(PathBuf, Vec<Output>)]) -> Result<(), Error> {
    let existing: Vec<String> = batches
        .iter()
        .flat_map(|(dir, outputs)| outputs.iter().map(move |o| dir.join(&o.file_name)))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if existing.is_empty() {
        Ok(())
    } else {
        Err(Error::Exists { files: existing })
    }
}

/// Says what was written: each file on stdout, the count on stderr.
pub fn report(dir: &Path, outputs: &[Output]) {
    for o in outputs {
        println!("đã ghi {}", dir.join(&o.file_name).display());
    }
    eprintln!("{} tệp trong {}", outputs.len(), dir.display());
}

/// Every `.json` file under `dir` (sub-folders too), as `(path, text)`, in path order.
pub fn json_files(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
        let io = |e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        for e in std::fs::read_dir(dir).map_err(io)? {
            let path = e.map_err(io)?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|p| Ok((p.display().to_string(), read_text(&p)?)))
        .collect()
}
