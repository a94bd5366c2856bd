#!/usr/bin/env bash
# The whole test suite: unit and integration (vitest, real PostgreSQL and PGlite), then
# end-to-end (Playwright in Chromium against a production build). Prints one closing line
# "N passed, N failed" summed over both runners.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results

npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?

echo "== next build =="
npx next build
build_rc=$?

e2e_rc=1
if [ $build_rc -eq 0 ]; then
  npx playwright test
  e2e_rc=$?
fi

node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json
[ $vitest_rc -eq 0 ] && [ $build_rc -eq 0 ] && [ $e2e_rc -eq 0 ]
