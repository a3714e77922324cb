#!/usr/bin/env bash
# Prints one sha256 line per file that the main commands write from the built-in samples:
# `example`, `blank` (all sets, one cell, the sample cells), `handout` (19 courses) and
# `batch` (the sample cells: blank, example, zip). Two builds give the same lines exactly
# when their outputs are byte-identical: the check that a refactoring changed no behaviour.
#   scripts/hash-outputs.sh [HOSO_BINARY] > hashes.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/hoso}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { "$bin" "$@" >/dev/null 2>&1 || { echo "failed: hoso $*" >&2; exit 1; }; }
run example -o "$out/example"
run blank --set all -o "$out/blank"
run blank --set all --cell samples/kiem-tra.json -o "$out/blank-cell"
run blank --set all --cells samples/cells.csv -o "$out/blank-cells"
run handout samples/khoa-hoc-19.json -o "$out/handout"
run batch samples/cells.csv -o "$out/batch-blank"
run batch samples/cells.csv --example --set kiem-tra -o "$out/batch-example"
run batch samples/cells.csv --zip --set nam -o "$out/batch-zip"
(cd "$out" && find . -type f | LC_ALL=C sort | xargs sha256sum)
