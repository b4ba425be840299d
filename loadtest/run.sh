#!/usr/bin/env bash
# Profile A against the running `make prod-start` stack (loopback only, bounded in users and
# time). Usage: loadtest/run.sh signin | signed-in | faults
#   signin     everyone signs in at 10:00, then checks in
#   signed-in  everyone signed in the day before (server-side sessions made beforehand)
#   faults     signed-in load while the worker is killed mid-send, the stack's Redis is
#              stopped and the database refuses connections for 20 s (loadtest/faults.py)
# Variables: LOADTEST_PARTICIPANTS [all 400 of the scale bootcamp] (a smaller plan for a
# loaded machine), LOADTEST_USERS [all of the plan], LOADTEST_DURATION [180s],
# NGINX_PORT [8116]. Results in .prod/loadtest/<mode>-<time>/; exit 1 when a criterion is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-signin}
eval "$(deploy/prod.sh env)"
[ -n "${REDIS_URL:-}" ] || { echo "no stack environment"; exit 2; }
curl -fsS "http://127.0.0.1:${NGINX_PORT:-8116}/healthz" >/dev/null \
  || { echo "the stack is not up: make prod-start"; exit 2; }
out=.prod/loadtest/$mode-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$out"
redis_port=${REDIS_URL#redis://127.0.0.1:}; redis_port=${redis_port%%/*}
# The stack's own Redis (never a shared one): forget the previous run's throttle counters.
redis-cli -p "$redis_port" flushall >/dev/null
plan_mode=$mode; [ "$mode" = faults ] && plan_mode=signed-in
.venv/bin/python loadtest/prepare.py --mode "$plan_mode" --out "$out/plan.json"
users=${LOADTEST_USERS:-$(.venv/bin/python -c "import json,sys; print(len(json.load(open(sys.argv[1]))['users']))" "$out/plan.json")}
duration=${LOADTEST_DURATION:-180s}
export LOADTEST_PLAN=$out/plan.json LOADTEST_OUT=$out/outcomes.json
locust_cmd=(.venv/bin/locust -f loadtest/locustfile.py --headless -u "$users" -r "$users"
  -t "$duration" --host "http://127.0.0.1:${NGINX_PORT:-8116}" --csv "$out/run"
  --only-summary --stop-timeout 0 --loglevel WARNING)
report_args=(--plan "$out/plan.json" --outcomes "$out/outcomes.json" --stats "$out/run_stats.csv")
if [ "$mode" = faults ]; then
  export LOADTEST_RETRY=1
  # Not under `set -e`: a failed drill must still print the load report.
  status=0 report_status=0
  .venv/bin/python loadtest/faults.py --out "$out" -- "${locust_cmd[@]}" \
    > >(tee "$out/faults.txt") || status=$?
  .venv/bin/python loadtest/report.py --faults "${report_args[@]}" | tee "$out/report.txt" \
    || report_status=${PIPESTATUS[0]}
  [ "$status" = 0 ] && [ "$report_status" = 0 ] && exit 0 || exit 1
fi
"${locust_cmd[@]}" > "$out/locust.txt" 2>&1 || true
.venv/bin/python loadtest/report.py "${report_args[@]}" | tee "$out/report.txt"
exit "${PIPESTATUS[0]}"
