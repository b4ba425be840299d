"""Reads of the organisations app: the registration window, pages' data, review listings."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from organisations.models import (
    Application,
    ApplicationScore,
    Invitation,
    Membership,
    Organisation,
    Perk,
    SelectionCriterion,
)

NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"


@dataclass(frozen=True)
class RegistrationWindow:
    state: str
    opens_at: datetime | None  # in the bootcamp's zone
    closes_at: datetime | None  # in the bootcamp's zone
    time_left: timedelta | None
    zone_name: str

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


def registration_closed_from(bootcamp) -> datetime | None:
    """The first moment at which registration is closed.

    The closing second itself still counts ("closes at midnight" is stored as 23:59:59 in
    the bootcamp's zone: accepted up to 23:59:59.999, refused from 00:00:00).
    """
    if bootcamp.registration_closes_at is None:
        return None
    return bootcamp.registration_closes_at.replace(microsecond=0) + timedelta(seconds=1)


def registration_window(bootcamp, *, now: datetime | None = None) -> RegistrationWindow:
    """Whether a bootcamp takes applications at `now`, with its dates in its own zone."""
    now = now or timezone.now()
    opens, closed_from = bootcamp.registration_opens_at, registration_closed_from(bootcamp)
    if opens is not None and now < opens:
        state = NOT_OPEN
    elif closed_from is not None and now >= closed_from:
        state = CLOSED
    else:
        state = OPEN
    return RegistrationWindow(
        state=state,
        opens_at=bootcamp.local(opens) if opens else None,
        closes_at=bootcamp.local(bootcamp.registration_closes_at) if closed_from else None,
        time_left=(closed_from - now) if state == OPEN and closed_from else None,
        zone_name=bootcamp.time_zone,
    )


def describe_time_left(time_left: timedelta | None) -> str:
    """"2 days, 3 hours, 1 minute" (translated), for templates; "" when there is no deadline."""
    if time_left is None:
        return ""
    minutes = int(time_left.total_seconds() // 60)
    days, hours, minutes = minutes // (60 * 24), (minutes // 60) % 24, minutes % 60
    return ", ".join([
        ngettext("%(count)d day", "%(count)d days", days) % {"count": days},
        ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours},
        ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes},
    ])


def organisation_page(*, organisation: Organisation, trainer_only: bool = False,
                      viewer=None) -> dict:
    """Everything an organisation's page shows: a constant number of queries whatever the
    size of the team or the courses (a few more per bootcamp the organisation takes part in).

    `trainer_only`: the viewer sees the page only as a trainer of some of its bootcamps
    (`viewer`), so it shows those bootcamps and the team, never applications, invitations
    or perks of other bootcamps."""
    from courses.models import Enrollment
    from courses.progress import organisation_progress

    memberships = list(
        Membership.objects.active().filter(organisation=organisation).select_related("user")
        .order_by("-role", "user__email")
    )
    enrollments = Enrollment.objects.filter(organisation=organisation)
    if trainer_only:
        enrollments = enrollments.filter(bootcamp__trainers=viewer)
    enrollments = list(enrollments.select_related("bootcamp").order_by("-created_at"))
    if trainer_only:
        perks, invitations, applications = [], [], []
    else:
        perks = list(Perk.objects.filter(organisation=organisation).select_related("bootcamp"))
        invitations = list(Invitation.objects.pending().filter(organisation=organisation))
        applications = list(
            Application.objects.filter(organisation=organisation).select_related("bootcamp")
        )
    # Each active enrollment's roster with every participant's required modules done / total.
    for enrollment in enrollments:
        enrollment.progress = None
        if enrollment.status == Enrollment.Status.ACTIVE:
            enrollment.progress = organisation_progress(
                bootcamp=enrollment.bootcamp, organisation_ids=[organisation.pk]
            )[organisation.pk]
    return {
        "memberships": memberships,
        "enrollments": enrollments,
        "perks": perks,
        "invitations": invitations,
        "applications": applications,
    }


def applications_for_review(*, bootcamp) -> QuerySet[Application]:
    """A bootcamp's applications (drafts excluded) with their average score and score count."""
    return (
        Application.objects.filter(bootcamp=bootcamp)
        .exclude(status=Application.Status.DRAFT)
        .select_related("organisation", "applicant")
        .annotate(average_score=Avg("scores__score"), score_count=Count("scores"))
    )


def application_review(*, application: Application, reviewer) -> dict:
    """The detail page of an application for reviewers: criteria, scores, notes, audit trail."""
    criteria = list(SelectionCriterion.objects.filter(bootcamp_id=application.bootcamp_id))
    scores = list(
        ApplicationScore.objects.filter(application=application).select_related("reviewer")
    )
    mine = {s.criterion_id: s.score for s in scores if s.reviewer_id == reviewer.pk}
    rows = []
    for criterion in criteria:
        given = [s for s in scores if s.criterion_id == criterion.pk]
        rows.append({
            "criterion": criterion, "mine": mine.get(criterion.pk), "scores": given,
            "average": sum(s.score for s in given) / len(given) if given else None,
        })
    average = sum(s.score for s in scores) / len(scores) if scores else None
    return {
        "criteria_rows": rows,
        "average": average,
        "notes": list(application.notes.select_related("author")),
        "events": list(application.events.select_related("actor")),
    }


def perks_overview(*, today=None) -> QuerySet[Perk]:
    """Every perk with what organisers must act on first: missing, then expiring soonest."""
    today = today or timezone.localdate()
    return Perk.objects.select_related("organisation", "bootcamp").annotate(
        is_missing=Count("pk", filter=Q(helpline_number="") | Q(helpline_provisioned_on=None)
                         | Q(licence_starts_on=None)),
        expiring=Count("pk", filter=Q(licence_ends_on__gte=today,
                                      licence_ends_on__lte=today + timedelta(days=30))),
    ).order_by("-is_missing", "-expiring", "licence_ends_on", "organisation__name")



def applications_in_progress(*, user, bootcamp=None) -> list[Application]:
    """The user's applications that are a draft or still waiting for a decision (their own
    or their organisations'), newest bootcamp first: the dashboard, home page and bootcamp
    page show them with their status. One query."""
    if not user.is_authenticated:
        return []
    # Not visible_to(): organisers see every application, but these are the user's own.
    mine = Q(applicant=user) | Q(organisation__in=Membership.objects.active().filter(
        user=user).values("organisation_id"))
    applications = Application.objects.filter(
        mine, status__in=(Application.Status.DRAFT, *Application.PENDING_STATUSES),
        bootcamp__live=True,
    ).select_related("bootcamp")
    if bootcamp is not None:
        applications = applications.filter(bootcamp=bootcamp)
    return list(applications.order_by("-bootcamp__start_date", "-pk"))


@dataclass
class BootcampListing:
    """The home page's bootcamps, grouped the way an NGO looks for them."""

    open: list  # [(bootcamp, RegistrationWindow)], the nearest deadline first
    running: list  # started and not yet over
    coming: list  # not started, applications not open (yet) or closed
    past: list


def bootcamp_listing(*, now: datetime | None = None) -> BootcampListing:
    """Every live bootcamp in one of four groups. Two queries.

    A bootcamp is over after the last day of its last stage (the follow-up comes weeks
    after the live days), or after its own last day when it has no dated stage.
    """
    from courses.models import BootcampPage, StagePage

    now = now or timezone.now()
    bootcamps = list(BootcampPage.objects.live().order_by("start_date", "pk"))
    last_day: dict[str, object] = {}
    steplen = BootcampPage.steplen
    for path, end in StagePage.objects.live().exclude(end_date=None).values_list(
            "path", "end_date"):
        parent = path[:-steplen]
        if parent not in last_day or end > last_day[parent]:
            last_day[parent] = end
    listing = BootcampListing([], [], [], [])
    for bootcamp in bootcamps:
        window = registration_window(bootcamp, now=now)
        today = timezone.localdate(now, bootcamp.tz)
        ends = max(filter(None, [bootcamp.end_date, last_day.get(bootcamp.path)]), default=None)
        # Dates first: a bootcamp that has started is not "open for applications" even
        # when it never had a deadline.
        if ends is not None and ends < today:
            listing.past.append(bootcamp)
        elif bootcamp.start_date is not None and bootcamp.start_date <= today:
            listing.running.append(bootcamp)
        elif window.is_open:
            listing.open.append((bootcamp, window))
        else:
            listing.coming.append((bootcamp, window))
    listing.open.sort(key=lambda pair: (pair[1].closes_at is None, pair[1].closes_at or now))
    listing.past.reverse()  # the most recent first
    return listing


def member_bootcamps(*, membership: Membership) -> list:
    """The bootcamps a team member is on the roster of through this organisation (what
    removing them ends), for the confirmation page. One query."""
    from courses.models import BootcampPage, RosterMember

    places = RosterMember.objects.active().filter(
        user_id=membership.user_id, enrollment__organisation_id=membership.organisation_id
    ).values("bootcamp_id")
    return list(BootcampPage.objects.filter(pk__in=places).order_by("start_date"))
