#!/usr/bin/env bash
# HTTP benchmark: `cadre serve` against a bare cpp-httplib + Xapian + SQLite server
# (cadre_bench_http_baseline) answering the same requests, both on loopback over the same build,
# driven by wrk at 1 and 16 connections for compare, search, a static file, the provision matrix
# (every jurisdiction × every provision, en and fr), one provision and a clause's related clauses,
# then cadre_bench_http_compute times the cold matrix and compare answers without HTTP. `cadre` keeps
# answers per build (server/answer_cache.hpp), so wrk's repeated URLs are served from memory;
# `cadre-cold` is the same server with --cache-mb 0, computing every answer as the baseline does.
#
#   bench/http/run.sh [BUILD_DIR]      (default: build)
#
# Environment: CADRE_SOURCES (default ../shared/sources beside the repository), DURATION seconds
# per wrk run (default 5), REPEATS (default 3; cadre and the baseline alternate, medians printed),
# ENDPOINTS (default "compare search static matrix provision related": the ones to time).
# Prints req/s, p50 and p99 latency, the ratios against the baseline, cold matrix, provision and
# related answers against cold compare, and the servers' RSS; then, for kept answers from 4 KB to
# 670 KB, one URL at a time at 16 connections, throughput against answer size (SIZES=0 skips it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
sources="${CADRE_SOURCES:-$root/../shared/sources}"
duration="${DURATION:-5}"
repeats="${REPEATS:-3}"
endpoints="${ENDPOINTS:-compare search static matrix provision related}"
cadre="$build/cli/cadre"
baseline="$build/bench/http/cadre_bench_http_baseline"
compute="$build/bench/http/cadre_bench_http_compute"

