#!/usr/bin/env bash
# Renders the PNGs under docs/ that the README shows: page 1 of KT-01 (filled) and of KT-09
# (blank form), each from our PDF and from LibreOffice's rendering of our DOCX. Needs soffice
# and pdftoppm (Debian: libreoffice-writer-nogui, poppler-utils).
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
rm -rf "$out"
ls -l docs/*.png
