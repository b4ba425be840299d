"""`make bench` part: the organiser dashboard at 100 and 10,000 organisations.

For SQLite (always) and PostgreSQL (when DATABASE_URL points at one) and each size, on a
scratch database of its own (a temporary SQLite file; a `lms_bench_<n>` PostgreSQL database
created and dropped next to DATABASE_URL's): migrate, `generate_scale_data --organisations N
--participants 4`, then a fresh process measures through Django's test client —

- the dashboard page (first page, 50 rows): median and p95 of 20 requests, after one cold
  request (reported too: it computes the bootcamp summary that is then cached for a minute);
- the same page sorted by risk and filtered by a flag (computed over every organisation;
  reported, no budget);
- the CSV export of every participant: time and the process's peak memory (RSS), the
  measuring process doing nothing bigger before it;
- the participant dashboard (/dashboard/ of one participant): median of 20 requests;
- the knowledge checks' attempts-per-question CSV export (every attempt of every
  participant read, issue 17): time and peak memory, as the participant export.

Budgets (from issue 8): 100 organisations < 150 ms median; 10,000 organisations < 400 ms
median; export of 40,000 participant rows < 15 s with peak memory under 300 MB; the same
for the attempt export over those 40,000 participants' attempts (issue 17).
Run alone: `python -m dashboards.bench [--sizes 100,10000]`.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 10_000)
PARTICIPANTS = 4
REQUESTS = 20
BUDGET_MS = {100: 150.0, 10_000: 400.0}
EXPORT_ROWS_BUDGET = 40_000
EXPORT_SECONDS = 15.0
EXPORT_PEAK_MB = 300.0


def _run(args: list[str], env: dict, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    return result.stdout


def _postgres_scratch(base_url: str, name: str, *, create: bool) -> str:
    """Create (or drop) a scratch database on DATABASE_URL's server; return its URL."""
    import psycopg

    parts = urlparse(base_url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def _environment(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "false", "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        # Test settings: plain static storage (no collectstatic needed), quick hasher.
        "DJANGO_SETTINGS_MODULE": "lms.settings_test",
    })
    return env


def run_case(vendor: str, organisations: int, workdir: str) -> dict:
    if vendor == "sqlite":
        url = f"sqlite:///{workdir}/bench-{organisations}.sqlite3"
    else:
        url = _postgres_scratch(os.environ["DATABASE_URL"], f"lms_bench_{organisations}",
                                create=True)
    env = _environment(url)
    try:
        _run(["manage.py", "migrate", "--noinput"], env)
        started = time.perf_counter()
        _run(["manage.py", "generate_scale_data", "--organisations", str(organisations),
              "--participants", str(PARTICIPANTS)], env)
        generated = time.perf_counter() - started
        output = _run(["-m", "dashboards.bench", "--measure"], env, capture=True)
        result = json.loads(output.strip().splitlines()[-1])
    finally:
        if vendor == "postgresql":
            _postgres_scratch(os.environ["DATABASE_URL"], f"lms_bench_{organisations}",
                              create=False)
    result.update({"vendor": vendor, "organisations": organisations, "generate_s": generated})
    return result


