"""Reads of the organisations app: pages' data and review listings.

The registration window is a rule of the bootcamp: `courses.registration`.
"""


from django.db.models import Avg, Count, Q, QuerySet

from courses.models import BootcampPage, Enrollment, RosterMember
from courses.progress import organisation_progress
from organisations.models import (
    Application,
    ApplicationScore,
    Invitation,
    Membership,
    Organisation,
    Perk,
    SelectionCriterion,
)


def organisation_page(*, organisation: Organisation, trainer_only: bool = False,
                      viewer=None) -> dict:
    """Everything an organisation's page shows: a constant number of queries whatever the
    size of the team or the courses (a few more per bootcamp the organisation takes part in).

    `trainer_only`: the viewer sees the page only as a trainer of some of its bootcamps
    (`viewer`), so it shows those bootcamps and the team, never applications, invitations
    or perks of other bootcamps."""

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
    return Perk.objects.with_status(today).select_related("organisation", "bootcamp").order_by(
        "-is_missing", "-is_expiring", "licence_ends_on", "organisation__name")



def applications_in_progress(*, user, bootcamp=None) -> list[Application]:
    """The user's applications that are a draft or still waiting for a decision (their own
    or their organisations'), newest bootcamp first: the dashboard, home page and bootcamp
    page show them with their status (organisations/includes/application_status.html:
    the fields loaded are the ones it shows). One query, two when there are some: most
    people asking have none, and selecting the wide bootcamp rows costs more than the rest."""
    if not user.is_authenticated:
        return []
    # Not visible_to(): organisers see every application, but these are the user's own.
    mine = Q(applicant=user) | Q(organisation__in=Membership.objects.active().filter(
        user=user).values("organisation_id"))
    applications = Application.objects.filter(
        mine, status__in=(Application.Status.DRAFT, *Application.PENDING_STATUSES),
        bootcamp__live=True,
    ).only("pk", "status", "bootcamp_id").prefetch_related("bootcamp")
    if bootcamp is not None:
        applications = applications.filter(bootcamp=bootcamp)
    return list(applications.order_by("-bootcamp__start_date", "-pk"))


def member_bootcamps(*, membership: Membership) -> list:
    """The bootcamps a team member is on the roster of through this organisation (what
    removing them ends), for the confirmation page. One query."""

    places = RosterMember.objects.active().filter(
        user_id=membership.user_id, enrollment__organisation_id=membership.organisation_id
    ).values("bootcamp_id")
    return list(BootcampPage.objects.filter(pk__in=places).order_by("start_date"))
