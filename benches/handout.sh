#!/usr/bin/env bash
# The training-booklet figures of the README: one course (samples/khoa-hoc.json) and all 19
# (samples/khoa-hoc-19.json), DOCX and PDF, timed by /usr/bin/time -v (wall, CPU, peak
# memory), with the number of files and of PDF pages (pdfinfo).
#
#   benches/handout.sh            # HOSO=path picks the binary, else target/release/hoso
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
HOSO=${HOSO:-${CARGO_TARGET_DIR:-target}/release/hoso}
[ -x "$HOSO" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp "$0 $*"
for course in khoa-hoc khoa-hoc-19; do
  /usr/bin/time -v "$HOSO" handout "samples/$course.json" -o "$tmp/$course" > /dev/null 2> "$tmp/time.txt" || {
    cat "$tmp/time.txt"; exit 1; }
  files=$(find "$tmp/$course" -type f | wc -l)
  pages=0
  for pdf in "$tmp/$course"/*.pdf; do
    pages=$((pages + $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')))
  done
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$tmp/time.txt")
  cpu=$(awk '/User time/ {u = $NF} /System time/ {s = $NF} END {print u + s}' "$tmp/time.txt")
  rss=$(awk '/Maximum resident set size/ {print $NF}' "$tmp/time.txt")
  echo "$course: $files files, $pages PDF pages, wall $wall (m:ss), CPU ${cpu} s, peak $((rss / 1024)) MB"
done
