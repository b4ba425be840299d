#!/usr/bin/env bash
# The production stack on this machine, without systemd: the same commands as
# deploy/systemd/*.service, with DEBUG off, PostgreSQL, its own Redis, nginx in front.
#
#   deploy/prod.sh run      start everything, stay in the foreground; Ctrl-C stops it all
#   deploy/prod.sh start    start everything in the background (make prod-start)
#   deploy/prod.sh stop     stop what start started, by the PIDs it wrote (make prod-stop)
#   deploy/prod.sh status   which processes are up, and /healthz through nginx
#   deploy/prod.sh env      print the environment (eval-able) the processes run with
# For the fault drills (make loadtest-faults):
#   redis-stop | redis-start | worker-kill | worker-start | scheduler-start | restart-workers
#
# Variables (defaults in brackets): PROD_DB [lms_prod], PG_URL [postgres://postgres@127.0.0.1:5432],
# WEB_PORT [8106] (gunicorn), NGINX_PORT [8116], REDIS_PORT [8126] (a redis-server of its own,
# so the fault drills never touch a shared one), PROD_DATA [scale] (scale | demo | none),
# PROD_ORGS [100] (organisations × 4 participants), SCHEDULER_INTERVAL [120],
# GUNICORN_WORKERS / GUNICORN_THREADS [2 / 4], PROD_RUN [.prod] (pids, logs, env).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
RUN=${PROD_RUN:-$ROOT/.prod}
PROD_DB=${PROD_DB:-lms_prod}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
WEB_PORT=${WEB_PORT:-8106}
NGINX_PORT=${NGINX_PORT:-8116}
REDIS_PORT=${REDIS_PORT:-8126}
SCHEDULER_INTERVAL=${SCHEDULER_INTERVAL:-120}

