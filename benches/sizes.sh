#!/usr/bin/env bash
# The README's file sizes: KT-01 of the worked example, and the two-page decision of
# tests/suite/cli.rs (the example with five more content items), in PDF and DOCX, with the
# PDF's page count. tests/suite/cli.rs checks the limits (PDF ≤ 60 KB, DOCX ≤ 15 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
HOSO=${HOSO:-${CARGO_TARGET_DIR:-target}/release/hoso}
[ -x "$HOSO" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp "$0 $*"
python3 - "$tmp/two-page.json" <<'PY'
import json, sys
case = json.load(open("samples/kiem-tra.json", encoding="utf-8"))
items = case["case"]["contents"]
for t in [
    "việc giữ gìn phẩm chất chính trị, đạo đức, lối sống của người đảng viên ở nơi cư trú và nơi công tác",
    "việc thực hiện các quy định về những điều đảng viên không được làm và trách nhiệm nêu gương",
    "việc thực hiện quy chế dân chủ ở cơ sở và giữ mối liên hệ mật thiết với nhân dân trên địa bàn ấp",
    "việc kê khai tài sản, thu nhập và thực hiện chế độ báo cáo với chi bộ theo quy định hiện hành",
    "việc tham gia sinh hoạt chi bộ, đóng đảng phí và thực hiện nhiệm vụ do chi bộ phân công trong năm",
]:
    items.append(dict(items[0], text=t))
json.dump(case, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
for input in samples/kiem-tra.json "$tmp/two-page.json"; do
  out="$tmp/out-$(basename "$input" .json)"
  "$HOSO" render "$input" --doc KT-01 -o "$out" > /dev/null
  pdf="$out/KT-01-quyet-dinh-kiem-tra.pdf"
  docx="$out/KT-01-quyet-dinh-kiem-tra.docx"
  echo "$(basename "$input"): KT-01 PDF $(awk -v b="$(stat -c %s "$pdf")" 'BEGIN {printf "%.1f", b / 1000}') KB" \
    "($(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages)," \
    "DOCX $(awk -v b="$(stat -c %s "$docx")" 'BEGIN {printf "%.1f", b / 1000}') KB"
done
