#!/usr/bin/env bash
# Sourced by the benchmark scripts: prints when, where and how a figure was measured, so that
# every figure the README quotes can be traced to a run. `stamp "$0 $*"` before measuring.
stamp() {
  local cpu
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  echo "# date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "# machine: ${cpu:-unknown CPU}, $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "# load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; above the core count the figures are pessimistic)"
  echo "# command: $1"
  echo "# commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src templates 2>/dev/null || echo ' (src changed)')"
}