log() { printf '[prod] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

write_env() {
  mkdir -p "$RUN"
  # One secret per stack, kept across restarts so that sessions (and the "signed in the day
  # before" load test) survive a restart, as they would in production.
  [ -s "$RUN/secret_key" ] || (umask 077; "$PY" -c \
    'import secrets; print(secrets.token_urlsafe(64))' > "$RUN/secret_key")
  cat > "$RUN/env" <<EOF
DEBUG=false
SECRET_KEY=$(cat "$RUN/secret_key")
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$NGINX_PORT,http://localhost:$NGINX_PORT
BASE_URL=http://127.0.0.1:$NGINX_PORT
DATABASE_URL=$PG_URL/$PROD_DB
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
TASKS_BACKEND=database
SECURE_SSL_REDIRECT=false
SESSION_COOKIE_SECURE=false
CSRF_COOKIE_SECURE=false
SECURE_HSTS_SECONDS=0
ALLAUTH_TRUSTED_PROXY_COUNT=1
GUNICORN_BIND=127.0.0.1:$WEB_PORT
GUNICORN_WORKERS=${GUNICORN_WORKERS:-2}
GUNICORN_THREADS=${GUNICORN_THREADS:-4}
GUNICORN_ACCESS_LOG=$RUN/gunicorn-access.log
GUNICORN_ERROR_LOG=$RUN/gunicorn-error.log
GUNICORN_CONTROL_SOCKET=$RUN/gunicorn.ctl
NOTIFICATIONS_LEASE_SECONDS=${NOTIFICATIONS_LEASE_SECONDS:-120}
EOF
  chmod 600 "$RUN/env"
}

load_env() {
  write_env
  set -a
  # shellcheck disable=SC1091
  . "$RUN/env"
  set +a
}

alive() { [ -s "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start_redis() {
  alive redis && return 0
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "redis-server on $REDIS_PORT did not start (see $RUN/redis.log)"
}

stop_pid() {  # name [signal]
  local name=$1 sig=${2:-TERM} pid
  [ -s "$RUN/$name.pid" ] || return 0
  pid=$(cat "$RUN/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "$name ($pid) still running: KILL"; kill -KILL "$pid" || true; }
  fi
  rm -f "$RUN/$name.pid"
}

start_bg() {  # name command...: a process of ours, its pid in $RUN/name.pid, log in $RUN/name.log
  local name=$1; shift
  alive "$name" && return 0
  nohup "$@" >> "$RUN/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}

start_worker() { start_bg worker "$PY" manage.py db_worker --no-reload; }
start_scheduler() { start_bg scheduler "$PY" manage.py send_reminders --loop "$SCHEDULER_INTERVAL"; }

prepare_database() {
  pg_isready -h 127.0.0.1 -q || die "PostgreSQL is not answering on 127.0.0.1:5432"
  if ! psql "$PG_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$PROD_DB'" | grep -q 1; then
    log "creating database $PROD_DB"
    psql "$PG_URL/postgres" -qc "CREATE DATABASE $PROD_DB"
  fi
  "$PY" manage.py migrate --noinput -v 0
  "$PY" manage.py collectstatic --noinput -v 0
  local data=${PROD_DATA:-scale}
  if [ "$data" != none ] && [ ! -e "$RUN/data-$data" ]; then
    # The demo accounts have a published password: --force says this is a throw-away site.
    log "loading the demo (load_demo --force)"
    "$PY" manage.py load_demo --force > "$RUN/load_demo.log" 2>&1
    if [ "$data" = scale ]; then
      log "generate_scale_data --organisations ${PROD_ORGS:-100} --participants 4"
      "$PY" manage.py generate_scale_data --organisations "${PROD_ORGS:-100}" --participants 4 \
        > "$RUN/scale_data.log" 2>&1
    fi
    touch "$RUN/data-$data"
  fi
}

start_nginx() {
  alive nginx && return 0
  mkdir -p "$RUN/nginx-tmp"
  LMS_LISTEN="127.0.0.1:$NGINX_PORT" LMS_SERVER_NAME="127.0.0.1 localhost" \
  LMS_UPSTREAM="127.0.0.1:$WEB_PORT" LMS_STATIC_ROOT="$ROOT/staticfiles" \
  LMS_MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}" LMS_RUN="$RUN" bash -c '
    vars="\${LMS_LISTEN} \${LMS_SERVER_NAME} \${LMS_UPSTREAM} \${LMS_STATIC_ROOT} \${LMS_MEDIA_ROOT} \${LMS_RUN}"
    envsubst "$vars" < deploy/nginx/lms.conf > "$LMS_RUN/lms.conf"
    envsubst "$vars" < deploy/nginx/nginx-local.conf > "$LMS_RUN/nginx.conf"'
  nginx -t -q -c "$RUN/nginx.conf" -p "$RUN" -e "$RUN/nginx-error.log"
  nginx -c "$RUN/nginx.conf" -p "$RUN" -e "$RUN/nginx-error.log"
}

wait_healthy() {
  for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null 2>&1; then
      log "up: http://127.0.0.1:$NGINX_PORT/ (nginx) -> gunicorn 127.0.0.1:$WEB_PORT"
      return 0
    fi
    sleep 0.2
  done
  die "no healthy answer from http://127.0.0.1:$NGINX_PORT/healthz (see $RUN/*.log)"
}

need() {  # command debian-package: install Debian's package when missing (root only)
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "$1 is missing: apt-get install -y $2"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    # Debian's package starts its own nginx on port 80; the stack runs a private one.
    [ "$2" = nginx ] && { service nginx stop >/dev/null 2>&1 || true; }
  fi
  command -v "$1" >/dev/null || die "$1 is missing: apt-get install -y $2 (as root)"
}

start() {
  need nginx nginx
  need redis-server redis-server
  load_env
  start_redis
  prepare_database
  alive gunicorn || "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py --pid "$RUN/gunicorn.pid" \
    --daemon lms.wsgi:application
  start_worker
  start_scheduler
  start_nginx
  wait_healthy
  log "logs and pids in $RUN; stop with: make prod-stop"
}

stop() {
  # Front to back: no new requests first, then the app, then what it depends on.
  stop_pid nginx QUIT
  stop_pid gunicorn TERM
  stop_pid scheduler TERM
  stop_pid worker TERM
  stop_pid redis TERM
  log "stopped"
}

status() {
  local name
  for name in nginx gunicorn worker scheduler redis; do
    if alive "$name"; then echo "$name: up (pid $(cat "$RUN/$name.pid"))"; else echo "$name: down"; fi
  done
  curl -sS -m 5 "http://127.0.0.1:$NGINX_PORT/healthz" || true; echo
}

case "${1:-run}" in
  run)
    start
    trap 'echo; stop; exit 0' INT TERM
    log "running; Ctrl-C stops the stack"
    tail -n 0 -F "$RUN/gunicorn-error.log" "$RUN/worker.log" "$RUN/scheduler.log" &
    tail_pid=$!
    trap 'kill "$tail_pid" 2>/dev/null; echo; stop; exit 0' INT TERM
    wait "$tail_pid"
    ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) load_env; sed 's/^/export /' "$RUN/env" ;;
  redis-stop) stop_pid redis TERM ;;
  redis-start) load_env; start_redis ;;
  worker-kill) stop_pid worker KILL ;;
  worker-start) load_env; start_worker ;;
  scheduler-start) load_env; start_scheduler ;;
  restart-workers) stop_pid scheduler TERM; stop_pid worker TERM; load_env; start_worker; start_scheduler ;;
  *) die "usage: $0 run|start|stop|status|env|redis-stop|redis-start|worker-kill|worker-start|scheduler-start|restart-workers" ;;
esac
