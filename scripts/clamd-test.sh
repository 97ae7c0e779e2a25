#!/usr/bin/env bash
# A throwaway clamd (ClamAV's daemon) for tests, with one test signature and no internet.
#
#   scripts/clamd-test.sh start DIR   write a configuration and a signature database in DIR,
#                                      start clamd on a unix socket, wait until it answers PING,
#                                      write its address (unix:/path) to DIR/address and print it
#   scripts/clamd-test.sh stop DIR    stop that clamd (by the pid it wrote) and remove DIR
#
# Both are idempotent. ClamAV's official databases come from the internet; this clamd knows
# only the EICAR test string: as a whole file (`Luukku-Test-Eicar`, a .hdb line of its MD5 and
# size) and inside any file (`Luukku-Test-Eicar-Inside`, an .ndb body signature). That is
# enough for a real scan: the EICAR string is FOUND, anything else is OK.
# StreamMaxLength is 1 MB, so a test can also see clamd refuse a stream over its limit.
# The socket lives in a short directory under /tmp (sun_path holds 107 bytes), named in
# DIR/socket_home. Debian's `clamav-daemon` package provides clamd (scripts/install-deps.sh test).
set -euo pipefail

die() {
  echo "clamd-test: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
action=$1
[[ -n "$2" && "$2" != "/" ]] || die "refusing to use '$2' as the directory"
dir=$(realpath -m -- "$2")
clamd_bin=$(command -v clamd || echo /usr/sbin/clamd)

answers_ping() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
try:
    s.connect(sys.argv[1])
    s.sendall(b"zPING\0")
    sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
except OSError:
    sys.exit(1)
PY
}

start() {
  if [[ -f "$dir/address" ]] && answers_ping "$(cat "$dir/socket_home")/clamd.sock"; then
    cat "$dir/address"
    return
  fi
  [[ -x "$clamd_bin" ]] || die "clamd is not installed (Debian package clamav-daemon)"
  mkdir -p "$dir/db" "$dir/tmp"
  local home
  home=$(mktemp -d /tmp/luukku-clamd.XXXXXX)
  echo "$home" >"$dir/socket_home"
  # The EICAR test string, written without a newline; its MD5 and size are the signature.
  printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' >"$dir/eicar.txt"
  echo "$(md5sum "$dir/eicar.txt" | cut -d' ' -f1):$(stat -c %s "$dir/eicar.txt"):Luukku-Test-Eicar" \
    >"$dir/db/luukku-test.hdb"
  # The same string anywhere inside any file (a body signature), so a test can hide it in a
  # picture's metadata or a PDF and see it found there.
  echo "Luukku-Test-Eicar-Inside:0:*:$(od -An -tx1 "$dir/eicar.txt" | tr -d ' \n')" \
    >"$dir/db/luukku-test.ndb"
  cat >"$dir/clamd.conf" <<CONF
Foreground yes
LocalSocket $home/clamd.sock
DatabaseDirectory $dir/db
PidFile $dir/clamd.pid
LogFile $dir/clamd.log
TemporaryDirectory $dir/tmp
StreamMaxLength 1M
MaxThreads 4
SelfCheck 0
CONF
  setsid "$clamd_bin" -c "$dir/clamd.conf" >"$dir/clamd.out" 2>&1 </dev/null &
  echo $! >"$dir/clamd.pid"
  for _ in $(seq 1 600); do
    if answers_ping "$home/clamd.sock"; then
      echo "unix:$home/clamd.sock" >"$dir/address"
      cat "$dir/address"
      return
    fi
    kill -0 "$(cat "$dir/clamd.pid")" 2>/dev/null || die "clamd stopped: $(tail -5 "$dir/clamd.out")"
    sleep 0.1
  done
  die "clamd did not answer within 60 s"
}

stop() {
  if [[ -f "$dir/clamd.pid" ]]; then
    local pid
    pid=$(cat "$dir/clamd.pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  [[ -f "$dir/socket_home" ]] && rm -rf -- "$(cat "$dir/socket_home")"
  rm -rf -- "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
