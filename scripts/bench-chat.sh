#!/usr/bin/env bash
# Reproduces the chat's figures in docs/performance.md ("Chat"): visitors connected at once
# and the server's memory per idle visitor, then a sustained rate of messages with their
# delivery latency. Builds the release tree's server and load tool (bench/chat/chat_load.cc),
# writes a bench region and settings into a temp directory, starts `luukku serve` on
# 127.0.0.1, runs the tool, and stops the server by its PID. Run from the repository root.
#
#   scripts/bench-chat.sh                     10,000 visitors, 1,000 messages/s for 30 s
#   BENCH_VISITORS=2000 BENCH_RATE=500 BENCH_SECONDS=10 scripts/bench-chat.sh
#   LUUKKU=/path/to/luukku CHAT_LOAD=/path/to/chat_load scripts/bench-chat.sh   (no build)
#
# The bench region has one chat line open at all hours with no queue limit worth the name, and
# BENCH_AGENTS professionals (chat capacity three) who take three chats each; the rest of the
# visitors wait in the queue. The settings lift the flood limits that keep one address from
# starting 10,000 chats (docs/chat.md) and the server's connection limit; nothing else differs
# from the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build/release}
luukku=${LUUKKU:-$build/src/luukku}
load=${CHAT_LOAD:-$build/bench/chat/chat_load}
port=${BENCH_PORT:-18991}
visitors=${BENCH_VISITORS:-10000}
agents=${BENCH_AGENTS:-100}
rate=${BENCH_RATE:-1000}
seconds=${BENCH_SECONDS:-30}

if [[ -z ${LUUKKU:-} ]]; then
  if [[ ! -d $build ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  ninja -C "$build" luukku chat_load
fi

# A socket per visitor on both sides: raise the open-files limit as far as allowed.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < visitors + agents + 200 )); then
  echo "the open-files limit ($(ulimit -n)) is too low for $visitors visitors" >&2
  exit 1
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

{
  cat <<'EOF'
[region]
name = { fi = "Kuormitusalue", sv = "Belastningsområde", en = "Bench region" }
time_zone = "Europe/Helsinki"

[[service_lines]]
id = "bench-chat"
name = { fi = "Chat", sv = "Chatt", en = "Chat" }
channels = ["chat"]
closed_on_public_holidays = false

[service_lines.weekly_hours]
monday = ["00:00-24:00"]
tuesday = ["00:00-24:00"]
wednesday = ["00:00-24:00"]
thursday = ["00:00-24:00"]
friday = ["00:00-24:00"]
saturday = ["00:00-24:00"]
sunday = ["00:00-24:00"]

[service_lines.routing]
queue_limit = 100000
max_estimated_wait_s = 86400
assumed_handle_time_s = 1
EOF
  for i in $(seq 1 "$agents"); do
    printf '\n[[agents]]\nid = "bench-%03d"\nname = "Kuorma %03d"\nlanguages = ["fi"]\n' "$i" "$i"
    printf '\n[agents.routing]\nmemberships = [{ line = "bench-chat", tier = 1 }]\n'
  done
} >"$work/region.toml"

cat >"$work/settings.toml" <<EOF
[http]
max_connections = $((visitors + agents + 1000))

[chat]
starts_per_address_burst = $((visitors + 1000))
starts_per_address_per_minute = 600000
messages_per_visitor_per_s = 100
messages_per_visitor_burst = 200
messages_per_address_per_s = 100000
messages_per_address_burst = 200000
EOF

run() { "$luukku" --config "$work/settings.toml" --data-dir "$work" --log-level warn "$@"; }
run import-config "$work/region.toml" >/dev/null
token=$(run token create --name chat-bench --role supervisor 2>/dev/null | tail -1)

# Started directly, not through run(): $! must be the server's own PID (its memory is read and
# it is stopped by it), not a subshell's.
"$luukku" --config "$work/settings.toml" --data-dir "$work" --log-level warn \
  --http-listen "127.0.0.1:$port" serve --ready-file "$work/ready" >"$work/serve.log" 2>&1 &
server_pid=$!
until [[ -s $work/ready ]]; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.01
done

agent_ids=$(seq -f 'bench-%03g' 1 "$agents" | paste -sd,)
echo "== chat: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$load" --port "$port" --token "$token" --server-pid "$server_pid" --agents "$agent_ids" \
  --visitors "$visitors" --rate "$rate" --seconds "$seconds"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q -i 'error\|warn' "$work/serve.log"; then
  echo "== the server's warnings and errors (first 10):"
  grep -i 'error\|warn' "$work/serve.log" | head -10
fi
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
