#!/usr/bin/env bash
# `npm test`: prepares what the suites need (database clients, the app build
# the end-to-end tests serve) and runs every suite once with Vitest. The last
# line is a plain "Tests: N passed, N failed, N skipped" summary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
npm run --silent setup
npm run --silent build >/tmp/snapshelf-build.log 2>&1 || { cat /tmp/snapshelf-build.log; exit 1; }
report=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (skipped > 0) { console.error("Skipped tests do not count: every suite must run."); process.exit(1); }
' "$report" || status=1
rm -f "$report"
exit $status
