#!/usr/bin/env bash
# Renders the PNGs under docs/ that the README shows: page 1 of KT-01 (filled) and of KT-09
# (blank form), each from our PDF and from LibreOffice's rendering of our DOCX; every page of
# the blank KT-05, KT-06 and KT-10 (room to write by hand; KT-10 on one page); and from the
# training handout, its cover, first contents page and the KT-01 worked/blank pair. Needs
# soffice and pdftoppm (Debian: libreoffice-writer-nogui, poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cargo run -q --release -- example --set kiem-tra -o "$out/hoso" >/dev/null
cargo run -q --release -- blank --set kiem-tra -o "$out/blank" >/dev/null
soffice -env:UserInstallation=file://"$out/lo-profile" --headless --convert-to pdf \
  --outdir "$out/lo" "$out/hoso/KT-01-quyet-dinh-kiem-tra.docx" >/dev/null 2>&1
soffice -env:UserInstallation=file://"$out/lo-profile" --headless --convert-to pdf \
  --outdir "$out/lo-blank" "$out/blank/KT-09-bien-ban-hop-chi-bo.docx" >/dev/null 2>&1
mkdir -p docs
page1() { pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$1" "$2"; }
page1 "$out/hoso/KT-01-quyet-dinh-kiem-tra.pdf" docs/kt-01-pdf
page1 "$out/lo/KT-01-quyet-dinh-kiem-tra.pdf" docs/kt-01-docx-libreoffice
page1 "$out/blank/KT-09-bien-ban-hop-chi-bo.pdf" docs/blank-kt-09-pdf
page1 "$out/lo-blank/KT-09-bien-ban-hop-chi-bo.pdf" docs/blank-kt-09-docx-libreoffice
for f in KT-05-bao-cao-tu-kiem-tra KT-06-bien-ban-lam-viec KT-10-thong-bao-ket-luan-kiem-tra; do
  png="docs/blank-$(echo "${f:0:5}" | tr 'A-Z' 'a-z')-pdf"
  rm -f "$png"*.png
  pdftoppm -r 80 -png "$out/blank/$f.pdf" "$png"
done
cargo run -q --release -- handout samples/khoa-hoc.json -o "$out/handout" >/dev/null 2>&1
book="$out/handout/tai-lieu-lop-07.pdf"
pageN() { pdftoppm -r 80 -png -f "$2" -l "$2" -singlefile "$1" "$3"; }
pageN "$book" 1 docs/handout-cover
pageN "$book" 2 docs/handout-contents
# The page numbers of KT-01's two headings, read from the contents.
kt01=$(pdftotext -f 2 -l 3 -layout "$book" - | grep -E "^ *KT-01\." | grep -oE "[0-9]+ *$" | tr -d ' ')
pageN "$book" "$(echo "$kt01" | sed -n 1p)" docs/handout-kt-01-example
pageN "$book" "$(echo "$kt01" | sed -n 2p)" docs/handout-kt-01-blank
rm -rf "$out"
ls -l docs/*.png
