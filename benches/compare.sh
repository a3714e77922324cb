#!/usr/bin/env bash
# hoso side by side with python-docx-template (docxtpl) and LibreOffice, on one document:
# KT-01, the decision (Quyết định kiểm tra) of samples/kiem-tra.json. `N=50 benches/compare.sh`
# (default N=200; HOSO=path picks the binary, else target/release/hoso, built if missing).
#
# Wall-clock times, two modes, each non-hoso row compared with hoso in the same mode:
#   batch    N decisions in one process.
#            hoso: one `hoso render` with a template folder (from `hoso templates export`)
#            whose kiem-tra set lists KT-01 N times, so the same case N times, start-up included.
#            docxtpl: one Python process; per copy read the case JSON, load the template,
#            render, save; interpreter start and imports not counted.
#            LibreOffice: `soffice --headless --convert-to pdf` of hoso's N decision DOCX in one
#            call (a first, untimed call sets up the profile).
#   one-off  one process per decision.
#            hoso: N runs of `hoso render CASE.json`, N copies of the case whose cell name
#            differs, with a template folder whose kiem-tra set is KT-01 alone (checked: same
#            bytes as KT-01 of a full render). docxtpl / LibreOffice: one document, one process.
# The docxtpl template is made by benches/compare_docxtpl.py with python-docx and has the
# wording of hoso's KT-01 template; the script checks that both DOCX have the same paragraphs.
#
# Needs python3 (docxtpl and python-docx are pip-installed into target/compare-venv when
# missing) and, for the PDF rows, soffice (Debian: libreoffice-writer-nogui).
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
N=${N:-200}
stamp "N=$N $0 $*"
HOSO=${HOSO:-${CARGO_TARGET_DIR:-target}/release/hoso}
[ -x "$HOSO" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
helper=benches/compare_docxtpl.py
kt01=KT-01-quyet-dinh-kiem-tra

py=python3
if ! $py -c 'import docxtpl, docx' 2>/dev/null; then
  venv=target/compare-venv
  if [ ! -x $venv/bin/python ] && ! { python3 -m venv $venv && $venv/bin/pip install -q docxtpl python-docx; }; then
    rm -rf $venv
    python3 -m pip install -q --user docxtpl python-docx
  fi
  [ -x $venv/bin/python ] && py=$venv/bin/python
fi

secs() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'; }  # since $1
per() { awk -v s="$1" -v n="$2" 'BEGIN { print s / n }'; }
rows=()
row() {  # tool, what, n, seconds, reference seconds per document (empty for hoso itself)
  rows+=("$(awk -v t="$1" -v w="$2" -v n="$3" -v s="$4" -v h="$5" 'BEGIN {
    printf "| %s | %s | %d | %.2f | %.2f | %s |", t, w, n, s, 1000 * s / n,
      h == "" ? "1 (reference)" : sprintf("%.1f×", s / n / h) }')")
}
quiet() { "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; }

# The N case files; template folders whose kiem-tra set is KT-01 once (tpl1) or N times (tplN).
$py $helper cases samples/kiem-tra.json "$tmp/cases" "$N"
quiet "$HOSO" templates export "$tmp/tpl1"
cp -r "$tmp/tpl1" "$tmp/tplN"
m=kiem-tra/manifest.toml
awk '/^\[\[documents\]\]/ && ++d == 2 { exit } { print }' "$tmp/tplN/$m" >"$tmp/tpl1/$m"
awk -v n="$N" '/^\[\[documents\]\]/ { d++ } d == 0 { print } d == 1 { doc = doc $0 "\n" } END {
  for (i = 1; i <= n; i++) { s = doc; sub(/id = "KT-01"/, sprintf("id = \"KT-01-%04d\"", i), s)
    sub(/slug = "[^"]*"/, sprintf("slug = \"quyet-dinh-%04d\"", i), s); printf "%s", s } }' \
  "$tmp/tpl1/$m" >"$tmp/tplN/$m"

