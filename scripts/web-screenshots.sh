#!/bin/sh
# Rewrites docs/web-*.png (desktop and phone screenshots of the main pages) by running the
# real-browser test with HOSO_SCREENSHOTS=1. Needs chromium and chromedriver.
set -eu
cd "$(dirname "$0")/.."
HOSO_SCREENSHOTS=1 HOSO_REQUIRE_CLIENTS=1 cargo test --test suite -- web::browser
ls -l docs/web-*.png
