"""The dashboard's display rows: one OrganisationRow per enrolled organisation.

The values come from the SQL columns (`dashboards.columns`), a page of them through the
compiled query (`dashboards.compiled_query`); here they become what people read: the
flags with their reasons, the perk summary, the organisation certificate's state.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dashboards.columns import FLAGS, NEVER, OrganisationColumns, row_values
from dashboards.compiled_query import page_row_values
from dashboards.facts import BootcampFacts
from organisations.models import Perk


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    reason: str


@dataclass
class OrganisationRow:
    enrollment_id: int
    organisation_id: int
    name: str
    city: str
    state: str
    focus_areas: list[str]
    status: str
    roster: int
    pre_done: int
    pre_total: int
    pre_percent: float | None
    assignments_expected: int
    assignments_accepted: int
    assignments_submitted: int
    assignments_missing: int
    attendance: list[tuple[str, int]]  # (stage title, participants present)
    certified: int
    eligible: int
    not_yet: int
    organisation_certificate: str
    perks: str | None  # None: not shown to this user
    last_activity: datetime | None
    check_average: float | None = None  # None: no check answered (or none in the bootcamp)
    checks_not_passed: int = 0
    # The contributed participant counts (columns.contributed_counts), in their order.
    counts: tuple[int, ...] = ()
    flags: list[Flag] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return bool(self.flags)


ORGANISATION_CERTIFICATE = {
    2: gettext_lazy("Issued"), 1: gettext_lazy("Eligible"), 0: gettext_lazy("Not yet"),
    -1: "—",
}


def perk_summary(values: dict, today) -> str:
    """One line on an organisation's perks, from the perk_* annotations."""
    if values.get("perk_credits_granted") is None:
        return _("No perks recorded")
    perk = Perk(**{name: values[f"perk_{name}"] for name in (
        "helpline_number", "helpline_provisioned_on", "licence_starts_on", "licence_ends_on",
        "credits_granted", "credits_used")})
    perk.helpline_number = perk.helpline_number or ""
    parts = []
    missing = perk.missing()
    if missing:
        parts.append(_("Missing: %(items)s") % {"items": ", ".join(missing)})
    elif perk.licence_expiring(today):
        parts.append(_("Licence ends %(date)s") % {"date": perk.licence_ends_on.isoformat()})
    else:
        parts.append(_("Provisioned"))
    # Grouped digits, as on the organisation's own page ("12,000 used of 100,000").
    parts.append(_("credits %(used)s of %(granted)s used")
                 % {"used": intcomma(perk.credits_used),
                    "granted": intcomma(perk.credits_granted)})
    return "; ".join(parts)


def flags_for(values: dict, facts: BootcampFacts) -> list[Flag]:
    """The raised flags of a row, each with the reason people read."""
    roster = values["roster"]
    flags = []
    count = values["no_pre_event_work"]
    if count:
        flags.append(Flag("no_pre_event_work", str(FLAGS["no_pre_event_work"]), ngettext(
            "%(count)d of %(roster)d participants has not started the pre-event work "
            "(Day 1 is on %(day)s)",
            "%(count)d of %(roster)d participants have not started the pre-event work "
            "(Day 1 is on %(day)s)", count) % {
            "count": count, "roster": roster,
            "day": facts.bootcamp.local(facts.day_one_starts_at).date().isoformat()}))
    count = values["overdue_missing"]
    if count:
        titles = ", ".join(f"“{a.title}”" for a in facts.overdue(facts.assignments))
        flags.append(Flag("overdue_assignment", str(FLAGS["overdue_assignment"]), ngettext(
            "%(count)d submission past its due date is missing (%(titles)s)",
            "%(count)d submissions past their due date are missing (%(titles)s)", count)
            % {"count": count, "titles": titles}))
    count = values["absent_day_one"]
    if count:
        flags.append(Flag("absent_day_one", str(FLAGS["absent_day_one"]), ngettext(
            "%(count)d of %(roster)d participants attended no %(day)s session",
            "%(count)d of %(roster)d participants attended no %(day)s session", count)
            % {"count": count, "roster": roster, "day": facts.day_one.title}))
    count = values["inactive"]
    if count:
        flags.append(Flag("inactive", str(FLAGS["inactive"]), ngettext(
            "%(count)d of %(roster)d participants did nothing in the last %(days)d days",
            "%(count)d of %(roster)d participants did nothing in the last %(days)d days",
            count) % {"count": count, "roster": roster, "days": facts.inactive_days}))
    return flags




def to_row(values: dict, facts: BootcampFacts, *, perks: bool,
           last: datetime | None, counts: tuple[int, ...] = ()) -> OrganisationRow:
    roster = values["roster"]
    pre_total = roster * len(facts.pre_event_required_ids)
    individual = len(facts.individual_assignments)
    expected = roster * individual + len(facts.organisation_assignments)
    return OrganisationRow(
        enrollment_id=values["pk"],
        organisation_id=values["organisation_id"],
        name=values["organisation__name"],
        city=values["organisation__city"],
        state=values["organisation__state"],
        focus_areas=list(values["organisation__focus_areas"] or []),
        status=values["status"],
        roster=roster,
        pre_done=values["pre_done"],
        pre_total=pre_total,
        pre_percent=100 * values["pre_done"] / pre_total if pre_total else None,
        assignments_expected=expected,
        assignments_accepted=values["assignments_accepted"],
        assignments_submitted=values["assignments_submitted"],
        assignments_missing=expected - values["assignments_submitted"],
        attendance=[(stage.title, values[stage.key]) for stage in facts.stages],
        certified=values["certified"],
        eligible=values["eligible"],
        not_yet=roster - values["certified"] - values["eligible"],
        organisation_certificate=str(ORGANISATION_CERTIFICATE[values["organisation_certificate"]]),
        perks=perk_summary(values, facts.now.date()) if perks else None,
        last_activity=last,
        check_average=values["check_average"],
        checks_not_passed=values["checks_not_passed"],
        counts=counts,
        flags=flags_for(values, facts),
    )


def _rows(columns: OrganisationColumns, values_list: list[dict], perks: bool):
    return [to_row(values, columns.facts, perks=perks,
                   last=None if values["last_activity"] == NEVER else values["last_activity"],
                   counts=tuple(values[count["name"]] for count in columns.contributed))
            for values in values_list]


def organisation_rows(columns: OrganisationColumns, enrollment_ids: Iterable[int], *,
                      perks: bool = True) -> list[OrganisationRow]:
    """Full rows for these enrollments (one query), in the order of the ids given."""
    ids = list(enrollment_ids)
    values = page_row_values(columns, ids, perks=perks)
    by_id = {row.enrollment_id: row for row in _rows(columns, values, perks)}
    return [by_id[pk] for pk in ids if pk in by_id]


def iter_rows(columns: OrganisationColumns, enrollments, *, perks: bool,
              chunk: int = 500) -> Iterator[OrganisationRow]:
    """Every row of an (ordered, filtered) Enrollment queryset, streamed in chunks."""
    iterator = row_values(columns, enrollments, perks=perks)
    while values := list(islice(iterator, chunk)):
        yield from _rows(columns, values, perks)
