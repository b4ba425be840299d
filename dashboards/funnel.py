"""The bootcamp's funnel: how many organisations (and participants) reached each step.

An organisation reaches a step when at least one of its participants on the active roster
did (applied and selected excepted: those are the organisation's own). Two queries: the
applications, and one pass over the roster with a conditional count per step.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from attendance.models import AttendanceRecord
from certificates.models import Certificate
from courses.models import ModuleCompletion, RosterMember
from dashboards.activity import ATTENDED
from dashboards.columns import count_of
from dashboards.facts import BootcampFacts
from organisations.models import Application

BAR_HEIGHT = 18
ROW_HEIGHT = 46
CHART_WIDTH = 360  # SVG user units; the chart scales to its container (phones: 390 px)
LABEL_WIDTH = 300


@dataclass(frozen=True)
class FunnelStep:
    label: str
    organisations: int
    participants: int | None  # None: a step of organisations only (applied)


@dataclass(frozen=True)
class FunnelBar:
    label: str
    value: int
    participants: int | None
    y: int
    width: float
    text_y: int
    bar_y: int
    value_x: float


def funnel_steps(facts: BootcampFacts) -> list[FunnelStep]:
    bootcamp = facts.bootcamp
    applied = Application.objects.filter(bootcamp=bootcamp).exclude(
        status=Application.Status.DRAFT).count()
    user = OuterRef("user")
    conditions = []
    if facts.pre_event_required_ids:
        pre = ModuleCompletion.objects.filter(user=user, module_id__in=facts.pre_event_required_ids)
        conditions.append((_("Started pre-event work"), Q(Exists(pre))))
        conditions.append((_("Completed pre-event work"),
                           Exact(count_of(pre), len(facts.pre_event_required_ids))))
    for stage in facts.stages:
        attended = AttendanceRecord.objects.filter(
            user=user, session_id__in=stage.session_ids or [0], status__in=ATTENDED)
        conditions.append((_("Attended %(stage)s") % {"stage": stage.title}, Q(Exists(attended))))
    certified = Certificate.objects.filter(
        user=user, bootcamp_id=bootcamp.pk, kind=Certificate.Kind.PARTICIPANT,
        revoked_at__isnull=True)
    conditions.append((_("Certified"), Q(Exists(certified))))

    aggregates = {"p_selected": Count("pk"), "o_selected": Count("enrollment", distinct=True)}
    for index, (_label, condition) in enumerate(conditions):
        aggregates[f"p_{index}"] = Count("pk", filter=condition)
        aggregates[f"o_{index}"] = Count("enrollment", filter=condition, distinct=True)
    counts = RosterMember.objects.active().filter(bootcamp=bootcamp).aggregate(**aggregates)
    steps = [
        FunnelStep(pgettext("funnel step: organisations that applied", "Applied"), applied, None),
        FunnelStep(_("Selected"), counts["o_selected"], counts["p_selected"]),
    ]
    steps += [FunnelStep(label, counts[f"o_{index}"], counts[f"p_{index}"])
              for index, (label, _condition) in enumerate(conditions)]
    return steps


def funnel_bars(steps: list[FunnelStep]) -> tuple[list[FunnelBar], int]:
    """Bar geometry for the server-rendered SVG (organisations), and the chart's height."""
    largest = max((step.organisations for step in steps), default=0) or 1
    bars = []
    for index, step in enumerate(steps):
        y = index * ROW_HEIGHT
        width = round(LABEL_WIDTH * step.organisations / largest, 1)
        bars.append(FunnelBar(
            label=step.label, value=step.organisations, participants=step.participants, y=y,
            width=max(width, 1.0) if step.organisations else 0.0, text_y=y + 14,
            bar_y=y + 20, value_x=width + 6,
        ))
    return bars, len(steps) * ROW_HEIGHT
