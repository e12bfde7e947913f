#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to find: static checks,
# unit, contract (real client ↔ real simulator over HTTP, openssl interop), then a
# production build, the end-to-end suite in Debian's Chromium, and a small-data run of the
# benchmark on that build (ratios printed, goals not asserted: it fails only when something
# could not be measured, so the benchmark never rots). Each suite prints one
# closing line `suite: N passed, N failed`; the script fails if any suite failed, if a
# runner exited non-zero (even with every counted test green), or if a test was skipped
# without a reason in test/allowed-skips.txt (scripts/summary.mjs). A `.only` left in a
# test fails the whole run here, CI or not, and so does a lint warning.
set -u
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p reports
status=0

step() { echo; echo "==> $*"; }

step "migrations in sync with the schema"
npx drizzle-kit check || status=1

step "lint"
npx eslint . --max-warnings 0 || status=1
step "comments cite only the repository's docs"
bash scripts/check-citations.sh || status=1
step "typecheck"
npx tsc --noEmit || status=1

step "unit tests"
rm -f reports/unit.json
npx vitest run --allowOnly=false --project unit --reporter=default --reporter=json --outputFile=reports/unit.json
node scripts/summary.mjs unit reports/unit.json $? || status=1

step "contract tests"
rm -f reports/contract.json
npx vitest run --allowOnly=false --project contract --reporter=default --reporter=json --outputFile=reports/contract.json
node scripts/summary.mjs contract reports/contract.json $? || status=1

step "build"
if npx next build; then
  step "end-to-end tests"
  rm -f reports/e2e.json
  npx playwright test --forbid-only
  node scripts/summary.mjs e2e reports/e2e.json $? || status=1

  step "benchmark, small data (docs/operations.md §7)"
  # The bench prints its own closing line; a crash before it still gets one.
  npx tsx --conditions=react-server scripts/bench/main.ts --size small | tee reports/bench.txt
  bench_status=${PIPESTATUS[0]}
  grep -q '^bench: ' reports/bench.txt || echo "bench: 0 passed, 1 failed"
  [ "$bench_status" -eq 0 ] || status=1
else
  echo "e2e: 0 passed, 1 failed"
  echo "bench: 0 passed, 1 failed"
  status=1
fi

exit $status
