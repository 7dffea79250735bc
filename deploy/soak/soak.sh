#!/usr/bin/env bash
# Soak test: `cadre serve` on loopback under wrk (64 connections by default) for a bounded time
# while `cadre index` republishes the data again and again, alternating between two builds that
# differ in one jurisdiction's name (build B = build A with "<name> SOAKB"). soak.lua checks every
# response against the two builds. Reports failed and torn responses, the server's RSS growth
# and the latency percentiles, and exits non-zero when
#   - any response failed (not 200, or a connection error or timeout) or was torn,
#   - fewer rebuilds than asked for were published and picked up by the server,
#   - with SOAK_MAX_RSS_GROWTH set (a percentage), the RSS grew by that much or more.
#
# Usage: deploy/soak/soak.sh [--duration SECONDS] [--rebuilds N] [--connections N]
# Environment: CADRE (default build/cli/cadre), CADRE_CORPUS (default corpus/), CADRE_SOURCES
# (default ../shared/sources when present; "none" for none), SOAK_DIR (scratch folder, default a fresh mktemp),
# SOAK_PORT (default 18080), SOAK_SERVER_THREADS (default 16), SOAK_WRK_THREADS (default 2),
# SOAK_NICE (default 10: the niceness of the server and wrk, see below), SOAK_GLIBC_TUNABLES
# (the server's GLIBC_TUNABLES, default as in deploy/systemd/cadre@.service; empty for none).
# Needs wrk (Debian package wrk) and curl.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=600
rebuilds=20
connections=64
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --rebuilds) rebuilds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
done
cadre=${CADRE:-$root/build/cli/cadre}
corpus=${CADRE_CORPUS:-$root/corpus}
sources=${CADRE_SOURCES:-}
[ -z "$sources" ] && [ -d "$root/../shared/sources" ] && sources=$(cd "$root/../shared/sources" && pwd)
[ "$sources" = none ] && sources="" # CADRE_SOURCES=none: index the analysis only (much faster rebuilds)
port=${SOAK_PORT:-18080}
server_threads=${SOAK_SERVER_THREADS:-16}
# The server's 16 busy workers and wrk would leave a single-threaded `cadre index` about a
# twentieth of the CPU, and rebuilds of a minute or more. A publishing host gives its rebuilds
# their share (docs/operations.md, a higher CPU weight); here the server and the load run niced, the
# rebuilds at normal priority.
niceness=${SOAK_NICE:-10}
wrk_threads=${SOAK_WRK_THREADS:-2}
work=${SOAK_DIR:-$(mktemp -d /tmp/cadre-soak.XXXXXX)}
for tool in wrk curl; do
  command -v $tool >/dev/null || { echo "soak: $tool is not installed (Debian package $tool)" >&2; exit 2; }
done
[ -x "$cadre" ] || { echo "soak: no cadre executable at $cadre (build it, or set CADRE)" >&2; exit 2; }
mkdir -p "$work"
data=$work/data
rm -rf "$data" "$work/corpus-b"

# The jurisdiction whose name tells the builds apart: the first of the corpus.
code=$(basename "$(dirname "$(find "$corpus" -mindepth 2 -maxdepth 2 -name jurisdiction.toml | sort | head -1)")")
name=$(sed -n 's/^name = { en = "\([^"]*\)".*/\1/p' "$corpus/$code/jurisdiction.toml" | head -1)
[ -n "$name" ] || { echo "soak: no English name in $corpus/$code/jurisdiction.toml" >&2; exit 2; }
cp -r "$corpus" "$work/corpus-b"
sed -i "s/^name = { en = \"$name\"/name = { en = \"$name SOAKB\"/" "$work/corpus-b/$code/jurisdiction.toml"

calc() { awk "BEGIN { printf \"%.2f\", $1 }"; } # floating-point arithmetic without bc
holds() { awk "BEGIN { exit !($1) }"; }

index() { # <corpus> <log>: publishes into $data, prints the build id
  local args=(index --corpus "$1" --out "$data" --quiet)
  [ -n "$sources" ] && args+=(--sources "$sources")
  "$cadre" "${args[@]}" >"$2" 2>&1 || { cat "$2" >&2; return 1; }
  sed -n 's/^cadre index: build \([0-9a-f]*\) published.*/\1/p' "$2"
}
build_b=$(index "$work/corpus-b" "$work/index-b.log")
build_a=$(index "$corpus" "$work/index-a.log")
echo "soak: build A $build_a, build B $build_b ($code named \"$name\" / \"$name SOAKB\"), sources: ${sources:-none}"

# The server runs with the allocator setting of deploy/systemd/cadre@.service.
GLIBC_TUNABLES=${SOAK_GLIBC_TUNABLES-glibc.malloc.tcache_count=0} \
  nice -n "$niceness" "$cadre" serve --data "$data" --port "$port" --threads "$server_threads" >"$work/serve.out" 2>"$work/server.log" &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/api/v1/healthz" >/dev/null || { echo "soak: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
