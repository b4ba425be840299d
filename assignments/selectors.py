"""Read side of assignments: who may see what, deadlines, the review queue."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from assignments.submissions import (
    Extension,
    Review,
    Submission,
    SubmissionVersion,
)
from courses.models import RosterMember
from lms.roles import is_organiser
from organisations.models import Membership, Organisation


def roster_entry(*, user, bootcamp):
    """The user's active roster entry in this bootcamp (with its organisation), or None."""

    if not user.is_authenticated:
        return None
    return (
        RosterMember.objects.active().select_related("enrollment__organisation")
        .filter(user=user, bootcamp=bootcamp)
        .first()
    )


def can_review(*, user, bootcamp) -> bool:
    return user.is_authenticated and (
        is_organiser(user) or bootcamp.is_trainer(user)
    )


def cutoff_for(*, assignment, user=None, organisation=None) -> datetime:
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


@dataclass(frozen=True)
class SubmissionRights:
    """What one user may do with their own (or their team's) submission to one assignment:
    the answer the assignment page, its template and `services.submit` share.

    healthchecks' `(check, rw)` from one helper: the page shows the buttons these allow,
    and the services refuse what they don't, with the same rule.
    """

    entry: RosterMember | None  # the user's active roster place (None: not taking part)
    organisation: Organisation | None  # the team owning a team assignment's submission
    submission: Submission | None
    deadline: Deadline
    # An individual assignment's participant, or the lead of the team (members edit the
    # team's draft; the lead hands it in).
    may_hand_in: bool

    @property
    def can_edit(self) -> bool:
        """May change the draft: anyone taking part, until the work is accepted."""
        return self.entry is not None and not (self.submission and self.submission.is_final)

    @property
    def can_submit(self) -> bool:
        """May press Submit (the cut-off is the deadline's, shown and checked apart)."""
        return self.can_edit and self.may_hand_in


def submission_rights(*, assignment, user, now: datetime | None = None,
                      history: bool = False) -> SubmissionRights:
    """The rights of `user` on `assignment` (an AssignmentPage). `history` prefetches the
    submission's versions, files and reviews, for the page that lists them."""
    entry = roster_entry(user=user, bootcamp=assignment.get_bootcamp())
    organisation = entry.enrollment.organisation if entry and assignment.is_organisation else None
    submission = None
    if entry is not None:
        owner = {"organisation": organisation} if assignment.is_organisation else {"user": user}
        submissions = Submission.objects.filter(assignment=assignment, **owner)
        submission = (with_history(submissions) if history else submissions).first()
    if assignment.is_organisation:
        may_hand_in = organisation is not None and Membership.objects.leads(
            organisation).filter(user=user).exists()
    else:
        may_hand_in = entry is not None
    deadline = deadline_for(assignment=assignment,
                            user=None if assignment.is_organisation else user,
                            organisation=organisation, now=now)
    return SubmissionRights(entry=entry, organisation=organisation, submission=submission,
                            deadline=deadline, may_hand_in=may_hand_in)


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

        base = base.filter(
            Q(organisation_id=organisation_id)
            | Q(user__in=RosterMember.objects.active().filter(
                enrollment__organisation_id=organisation_id).values("user"))
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
