#!/usr/bin/env bash
# Builds the web app (web/) into web/static, the directory the server serves ([http] web_root).
# Installs its npm packages exactly as locked (npm ci) when they are missing or the lock changed,
# and leaves a gzip copy beside each text file.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
# A gzip copy beside each text file larger than a packet, served to browsers that accept it
# (src/api/static_files.h). -n keeps the copies the same from build to build.
find static -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \
  -o -name '*.json' -o -name '*.map' -o -name '*.txt' \) -size +1k -exec gzip -9 -k -n -f {} +