# rss.txt: seconds, RSS, and its anonymous and file-backed parts (KiB).
rss_line() { awk '/^(VmRSS|RssAnon|RssFile)/ {printf " %s", $2}' "/proc/$server/status"; }
echo "0$(rss_line)" >"$work/rss.txt"
( start=$SECONDS
  while kill -0 "$server" 2>/dev/null; do sleep 1; echo "$((SECONDS - start))$(rss_line)" >>"$work/rss.txt" 2>/dev/null || break; done ) &
sampler=$!

# Rebuilds spread over the run: the i-th starts at i * duration / (rebuilds + 1) seconds.
( start=$(date +%s.%N)
  for i in $(seq "$rebuilds"); do
    wait_s=$(calc "$start + $i * $duration / ($rebuilds + 1) - $(date +%s.%N)")
    holds "$wait_s > 0" && sleep "$wait_s"
    if [ $((i % 2)) = 1 ]; then c="$work/corpus-b"; else c=$corpus; fi
    t0=$(date +%s.%N)
    if id=$(index "$c" "$work/index-$i.log"); then
      printf 'rebuild %d %s %.1f s, done at %.0f s\n' "$i" "$id" "$(calc "$(date +%s.%N) - $t0")" "$(calc "$(date +%s.%N) - $start")"
    else
      echo "rebuild $i FAILED"
    fi
  done >"$work/rebuilds.txt" ) &
rebuilder=$!

nice -n "$niceness" wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" --timeout 10s -s "$root/deploy/soak/soak.lua" \
  "http://127.0.0.1:$port" -- "$code" "$name" "$build_a" "$build_b" >"$work/wrk.txt" 2>&1 || true
wait "$rebuilder" || true
sleep 1.2
curl -sf "http://127.0.0.1:$port/api/v1/healthz" >/dev/null || true # lets the server see the last rebuild
sleep 0.1
kill "$sampler" 2>/dev/null || true
final_rss=$(rss_kib)

line=$(grep '^SOAK responses=' "$work/wrk.txt" || true)
[ -n "$line" ] || { echo "soak: wrk gave no summary:" >&2; cat "$work/wrk.txt" >&2; exit 1; }
field() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
responses=$(field responses); non200=$(field non200); torn=$(field torn)
socket_errors=$(( $(field connect_errors) + $(field read_errors) + $(field write_errors) + $(field timeouts) ))
failed=$((non200 + socket_errors))
published=$(grep -c '^rebuild .* s$' "$work/rebuilds.txt" || true)
# Rebuilds finished while wrk was still running: the server notices a new build on a request.
under_load=$(awk -v d="$duration" '/^rebuild .* done at/ && $(NF-1) + 0 <= d {n++} END {print n + 0}' "$work/rebuilds.txt")
reloaded=$(grep -c '^reloaded: now serving build' "$work/server.log" || true)
ms() { calc "$1 / 1000"; }
# RSS: after the first rebuild has been picked up (both builds have been served once) against
# the end of the run; the peak over the whole run.
first_reload_s=$(( duration / (rebuilds + 1) + 15 ))
baseline_rss=$(awk -v t="$first_reload_s" '$1 >= t {print $2; exit}' "$work/rss.txt")
[ -n "$baseline_rss" ] || baseline_rss=$(head -1 "$work/rss.txt" | cut -d' ' -f2)
start_rss=$(head -1 "$work/rss.txt" | cut -d' ' -f2)
peak_rss=$(awk 'max < $2 {max = $2} END {print max}' "$work/rss.txt")
growth=$(calc "100 * ($final_rss - $baseline_rss) / $baseline_rss")

cat <<EOF | tee "$work/summary.txt"
soak: ${duration} s, $connections connections, $server_threads server threads (nice $niceness), $rebuilds rebuilds asked
soak: responses $responses, rate $(calc "$responses / $duration") req/s
soak: failed $failed (non-200 $non200, connection errors and timeouts $socket_errors), torn $torn
soak: rebuilds published $published ($under_load while under load), reloads logged by the server $reloaded
soak: latency p50 $(ms "$(field p50_us)") ms, p90 $(ms "$(field p90_us)") ms, p99 $(ms "$(field p99_us)") ms, max $(ms "$(field max_us)") ms
soak: RSS at start $start_rss KiB, after the first reload $baseline_rss KiB, peak $peak_rss KiB, at the end $final_rss KiB: growth ${growth} %
EOF
grep '^SOAK first torn' "$work/wrk.txt" || true
status=0
[ "$failed" = 0 ] && [ "$torn" = 0 ] || { echo "soak: FAILED: failed or torn responses (see $work)"; status=1; }
[ "$under_load" = "$rebuilds" ] && [ "$reloaded" -ge "$rebuilds" ] ||
  { echo "soak: FAILED: $under_load of $rebuilds rebuilds published under load, $reloaded reloads (see $work/rebuilds.txt)"; status=1; }
if [ -n "${SOAK_MAX_RSS_GROWTH:-}" ] && holds "$growth >= $SOAK_MAX_RSS_GROWTH"; then
  echo "soak: FAILED: RSS grew by $growth % (limit $SOAK_MAX_RSS_GROWTH %)"
  status=1
fi
exit $status
