"""Judge one Profile A run: per-endpoint p50/p95, errors, attendance rows and duplicates.

    python loadtest/report.py --plan plan.json --outcomes outcomes.json --stats run_stats.csv

Exits 1 when a criterion is missed: p95 < 1 s on every endpoint, 0 errors, exactly one
attendance row per participant (400), no duplicates, every success page recorded.
`--faults` (the drill) judges "nothing lost" instead of latency: see loadtest/faults.py.
"""

import argparse
import csv
import json
import os
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from attendance.models import AttendanceChange, AttendanceRecord  # noqa: E402

P95_LIMIT_MS = float(os.environ.get("LOADTEST_P95_MS", "1000"))


def endpoint_table(stats_path: Path) -> tuple[list[dict], int]:
    rows, failures = [], 0
    with stats_path.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                failures = int(row["Failure Count"])
                continue
            rows.append({
                "name": row["Name"],
                "n": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "p50": float(row["50%"] or 0), "p95": float(row["95%"] or 0),
                "max": float(row["Max Response Time"] or 0),
            })
    return rows, failures


def attendance(plan: dict, started_at: float) -> dict:
    records = AttendanceRecord.objects.filter(session_id=plan["session_id"])
    user_ids = {entry["id"] for entry in plan["users"]}
    recorded = set(records.values_list("user_id", flat=True))
    duplicates = (records.values("user_id").annotate(n=Count("id")).filter(n__gt=1).count())
    start = datetime.fromtimestamp(started_at).astimezone()
    within = sum(1 for moment in records.values_list("changed_at", flat=True)
                 if (moment - start).total_seconds() <= 120)
    return {
        "rows": records.count(), "participants": len(user_ids),
        "recorded_participants": len(recorded & user_ids), "duplicates": duplicates,
        "within_120s": within,
        "changes": AttendanceChange.objects.filter(record__session_id=plan["session_id"]).count(),
        "recorded": recorded,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--outcomes", required=True)
    parser.add_argument("--stats", required=True)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text())
    seen = json.loads(Path(args.outcomes).read_text())
    outcomes = {int(k): v for k, v in seen["participants"].items()}
    endpoints, failures = endpoint_table(Path(args.stats))
    data = attendance(plan, seen["started_at"])

    print(f"\nProfile A, mode {plan['mode']}{' (fault drill)' if args.faults else ''}: "
          f"{len(outcomes)} participants started")
    print(f"{'endpoint':<40} {'n':>6} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for row in endpoints:
        print(f"{row['name']:<40} {row['n']:>6} {row['failures']:>5} {row['p50']:>8.0f} "
              f"{row['p95']:>8.0f} {row['max']:>8.0f}")
    success = {pk for pk, o in outcomes.items() if o["success_page"]}
    unrecorded = success - data["recorded"]
    signed_in = sum(1 for o in outcomes.values() if o["signed_in"])
    print(f"signed in: {signed_in}; success pages: {len(success)}; "
          f"attendance rows: {data['rows']} (participants recorded "
          f"{data['recorded_participants']} of {data['participants']}, "
          f"{data['within_120s']} within 120 s of the start); duplicates: "
          f"{data['duplicates']}; audit changes: {data['changes']}; success page but not "
          f"recorded: {len(unrecorded)}; failed requests: {failures}")

    missed = []
    if not args.faults:
        slow = [f"{r['name']} {r['p95']:.0f} ms" for r in endpoints if r["p95"] >= P95_LIMIT_MS]
        if slow:
            missed.append(f"p95 >= {P95_LIMIT_MS:.0f} ms: " + "; ".join(slow))
        if failures:
            missed.append(f"{failures} failed requests (errors, 429s, timeouts)")
    if data["rows"] != data["participants"] or data["recorded_participants"] != data[
            "participants"]:
        missed.append(f"{data['rows']} attendance rows, expected exactly {data['participants']}")
    if data["duplicates"]:
        missed.append(f"{data['duplicates']} duplicate attendance rows")
    if unrecorded:
        missed.append(f"{len(unrecorded)} participants saw a success page that is not recorded")
    if missed:
        print("FAILED:\n  - " + "\n  - ".join(missed))
        return 1
    print("PASSED: every criterion met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
