"""Reads for the organisers' certificates page: the roster filtered by certificate state."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from certificates.eligibility import Eligibility, participant_eligibility
from certificates.models import Certificate
from courses.models import BootcampPage, RosterMember

# Filter values of the page (?status=…), in the order the page offers them.
ELIGIBLE, NOT_ELIGIBLE, ISSUED, REVOKED = "eligible", "not_eligible", "issued", "revoked"
STATUSES = (ELIGIBLE, NOT_ELIGIBLE, ISSUED, REVOKED)


@dataclass
class FilteredRoster:
    entries: list[RosterMember] | QuerySet
    # Eligibility already computed for the filter (eligible / not eligible), by user id.
    eligibility: dict[int, Eligibility] | None = None


def certificate_roster(
    *, bootcamp: BootcampPage, status: str = "", query: str = "", rule=None
) -> FilteredRoster:
    """The bootcamp's active roster, ordered by organisation then name, narrowed by `query`
    (name, email or organisation) and by certificate `status`:

    issued — holds a valid certificate; revoked — has certificates, none valid;
    eligible / not_eligible — holds no certificate at all and is (not yet) eligible.
    The last two need eligibility for every candidate, computed in bulk (constant queries).
    """
    roster = (
        RosterMember.objects.filter(bootcamp_id=bootcamp.pk, removed_at__isnull=True)
        .select_related("user", "enrollment__organisation")
        .order_by("enrollment__organisation__name", "user__last_name", "user__email")
    )
    query = query.strip()
    if query:
        roster = roster.filter(
            Q(user__first_name__icontains=query) | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(enrollment__organisation__name__icontains=query)
        )
    certificates = Certificate.objects.filter(
        kind=Certificate.Kind.PARTICIPANT, bootcamp_id=bootcamp.pk, user_id=OuterRef("user_id"))
    if status == ISSUED:
        return FilteredRoster(roster.filter(Exists(certificates.valid())))
    if status == REVOKED:
        return FilteredRoster(
            roster.filter(Exists(certificates)).exclude(Exists(certificates.valid())))
    if status in (ELIGIBLE, NOT_ELIGIBLE):
        candidates = list(roster.exclude(Exists(certificates)))
        eligibility = participant_eligibility(
            bootcamp=bootcamp, user_ids=[entry.user_id for entry in candidates], rule=rule)
        wanted = status == ELIGIBLE
        return FilteredRoster(
            [entry for entry in candidates if eligibility[entry.user_id].eligible == wanted],
            eligibility)
    return FilteredRoster(roster)
