#!/usr/bin/env bash
# The development identity provider beside `make run`: a stand-in for Suomi.fi identification
# on loopback, so that chat identification can be tried on one machine (docs/chat.md,
# "Identification").
#   scripts/dev-identity.sh start DIR [PORT]
#       installs the provider (the npm package oidc-provider, at the version the identity tests
#       pin in tests/identity/oidc) into DIR when missing, and starts scripts/dev-identity/provider.js
#       on http://127.0.0.1:PORT (default 8444) in the background (pid in DIR/provider.pid, log
#       in DIR/provider.log), with the test persons of config/dev-citizens.json
#   scripts/dev-identity.sh stop DIR
#       stops the provider started there
# The client it serves is `make run`'s [citizen_identification] in config/luukku.toml. Without
# node or npm, `start` says so and succeeds: Luukku then answers identification with 503.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR [PORT] | stop DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
pidfile="$dir/provider.pid"
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

case "$command" in
  start)
    port=${3:-8444}
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
      echo "node and npm are not installed: no identification in chat" >&2
      exit 0
    fi
    mkdir -p "$dir"
    if running; then
      echo "the development identity provider is already running (pid $(cat "$pidfile"))"
      exit 0
    fi
    lock="$root/tests/identity/oidc/package-lock.json"
    if [[ ! -d "$dir/node_modules/oidc-provider" || "$lock" -nt "$dir/node_modules" ]]; then
      cp "$root/tests/identity/oidc/package.json" "$lock" "$dir/"
      if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
        echo "cannot install oidc-provider: no identification in chat" >&2
        exit 0
      fi
    fi
    config=$(printf '{"port": %d, "persons_file": "%s", "client_id": "luukku-chat", "client_secret": "%s", "redirect_uri": "%s"}' \
      "$port" "$root/config/dev-citizens.json" "luukku-development-only" \
      "http://127.0.0.1:8080/api/v1/chat/identification/callback")
    NODE_PATH="$dir/node_modules" node "$here/dev-identity/provider.js" "$config" >"$dir/provider.log" 2>&1 &
    pid=$!
    echo "$pid" >"$pidfile"
    for _ in $(seq 1 300); do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "the development identity provider exited during start-up; see $dir/provider.log" >&2
        rm -f "$pidfile"
        exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "development identity provider on http://127.0.0.1:$port (test persons: config/dev-citizens.json)"
        exit 0
      fi
      sleep 0.1
    done
    kill "$pid"
    rm -f "$pidfile"
    echo "the development identity provider did not start in 30 s; see $dir/provider.log" >&2
    exit 1
    ;;
  stop)
    if running; then
      kill "$(cat "$pidfile")"
      rm -f "$pidfile"
    fi
    ;;
  *) usage ;;
esac
