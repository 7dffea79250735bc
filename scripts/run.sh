#!/usr/bin/env bash
# Cadre's main job on a fresh machine: install what is missing, build the `cadre` executable,
# index the bundled corpus with the source texts, then serve the web page and the JSON API on
# http://127.0.0.1:${CADRE_PORT:-8080}/.
#
# The source texts come from $CADRE_SOURCES, ./sources or ../shared/sources, whichever exists
# first. When none does, `cadre sources fetch` downloads into ./sources every text whose
# publisher address is recorded (checking each sha256); the texts it cannot get are named with
# what to do, and Cadre serves the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target cadre

sources="${CADRE_SOURCES:-}"
if [ -z "$sources" ]; then
  for candidate in sources ../shared/sources; do
    if [ -d "$candidate" ]; then sources="$candidate"; break; fi
  done
fi
if [ -z "$sources" ]; then
  echo "run: no folder of source texts: fetching them from their publishers into ./sources" >&2
  sources=sources
  if ! build/cli/cadre sources fetch --corpus corpus --sources "$sources"; then
    echo "run: some source texts could not be fetched (listed above): their clauses stay unresolved." >&2
    echo "run: to add them, copy a mirror with \`build/cli/cadre sources fetch --mirror DIR\`, or set" >&2
    echo "run: CADRE_SOURCES to a folder laid out as <jurisdiction>/<file>, then run this again." >&2
  fi
fi
data="${CADRE_DATA:-cadre-data}"
echo "run: indexing corpus/ with the source texts in $sources" >&2
# --allow-partial: a text that could not be had leaves its clauses unresolved; the rest is served.
build/cli/cadre index --corpus corpus --sources "$sources" --out "$data" --quiet --allow-partial || true
exec build/cli/cadre serve --data "$data" --bind 127.0.0.1 --port "${CADRE_PORT:-8080}"
