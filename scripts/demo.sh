#!/usr/bin/env bash
# The cabinet with demo data on http://localhost:3000 (README, quick start, first command):
# installs what is missing, builds, starts the web process and the worker, loads the demo data (made
# for today) through the import CLI (as the back office would), registers the demo subscribers, creates
# a staff login, prints the logins, and keeps running until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-machine.sh

export PORT="${PORT:-3000}"
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:${PORT}}"

if listening "http://127.0.0.1:${PORT}" "$PORT"; then
  fail "Port ${PORT} is already in use: stop what runs there, or start with PORT=<another port> $0"
fi

say "Building"
node scripts/start.js build

say "Starting the web process and the worker"
node scripts/start.js &
APP_PID=$!
# Ctrl+C (or TERM) stops both processes and ends with their status: 0 when they stopped cleanly. The
# cabinet may be gone already (Ctrl+C reaches it too), so kill may fail.
stop_cabinet() { kill -TERM "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null; }
trap 'stop_cabinet || true' EXIT
trap 'stop_cabinet; exit $?' INT TERM

for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:${PORT}/ready"; then break; fi
  kill -0 $APP_PID 2>/dev/null || fail "The cabinet stopped while starting; see the messages above."
  sleep 1
done

# The demo's months are relative to today (docs/demo-data.md): the generator writes them, the import CLI
# puts them on the inbound queue as the back office would.
DEMO_EVENTS=tmp/demo-events.json
mkdir -p tmp
say "Loading the demo data through the import CLI ($DEMO_EVENTS, made for today)"
node scripts/start.js cli demo-events "$DEMO_EVENTS"
node scripts/start.js cli import-events "$DEMO_EVENTS"

say "Registering the demo subscribers"
SUBSCRIBERS=$(node scripts/start.js cli seed-demo-subscribers "$DEMO_EVENTS" | sed 's/^/   /')

STAFF_PASSWORD="${STAFF_PASSWORD:-$(node -e 'console.log(require("crypto").randomBytes(9).toString("base64url"))')}"
node scripts/start.js cli create-staff staff "$STAFF_PASSWORD" --role operator >/dev/null

cat <<TXT

────────────────────────────────────────────────────────────────────
 The cabinet runs on ${PUBLIC_URL}

 Demo subscribers (log in at ${PUBLIC_URL}/login):
${SUBSCRIBERS}

 Staff (queue dashboard ${PUBLIC_URL}/admin/queues):
   login: staff    password: ${STAFF_PASSWORD}

 E-mails are not sent without SMTP_URL: read them at ${PUBLIC_URL}/dev/mailbox
 Demo IIN/BINs to register with: docs/demo-data.md
 Stop with Ctrl+C.
────────────────────────────────────────────────────────────────────
TXT
wait $APP_PID
