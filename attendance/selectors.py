"""Reads for the trainer pages: constant queries whatever the roster size."""

from dataclasses import dataclass, field

from django.utils import timezone

from attendance import services
from attendance.models import AttendanceRecord
from courses.models import BootcampPage, LiveSessionPage, RosterMember


@dataclass
class GridRow:
    user: object
    record: AttendanceRecord | None


@dataclass
class OrganisationGroup:
    organisation: object
    rows: list[GridRow] = field(default_factory=list)


def marking_grid(*, session: LiveSessionPage, bootcamp: BootcampPage) -> list[OrganisationGroup]:
    """The session's roster grouped by organisation, each person with their record (2 queries)."""
    records = {
        record.user_id: record
        for record in AttendanceRecord.objects.filter(session=session).select_related(
            "changed_by")
    }
    groups: dict[int, OrganisationGroup] = {}
    for member in (
        RosterMember.objects.active().filter(bootcamp=bootcamp)
        .select_related("user", "enrollment__organisation")
        .order_by("enrollment__organisation__name", "user__first_name", "user__email")
    ):
        organisation = member.enrollment.organisation
        group = groups.setdefault(organisation.pk, OrganisationGroup(organisation))
        group.rows.append(GridRow(member.user, records.get(member.user_id)))
    return list(groups.values())


def session_page_panel(*, user, session: LiveSessionPage, bootcamp: BootcampPage) -> dict | None:
    """Attendance links on a live session page: the marking grid and check-in code for the
    session's trainers and organisers, the check-in link for participants while check-in is
    open. None for anyone else."""


    if services.can_manage(user=user, bootcamp=bootcamp, session=session):
        return {"manages": True}
    if bootcamp.is_participant(user):
        rules = services.session_rules(session=session, bootcamp=bootcamp)
        now = timezone.now()
        if rules.check_in_open(now):
            return {"manages": False, "check_in_open": True}
        return {"manages": False, "check_in_open": False,
                "check_in_opens_at": rules.check_in_opens_at,
                "check_in_closed": now > rules.check_in_closes_at}
    return None
