"""The staff shortcuts on the admin home (/cms/): work waiting for the person signed in."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from wagtail.admin.ui.components import Component

from assignments.selectors import TO_REVIEW_STATUSES, review_queue
from courses.models import BootcampPage, LiveSessionPage
from dashboards.access import dashboard_bootcamps, may_use_dashboards


@dataclass
class TodaySession:
    session: LiveSessionPage
    bootcamp: BootcampPage
    starts_at: object  # in the bootcamp's zone
    ends_at: object


def todays_sessions(*, bootcamps: list[BootcampPage], now=None) -> list[TodaySession]:
    """Live sessions of `bootcamps` on today's date in each bootcamp's own zone (2 queries:
    the sessions of a two-day window, then their paths are matched to the bootcamps)."""
    now = now or timezone.now()
    if not bootcamps:
        return []
    candidates = (LiveSessionPage.objects.live()
                  .filter(starts_at__gte=now - timedelta(days=1),
                          starts_at__lte=now + timedelta(days=1))
                  .order_by("starts_at"))
    result = []
    for session in candidates:
        bootcamp = next((b for b in bootcamps if session.path.startswith(b.path)), None)
        if bootcamp is None:
            continue
        if bootcamp.local(session.starts_at).date() == bootcamp.local(now).date():
            result.append(TodaySession(session, bootcamp, bootcamp.local(session.starts_at),
                                       bootcamp.local(session.ends_at)))
    return result


class StaffShortcutsPanel(Component):
    """First on the admin home for trainers and organisers: the review queue's count, today's
    sessions with their attendance links, and their bootcamps (explorer and dashboard)."""

    name = "staff_shortcuts"
    template_name = "dashboards/home_shortcuts.html"
    order = 50

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        bootcamps = list(dashboard_bootcamps(user).defer_streamfields().order_by(
            "-start_date", "title"))
        _rows, counts = review_queue(user=user)
        return {
            "bootcamps": bootcamps,
            "to_review": sum(counts.get(status, 0) for status in TO_REVIEW_STATUSES),
            "sessions": todays_sessions(bootcamps=bootcamps),
        }


def add_staff_shortcuts(request, panels) -> None:
    if may_use_dashboards(request.user):
        panels.insert(0, StaffShortcutsPanel())
