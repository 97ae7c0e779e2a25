#!/usr/bin/env bash
# Installs the Debian packages Luukku needs, and only those that are missing.
#   scripts/install-deps.sh build   compilers and libraries for `make run`, and Janus
#   scripts/install-deps.sh test    the above plus PostgreSQL, SIP peers, Chromium, load tools
# Safe to run again: it asks dpkg first and calls apt-get only for what is absent.
set -euo pipefail

# Boost 1.81 (Debian's default is 1.74): the headers (Asio, Beast) and the two compiled
# libraries used, not libboost1.81-all-dev, which would pull in MPI and Python on a new machine.
build_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  lld  # links the sanitized test programs (~900 MB each) four times faster than GNU ld
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libsqlite3-dev sqlite3 libpq-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libsodium-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsofia-sip-ua-dev libspandsp-dev libsndfile1-dev espeak-ng sox
  python3  # 3.11: the layering check (scripts/check_layers.py, configured with the tests)
)
# What `make run` starts beside the server, and the browser tests too: Janus, the WebRTC-SIP
# gateway of the phone in the browser (scripts/janus.sh).
run_packages=(janus)
test_packages=(
  postgresql curl wrk procps
  sip-tester baresip-core
  chromium  # the browser tests drive it (web/e2e); no browser is ever downloaded
  clamav-daemon  # clamd, the virus scanner of files sent in conversations (scripts/clamd-test.sh)
)

want=("${build_packages[@]}" "${run_packages[@]}")
case "${1:-build}" in
  build) ;;
  test) want+=("${test_packages[@]}") ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node.js and npm build the web app and run the test OpenID provider (tests/identity/oidc,
# installed there by `npm ci`); any install that provides both commands will do
# (Debian's packages conflict with other distributions of Node, so ask for the commands).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}"
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
