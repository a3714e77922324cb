#!/usr/bin/env bash
# "Where the time goes" in the README: `perf record` of PDF rendering (N cells' personalised
# blank sets, PDF only, one thread, files written), the samples grouped by what the code does.
# Needs perf (linux-perf) and kernel.perf_event_paranoid ≤ 2.
#
#   N=30 benches/perf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
N=${N:-30}
HOSO=${HOSO:-${CARGO_TARGET_DIR:-target}/release/hoso}
[ -x "$HOSO" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp "N=$N $0 $*"
python3 benches/make_cells.py "$N" > "$tmp/cells.csv"
perf record -q -F 1999 -o "$tmp/perf.data" "$HOSO" batch "$tmp/cells.csv" --format pdf -j 1 \
  -o "$tmp/out" > /dev/null 2>&1
perf report -i "$tmp/perf.data" --sort sym --stdio --no-children 2> /dev/null |
  awk '/^ +[0-9.]+%/ {
    p = $1; sub("%", "", p); s = $0
    if (s ~ /miniz_oxide|flate2|zlib|adler/) g = "deflate (font subsets and content streams)"
    else if (s ~ /\[k\]/) g = "kernel (files, memory)"
    else if (s ~ /hoso::layout|rustybuzz|unicode_linebreak/) g = "our layout and shaping"
    else if (s ~ /krilla|skrifa|read_fonts|write_fonts|subsetter|pdf_writer|comemo/) g = "krilla: PDF objects, font subsetting"
    else if (s ~ /malloc|free|memmove|memcpy|memset|memcmp|realloc|_int_/) g = "allocation and copying"
    else if (s ~ /tera|hoso::template|hoso::model|hoso::input/) g = "templates, model, input"
    else g = "other"
    t[g] += p
  } END { for (g in t) printf "%5.1f %%  %s\n", t[g], g }' | sort -rn
