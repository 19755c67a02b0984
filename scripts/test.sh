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
say "Soak test (short): two web processes, two workers, a worker killed, Redis stopped, PostgreSQL cut"
node scripts/start.js build
node bench/run.js soak --short
