#!/usr/bin/env bash
# nginx in front of two `cadre serve` replicas on loopback, with deploy/nginx/cadre-locations.conf
# (the production locations, limits and caching) in a plain-HTTP server: while a client keeps
# requesting through nginx, each replica in turn is stopped (SIGTERM) and restarted on its port;
# not one request may fail. Also checks caching by ETag (HIT, REVALIDATED after the second, 304
# from nginx for a matching If-None-Match), CORS headers on API answers and preflights, the
# body-size limit, and that no request smuggled
# in the body of a refused one runs on a replica.
# Usage: nginx_test.sh <cadre executable> <corpus> <sources>. Exits 77 (skipped) without nginx or curl.
set -euo pipefail
cadre=$1 corpus=$2 sources=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in nginx curl; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] ||
    { echo "SKIPPED: $tool is not installed (Debian packages: nginx curl)"; exit 77; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d /tmp/cadre-nginx-test.XXXXXX)
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$work"/replica-*.log "$work/error.log"; do [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done; exit 1; }

"$cadre" index --corpus "$corpus" --sources "$sources" --out "$work/data" --quiet 2>"$work/index.log" ||
  fail "cadre index: $(cat "$work/index.log")"

# start_replica <n> <port>: port 0 picks a free one; sets replica_port[n] and replica_pid[n].
declare -A replica_pid replica_port
start_replica() {
  : >"$work/replica-$1.out"
  "$cadre" serve --data "$work/data" --port "$2" --threads 4 >"$work/replica-$1.out" 2>>"$work/replica-$1.log" &
  replica_pid[$1]=$!
  pids+=($!)
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's|^Cadre is serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/replica-$1.out")
    [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/api/v1/healthz" >/dev/null && { replica_port[$1]=$port; return; }
    sleep 0.05
  done
  fail "replica $1 did not start"
}
start_replica 1 0
start_replica 2 0
port1=${replica_port[1]} port2=${replica_port[2]}

# nginx on a free port: try a few.
mkdir -p "$work/cache" "$work/tmp"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root root;"
for attempt in 1 2 3 4 5; do
  port=$((20000 + (RANDOM % 20000)))
  cat >"$work/nginx.conf" <<EOF
$user_line
daemon on;
pid $work/nginx.pid;
error_log $work/error.log warn;
worker_processes 1;
events { worker_connections 256; }
http {
    access_log $work/access.log;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    limit_req_zone \$binary_remote_addr zone=cadre_req:1m rate=1000r/s;
    limit_conn_zone \$binary_remote_addr zone=cadre_conn:1m;
    proxy_cache_path $work/cache levels=1:2 keys_zone=cadre_cache:1m max_size=16m inactive=10m use_temp_path=off;
    upstream cadre {
        least_conn;
        server 127.0.0.1:$port1 max_fails=1 fail_timeout=1s;
        server 127.0.0.1:$port2 max_fails=1 fail_timeout=1s;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:$port;
        include $root/deploy/nginx/cadre-locations.conf;
    }
}
EOF
  "$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf" 2>"$work/nginx-t.log" || fail "nginx -t: $(cat "$work/nginx-t.log")"
  "$nginx_bin" -p "$work" -c "$work/nginx.conf" 2>>"$work/error.log" && break
  port=""
done
[ -n "$port" ] || fail "nginx did not start: $(cat "$work/error.log")"
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/api/v1/healthz" >/dev/null && break; sleep 0.05; done

# Caching by ETag.
target="$base/api/v1/compare?j=xa,xb"
first=$(curl -s -D - -o /dev/null "$target")
etag=$(echo "$first" | sed -n 's/^ETag: \(.*\)\r$/\1/p')
[ -n "$etag" ] || fail "no ETag through nginx: $first"
# nginx counts entry lifetimes in whole seconds: an entry stored just before the second ticks
# over is already stale for the next request, which revalidates it; the one after is a hit.
for _ in 1 2 3; do
  second=$(curl -s -D - -o /dev/null "$target")
  echo "$second" | grep -q '^X-Cache-Status: HIT' && break
done
echo "$second" | grep -q '^X-Cache-Status: HIT' || fail "no request after the first was a cache hit: $second"
sleep 2.1 # entries live 1 s, counted in whole seconds
third=$(curl -s -D - -o /dev/null "$target")
echo "$third" | grep -q '^X-Cache-Status: REVALIDATED' || fail "an expired entry was not revalidated by ETag: $third"
not_modified=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$target")
[ "$not_modified" = 304 ] || fail "If-None-Match with the current ETag gave $not_modified"

# CORS passes through: the API's answers, cached ones included, and its preflight; not the page.
cached=$(curl -s -D - -o /dev/null -H 'Origin: https://elsewhere.example' "$target")
echo "$cached" | grep -q '^X-Cache-Status: \(HIT\|REVALIDATED\|EXPIRED\)' || fail "the CORS check did not get a cached answer: $cached"
echo "$cached" | grep -q $'^Access-Control-Allow-Origin: \*\r$' || fail "a cached API answer lost Access-Control-Allow-Origin: $cached"
preflight=$(curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: https://elsewhere.example' \
  -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: if-none-match' "$base/api/v1/search")
echo "$preflight" | grep -q '^HTTP/1.1 204' || fail "a CORS preflight through nginx: $preflight"
for header in 'Access-Control-Allow-Origin: \*' 'Access-Control-Allow-Methods: GET, HEAD, OPTIONS' \
  'Access-Control-Allow-Headers: If-None-Match'; do
  echo "$preflight" | grep -q "^$header"$'\r$' || fail "the preflight through nginx lacks $header: $preflight"
done
page=$(curl -s -D - -o /dev/null -H 'Origin: https://elsewhere.example' "$base/")
! echo "$page" | grep -qi '^Access-Control-Allow-Origin' || fail "the page is readable from other origins: $page"

# Limits: a body over 1 KiB is refused by nginx.
too_large=$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$corpus/xa/jurisdiction.toml" -H 'Content-Type: text/plain' "$base/api/v1/search" || true)
[ "$too_large" = 413 ] || [ "$too_large" = 405 ] || fail "a request body got $too_large"

# Request smuggling through nginx's upstream keep-alive: requests a replica refuses, each with a
# body that is itself a request. The replica must answer once and close, so the body never runs
# as a request of its own (it would show in a replica's access log) and no client gets a stray
# answer. nginx itself may refuse some of them first; either way nothing smuggled may run.
raw() { # raw <request>: sends it to nginx on a new connection, prints the answer
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%b' "$1" >&3
  timeout 3 cat <&3 || true
  exec 3<&-
}
smuggled='GET /api/v1/search?q=smuggledword HTTP/1.1\r\nHost: x\r\n\r\n'
length=$(printf '%b' "$smuggled" | wc -c)
for head in "FOO /api/v1/healthz HTTP/1.1" "PROPFIND /api/v1/healthz HTTP/1.1" "GET /api/v1/healthz HTTP/1.1"; do
  raw "$head\r\nHost: x\r\nContent-Length: $length\r\n\r\n$smuggled" >/dev/null
  raw "$head\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n$(printf '%x' "$length")\r\n$smuggled\r\n0\r\n\r\n" >/dev/null
done
for _ in $(seq 20); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/healthz")
  [ "$code" = 200 ] || fail "a health check after the smuggling attempts got $code"
done
! grep -q smuggledword "$work"/replica-*.log || fail "a request smuggled in a body ran on a replica: $(grep smuggledword "$work"/replica-*.log)"

# Load through nginx while each replica in turn is stopped and restarted on its port.
: >"$work/codes"
(
  while [ ! -f "$work/stop" ]; do
    curl -s -w '%{http_code}\n' -o /dev/null "$base/api/v1/healthz" -o /dev/null "$base/api/v1/search?q=risk" \
      -o /dev/null "$target" -o /dev/null "$base/api/v1/jurisdictions" >>"$work/codes" || echo "curl-error" >>"$work/codes"
  done
) &
pids+=($!)
load=$!
sleep 0.5
for n in 1 2; do
  p=$port1; [ $n = 2 ] && p=$port2
  kill -TERM "${replica_pid[$n]}"
  wait "${replica_pid[$n]}" 2>/dev/null || true
  sleep 1
  start_replica "$n" "$p"
  [ "${replica_port[$n]}" = "$p" ] || fail "replica $n did not come back on port $p"
  # Stop the other replica only once nginx sends this one traffic again (it keeps a failed
  # replica out for fail_timeout, and the sanitizer builds start slowly).
  logged=$(wc -l <"$work/replica-$n.log")
  for _ in $(seq 200); do [ "$(wc -l <"$work/replica-$n.log")" -gt "$((logged + 1))" ] && break; sleep 0.05; done
  [ "$(wc -l <"$work/replica-$n.log")" -gt "$((logged + 1))" ] || fail "nginx sent replica $n no traffic after its restart"
done
touch "$work/stop"
wait "$load" || true

total=$(wc -l <"$work/codes")
bad=$(grep -vc '^200$' "$work/codes" || true)
echo "requests through nginx while restarting replicas: $total, failed: $bad"
[ "$total" -ge 40 ] || fail "too few requests ($total) to judge"
[ "$bad" = 0 ] || fail "$bad requests failed: $(grep -v '^200$' "$work/codes" | sort | uniq -c | tr '\n' ' ')"
echo "PASS"