def _timed(client, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def _memory_mb(field: str) -> float:
    """VmRSS / VmHWM of this process in MB (Linux). ru_maxrss is no use here: it survives
    exec, so a measuring process would inherit the peak of the bench that started it."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def measure() -> dict:
    """In a fresh process on the generated database: the figures as a dict."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from courses.models import BootcampPage, RosterMember
    from lms import roles

    # No setup_test_environment(): its instrumented template rendering (copying every
    # context for the test client) is test machinery a served page doesn't pay for.
    bootcamp = BootcampPage.objects.get(slug__startswith="scale-")
    organiser, _ = get_user_model().objects.get_or_create(email="bench-organiser@example.org")
    organiser.groups.add(Group.objects.get(name=roles.ORGANISERS))
    client = Client()
    client.force_login(organiser)
    page = f"/cms/dashboards/bootcamp/{bootcamp.pk}/"
    cold = _timed(client, page, 1)[0]
    times = _timed(client, page, REQUESTS)
    sorted_times = _timed(client, page + "?ordering=-risk&flag=any", 3)

    person = RosterMember.objects.filter(bootcamp=bootcamp).select_related("user").first().user
    participant = Client()
    participant.force_login(person)
    participant_times = _timed(participant, "/dashboard/", REQUESTS)

    rss_before = _memory_mb("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    response = client.get(f"/cms/dashboards/bootcamp/{bootcamp.pk}/export/participants.csv")
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
    export_s = time.perf_counter() - started
    peak = _memory_mb("VmHWM")

    from quizzes.models import Attempt

    _reset_peak()
    started = time.perf_counter()
    response = client.get(f"/cms/dashboards/bootcamp/{bootcamp.pk}/export/checks.csv")
    for _chunk in response.streaming_content:
        pass
    checks_s = time.perf_counter() - started
    checks_peak = _memory_mb("VmHWM")
    return {
        "attempts": Attempt.objects.filter(bootcamp=bootcamp).count(),
        "checks_export_s": checks_s,
        "checks_export_peak_mb": checks_peak,
        "cold_ms": cold,
        "median_ms": statistics.median(times),
        "p95_ms": statistics.quantiles(times, n=20)[-1],
        "sorted_median_ms": statistics.median(sorted_times),
        "participant_median_ms": statistics.median(participant_times),
        "export_rows": lines - 1,
        "export_s": export_s,
        "rss_before_export_mb": rss_before,
        "export_peak_mb": peak,
    }


def report(results: list[dict]) -> bool:
    ok = True
    print("| database | organisations | generate | dashboard median / p95 (cold) | budget "
          "| sorted by risk, flag filter | participant dashboard | CSV export of participants "
          "| export budget | attempts-per-question export | budget |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        budget = BUDGET_MS.get(r["organisations"], 400.0)
        page_ok = r["median_ms"] < budget
        export_ok = True
        export_budget = ""
        if r["export_rows"] >= EXPORT_ROWS_BUDGET:
            export_ok = r["export_s"] < EXPORT_SECONDS and r["export_peak_mb"] < EXPORT_PEAK_MB
            export_budget = f"< {EXPORT_SECONDS:.0f} s, < {EXPORT_PEAK_MB:.0f} MB"
        checks_ok = True
        checks_budget = ""
        if r["export_rows"] >= EXPORT_ROWS_BUDGET:
            checks_ok = (r["checks_export_s"] < EXPORT_SECONDS
                         and r["checks_export_peak_mb"] < EXPORT_PEAK_MB)
            checks_budget = f"< {EXPORT_SECONDS:.0f} s, < {EXPORT_PEAK_MB:.0f} MB"
        ok = ok and page_ok and export_ok and checks_ok
        print(f"| {r['vendor']} | {r['organisations']:,} | {r['generate_s']:.0f} s "
              f"| {r['median_ms']:.0f} / {r['p95_ms']:.0f} ms ({r['cold_ms']:.0f} ms) "
              f"| < {budget:.0f} ms {'ok' if page_ok else 'MISSED'} "
              f"| {r['sorted_median_ms']:.0f} ms | {r['participant_median_ms']:.0f} ms "
              f"| {r['export_rows']:,} rows in {r['export_s']:.1f} s, peak RSS "
              f"{r['export_peak_mb']:.0f} MB (from {r['rss_before_export_mb']:.0f} MB) "
              f"| {export_budget} "
              f"{'ok' if export_ok else 'MISSED'} "
              f"| {r['attempts']:,} attempts in {r['checks_export_s']:.1f} s, peak RSS "
              f"{r['checks_export_peak_mb']:.0f} MB | {checks_budget} "
              f"{'ok' if checks_ok else 'MISSED'} |")
    return ok


def main(sizes=SIZES) -> int:
    vendors = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        vendors.append("postgresql")
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for vendor in vendors:
            for size in sizes:
                print(f"  … {vendor}, {size:,} organisations", flush=True)
                results.append(run_case(vendor, size, workdir))
    ok = report(results)
    if not ok:
        print("dashboards: budget missed")
    return 0 if ok else 1


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
        sys.exit(0)
    chosen = SIZES
    if "--sizes" in sys.argv:
        chosen = tuple(int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(","))
    sys.exit(main(chosen))
