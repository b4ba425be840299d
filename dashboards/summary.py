"""The bootcamp-wide part of the dashboard (funnel and flag counts), cached briefly.

Both are one pass over every organisation of the bootcamp: about a second and a half at
10,000 organisations on SQLite, the same for every organiser and trainer of the bootcamp.
They are kept for SUMMARY_SECONDS in the cache (shared between web processes through
Redis in production) and the page says as of when; the table below them is always live.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count
from django.db.models.lookups import GreaterThan

from courses.models import Enrollment
from dashboards.columns import FLAGS, OrganisationColumns
from dashboards.facts import BootcampFacts
from dashboards.funnel import FunnelStep, funnel_steps

SUMMARY_SECONDS = 60


@dataclass(frozen=True)
class Summary:
    funnel: list[FunnelStep]
    flag_counts: list[tuple[str, str, int]]  # (code, label, organisations flagged)
    computed_at: datetime


def flag_counts(columns: OrganisationColumns) -> list[tuple[str, str, int]]:
    """How many active organisations each flag is raised for (one query)."""
    aggregates = {code: Count("pk", filter=GreaterThan(columns.expression(code), 0))
                  for code in FLAGS}
    counts = Enrollment.objects.filter(
        bootcamp=columns.bootcamp, status=Enrollment.Status.ACTIVE).aggregate(**aggregates)
    return [(code, str(label), counts[code]) for code, label in FLAGS.items()]


def bootcamp_summary(facts: BootcampFacts, columns: OrganisationColumns, *,
                     fresh: bool = False) -> Summary:
    key = f"dashboards:summary:{facts.bootcamp.pk}"
    summary = None if fresh else cache.get(key)
    if summary is None:
        summary = Summary(funnel_steps(facts), flag_counts(columns), facts.now)
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary
