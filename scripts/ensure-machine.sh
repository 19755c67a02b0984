#!/usr/bin/env bash
# Makes a machine of this kind ready: npm packages; PostgreSQL and Redis installed and running; Chromium
# and poppler-utils. On Debian as root it installs what is missing with apt-get and starts what is
# stopped; elsewhere it says plainly what is missing and how to get it. Sourced by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js 20 or newer is required (https://nodejs.org); it is not installed."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || fail "Node.js 20 or newer is required; found $(node -v)."

# Debian packages, installed with apt-get when this runs as root on Debian (the package lists are
# fetched once per run); returns 1 when it cannot install here.
can_apt() { command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }
apt_updated=""
apt_install() {
  can_apt || return 1
  say "Installing $* (apt-get)"
  if [ -z "$apt_updated" ]; then apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# Whether a URL points at this machine (only then is its server ours to install and start).
is_local() { node -e 'process.exit(["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(process.argv[1]).hostname) ? 0 : 1)' "$1"; }

# ── PostgreSQL: the server, not the cabinet's database (that one is created at start when missing).
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { node -e '
  const { Client } = require("pg");
  const url = new URL(process.argv[1]); url.pathname = "/postgres";
  const c = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));' "$PG_URL" 2>/dev/null; }
pg_cluster() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n1; }
if ! pg_up && is_local "$PG_URL"; then
  fresh_pg=""
  if [ -z "$(pg_cluster)" ] || ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql || fail "PostgreSQL is not installed and cannot be installed here: run as root on Debian, or install it (apt-get install -y postgresql), or set DATABASE_URL to a server you have."
    fresh_pg=1
  fi
  version="$(pg_cluster)"
  [ -n "$version" ] || fail "PostgreSQL is installed but has no cluster: create one (pg_createcluster <version> main) or set DATABASE_URL."
  if [ -n "$fresh_pg" ]; then
    # A server installed just now, for this machine's cabinet: the user postgres may connect over the
    # loopback without a password, as the default DATABASE_URL does. An existing server is left as it is.
    hba="/etc/postgresql/${version}/main/pg_hba.conf"
    printf '%s\n%s\n%s\n' '# Added by the cabinet'"'"'s scripts/ensure-machine.sh: postgres over the loopback, no password.' \
      'host all postgres 127.0.0.1/32 trust' 'host all postgres ::1/128 trust' | cat - "$hba" >"$hba.new" && mv "$hba.new" "$hba"
    chown postgres:postgres "$hba"
  fi
  started=""
  if ! pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
    say "Starting PostgreSQL ${version}"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    started=1
  elif [ -n "$fresh_pg" ]; then
    # Its package started it: it reads the access rules above.
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    started=1
  fi
  if [ -n "$started" ]; then for _ in $(seq 1 30); do pg_up && break; sleep 1; done; fi
fi
pg_up || fail "PostgreSQL is not reachable at ${PG_URL} and could not be started here. Start it, or set DATABASE_URL to a server you have."

# ── Redis
REDIS_URL_CHECK="${REDIS_URL:-redis://127.0.0.1:6379}"
redis_up() { node -e '
  const Redis = require("ioredis").default;
  const r = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.connect().then(() => r.ping()).then(() => { r.disconnect(); process.exit(0); }, () => process.exit(1));' "$REDIS_URL_CHECK" 2>/dev/null; }
if ! redis_up && is_local "$REDIS_URL_CHECK"; then
  if ! command -v redis-server >/dev/null; then
    apt_install redis-server || fail "Redis is not installed and cannot be installed here: run as root on Debian, or install it (apt-get install -y redis-server), or set REDIS_URL to a server you have."
  fi
  port="$(node -e 'console.log(new URL(process.argv[1]).port || 6379)' "$REDIS_URL_CHECK")"
  if ! redis_up; then
    say "Starting Redis on port ${port}"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null
    for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  fi
fi
redis_up || fail "Redis is not reachable at ${REDIS_URL_CHECK} and could not be started here. Start it, or set REDIS_URL to a server you have."

# ── Chromium (PDFs, browser tests) and poppler-utils (the tests read PDFs).
missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  missing+=(chromium)
fi
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}" || fail "Missing ${missing[*]}: install with apt-get install -y ${missing[*]} (Chromium: or set CHROMIUM_PATH)."
fi