for binary in "$cadre" "$baseline" "$compute"; do
  [[ -x "$binary" ]] || { echo "run.sh: $binary is missing: build the targets cadre, cadre_bench_http_baseline and cadre_bench_http_compute" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
  echo "run.sh: installing wrk (Debian package)" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cadre-bench-http.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

source_args=()
[[ -d "$sources" ]] && source_args=(--sources "$sources")
"$cadre" index --corpus "$root/corpus" "${source_args[@]}" --out "$work/data" >"$work/index.log" 2>&1 ||
  { cat "$work/index.log" >&2; exit 1; }

# Waits for a line matching $2 in file $1 and prints its last field's port number.
wait_for_port() {
  for _ in $(seq 100); do
    if port=$(grep -m1 -oE "$2" "$1" 2>/dev/null | grep -oE '[0-9]+$'); then echo "$port"; return 0; fi
    sleep 0.1
  done
  echo "run.sh: a server did not start; see $1" >&2
  return 1
}

"$cadre" serve --data "$work/data" --port 0 --threads 8 >"$work/cadre.out" 2>"$work/cadre.log" &
pids+=($!); cadre_pid=$!
"$cadre" serve --data "$work/data" --port 0 --threads 8 --cache-mb 0 >"$work/cold.out" 2>"$work/cold.log" &
pids+=($!); cold_pid=$!
"$baseline" --data "$work/data" --static "$root/web/style.css" >"$work/baseline.out" 2>"$work/baseline.log" &
pids+=($!); baseline_pid=$!
cadre_port=$(wait_for_port "$work/cadre.out" '127\.0\.0\.1:[0-9]+')
cold_port=$(wait_for_port "$work/cold.out" '127\.0\.0\.1:[0-9]+')
baseline_port=$(wait_for_port "$work/baseline.out" 'port [0-9]+')

# The requests: each wrk thread cycles through its endpoint's list.
search_paths=(
  "/api/v1/search?q=human%20oversight"
  "/api/v1/search?q=automated%20decision&lang=en"
  "/api/v1/search?q=surveillance%20humaine&lang=fr"
  "/api/v1/search?q=dados%20pessoais&lang=pt"
  "/api/v1/search?q=%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD&lang=zh"
  "/api/v1/search?q=risk&j=eu"
  "/api/v1/search?q=transparency&lang=en&j=ca,ca-qc"
  "/api/v1/search?q=%22personal%20data%22&lang=en"
)
compare_paths=(
  "/api/v1/compare?j=eu,ca,ca-qc"
  "/api/v1/compare?j=eu,us,cn&c=risk,enforcement&lang=fr"
  "/api/v1/compare?j=eu,ca,ca-qc,uk,jp,br&lang=en"
)
static_paths=("/style.css")
matrix_paths=(
  "/api/v1/matrix"
  "/api/v1/matrix?lang=fr"
)
provision_paths=("/api/v1/provisions/requirements.human-oversight")
related_paths=("/api/v1/clauses/eu/ai-act/art_14/related")
# Kept answers of growing size, for throughput against size (one URL per wrk run).
size_paths=(
  "/api/v1/categories"
  "/api/v1/compare?j=eu"
  "/api/v1/jurisdictions"
  "/api/v1/compare?j=eu,ca,us"
  "/api/v1/compare?j=eu,ca,ca-qc,uk,jp,br&lang=en"
  "/api/v1/matrix"
  "/api/v1/compare?j=eu,ca,ca-qc,uk,jp,br,cn,kr,tw,us,us-co,us-ca,in,oecd"
)

write_script() { # name paths...
  local name=$1; shift
  {
    echo "local paths = {"
    for p in "$@"; do echo "  \"$p\","; done
    echo "}"
    cat <<'LUA'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.3f %.3f %d\n", summary.requests / (summary.duration / 1e6),
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
  } >"$work/$name.lua"
}
write_script search "${search_paths[@]}"
write_script compare "${compare_paths[@]}"
write_script static "${static_paths[@]}"
write_script matrix "${matrix_paths[@]}"
write_script provision "${provision_paths[@]}"
write_script related "${related_paths[@]}"

# Every request must succeed on both servers before anything is timed.
for p in "${search_paths[@]}" "${compare_paths[@]}" "${static_paths[@]}" "${matrix_paths[@]}" "${provision_paths[@]}" \
         "${related_paths[@]}"; do
  for port in "$cadre_port" "$cold_port" "$baseline_port"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$p")
    [[ "$status" == 200 ]] || { echo "run.sh: $p answered $status on port $port" >&2; exit 1; }
  done
done
for p in "${size_paths[@]}"; do # timed on cadre alone
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$cadre_port$p")
  [[ "$status" == 200 ]] || { echo "run.sh: $p answered $status on port $cadre_port" >&2; exit 1; }
done

results="$work/results.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for repeat in $(seq "$repeats"); do
  for endpoint in $endpoints; do
    for connections in 1 16; do
      threads=$(( connections == 1 ? 1 : 2 ))
      for server in cadre cadre-cold baseline; do
        port=$cadre_port; [[ $server == baseline ]] && port=$baseline_port; [[ $server == cadre-cold ]] && port=$cold_port
        line=$(wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$work/$endpoint.lua" "http://127.0.0.1:$port" |
               grep '^RESULT')
        echo "$endpoint $connections $server ${line#RESULT }" >>"$results"
      done
    done
  done
  echo "repeat $repeat/$repeats done" >&2
done

rss() { awk -v key="$2:" '$1 == key { printf "%.0f MB", $2 / 1024 }' "/proc/$1/status"; }

echo "wrk ${duration}s per run, $repeats repeats (medians); 1 connection: 1 wrk thread, 16 connections: 2 threads"
echo "server threads: 8 each; loopback; $(nproc) cores; load average before: $load_before"
echo
awk -v endpoint_list="$endpoints" '
  function median(list,   v, n, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return v[int((n + 1) / 2)]
  }
  { key = $1 " " $2 " " $3; rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $5; p99[key] = p99[key] " " $6; err[key] += $7 }
  END {
    printf "%-8s %5s %-10s %10s %10s %10s %7s\n", "endpoint", "conns", "server", "req/s", "p50 ms", "p99 ms", "errors"
    ne = split(endpoint_list, endpoints, " ")
    split("cadre cadre-cold baseline", servers, " ")
    for (e = 1; e <= ne; e++) for (c = 1; c <= 16; c += 15) {
      for (s = 1; s <= 3; s++) {
        server = servers[s]; key = endpoints[e] " " c " " server
        R[server] = median(rps[key]); P50[server] = median(p50[key]); P99[server] = median(p99[key])
        printf "%-8s %5d %-10s %10.0f %10.2f %10.2f %7d\n", endpoints[e], c, server, R[server], P50[server], P99[server], err[key]
      }
      for (s = 1; s <= 2; s++)
        printf "%-8s %5d %-10s %9.2fx %9.2fx %9.2fx\n", endpoints[e], c, servers[s] "/base", R[servers[s]] / R["baseline"],
               P50[servers[s]] / P50["baseline"], P99[servers[s]] / P99["baseline"]
      for (s = 1; s <= 3; s++) { cold[endpoints[e] " " c " " servers[s]] = R[servers[s]] " " P50[servers[s]] " " P99[servers[s]] }
    }
    # Cold answers of the provision endpoints against cold compare (the target is within 2x).
    header = 0
    for (e = 1; e <= ne; e++) for (c = 1; c <= 16; c += 15) {
      if (endpoints[e] !~ /^(matrix|provision|related)$/ || !(("compare " c " cadre-cold") in cold)) continue
      if (!header++) printf "\n%-8s %5s %-10s %10s %10s %10s\n", "endpoint", "conns", "cold vs", "req/s", "p50", "p99"
      split(cold[endpoints[e] " " c " cadre-cold"], x, " "); split(cold["compare " c " cadre-cold"], y, " ")
      printf "%-8s %5d %-10s %9.2fx %9.2fx %9.2fx\n", endpoints[e], c, "compare", x[1] / y[1], x[2] / y[2], x[3] / y[3]
    }
  }' "$results"
echo
echo "RSS after the runs: cadre $(rss "$cadre_pid" VmRSS) (peak $(rss "$cadre_pid" VmHWM)), cadre-cold $(rss "$cold_pid" VmRSS) (peak $(rss "$cold_pid" VmHWM)), baseline $(rss "$baseline_pid" VmRSS) (peak $(rss "$baseline_pid" VmHWM))"
echo
echo "Body sizes: $(for p in "${compare_paths[0]}" "${matrix_paths[@]}" "${provision_paths[@]}" "${related_paths[@]}"; do
  printf '%s cadre %s B, baseline %s B; ' "$p" "$(curl -s "http://127.0.0.1:$cold_port$p" | wc -c)" "$(curl -s "http://127.0.0.1:$baseline_port$p" | wc -c)"
done)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# Throughput against answer size: kept answers (cadre), 16 connections, 2 wrk threads. Time per
# answer = 16 / req/s; linear in size means the MB/s column is roughly flat once the fixed cost
# per request stops dominating.
if [[ "${SIZES:-1}" != 0 ]]; then
  echo "kept answers by size: wrk ${duration}s, 16 connections, medians of $repeats"
  printf "%-72s %10s %10s %10s %12s\n" "URL" "bytes" "req/s" "MB/s" "ms/answer"
  for p in "${size_paths[@]}"; do
    write_script size "$p"
    bytes=$(curl -s "http://127.0.0.1:$cadre_port$p" | wc -c)
    runs=()
    for repeat in $(seq "$repeats"); do
      line=$(wrk -t2 -c16 -d"${duration}s" -s "$work/size.lua" "http://127.0.0.1:$cadre_port" | grep '^RESULT')
      runs+=("$(echo "$line" | cut -d' ' -f2)")
    done
    median=$(printf '%s\n' "${runs[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    awk -v p="$p" -v b="$bytes" -v r="$median" \
      'BEGIN { printf "%-72s %10d %10.0f %10.1f %12.3f\n", p, b, r, r * b / 1e6, 16000 / r }'
  done
  echo
fi
"$compute" --data "$work/data" --repeats "${COMPUTE_REPEATS:-200}"
