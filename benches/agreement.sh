#!/usr/bin/env bash
# The README's agreement figure: KT-01 of the worked example, hoso's own PDF against
# LibreOffice's rendering of hoso's DOCX. Every word is located with `pdftotext -bbox` in
# both; the words are paired in reading order and the script prints how many paired, the
# largest horizontal and vertical offsets (pt) and whether every word is on the same page and
# line in both. Needs soffice and pdftotext.
#
#   benches/agreement.sh               # KT-01; DOC=KT-09 for another document of the example
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
HOSO=${HOSO:-${CARGO_TARGET_DIR:-target}/release/hoso}
[ -x "$HOSO" ] || cargo build --release
DOC=${DOC:-KT-01}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp "DOC=$DOC $0 $*"
"$HOSO" render samples/kiem-tra.json --doc "$DOC" -o "$tmp/out" > /dev/null
soffice --headless -env:UserInstallation=file://"$tmp/profile" --convert-to pdf \
  --outdir "$tmp/lo" "$tmp"/out/*.docx > /dev/null 2>&1
pdftotext -bbox "$tmp"/out/*.pdf "$tmp/hoso.html"
pdftotext -bbox "$tmp"/lo/*.pdf "$tmp/lo.html"
echo "# $(soffice --version | head -1)"
python3 - "$tmp/hoso.html" "$tmp/lo.html" <<'PY'
import re, sys
def words(path):
    out, page = [], 0
    for line in open(path, encoding="utf-8"):
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', line)
        if m:
            out.append((m.group(4), page, float(m.group(1)), float(m.group(3))))
    return out
ours, theirs = words(sys.argv[1]), words(sys.argv[2])
# Each of our words paired with the nearest unpaired word of the same text on the same page.
used, pairs = set(), []
for a in ours:
    best = min((abs(a[2] - b[2]) + abs(a[3] - b[3]), k) for k, b in enumerate(theirs)
               if k not in used and b[0] == a[0] and b[1] == a[1]) if any(
        k not in used and b[0] == a[0] and b[1] == a[1] for k, b in enumerate(theirs)) else None
    if best:
        used.add(best[1])
        pairs.append((a, theirs[best[1]]))
dx = max(abs(a[2] - b[2]) for a, b in pairs)
worst = max(pairs, key=lambda ab: abs(ab[0][2] - ab[1][2]))[0][0]
within = sum(1 for a, b in pairs if abs(a[2] - b[2]) <= 0.2)
dy = max(abs(a[3] - b[3]) for a, b in pairs)
mean_dy = sum(b[3] - a[3] for a, b in pairs) / len(pairs)
# Line breaks: a word starts a new line (or page) in one render where it does in the other.
def new_line(x, y):
    return x[1] != y[1] or abs(x[3] - y[3]) > 1
moved = [a[0] for (p, q), (a, b) in zip(pairs, pairs[1:]) if new_line(p, a) != new_line(q, b)]
print(f"words: hoso {len(ours)}, LibreOffice {len(theirs)}, paired {len(pairs)}")
print(f"horizontally within 0.2 pt: {within} of {len(pairs)} words; largest offset {dx:.1f} pt ({worst!r})")
print(f"largest offset: {dy:.1f} pt vertically (bottoms of the word boxes); LibreOffice lower by {mean_dy:.1f} pt on average")
print(f"every paired word on the same page: {all(a[1] == b[1] for a, b in pairs)}; line breaks that differ: {len(moved)} {moved[:10]}")
PY