hoso_batch() {  # format
  local t0=$EPOCHREALTIME
  quiet "$HOSO" --templates "$tmp/tplN" render samples/kiem-tra.json --format "$1" -o "$tmp/batch-$1"
  [ "$(ls "$tmp/batch-$1" | wc -l)" -eq "$N" ] || { echo "hoso batch: not $N files" >&2; exit 1; }
  secs "$t0"
}
hoso_oneoff() {  # format: N processes, one decision each, into $tmp/hoso-FORMAT/NNNN/
  local t0=$EPOCHREALTIME f
  for f in "$tmp"/cases/*.json; do
    quiet "$HOSO" --templates "$tmp/tpl1" render "$f" --format "$1" -o "$tmp/hoso-$1/$(basename "$f" .json)"
  done
  secs "$t0"
}

# DOCX: hoso, then docxtpl after the checks that both render the same decision.
batch=$(hoso_batch docx); oneoff=$(hoso_oneoff docx)
quiet "$HOSO" render "$tmp/cases/0001.json" --format docx -o "$tmp/full"
cmp -s "$tmp/full/$kt01.docx" "$tmp/hoso-docx/0001/$kt01.docx" || { echo "KT-01-only render differs" >&2; exit 1; }
$py $helper template "$tmp/tpl.docx"
mkdir "$tmp/one" && cp "$tmp/cases/0001.json" "$tmp/one/"
t0=$EPOCHREALTIME; $py $helper render "$tmp/tpl.docx" "$tmp/one" "$tmp/docxtpl-one" >/dev/null; one=$(secs "$t0")
$py $helper same-text "$tmp/docxtpl-one/0001.docx" "$tmp/hoso-docx/0001/$kt01.docx"
many=$($py $helper render "$tmp/tpl.docx" "$tmp/cases" "$tmp/docxtpl")
row hoso "decision → DOCX, N in one process (same case N times)" "$N" "$batch" ""
row docxtpl "decision → DOCX, N in one Python process" "$N" "$many" "$(per "$batch" "$N")"
row hoso "decision → DOCX, one process per document" "$N" "$oneoff" ""
row docxtpl "decision → DOCX, one document, Python start and imports included" 1 "$one" "$(per "$oneoff" "$N")"

# PDF: hoso, and LibreOffice converting hoso's DOCX (the N one-off ones, whose cell names differ).
batch=$(hoso_batch pdf); oneoff=$(hoso_oneoff pdf)
if command -v soffice >/dev/null; then
  mkdir "$tmp/lo-in"
  for d in "$tmp"/hoso-docx/*/; do cp "$d$kt01.docx" "$tmp/lo-in/$(basename "$d").docx"; done
  lo() { quiet soffice -env:UserInstallation=file://"$tmp/lo-profile" --headless --convert-to pdf --outdir "$@"; }
  lo "$tmp/lo-warm" "$tmp/lo-in/0001.docx"  # untimed: creates the profile
  t0=$EPOCHREALTIME; lo "$tmp/lo-all" "$tmp"/lo-in/*.docx; lo_many=$(secs "$t0")
  [ "$(ls "$tmp/lo-all" | wc -l)" -eq "$N" ] || { echo "soffice wrote $(ls "$tmp/lo-all" | wc -l) of $N PDFs" >&2; exit 1; }
  t0=$EPOCHREALTIME; lo "$tmp/lo-one" "$tmp/lo-in/0001.docx"; lo_one=$(secs "$t0")
fi
row hoso "decision → PDF, N in one process (same case N times)" "$N" "$batch" ""
[ -z "${lo_many-}" ] || row LibreOffice "hoso's DOCX → PDF, N files in one soffice call" "$N" "$lo_many" "$(per "$batch" "$N")"
row hoso "decision → PDF, one process per document" "$N" "$oneoff" ""
[ -z "${lo_many-}" ] || row LibreOffice "hoso's DOCX → PDF, one file, one soffice call" 1 "$lo_one" "$(per "$oneoff" "$N")"
[ -n "${lo_many-}" ] || echo "soffice not found: LibreOffice rows skipped (Debian: apt-get install libreoffice-writer-nogui)" >&2

echo
echo "KT-01 (the decision), N=$N, $(nproc) cores, $("$HOSO" --version), $($py -c 'import docxtpl; print("docxtpl", docxtpl.__version__)'), $(soffice --version 2>/dev/null | cut -d' ' -f1-2 || echo no LibreOffice)"
echo "ratio: per-document time over hoso's in the same mode (N in one process, or one process per document)"
echo
echo "| tool | what | N | total s | per document ms | ratio vs hoso |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
