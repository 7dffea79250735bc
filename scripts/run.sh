#!/usr/bin/env bash
# Cadre's main job on a fresh machine: install what is missing, build, index the bundled corpus
# (with the source texts from $CADRE_SOURCES, ./sources or ../shared/sources when one exists),
# then serve the web page and the JSON API on http://127.0.0.1:${CADRE_PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh

sources="${CADRE_SOURCES:-}"
if [ -z "$sources" ]; then
  for candidate in sources ../shared/sources; do
    if [ -d "$candidate" ]; then sources="$candidate"; break; fi
  done
fi
data="${CADRE_DATA:-cadre-data}"
if [ -n "$sources" ]; then
  echo "run: indexing corpus/ with the source texts in $sources" >&2
  build/cli/cadre index --corpus corpus --sources "$sources" --out "$data" --quiet || true
else
  echo "run: no source texts found (set CADRE_SOURCES): indexing the analysis only" >&2
  build/cli/cadre index --corpus corpus --out "$data" --quiet || true
fi
exec build/cli/cadre serve --data "$data" --bind 127.0.0.1 --port "${CADRE_PORT:-8080}"
