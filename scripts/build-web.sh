#!/usr/bin/env bash
# Builds the web app (web/) into web/static, the directory the server serves ([http] web_root).
# Installs its npm packages exactly as locked (npm ci) when they are missing or the lock changed.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
