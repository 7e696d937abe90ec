#!/usr/bin/env bash
# `npm run demo`: prepares what is missing (dependencies, database clients,
# the app build) and starts the simulator + app. Prints one line:
#   Snapshelf demo: http://127.0.0.1:<port>/demo
# Progress goes to stderr; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
[ -d node_modules ] || npm ci --no-audit --no-fund >&2
npm run --silent setup >&2
# Rebuild only when the build is missing or older than anything it is made of.
if [ ! -f build/server/index.js ] || [ -n "$(find app public vite.config.ts package-lock.json -newer build/server/index.js -print -quit 2>/dev/null)" ]; then
  echo "demo: building the app…" >&2
  npm run --silent build >/tmp/snapshelf-demo-build.log 2>&1 || { cat /tmp/snapshelf-demo-build.log >&2; exit 1; }
fi
# With the memory settings `npm start` runs the app with.
exec bash scripts/run-app.sh scripts/demo.ts
