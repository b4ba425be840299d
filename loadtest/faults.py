"""The fault drill: Profile A (signed in, participants retry failed pages) while services fail.

Run by `loadtest/run.sh faults` against `make prod-start`; never touches anything shared:

- t=5 s: an announcement to all 400 participants (400 emails at the 10/s rate limit);
  the times below count from when its messages are queued (q):
- q+10 s: the task worker is killed with SIGKILL mid-send, started again at q+15 s;
- q+30–50 s: the stack's own redis-server is stopped (never the shared one on 6379);
- q+65–85 s: the stack's database refuses connections: `ALTER DATABASE lms_prod
  ALLOW_CONNECTIONS false` and its backends terminated every second. Only lms_prod is
  affected; PostgreSQL itself keeps serving everyone else (a restart would not).

Worker and scheduler run for the drill with a 30 s claim lease and a 10 s scheduler round.
Checks that nothing is lost: every announcement email sent exactly once (the console backend
prints each message's X-Notification-Reference into the worker log), none failed or stuck;
the scheduler and the restarted worker are the same processes after the database outage;
/healthz answers ok at the end. Attendance is judged by report.py --faults (every
participant recorded once, every success page recorded). Exits 1 if a check fails.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402

from courses.models import BootcampPage  # noqa: E402
from notifications.models import Announcement, Notification  # noqa: E402

RUN = Path(os.environ.get("PROD_RUN", ROOT / ".prod"))
PROD = [str(ROOT / "deploy" / "prod.sh")]
DRILL_ENV = {"NOTIFICATIONS_LEASE_SECONDS": "30", "SCHEDULER_INTERVAL": "10"}
SETTLE_SECONDS = 240


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def prod(action: str, **env) -> None:
    subprocess.run([*PROD, action], check=True, env={**os.environ, **env})


def pid(name: str) -> int | None:
    path = RUN / f"{name}.pid"
    return int(path.read_text()) if path.exists() else None


def psql(sql: str) -> None:
    admin = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qtAc", sql], check=True, stdout=subprocess.DEVNULL)


def announce() -> list[int]:
    from notifications.services import send_announcement

    bootcamp = BootcampPage.objects.filter(slug__startswith="scale-").order_by("-pk").first()
    announcement = Announcement.objects.create(
        bootcamp=bootcamp, subject="Day 1 starts now",
        body=f"Hello $name, the live session has started (drill {time.time():.0f}).")
    send_announcement(announcement=announcement)
    ids = list(Notification.objects.filter(
        dedupe_key__contains=f"announcement-{announcement.pk}:").values_list("pk", flat=True))
    log(f"announcement {announcement.pk}: {len(ids)} messages queued")
    return ids


def database_outage(database: str, seconds: float) -> None:
    log(f"database {database} refuses connections for {seconds:.0f} s")
    psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    try:
        deadline = time.time() + seconds
        while time.time() < deadline:
            psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 f"WHERE datname = '{database}' AND pid <> pg_backend_pid()")
            time.sleep(1)
    finally:
        psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    log("database back")


def at(start: float, offset: float) -> None:
    time.sleep(max(start + offset - time.time(), 0))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("locust", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = [part for part in args.locust if part != "--"]
    database = connection.settings_dict["NAME"]
    if database != os.environ.get("LOADTEST_DATABASE", "lms_prod"):
        sys.exit(f"refusing to run the drill on {database!r}")

    log("worker and scheduler restarted with a 30 s lease, 10 s scheduler round")
    prod("restart-workers", **DRILL_ENV)
    scheduler_pid = pid("scheduler")
    failures: list[str] = []
    with open(Path(args.out) / "locust.txt", "w") as locust_log:
        locust = subprocess.Popen(command, stdout=locust_log, stderr=subprocess.STDOUT)
        start = time.time()
        try:
            at(start, 5)
            ids = announce()
            connections.close_all()
            # Counted from the moment the messages are queued: on a busy machine queueing
            # 400 takes long, and a kill before the first send would test nothing.
            queued = time.time()
            at(queued, 10)
            log(f"kill -9 the worker ({pid('worker')}) mid-send")
            prod("worker-kill")
            at(queued, 15)
            prod("worker-start", **DRILL_ENV)
            worker_pid = pid("worker")
            log(f"worker started again ({worker_pid})")
            at(queued, 30)
            log("redis stopped")
            prod("redis-stop")
            at(queued, 50)
            prod("redis-start")
            log("redis started")
            at(queued, 65)
            database_outage(database, 20)
        finally:
            locust.wait()
    log("load finished; waiting for the messages to settle")

    deadline = time.time() + SETTLE_SECONDS
    final = {Notification.Status.SENT, Notification.Status.FAILED}
    while time.time() < deadline:
        statuses = Counter(Notification.objects.filter(pk__in=ids)
                           .values_list("status", flat=True))
        if set(statuses) <= final:
            break
        time.sleep(5)
    statuses = Counter(Notification.objects.filter(pk__in=ids).values_list("status", flat=True))
    printed = Counter(int(n) for n in re.findall(
        r"X-Notification-Reference: notification:(\d+)",
        (RUN / "worker.log").read_text(errors="replace") + (RUN / "scheduler.log").read_text(
            errors="replace")))
    printed_ours = {pk: printed[pk] for pk in ids}
    twice = sorted(pk for pk, n in printed_ours.items() if n > 1)
    never = sorted(pk for pk, n in printed_ours.items() if n == 0)
    log(f"announcement messages by status: {dict(statuses)}; printed once: "
        f"{sum(1 for n in printed_ours.values() if n == 1)}, twice or more: {len(twice)}, "
        f"never: {len(never)}")
    if statuses.get(Notification.Status.SENT, 0) != len(ids):
        failures.append(f"not every message sent: {dict(statuses)}")
    if twice:
        failures.append(f"{len(twice)} messages sent more than once, e.g. {twice[:5]}")
    if never:
        failures.append(f"{len(never)} messages never sent, e.g. {never[:5]}")
    for name, expected in (("scheduler", scheduler_pid), ("worker", worker_pid)):
        alive = pid(name) == expected and subprocess.run(
            ["kill", "-0", str(expected)], capture_output=True).returncode == 0
        log(f"{name} {expected}: {'survived' if alive else 'DID NOT SURVIVE'} the outages")
        if not alive:
            failures.append(f"the {name} process did not survive")
    try:
        with urlopen(f"http://127.0.0.1:{os.environ.get('NGINX_PORT', '8116')}/healthz",  # noqa: S310
                     timeout=10) as response:
            healthy = response.status == 200
    except OSError:
        healthy = False
    if not healthy:
        failures.append("/healthz is not ok after the drill")
    prod("restart-workers")  # back to the normal lease and scheduler round
    if failures:
        print("FAULT DRILL FAILED:\n  - " + "\n  - ".join(failures))
        return 1
    print("FAULT DRILL PASSED: nothing lost, nothing sent twice, processes survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
