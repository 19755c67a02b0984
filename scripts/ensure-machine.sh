#!/usr/bin/env bash
# Makes a machine of this kind ready: PostgreSQL and Redis installed and running; Chromium and
# poppler-utils; npm packages. On Debian as root it installs what is missing with apt-get and starts what
# is stopped; elsewhere it says plainly what is missing and how to get it. Sourced by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js 20 or newer is required (https://nodejs.org); it is not installed."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || fail "Node.js 20 or newer is required; found $(node -v)."

# Whether a URL points at this machine (only then is its server ours to install and start).
is_local() { node -e 'process.exit(["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(process.argv[1]).hostname) ? 0 : 1)' "$1"; }
# Whether something listens at a URL's host and port (the second argument when the URL has none). Plain
# TCP, so that it works before the npm packages are there.
listening() { node -e '
  const url = new URL(process.argv[1]);
  require("net").connect(Number(url.port || process.argv[2]), url.hostname.replace(/^\[|\]$/g, ""))
    .setTimeout(2000, () => process.exit(1)).on("connect", () => process.exit(0)).on("error", () => process.exit(1));' "$1" "$2"; }

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
REDIS_URL_CHECK="${REDIS_URL:-redis://127.0.0.1:6379}"
pg_cluster() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n1; }

# ── Debian packages that are missing, all named at once and installed with one apt-get (before npm ci,
# so that a machine that cannot have them says so at once). A server is missing only when its URL points
# at this machine, nothing listens there and its package is not installed. Chromium makes the PDFs and
# runs the browser tests; the tests read PDFs with poppler-utils' pdftotext.
missing=()
instead=""
if is_local "$PG_URL" && ! listening "$PG_URL" 5432 && { [ -z "$(pg_cluster)" ] || ! command -v pg_ctlcluster >/dev/null; }; then
  missing+=(postgresql)
  instead+=", or set DATABASE_URL to a PostgreSQL you have"
fi
if is_local "$REDIS_URL_CHECK" && ! listening "$REDIS_URL_CHECK" 6379 && ! command -v redis-server >/dev/null; then
  missing+=(redis-server)
  instead+=", or set REDIS_URL to a Redis you have"
fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  missing+=(chromium)
  instead+=", or set CHROMIUM_PATH to a Chromium-based browser"
fi
command -v pdftotext >/dev/null || missing+=(poppler-utils)
fresh_pg=""
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "Missing ${missing[*]} (Debian's package names): install with this system's package manager${instead}."
  [ "$(id -u)" = 0 ] || fail "Missing ${missing[*]}: run this script as root once, or install as root with apt-get install -y ${missing[*]}${instead}."
  say "Installing ${missing[*]} (apt-get)"
  apt-get update -qq || fail "apt-get update failed (see above), so ${missing[*]} cannot be installed${instead}."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "apt-get could not install ${missing[*]} (see above)${instead}."
  case " ${missing[*]} " in *" postgresql "*) fresh_pg=1 ;; esac
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# ── PostgreSQL: the server, not the cabinet's database (that one is created at start when missing).
# pg_up says on stderr why it cannot connect.
pg_up() { node -e '
  const { Client } = require("pg");
  const url = new URL(process.argv[1]); url.pathname = "/postgres";
  const c = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message || e.code); process.exit(1); });' "$PG_URL"; }
if ! pg_up 2>/dev/null && is_local "$PG_URL" && command -v pg_ctlcluster >/dev/null; then
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
  # pg_lsclusters rather than pg_ctlcluster status, which only root and the cluster's owner may run.
  if [ "$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')" != online ]; then
    [ "$(id -u)" = 0 ] || fail "PostgreSQL ${version} is stopped: start it as root (pg_ctlcluster ${version} main start), or run this script as root, or set DATABASE_URL to a server you have."
    say "Starting PostgreSQL ${version}"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    started=1
  elif [ -n "$fresh_pg" ]; then
    # Its package started it: it reads the access rules above.
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    started=1
  fi
  if [ -n "$started" ]; then for _ in $(seq 1 30); do pg_up 2>/dev/null && break; sleep 1; done; fi
fi
pg_error="$(pg_up 2>&1)" || fail "PostgreSQL at ${PG_URL} cannot be used (${pg_error}). Start it, or set DATABASE_URL to a server you have."

# ── Redis: any user may start one (it keeps nothing on disk).
redis_up() { node -e '
  const Redis = require("ioredis").default;
  const r = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.connect().then(() => r.ping()).then(() => { r.disconnect(); process.exit(0); }, () => process.exit(1));' "$REDIS_URL_CHECK" 2>/dev/null; }
if ! redis_up && is_local "$REDIS_URL_CHECK" && command -v redis-server >/dev/null; then
  port="$(node -e 'console.log(new URL(process.argv[1]).port || 6379)' "$REDIS_URL_CHECK")"
  say "Starting Redis on port ${port}"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null || true
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi
redis_up || fail "Redis is not reachable at ${REDIS_URL_CHECK} and could not be started here. Start it, or set REDIS_URL to a server you have."
