#!/usr/bin/env bash
# Renders the PNGs under docs/ that the README shows: page 1 of KT-01 from our PDF and from
# LibreOffice's rendering of our DOCX. Needs soffice and pdftoppm (Debian: libreoffice-writer-nogui,
# poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cargo run -q --release -- example --set kiem-tra -o "$out/hoso" >/dev/null
soffice -env:UserInstallation=file://"$out/lo-profile" --headless --convert-to pdf \
  --outdir "$out/lo" "$out/hoso/KT-01-quyet-dinh-kiem-tra.docx" >/dev/null 2>&1
mkdir -p docs
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$out/hoso/KT-01-quyet-dinh-kiem-tra.pdf" docs/kt-01-pdf
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$out/lo/KT-01-quyet-dinh-kiem-tra.pdf" docs/kt-01-docx-libreoffice
rm -rf "$out"
ls -l docs/*.png
