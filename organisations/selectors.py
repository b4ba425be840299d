"""Reads of the organisations app: pages' data and review listings.

The registration window is a rule of the bootcamp: `courses.registration`.
"""

from datetime import timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from courses.models import Enrollment
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


def organisation_page(*, organisation: Organisation) -> dict:
    """Everything an organisation's page shows: a constant number of queries whatever the
    size of the team or the courses (a few more per bootcamp the organisation takes part in)."""

    memberships = list(
        Membership.objects.active().filter(organisation=organisation).select_related("user")
        .order_by("-role", "user__email")
    )
    enrollments = list(
        Enrollment.objects.filter(organisation=organisation).select_related("bootcamp")
        .order_by("-created_at")
    )
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

