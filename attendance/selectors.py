"""Reads for the trainer pages: constant queries whatever the roster size."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from attendance import services
from attendance.forms import NOT_RECORDED
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


# A phone screen of rows per page: 400 participants make 8 pages, each saved on its own.
GRID_PAGE_SIZE = 50


@dataclass
class GridPage:
    groups: list[OrganisationGroup]
    page: Page


def grid_roster(*, session: LiveSessionPage, bootcamp: BootcampPage, q: str = "",
                show: str = "") -> QuerySet:
    """The active roster in grid order, narrowed by a search (name, email, organisation) and
    by what is recorded for the session (`show`: a status, NOT_RECORDED, or "" for all)."""
    roster = RosterMember.objects.active().filter(bootcamp=bootcamp)
    if q:
        # The organisation as typed ("Sahayata Trust"), or a person by every word typed
        # ("kavita aaro"): first and last name live in two columns.
        person = Q()
        for word in q.split()[:5]:
            person &= (Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
                       | Q(user__email__icontains=word))
        roster = roster.filter(Q(enrollment__organisation__name__icontains=q) | person)
    if show == NOT_RECORDED:
        roster = roster.exclude(user__attendance_records__session=session)
    elif show:
        roster = roster.filter(user__attendance_records__session=session,
                               user__attendance_records__status=show)
    return roster.order_by("enrollment__organisation__name", "user__first_name",
                           "user__email", "pk")


def marking_grid_page(*, session: LiveSessionPage, bootcamp: BootcampPage, q: str = "",
                      show: str = "", page: str | int = 1,
                      per_page: int | None = None) -> GridPage:
    """One page of the marking grid, grouped by organisation: 3 queries (count, rows,
    their records) whatever the roster size."""
    paginator = Paginator(
        grid_roster(session=session, bootcamp=bootcamp, q=q, show=show)
        .select_related("user", "enrollment__organisation"), per_page or GRID_PAGE_SIZE)
    current = paginator.get_page(page)
    members = list(current.object_list)
    records = {
        record.user_id: record
        for record in AttendanceRecord.objects.filter(
            session=session, user_id__in=[member.user_id for member in members])
    }
    groups: dict[int, OrganisationGroup] = {}
    for member in members:
        organisation = member.enrollment.organisation
        group = groups.setdefault(organisation.pk, OrganisationGroup(organisation))
        group.rows.append(GridRow(member.user, records.get(member.user_id)))
    return GridPage(list(groups.values()), current)


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
