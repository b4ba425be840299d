"""Assignments' part of the progress read-model (registered with courses.progress).

Three queries whatever the number of users or assignments: the bootcamp's assignments,
the users' roster entries (for their organisation), and the matching submissions.
"""

from dataclasses import dataclass

from django.db.models import Q

from assignments.models import AssignmentPage, Submission
from courses import tree_cache
from courses.models import RosterMember

NOT_STARTED = "not_started"
HANDED_IN = ("submitted", "late", "needs_revision", "accepted")


@dataclass(frozen=True)
class AssignmentState:
    assignment_id: int
    title: str
    required: bool
    status: str  # "not_started", "draft", "submitted", "late", "needs_revision", "accepted"


@dataclass(frozen=True)
class AssignmentProgress:
    items: tuple[AssignmentState, ...]

    @property
    def required_items(self) -> tuple[AssignmentState, ...]:
        return tuple(item for item in self.items if item.required)

    @property
    def required_total(self) -> int:
        return len(self.required_items)

    @property
    def required_accepted(self) -> int:
        return sum(1 for item in self.required_items if item.status == "accepted")

    @property
    def required_submitted(self) -> int:
        return sum(1 for item in self.required_items if item.status in HANDED_IN)

    @property
    def missing(self) -> tuple[AssignmentState, ...]:
        return tuple(item for item in self.required_items if item.status != "accepted")

    @property
    def percent(self) -> int:
        total = self.required_total
        return round(100 * self.required_accepted / total) if total else 100


def assignment_progress(*, bootcamp, user_ids) -> dict[int, AssignmentProgress]:
    """Each user's state on every live assignment of the bootcamp.

    An organisation assignment's submission counts for every active roster member of
    that organisation in this bootcamp.
    """

    ids = list(user_ids)
    # The same for everyone: once per version of the bootcamp's tree (shared: read-only).
    assignments = tree_cache.remembered("assignments", bootcamp, lambda: list(
        AssignmentPage.objects.live().descendant_of(bootcamp)
        .order_by("due_at", "path")
        .values("pk", "title", "required_for_certificate", "submission_type")
    ))
    if not ids:
        return {}
    organisation_of = dict(
        RosterMember.objects.active().filter(bootcamp=bootcamp, user_id__in_ids=ids)
        .values_list("user_id", "enrollment__organisation_id")
    )
    status_by_key: dict[tuple, str] = {}
    if assignments:
        rows = Submission.objects.filter(
            Q(user_id__in_ids=ids) | Q(organisation_id__in_ids=set(organisation_of.values())),
            assignment_id__in=[a["pk"] for a in assignments],
        ).values_list("assignment_id", "user_id", "organisation_id", "status")
        for assignment_id, user_id, organisation_id, status in rows:
            key = ("org", organisation_id) if organisation_id else ("user", user_id)
            status_by_key[(assignment_id, *key)] = status
    organisation_type = AssignmentPage.SubmissionType.ORGANISATION
    # States are immutable and depend only on (assignment, status): one object for each
    # pair, shared by everyone in it, keeps a 40,000-participant export cheap.
    states: dict[tuple[int, str], AssignmentState] = {}

    def state(assignment: dict, status: str) -> AssignmentState:
        if (assignment["pk"], status) not in states:
            states[assignment["pk"], status] = AssignmentState(
                assignment_id=assignment["pk"], title=assignment["title"],
                required=assignment["required_for_certificate"], status=status)
        return states[assignment["pk"], status]

    result = {}
    for user_id in ids:
        items = []
        for assignment in assignments:
            if assignment["submission_type"] == organisation_type:
                key = (assignment["pk"], "org", organisation_of.get(user_id))
            else:
                key = (assignment["pk"], "user", user_id)
            items.append(state(assignment, status_by_key.get(key, NOT_STARTED)))
        result[user_id] = AssignmentProgress(items=tuple(items))
    return result
