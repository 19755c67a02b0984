#!/usr/bin/env bash
# Makes a fresh machine of this kind ready: npm packages, PostgreSQL and Redis running, Chromium.
# Installs or starts what is missing; says plainly what cannot be had. Sourced by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js 20 or newer is required (https://nodejs.org); it is not installed."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || fail "Node.js 20 or newer is required; found $(node -v)."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# The server, not the cabinet's database: that one is created at start when it does not exist.
pg_up() { node -e '
  const { Client } = require("pg");
  const url = new URL(process.argv[1]); url.pathname = "/postgres";
  const c = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));' "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" 2>/dev/null; }
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  pg_up || fail "PostgreSQL is not reachable at ${DATABASE_URL:-127.0.0.1:5432} and could not be started. Install it (apt-get install -y postgresql) or set DATABASE_URL."
fi

redis_up() { node -e '
  const Redis = require("ioredis").default;
  const r = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.connect().then(() => r.ping()).then(() => { r.disconnect(); process.exit(0); }, () => process.exit(1));' "${REDIS_URL:-redis://127.0.0.1:6379}" 2>/dev/null; }
if ! redis_up; then
  if command -v redis-server >/dev/null; then
    say "Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  fi
  redis_up || fail "Redis is not reachable at ${REDIS_URL:-redis://127.0.0.1:6379} and could not be started. Install it (apt-get install -y redis-server) or set REDIS_URL."
fi

# Debian packages the cabinet and its tests use: Chromium (PDFs, browser tests), poppler-utils (tests read PDFs).
missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  missing+=(chromium)
fi
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "Installing ${missing[*]} (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) || fail "apt-get could not install ${missing[*]}."
  else
    fail "Missing ${missing[*]}: install with apt-get install -y ${missing[*]} (Chromium: or set CHROMIUM_PATH)."
  fi
fi
