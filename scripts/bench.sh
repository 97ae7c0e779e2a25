#!/usr/bin/env bash
# Reproduces the figures in docs/performance.md that need a running server: requests per
# second and latency of GET /api/v1/service-lines under wrk, idle memory, and start-up time.
# Then runs the Google Benchmark programs. Run from the repository root after `make build`
# (or use `make bench`). Everything binds to 127.0.0.1; the data goes to a temp directory.
#
#   scripts/bench.sh            server figures and every benchmark program
#   scripts/bench.sh server     server figures only
#
# The chat's figures (10,000 visitors, 1,000 messages a second) have their own script,
# scripts/bench-chat.sh: it needs a bench region and settings of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build/release}
luukku=$build/src/luukku
port=${BENCH_PORT:-18990}
duration=${BENCH_SECONDS:-10}
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

run() { "$luukku" --data-dir "$work" --log-level warn "$@"; }

echo "== server: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
run import-config config/demo-region.toml >/dev/null 2>&1
token=$(run token create --name bench --role agent 2>/dev/null | tail -1)

start_ns=$(date +%s%N)
"$luukku" --data-dir "$work" --log-level warn --http-listen "127.0.0.1:$port" \
  --web-root web/static serve --ready-file "$work/ready" >"$work/serve.log" 2>&1 &
server_pid=$!
until [[ -s $work/ready ]]; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.005
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 1
echo "start to ready (process start to serving, demo region loaded): ${ready_ms} ms"
echo "idle RSS with the demo region: $(( $(ps -o rss= -p "$server_pid") / 1024 )) MB"

echo "== wrk: GET /api/v1/service-lines, 2 threads, 100 connections, ${duration} s"
wrk -t2 -c100 -d"${duration}s" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/service-lines" | sed -n '/Latency Distribution/,$p'
echo "RSS after the load: $(( $(ps -o rss= -p "$server_pid") / 1024 )) MB"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

[[ ${1:-all} == server ]] && exit 0
for bench in "$build"/bench/*/*_bench; do
  [[ -x $bench ]] || continue
  echo "== $(basename "$bench")"
  "$bench" --benchmark_min_time=0.5
done
