#!/usr/bin/env bash
# `make bench-peer`: our module page against wagtail-lms's H5P lesson page, side by side
# (issue 20: at least 2x its requests per second in the same run).
#
# - The peer: loadtest/peer/wagtail_lms_bench.sh (the shared recipe, unchanged) builds its
#   own virtualenv under $PEER_WORK (never our .venv), its site and data; run here with
#   one-second loads only, for the site it leaves behind.
# - Ours: a throw-away SQLite database with load_demo's data, DEBUG off and production
#   settings (plain http on loopback), the demo participant's session.
# - Both served at once by gunicorn, 2 sync workers each, on free loopback ports; then
#   ROUNDS paired rounds (peer and ours back to back, the order alternating by round) of
#   wrk -t2 -c8, WARMUP s unmeasured then DURATION s measured. Other tenants of a shared
#   machine move both sides of a round alike, so the per-round ratio is the figure; the
#   load average is printed with it.
# Exit 1 when the median ratio is below TARGET.
#
# Variables: ROUNDS [5] DURATION [10] WARMUP [2] TARGET [2.0] PEER_WORK [/tmp/lms-bench-peer]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
TARGET=${TARGET:-2.0}
PEER_WORK=${PEER_WORK:-/tmp/lms-bench-peer}
PY=${PY:-.venv/bin/python}
ROOT=$(pwd)

PIDS=()
OURS_DIR=$(mktemp -d /tmp/lms-bench-ours.XXXXXX)
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$OURS_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '\n== %s\n' "$*" >&2; }

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

# --- the peer --------------------------------------------------------------------------------
log "peer: wagtail-lms site in $PEER_WORK (recipe loadtest/peer/wagtail_lms_bench.sh)"
KEEP_VENV=1 WORK="$PEER_WORK" DURATION=1 WARMUP=1 SINGLE_DURATION=1 \
  bash loadtest/peer/wagtail_lms_bench.sh > "$OURS_DIR/peer-recipe.txt" 2>&1 \
  || { tail -n 30 "$OURS_DIR/peer-recipe.txt" >&2; exit 2; }
PEER_PY="$PEER_WORK/venv/bin/python"
PEER_PATH=$("$PEER_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["h5p_lesson"])' "$PEER_WORK/site/data.json")
PEER_SESSION=$("$PEER_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["sessionid"])' "$PEER_WORK/site/data.json")

# --- ours ------------------------------------------------------------------------------------
log "ours: demo data in $OURS_DIR"
export DJANGO_SETTINGS_MODULE=lms.settings DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost \
  SECRET_KEY="bench-peer-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" \
  DATABASE_URL="sqlite:///$OURS_DIR/bench.sqlite3" MEDIA_ROOT="$OURS_DIR/media" \
  PRIVATE_MEDIA_ROOT="$OURS_DIR/private" STATIC_ROOT="$OURS_DIR/static" \
  SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
  SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING TASKS_BACKEND=database
unset REDIS_URL
"$PY" manage.py migrate -v 0 --noinput
"$PY" manage.py collectstatic -v 0 --noinput
"$PY" manage.py load_demo --force > /dev/null
read -r OURS_PATH OURS_SESSION < <("$PY" - <<'PYEOF'
import django

django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from courses.models import BootcampPage, ModulePage

bootcamp = BootcampPage.objects.get(slug="chat-for-impact")
module = ModulePage.objects.descendant_of(bootcamp).get(slug="why-a-whatsapp-helpline")
client = Client()
client.force_login(get_user_model().objects.get(email="participant@example.org"))
print(module.url, client.cookies[settings.SESSION_COOKIE_NAME].value)
PYEOF
)

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_up() {  # $1 = url
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "server at $1 did not come up" >&2
  return 1
}

PEER_PORT=$(free_port)
(cd "$PEER_WORK/site" && exec env -i PATH="$PATH" PYTHONPATH="$PEER_WORK/site" \
  DJANGO_SETTINGS_MODULE=benchsite.settings "$PEER_WORK/venv/bin/gunicorn" --workers 2 \
  --worker-class sync --bind "127.0.0.1:$PEER_PORT" --log-level warning benchsite.wsgi:application) &
PIDS+=($!)
OURS_PORT=$(free_port)
.venv/bin/gunicorn --workers 2 --worker-class sync --bind "127.0.0.1:$OURS_PORT" \
  --log-level warning lms.wsgi:application &
PIDS+=($!)
wait_up "http://127.0.0.1:$PEER_PORT/hello/"
wait_up "http://127.0.0.1:$OURS_PORT/healthz"

PEER_URL="http://127.0.0.1:$PEER_PORT$PEER_PATH"
OURS_URL="http://127.0.0.1:$OURS_PORT$OURS_PATH"
PEER_COOKIE="Cookie: sessionid=$PEER_SESSION"
OURS_COOKIE="Cookie: sessionid=$OURS_SESSION"
for pair in "$PEER_URL|$PEER_COOKIE" "$OURS_URL|$OURS_COOKIE"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "${pair#*|}" "${pair%%|*}")
  [ "$code" = 200 ] || { echo "${pair%%|*} answered $code, not 200" >&2; exit 2; }
done

REPORT_LUA="$OURS_DIR/report.lua"
cat > "$REPORT_LUA" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, e.status + e.connect + e.read + e.write + e.timeout))
end
LUA
measure() {  # $1 = url, $2 = cookie header -> "req/s p50 p95 errors"
  wrk -t2 -c8 -d "${WARMUP}s" -H "$2" "$1" > /dev/null
  wrk -t2 -c8 -d "${DURATION}s" --timeout 10s -H "$2" -s "$REPORT_LUA" "$1" | sed -n 's/^RESULT //p'
}

log "$ROUNDS paired rounds: wrk -t2 -c8, ${WARMUP}s warm-up + ${DURATION}s each; load: $(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS="$OURS_DIR/rounds.txt"
: > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then
    peer=$(measure "$PEER_URL" "$PEER_COOKIE"); ours=$(measure "$OURS_URL" "$OURS_COOKIE")
  else
    ours=$(measure "$OURS_URL" "$OURS_COOKIE"); peer=$(measure "$PEER_URL" "$PEER_COOKIE")
  fi
  echo "$round $peer $ours $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS" >&2
done

"$PY" - "$RESULTS" "$TARGET" "$(nproc)" <<'PYEOF'
import statistics
import sys

rows = [line.split() for line in open(sys.argv[1])]
target = float(sys.argv[2])
print(f"\nOur module page (participant) vs wagtail-lms H5P lesson (learner), {len(rows)} paired "
      f"rounds, gunicorn 2 sync workers each, wrk -t2 -c8, SQLite, DEBUG off, "
      f"{sys.argv[3]} cores")
print("| round | peer req/s | peer p50 / p95 ms | ours req/s | ours p50 / p95 ms | ours/peer "
      "| load avg (1 min) |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
ratios, errors = [], 0
for r, p_rps, p50, p95, p_err, o_rps, o50, o95, o_err, load in rows:
    ratio = float(o_rps) / float(p_rps) if float(p_rps) else 0.0
    ratios.append(ratio)
    errors += int(p_err) + int(o_err)
    print(f"| {r} | {p_rps} | {p50} / {p95} | {o_rps} | {o50} / {o95} | {ratio:.2f} | {load} |")
median = statistics.median(ratios)
print(f"median ours/peer: {median:.2f} (target ≥ {target:.1f}); errors (non-2xx/3xx or "
      f"socket): {errors}")
sys.exit(0 if median >= target and errors == 0 else 1)
PYEOF
