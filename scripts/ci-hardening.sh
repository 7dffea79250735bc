#!/usr/bin/env bash
# Hardening checks (issue 6), for .ci/run and by hand; exits non-zero on any failure:
#   (a) the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
#       (the browser tests excepted: they drive the same server code as tests/server, under
#       node and Chromium, and the plain CI run has them);
#   (b) the server's concurrent tests under ThreadSanitizer;
#   (c) each libFuzzer target in fuzz/ from its seeds, for CADRE_FUZZ_SECONDS (default 25) each.
# Each build has its own folder under build-hardening/ (CADRE_HARDENING_BUILD to change it),
# so a rerun only rebuilds what changed. Pick parts with arguments: asan tsan fuzz (default all).
set -euo pipefail
cd "$(dirname "$0")/.."
CADRE_SETUP_HARDENING=1 scripts/setup.sh
root=$(pwd)
out=${CADRE_HARDENING_BUILD:-$root/build-hardening}
fuzz_seconds=${CADRE_FUZZ_SECONDS:-25}
jobs=$(nproc)
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(asan tsan fuzz)
failed=()

say() { printf '\n== %s\n' "$*"; }

# -O1 -g1 instead of RelWithDebInfo's -O2 -g: the sanitizers' own advice, and the reports keep
# their file and line (-g1 keeps line tables). It compiles a sanitized file 2.0-2.9 times as fast
# (core/search.cpp 71 s to 24 s under ASan here), which is most of this script's time.
configure() { # <dir> <cmake args...>
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" "$@" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; return 1; }
}

# Leak checking on; a sanitizer report fails the test that produced it.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

run_asan() {
  say "ASan+UBSan: build and run the test suite"
  mkdir -p "$out"
  configure "$out/asan" -DCADRE_SANITIZE=ON -DCADRE_BUILD_BENCH=OFF &&
    cmake --build "$out/asan" -j "$jobs" &&
    (cd "$out/asan" && ctest --output-on-failure -j "$jobs" -LE browser --timeout 900)
}

run_tsan() {
  say "TSan: the server tests, the hostile HTTP tests and the streaming indexer"
  mkdir -p "$out"
  configure "$out/tsan" -DCADRE_SANITIZE_THREAD=ON -DCADRE_BUILD_BENCH=OFF &&
    cmake --build "$out/tsan" -j "$jobs" --target cadre_server_test cadre_hostile_test cadre_indexer_test &&
    "$out/tsan/tests/server/cadre_server_test" &&
    "$out/tsan/tests/hostile/cadre_hostile_test" --gtest_filter='HostileHttp*' &&
    "$out/tsan/tests/indexer/cadre_indexer_test" --gtest_filter='OrderedPipeline*:StreamingBuild.*Fixture*:FastRebuild*:Build.*'
}

run_fuzz() {
  say "libFuzzer: each target for ${fuzz_seconds} s from fuzz/seeds"
  if ! grep -q 'add_subdirectory(fuzz)' "$root/CMakeLists.txt"; then
    echo "CMakeLists.txt does not add fuzz/: it needs 'if(CADRE_FUZZ) add_subdirectory(fuzz) endif()'" >&2
    return 1
  fi
  command -v clang++ >/dev/null || { echo "clang++ not found: apt-get install clang libclang-rt-14-dev" >&2; return 1; }
  mkdir -p "$out"
  CC=clang CXX=clang++ configure "$out/fuzz" -DCADRE_FUZZ=ON -DCADRE_BUILD_TESTS=OFF -DCADRE_BUILD_BENCH=OFF || return 1
  local targets=(fuzz_parsers fuzz_corpus fuzz_search fuzz_params)
  cmake --build "$out/fuzz" -j "$jobs" --target "${targets[@]}" || return 1
  local status=0
  for target in "${targets[@]}"; do
    # Work on a copy: libFuzzer adds what it finds to the first corpus folder.
    local work="$out/fuzz/work/$target"
    rm -rf "$work" && mkdir -p "$work" "$out/fuzz/artifacts"
    cp "$root/fuzz/seeds/$target/"* "$work/"
    # The inputs that once crashed or leaked are replayed first, as a second (read-only) corpus.
    local regressions=()
    [ -d "$root/tests/hostile/fuzz-regressions/$target" ] && regressions=("$root/tests/hostile/fuzz-regressions/$target")
    echo "-- $target"
    if ! "$out/fuzz/fuzz/$target" "$work" "${regressions[@]}" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/fuzz/artifacts/$target-" \
        >"$out/fuzz/$target.log" 2>&1; then
      tail -n 60 "$out/fuzz/$target.log"
      echo "$target found a crash: the input is in $out/fuzz/artifacts/; keep it in tests/hostile/fuzz-regressions/" >&2
      status=1
    else
      grep -E '^stat::number_of_executed_units|^Done' "$out/fuzz/$target.log" | tr '\n' ' '
      echo
    fi
  done
  return $status
}

for part in "${parts[@]}"; do
  started=$SECONDS
  case $part in
    asan) run_asan || failed+=(asan) ;;
    tsan) run_tsan || failed+=(tsan) ;;
    fuzz) run_fuzz || failed+=(fuzz) ;;
    *) echo "unknown part '$part': use asan, tsan or fuzz" >&2; exit 2 ;;
  esac
  echo "-- $part took $((SECONDS - started)) s"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "hardening: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "hardening: all passed (${parts[*]})"
