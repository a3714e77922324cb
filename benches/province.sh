#!/usr/bin/env bash
# The province benchmark of the README: every cell's full personalised blank set (25 documents,
# DOCX and PDF: 50 files per cell) for N cells (default 2,053, the reference province), with
# `hoso batch`, timed by /usr/bin/time -v (wall time and peak memory). Also prints the sizes
# of the two-page decision (KT-01) in both formats.
#
#   benches/province.sh            # N=2053 JOBS=all cores
#   N=200 JOBS=1 benches/province.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
N=${N:-2053}
HOSO=${HOSO:-${CARGO_TARGET_DIR:-target}/release/hoso}
[ -x "$HOSO" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp "N=$N JOBS=${JOBS:-} $0 $*"
python3 benches/make_cells.py "$N" > "$tmp/cells.csv"
echo "cells CSV: $(stat -c %s "$tmp/cells.csv") bytes"
jobs=()
[ -n "${JOBS:-}" ] && jobs=(-j "$JOBS")
/usr/bin/time -v "$HOSO" batch "$tmp/cells.csv" "${jobs[@]}" -o "$tmp/out" 2> "$tmp/time.txt" || {
  cat "$tmp/time.txt"; exit 1; }
files=$(find "$tmp/out" -type f | wc -l)
wall=$(grep "Elapsed (wall clock)" "$tmp/time.txt" | awk '{print $NF}')
rss=$(grep "Maximum resident set size" "$tmp/time.txt" | awk '{print $NF}')
user=$(awk '/User time/ {u = $NF} /System time/ {s = $NF} END {print u + s}' "$tmp/time.txt")
echo "cells: $N, files: $files, cores: $(nproc)"
echo "wall: $wall (m:ss), CPU (user + system): ${user} s, $(awk -v c="$user" -v n="$N" 'BEGIN {printf "%.3f", c / n}') s per cell, peak memory: $((rss / 1024)) MB"
one=$(find "$tmp/out" -maxdepth 1 -type d -name '0001-*')
echo "KT-01 blank form of the first cell: PDF $(stat -c %s "$one/KT-01-quyet-dinh-kiem-tra.pdf") bytes," \
  "DOCX $(stat -c %s "$one/KT-01-quyet-dinh-kiem-tra.docx") bytes"
"$HOSO" example --set kiem-tra -o "$tmp/example" > /dev/null 2>&1
echo "KT-01 of the worked example: PDF $(stat -c %s "$tmp/example/KT-01-quyet-dinh-kiem-tra.pdf") bytes," \
  "DOCX $(stat -c %s "$tmp/example/KT-01-quyet-dinh-kiem-tra.docx") bytes," \
  "$(pdfinfo "$tmp/example/KT-01-quyet-dinh-kiem-tra.pdf" 2>/dev/null | grep Pages | awk '{print $2}') pages"
