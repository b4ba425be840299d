"""Read side of assignments: who may see what, deadlines, the review queue."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from assignments.models import (
    AssignmentPage,
    Extension,
    Review,
    Submission,
    SubmissionVersion,
)
from lms.roles import is_organiser


def roster_entry(*, user, bootcamp):
    """The user's active roster entry in this bootcamp (with its organisation), or None."""
    from courses.models import RosterMember

    if not user.is_authenticated:
        return None
    return (
        RosterMember.objects.select_related("enrollment__organisation")
        .filter(user=user, bootcamp=bootcamp, removed_at__isnull=True,
                enrollment__status="active")
        .first()
    )


def is_bootcamp_trainer(*, user, bootcamp) -> bool:
    return user.is_authenticated and bootcamp.trainers.filter(pk=user.pk).exists()


def can_view_assignment(*, user, bootcamp) -> bool:
    """Assignment content is for the bootcamp's participants, its trainers and organisers."""
    if not user.is_authenticated:
        return False
    rule = getattr(bootcamp, "can_view_content", None)
    if rule is not None:
        return bool(rule(user))
    return (is_organiser(user) or is_bootcamp_trainer(user=user, bootcamp=bootcamp)
            or roster_entry(user=user, bootcamp=bootcamp) is not None)


def can_review(*, user, bootcamp) -> bool:
    return user.is_authenticated and (
        is_organiser(user) or is_bootcamp_trainer(user=user, bootcamp=bootcamp)
    )


def cutoff_for(*, assignment: AssignmentPage, user=None, organisation=None) -> datetime:
    """The last moment a submission is accepted: the latest extension granted to this
    participant or organisation, else the cut-off (or the due date when late work is not
    allowed)."""
    base = assignment.cutoff_at if assignment.late_allowed else assignment.due_at
    who = Q(organisation=organisation) if organisation is not None else Q(user=user)
    extension = Extension.objects.filter(who, assignment=assignment).order_by(
        "-granted_at").first()
    return extension.cutoff_at if extension else base


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    cutoff_at: datetime
    now: datetime

    @property
    def is_open(self) -> bool:
        return self.now <= self.cutoff_at

    @property
    def is_late(self) -> bool:
        return self.now > self.due_at

    @property
    def time_left(self):
        return self.due_at - self.now if self.now < self.due_at else None


def deadline_for(*, assignment, user=None, organisation=None, now=None) -> Deadline:
    return Deadline(
        due_at=assignment.due_at,
        cutoff_at=cutoff_for(assignment=assignment, user=user, organisation=organisation),
        now=now or timezone.now(),
    )


def with_history(queryset: QuerySet) -> QuerySet:
    """Submissions with their versions (and each version's files) and reviews prefetched."""
    return queryset.select_related(
        "assignment", "user", "organisation", "draft_updated_by"
    ).prefetch_related(
        Prefetch("versions", queryset=SubmissionVersion.objects.select_related(
            "submitted_by").prefetch_related("files")),
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer", "version")),
        "draft_files",
    )


# The queue's default: work waiting for a reviewer (handed in on time or late).
TO_REVIEW = "to_review"
TO_REVIEW_STATUSES = (Submission.Status.SUBMITTED, Submission.Status.LATE)


def review_queue(*, user, bootcamp_id=None, assignment_id=None, status=None,
                 organisation_id=None):
    """(submissions, counts per status) for the reviewer, oldest hand-in first.

    Drafts are the team's own business: the queue only has handed-in work. `status` is one
    Submission status, TO_REVIEW (submitted or late) or None for everything handed in.
    """
    base = Submission.objects.reviewable_by(user).exclude(status=Submission.Status.DRAFT)
    if bootcamp_id:
        base = base.filter(bootcamp_id=bootcamp_id)
    if assignment_id:
        base = base.filter(assignment_id=assignment_id)
    if organisation_id:
        from courses.models import RosterMember

        base = base.filter(
            Q(organisation_id=organisation_id)
            | Q(user__in=RosterMember.objects.filter(
                enrollment__organisation_id=organisation_id, removed_at__isnull=True
            ).values("user"))
        )
    counts = dict(base.order_by().values_list("status").annotate(n=Count("pk")))
    rows = base
    if status == TO_REVIEW:
        rows = rows.filter(status__in=TO_REVIEW_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    rows = rows.select_related("assignment", "user", "organisation", "bootcamp").order_by(
        "submitted_at", "pk")
    return rows, counts
