#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks.
#
#   scripts/pg-test-cluster.sh start DIR   initdb in DIR, start on 127.0.0.1 at a free port,
#                                           create database luukku_test, write its URL to
#                                           DIR/url and print it
#   scripts/pg-test-cluster.sh stop DIR    stop the cluster and remove DIR
#
# Both are idempotent: start on a running cluster prints its URL, stop on nothing succeeds.
# fsync stays on, because durability is part of what the tests check. Authentication is
# `trust` for the postgres user over 127.0.0.1 only: the cluster holds nothing but test data
# and lives as long as one test run.
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (from
# Debian's `postgresql` package, see scripts/install-deps.sh test) and DIR is handed to it.
# The system cluster (port 5432) is neither needed nor touched.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=.luukku-pg-test-cluster

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
action=$1
[[ -n "$2" && "$2" != "/" ]] || die "refusing to use '$2' as the cluster directory"
dir=$(realpath -m -- "$2")

# Where the server's files live: DIR itself, or a short directory under /tmp (named in
# DIR/cluster_home) when the postgres user cannot reach DIR (a checkout under /root) or
# DIR is too deep for a unix socket path (sun_path holds 107 bytes).
cluster_home() {
  if [[ -s "$dir/cluster_home" ]]; then cat "$dir/cluster_home"; else echo "$dir"; fi
}

# Runs a PostgreSQL program as the user that owns the cluster.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  local data
  data="$(cluster_home)/data"
  [[ -f "$data/postmaster.pid" ]] && as_owner "$PG_BIN/pg_ctl" status -D "$data" >/dev/null 2>&1
}

# True when nothing accepts connections on 127.0.0.1:$1.
port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  [[ -x "$PG_BIN/initdb" ]] ||
    die "PostgreSQL 15 is not installed ($PG_BIN/initdb is missing); run scripts/install-deps.sh test"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 ||
      die "running as root but there is no 'postgres' user to run the server as"
  fi
  if is_running && [[ -s "$dir/url" ]]; then
    cat "$dir/url"
    return
  fi
  if [[ -e "$dir" && ! -e "$dir/$MARKER" && -n "$(ls -A "$dir")" ]]; then
    die "$dir exists and is not a test cluster made by this script; refusing to touch it"
  fi
  # A leftover from an interrupted run: start again from nothing.
  if [[ -e "$dir/$MARKER" ]]; then
    if is_running; then
      as_owner "$PG_BIN/pg_ctl" stop -D "$(cluster_home)/data" -m immediate >/dev/null 2>&1 || true
    fi
    remove_cluster
  fi

  mkdir -p -- "$dir"
  touch "$dir/$MARKER"
  local home=$dir
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" || home=""
  fi
  if [[ -z "$home" || ${#dir} -gt 80 ]]; then
    home=$(mktemp -d /tmp/luukku-pg-test.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$home"
    echo "$home" >"$dir/cluster_home"
  fi
  local data="$home/data"

  as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    die "initdb failed; see $dir/initdb.log"

  # Another process may take the port between the check and the server's bind: try again
  # with another one.
  local port="" attempt
  for attempt in $(seq 1 20); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_is_free "$port" || continue
    rm -f -- "$home/server.log"
    if as_owner "$PG_BIN/pg_ctl" start -D "$data" -w -t 60 -l "$home/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $home" >/dev/null 2>&1; then
      break
    fi
    if grep -q "Address already in use" "$home/server.log" 2>/dev/null; then
      port=""
      continue
    fi
    die "the server did not start; see $home/server.log"
  done
  if [[ -z "$port" ]] || ! is_running; then
    die "found no free port for the server in $attempt tries"
  fi

  "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -E UTF8 -T template0 luukku_test ||
    die "could not create database luukku_test"
  url="postgresql://postgres@127.0.0.1:$port/luukku_test"
  echo "$url" >"$dir/url"
  echo "$url"
}

remove_cluster() {
  local home
  home=$(cluster_home)
  [[ "$home" != "$dir" ]] && rm -rf -- "$home"
  rm -rf -- "$dir"
}

stop() {
  [[ -e "$dir" ]] || return 0
  [[ -e "$dir/$MARKER" ]] || die "$dir is not a test cluster made by this script; refusing to remove it"
  if is_running; then
    as_owner "$PG_BIN/pg_ctl" stop -D "$(cluster_home)/data" -m fast -w >/dev/null ||
      die "pg_ctl stop failed; see $(cluster_home)/server.log"
  fi
  remove_cluster
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
