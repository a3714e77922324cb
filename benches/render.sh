#!/usr/bin/env bash
# The first four rows of the README's speed table: `cargo bench --bench render` (criterion,
# benches/render.rs), with the date, machine and load printed first and criterion's median
# of each benchmark gathered at the end.
#
#   benches/render.sh                     # every group
#   benches/render.sh one_document        # a criterion filter
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/stamp.sh
stamp "$0 $*"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo bench --bench render -- --noplot "$@" | tee "$log"
echo "# medians:"
awk '/^[a-z_]+\/[a-z0-9_]+/ {name = $1}
  /time:/ {for (i = 1; i <= NF; i++) if ($i == "time:") print "  " name ": " $(i + 3) " " $(i + 4)}' "$log"
