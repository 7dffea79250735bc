#!/usr/bin/env python3
"""Removes the status keys that instrument events replaced from jurisdiction.toml files.

Before events, each [[instrument]] carried its status by hand: status, status_date, status_by,
status_checked and dates. Statuses are now computed from [[instrument.event]] (see
docs/corpus-format.md), and those keys are unknown to the loader. This script deletes them, one
line each (the corpus writes them on one line), and keeps everything else byte for byte,
status_note included.

    scripts/drop-legacy-status-keys.py corpus/*/jurisdiction.toml
"""
import re
import sys

LEGACY = re.compile(r"^(status|status_date|status_by|status_checked|dates)\s*=")


def drop(path):
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    kept = []
    removed = 0
    for line in lines:
        if LEGACY.match(line):
            value = line.split("=", 1)[1].strip()
            # An inline table or string must close on the same line, or the file is left alone.
            if value.count("{") != value.count("}") or value.count('"') % 2:
                sys.exit(f"{path}: a legacy key spans several lines; edit it by hand: {line.strip()}")
            removed += 1
            continue
        kept.append(line)
    if removed:
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(kept)
    return removed


def main(paths):
    if not paths:
        sys.exit(__doc__)
    for path in paths:
        print(f"{path}: {drop(path)} lines removed")


if __name__ == "__main__":
    main(sys.argv[1:])
