#!/usr/bin/env bash
# Every test: type check, lint, then the jest projects unit, integration, e2e and security (the hostile
# suite of test/security) against the real PostgreSQL, Redis, SMTP (started by the tests) and Chromium.
# Each run has its own databases and Redis key prefix, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-machine.sh

say "Type check"
npx tsc --noEmit -p tsconfig.json
say "Lint"
npx eslint . --max-warnings 0
say "Tests (unit, integration, e2e, security)"
npx jest --ci --maxWorkers=2 "$@"
# The soak test (npm run soak, bench/soak.ts) is not run here yet: on the merged main its short mode
# stopped progressing after restarting the killed worker (issue 16 stays open until it passes again).
