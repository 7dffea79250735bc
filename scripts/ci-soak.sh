#!/usr/bin/env bash
# The short soak for .ci/run (issue 6): `cadre serve` under wrk at 64 connections for 90 s
# while `cadre index` republishes the bundled corpus 4 times (deploy/soak/soak.sh). Every rebuild
# must be published while the load runs: they start at 18, 36, 54 and 72 s, so a full rebuild
# with the sources may take up to 18 s under load (12-13 s seen on a 2-core CI machine; a
# minute's run left the last one 12 s and failed when the machine was slower). Exits
# non-zero on any failed or torn response, or when a rebuild was not published and picked up.
# The ten-minute, twenty-rebuild run recorded in bench/RESULTS.md is
#   deploy/soak/soak.sh --duration 600 --rebuilds 20
# Installs wrk and curl when missing; builds build/cli/cadre when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
CADRE_SETUP_TEST_TOOLS=1 scripts/setup.sh
export CADRE=${CADRE:-$PWD/build/cli/cadre}
if [ ! -x "$CADRE" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build --target cadre -j "$(nproc)" >/dev/null
fi
exec deploy/soak/soak.sh --duration "${CADRE_SOAK_SECONDS:-90}" --rebuilds "${CADRE_SOAK_REBUILDS:-4}" --connections 64
