"""`make bench`: run every app's benchmark and exit non-zero when a budget is missed.

Each module in BENCHMARKS has `main() -> int` that prints its own table and returns 0 when
all its budgets are met.
"""

import os
import sys
from importlib import import_module

BENCHMARKS: list[str] = [
    "certificates.bench", "attendance.bench", "dashboards.bench", "lms.page_bench",
]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    failures = 0
    for module in BENCHMARKS:
        print(f"\n## {module}")
        failures += 1 if import_module(module).main() else 0
    if not BENCHMARKS:
        print("No benchmarks registered yet.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
