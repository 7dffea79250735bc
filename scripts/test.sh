#!/usr/bin/env bash
# Builds Cadre and runs every test (unit, index content, CLI golden, server, browser, API
# contract) with CTest; exits non-zero on any failure. Installs what is missing first, the
# browser tests' Chromium and the browser and contract tests' npm packages included.
# Real-source tests use $CADRE_SOURCES or ../shared/sources and skip, saying so, when neither
# exists.
set -euo pipefail
cd "$(dirname "$0")/.."
CADRE_SETUP_TEST_TOOLS=1 scripts/setup.sh
scripts/build.sh
if command -v npm >/dev/null && [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
# The contract test's tools (Stoplight Prism and validators, pinned in package-lock.json). No
# install script is needed; one dependency's would report the install to its vendor.
if command -v npm >/dev/null && [ ! -d tests/contract/node_modules/@stoplight/prism-cli ]; then
  (cd tests/contract && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900
