#!/usr/bin/env bash
# Checks that indexer/tagger-model.tsv is the model cadre_train_tagger makes, with its defaults,
# from the committed labels on a build of the corpus and the real source texts: labels, cues or
# features changed without retraining fail here, so the figures reported for the committed model
# (bench/RESULTS.md, TaggerAccuracy) are those of a model anyone can make again. Also checks the
# form of the out-of-fold file the same run writes (--oof-out).
# Usage: model_reproduced_test.sh <cadre> <cadre_train_tagger> <repository root>
# Exits 77 (a skip, with the reason) without the source texts ($CADRE_SOURCES, else
# ../shared/sources beside the repository), as the other real-source tests skip.
set -euo pipefail
cadre=$1 trainer=$2 root=$3
sources=${CADRE_SOURCES:-$root/../shared/sources}
if [ ! -d "$sources" ]; then
  echo "SKIPPED: real source texts not found at $sources: set CADRE_SOURCES to a mirror directory to run this test"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cadre" index --corpus "$root/corpus" --sources "$sources" --out "$work/data" --quiet
"$trainer" --data "$work/data" --out "$work/model.tsv" --oof-out "$work/oof.tsv" >"$work/train.log"
# --oof-out: a header, then one line a hand-labelled tuning clause: id, labels, tags and one
# probability a category (7).
if ! awk -F'\t' 'NR == 1 { if ($1 != "# clause" || NF != 10) exit 1; next }
                   NF != 10 || $1 !~ /^[a-z-]+\/[^\/]+\// || $2 == "" || $3 == "" { exit 1 }
                   { for (i = 4; i <= 10; ++i) if ($i < 0 || $i > 1) exit 1 }
                   END { if (NR < 2000) exit 1 }' "$work/oof.tsv"; then
  echo "cadre_train_tagger --oof-out wrote a file not in the documented form:"
  head -3 "$work/oof.tsv"
  exit 1
fi
if ! cmp -s "$work/model.tsv" "$root/indexer/tagger-model.tsv"; then
  echo "indexer/tagger-model.tsv is not the model cadre_train_tagger makes from the committed labels on this build."
  echo "Retrain it (build/bench/tagging/cadre_train_tagger --data <a build of corpus and sources>), then check"
  echo "TaggerAccuracy and cadre_bench_tagging, and say in bench/RESULTS.md what the new model scores."
  echo "First differing lines (committed, then retrained):"
  diff "$root/indexer/tagger-model.tsv" "$work/model.tsv" | head -6 | cut -c1-200 || true
  exit 1
fi
echo "indexer/tagger-model.tsv is reproduced byte for byte ($(wc -l <"$work/model.tsv") lines)"
