"""The dashboard table's columns: one SQL expression per column over an Enrollment.

Every column is a SQL expression over an Enrollment (correlated subqueries through its
roster), so sorting, filtering by an at-risk flag and paginating 10,000 organisations
happen in the database. A page is built in two steps: the ordered, filtered page of
enrollment ids (only the expressions that sort or filter are computed), then every column
for the ≤ 50 ids of that page — a constant number of queries whatever the number of
organisations. Turning the values into display rows is `dashboards.rows`; reusing the
compiled page query is `dashboards.compiled_query`.

The participant-level rules (eligibility, flags) are the same as the read-model's
(certificates.eligibility, assignments.progress); tests/dashboards/test_rows.py checks the
SQL against those functions on the same facts so the two cannot drift apart silently.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy
from wagtail import hooks

from assignments.models import Submission, SubmissionVersion
from attendance.models import ATTENDED, AttendanceRecord, Status
from certificates.models import Certificate, CertificateRule
from courses.models import ModuleCompletion, RosterMember
from dashboards.facts import BootcampFacts
from organisations.models import Perk
from quizzes.models import Attempt

HANDED_IN = (
    Submission.Status.SUBMITTED, Submission.Status.LATE, Submission.Status.NEEDS_REVISION,
    Submission.Status.ACCEPTED,
)
# SQLite's MAX(a, b) is NULL when any argument is: missing moments become this instead.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)

FLAGS = {
    "no_pre_event_work": gettext_lazy("No pre-event work started"),
    "overdue_assignment": gettext_lazy("Required assignment missing after its due date"),
    "absent_day_one": gettext_lazy("Absent on Day 1"),
    "inactive": gettext_lazy("No activity in 14 days"),
}


# Participant counts contributed by apps that dashboards may not import (notifications is
# in its layer): each hook returns {"name", "label", "help", "users"}, `users(bootcamp, now)`
# being a queryset with one row per participant counted and a `user` field. Each becomes a
# column counting the organisation's roster among them.
PARTICIPANT_COUNT_HOOK = "register_dashboard_participant_count"


def contributed_counts() -> list[dict]:
    return [register() for register in hooks.get_hooks(PARTICIPANT_COUNT_HOOK)]


def count_of(queryset) -> Coalesce:
    """COUNT(*) of a correlated queryset, as a scalar subquery (0 when empty)."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def latest_of(queryset, field_name: str) -> Coalesce:
    """MAX(field) of a correlated queryset, NEVER when empty."""
    latest = queryset.order_by().annotate(_m=Func(F(field_name), function="MAX")).values("_m")
    return Coalesce(Subquery(latest), Value(NEVER))


# Per enrollment row: its places not removed (placed()). A withdrawn enrollment, shown when
# organisers filter for it, keeps the roster it had; its status is a column of its own.
def _roster():
    return RosterMember.objects.placed().filter(enrollment=OuterRef("pk"))


def _on_roster(field_name: str = "user") -> dict:
    """A lookup keeping the facts whose `field_name` (a user) is on the outer enrollment's
    active roster. Written as `IN (roster of this enrollment)` so that databases start from
    the few roster rows and use the facts' user index, rather than scanning every fact of
    the bootcamp for each organisation."""
    roster = RosterMember.objects.placed().filter(
        enrollment=OuterRef(OuterRef("pk"))).values("user_id")
    return {f"{field_name}__in": roster}


def _zero() -> Value:
    return Value(0, output_field=IntegerField())


class OrganisationColumns:
    """The SQL expressions of one bootcamp's table, built from its BootcampFacts.

    `expression(name)` returns a column's expression; expressions that use others are
    composed from them (the database sees one expression per column).
    """

    def __init__(self, facts: BootcampFacts):
        self.facts = facts
        self.bootcamp = facts.bootcamp
        self._builders: dict[str, Callable] = {
            "roster": self._roster_count,
            "pre_done": self._pre_done,
            "pre_started": self._pre_started,
            "pre_percent": self._pre_percent,
            "assignments_expected": self._assignments_expected,
            "assignments_accepted": lambda: self._handed_in(("accepted",), self.facts.assignments),
            "assignments_submitted": lambda: self._handed_in(HANDED_IN, self.facts.assignments),
            "assignments_missing": self._assignments_missing,
            "overdue_missing": self._overdue_missing,
            "certified": self._certified,
            "eligible": self._eligible,
            "not_yet": self._not_yet,
            "organisation_certificate": self._organisation_certificate,
            "perk_rank": self._perk_rank,
            "last_activity": self._last_activity,
            "no_pre_event_work": self._no_pre_event_work,
            "absent_day_one": self._absent_day_one,
            "inactive": self._inactive,
            "overdue_assignment": lambda: self.expression("overdue_missing"),
            "risk": self._risk,
            "check_average": self._check_average,
            "checks_not_passed": self._checks_not_passed,
        }
        for stage in facts.stages:
            self._builders[stage.key] = self._attended_builder(stage.session_ids)
        self.contributed = contributed_counts()
        for count in self.contributed:
            self._builders[count["name"]] = self._contributed_builder(count["users"])
        self._cache: dict[str, object] = {}

    @property
    def names(self) -> list[str]:
        return list(self._builders)

    def expression(self, name: str):
        if name not in self._cache:
            self._cache[name] = self._builders[name]()
        return self._cache[name]

    # --- modules -------------------------------------------------------------------------

    def _roster_count(self):
        return count_of(_roster())

    def _pre_done(self):
        ids = self.facts.pre_event_required_ids
        if not ids:
            return _zero()
        return count_of(ModuleCompletion.objects.filter(module_id__in=ids, **_on_roster()))

    def _pre_started(self):
        ids = self.facts.pre_event_required_ids
        if not ids:
            return _zero()
        started = ModuleCompletion.objects.filter(user=OuterRef("user"), module_id__in=ids)
        return count_of(_roster().filter(Exists(started)))

    def _pre_percent(self):
        total = len(self.facts.pre_event_required_ids)
        if not total:
            return Value(None, output_field=FloatField())
        return ExpressionWrapper(
            self.expression("pre_done") * 100.0 / NullIf(self.expression("roster") * total, 0),
            output_field=FloatField(),
        )

    # --- knowledge checks ----------------------------------------------------------------

    def _check_average(self):
        """The mean best score (%) of the roster's participants over the checks they
        answered: one value per (participant, check), its best attempt (the earliest of
        equal ones), as quizzes.selectors.check_progress's best_percent. NULL: none."""
        ids = self.facts.check_ids
        if not ids:
            return Value(None, output_field=FloatField())
        percent = F("correct") * 100 / F("total")
        better = Attempt.objects.annotate(_p=percent).filter(
            user=OuterRef("user"), module=OuterRef("module")).filter(
            Q(_p__gt=OuterRef("_p")) | Q(_p=OuterRef("_p"), pk__lt=OuterRef("pk")))
        best = Attempt.objects.filter(module_id__in=ids, **_on_roster()).annotate(
            _p=percent).exclude(Exists(better))
        average = best.order_by().annotate(
            _avg=Func(ExpressionWrapper(F("_p") * 1.0, output_field=FloatField()),
                      function="AVG")).values("_avg")
        return Subquery(average[:1], output_field=FloatField())

    def passed_all_checks(self, roster):
        """The roster entries that passed every counted knowledge check (the rule of
        quizzes.selectors.CheckProgress.missing)."""
        for module_id in self.facts.required_check_ids:
            roster = roster.filter(Exists(Attempt.objects.filter(
                user=OuterRef("user"), module_id=module_id, passed=True)))
        return roster

    def _checks_not_passed(self):
        if not self.facts.required_check_ids:
            return _zero()
        return self.expression("roster") - count_of(self.passed_all_checks(_roster()))

    def _contributed_builder(self, users: Callable) -> Callable:
        def build():
            return count_of(users(self.bootcamp, self.facts.now).filter(**_on_roster()))

        return build

    # --- attendance ----------------------------------------------------------------------

    def _attended_builder(self, session_ids: tuple[int, ...]) -> Callable:
        def build():
            if not session_ids:
                return _zero()
            attended = AttendanceRecord.objects.filter(
                user=OuterRef("user"), session_id__in=session_ids, status__in=ATTENDED)
            return count_of(_roster().filter(Exists(attended)))

        return build

    # --- assignments ---------------------------------------------------------------------

    def _handed_in(self, statuses, assignments):
        """Submissions in `statuses` for these assignments: the roster's individual ones
        plus the organisation's own."""
        individual = [a.pk for a in assignments if not a.for_organisation]
        team = [a.pk for a in assignments if a.for_organisation]
        total = _zero()
        if individual:
            total = total + count_of(Submission.objects.filter(
                assignment_id__in=individual, status__in=statuses, **_on_roster()))
        if team:
            total = total + count_of(Submission.objects.filter(
                assignment_id__in=team, status__in=statuses,
                organisation=OuterRef("organisation_id")))
        return total

    def _expected(self, assignments):
        individual = sum(1 for a in assignments if not a.for_organisation)
        team = sum(1 for a in assignments if a.for_organisation)
        return self.expression("roster") * individual + Value(team)

    def _assignments_expected(self):
        return self._expected(self.facts.assignments)

    def _assignments_missing(self):
        return self.expression("assignments_expected") - self.expression("assignments_submitted")

    def _overdue_missing(self):
        overdue = self.facts.overdue(self.facts.assignments)
        if not overdue:
            return _zero()
        return self._expected(overdue) - self._handed_in(HANDED_IN, overdue)

    # --- certificates --------------------------------------------------------------------

    def _valid_certificates(self):
        return Certificate.objects.filter(
            kind=Certificate.Kind.PARTICIPANT, bootcamp_id=self.bootcamp.pk,
            revoked_at__isnull=True)

    def _certified(self):
        return count_of(self._valid_certificates().filter(**_on_roster()))

    def eligible_roster(self, roster):
        """The roster entries (a RosterMember queryset) meeting the participant rule.

        Mirrors certificates.eligibility.participant_eligibility in SQL.
        """
        facts, rule = self.facts, self.facts.rule
        user = OuterRef("user")
        if rule.require_modules and facts.required_module_ids:
            roster = roster.annotate(_modules=count_of(ModuleCompletion.objects.filter(
                user=user, module_id__in=facts.required_module_ids,
            ))).filter(_modules=len(facts.required_module_ids))
        if rule.require_assignments and facts.assignments:
            accepted = Submission.objects.filter(status=Submission.Status.ACCEPTED)
            individual = [a.pk for a in facts.individual_assignments]
            team = [a.pk for a in facts.organisation_assignments]
            roster = roster.annotate(
                _accepted_own=count_of(accepted.filter(user=user, assignment_id__in=individual))
                if individual else _zero(),
                _accepted_team=count_of(accepted.filter(
                    organisation=OuterRef("enrollment__organisation_id"),
                    assignment_id__in=team)) if team else _zero(),
            ).filter(_accepted_own=len(individual), _accepted_team=len(team))
        if rule.require_knowledge_checks:
            roster = self.passed_all_checks(roster)
        attended = AttendanceRecord.objects.filter(user=user, status__in=ATTENDED)
        if rule.sessions == CertificateRule.Sessions.ALL and facts.session_ids:
            roster = roster.annotate(_attended=count_of(attended.filter(
                session_id__in=facts.session_ids))).filter(_attended=len(facts.session_ids))
        elif rule.sessions == CertificateRule.Sessions.EACH_LIVE_DAY:
            for stage in facts.live_days:
                if stage.session_ids:
                    roster = roster.filter(Exists(attended.filter(
                        session_id__in=stage.session_ids)))
        elif rule.sessions == CertificateRule.Sessions.AT_LEAST:
            roster = roster.annotate(_attended=count_of(attended.filter(
                session_id__in=facts.session_ids))).filter(_attended__gte=rule.minimum_sessions)
        return roster

    def _eligible(self):
        """Eligible for a participant certificate but not (validly) holding one."""
        holding = self._valid_certificates().filter(user=OuterRef("user"))
        return count_of(self.eligible_roster(_roster()).exclude(Exists(holding)))

    def _not_yet(self):
        return (self.expression("roster") - self.expression("certified")
                - self.expression("eligible"))

    def _organisation_eligible(self) -> Q | None:
        """None when the bootcamp gives no organisation certificates; otherwise a condition
        mirroring certificates.eligibility.organisation_eligibility."""
        facts, rule = self.facts, self.facts.rule
        if not rule.organisation_certificates:
            return None
        condition = Q(Exists(_roster()))
        if rule.organisation_require_assignments:
            accepted = Submission.objects.filter(status=Submission.Status.ACCEPTED)
            for assignment in facts.assignments:
                if assignment.for_organisation:
                    condition &= Q(Exists(accepted.filter(
                        assignment_id=assignment.pk, organisation=OuterRef("organisation_id"))))
                else:
                    condition &= Q(Exists(accepted.filter(
                        assignment_id=assignment.pk, **_on_roster())))
        wanted = []
        if rule.organisation_require_each_live_day:
            wanted += facts.live_days
        if rule.organisation_require_follow_up:
            wanted += facts.follow_ups
        for stage in wanted:
            if stage.session_ids:
                attended = AttendanceRecord.objects.filter(
                    session_id__in=stage.session_ids, status__in=ATTENDED, **_on_roster())
                condition &= Q(Exists(attended))
        return condition

    def _organisation_certificate(self):
        """2: issued, 1: eligible, 0: not yet, -1: the bootcamp gives none."""
        issued = Certificate.objects.filter(
            kind=Certificate.Kind.ORGANISATION, bootcamp_id=self.bootcamp.pk,
            organisation=OuterRef("organisation_id"), revoked_at__isnull=True)
        eligible = self._organisation_eligible()
        whens = [When(Exists(issued), then=Value(2))]
        if eligible is None:
            return Case(*whens, default=Value(-1), output_field=IntegerField())
        return Case(*whens, When(eligible, then=Value(1)), default=Value(0),
                    output_field=IntegerField())

    # --- perks ---------------------------------------------------------------------------

    def perk(self) -> Perk:
        return Perk.objects.filter(organisation=OuterRef("organisation_id"),
                                   bootcamp_id=self.bootcamp.pk)

    PERK_FIELDS = ("helpline_number", "helpline_provisioned_on", "licence_starts_on",
                   "licence_ends_on", "credits_granted", "credits_used")

    def with_perk(self, queryset):
        """`queryset` joined (LEFT JOIN) to the organisation's perk in this bootcamp."""
        return queryset.annotate(this_perk=FilteredRelation(
            "organisation__perks",
            condition=Q(organisation__perks__bootcamp_id=self.bootcamp.pk)))

    def _perk_rank(self):
        """0: no perk record, 1: something missing, 2: licence ending within
        LICENCE_WARNING_DAYS, 3: ok (PerkQuerySet's status, as Perk.missing() and
        Perk.licence_expiring() say it)."""
        perk = self.perk()
        return Case(
            When(~Exists(perk), then=Value(0)),
            When(Exists(perk.missing()), then=Value(1)),
            When(Exists(perk.licence_expiring(self.facts.now.date())), then=Value(2)),
            default=Value(3), output_field=IntegerField(),
        )

    # --- activity ------------------------------------------------------------------------

    def _activity_sources(self, user_lookup: dict, since: datetime | None = None):
        """(queryset, moment field) of everything a participant does in this bootcamp."""
        facts = self.facts
        after = (lambda name: {f"{name}__gte": since}) if since else (lambda name: {})
        sources = []
        if facts.module_ids:
            sources.append((ModuleCompletion.objects.filter(
                module_id__in=facts.module_ids, **after("completed_at"),
                **user_lookup("user")), "completed_at"))
        sources.append((SubmissionVersion.objects.filter(
            submission__bootcamp_id=self.bootcamp.pk, **after("submitted_at"),
            **user_lookup("submitted_by")), "submitted_at"))
        sources.append((Submission.objects.filter(
            bootcamp_id=self.bootcamp.pk, **after("draft_updated_at"),
            **user_lookup("draft_updated_by")), "draft_updated_at"))
        if since:
            recent = facts.recent_session_ids
            if recent:
                sources.append((AttendanceRecord.objects.filter(
                    session_id__in=recent, status__in=ATTENDED, **user_lookup("user")),
                    "session__starts_at"))
        else:
            sources.append((AttendanceRecord.objects.filter(
                bootcamp_id=self.bootcamp.pk, status__in=ATTENDED,
                session__starts_at__lte=facts.now, **user_lookup("user")),
                "session__starts_at"))
        return sources

    def _last_activity(self):
        return Greatest(*[latest_of(queryset, moment) for queryset, moment
                          in self._activity_sources(_on_roster)], Value(NEVER))

    def _inactive(self):
        """Participants on the roster for 14 days who did nothing in the last 14 days."""
        facts = self.facts
        if not facts.inactivity_check_active:
            return _zero()
        since = facts.inactive_since

        def by_user(name):
            return {name: OuterRef("user")}

        roster = _roster().filter(added_at__lt=since)
        for queryset, _moment in self._activity_sources(by_user, since=since):
            roster = roster.exclude(Exists(queryset))
        return count_of(roster)

    # --- flags ---------------------------------------------------------------------------

    def _no_pre_event_work(self):
        if not self.facts.pre_event_check_active:
            return _zero()
        return self.expression("roster") - self.expression("pre_started")

    def _absent_day_one(self):
        day_one = self.facts.day_one
        if day_one is None or not day_one.ended_session_ids:
            return _zero()
        accounted = AttendanceRecord.objects.filter(
            user=OuterRef("user"), session_id__in=day_one.ended_session_ids,
            status__in=(*ATTENDED, Status.EXCUSED))
        return count_of(_roster().exclude(Exists(accounted)))

    def _risk(self):
        """How many of the four flags are raised (for sorting by risk)."""
        total = _zero()
        for name in FLAGS:
            total = total + Case(When(GreaterThan(self.expression(name), 0), then=Value(1)),
                                 default=Value(0), output_field=IntegerField())
        return total

    def with_flags(self, queryset):
        """`queryset` with the four flag counts as aliases (usable in filters)."""
        return queryset.alias(**{f"flag_{name}": self.expression(name) for name in FLAGS})


# Fetched for display; the others (percent, expected, missing, not yet) are arithmetic on
# these, done in Python rather than computing the same subqueries twice.
ROW_COLUMNS = [
    "roster", "pre_done", "assignments_accepted", "assignments_submitted", "overdue_missing",
    "certified", "eligible", "organisation_certificate", "no_pre_event_work",
    "absent_day_one", "inactive", "last_activity", "check_average", "checks_not_passed",
]


def _row_queryset(columns: OrganisationColumns, enrollments, *, perks: bool):
    names = (ROW_COLUMNS + [stage.key for stage in columns.facts.stages]
             + [count["name"] for count in columns.contributed])
    annotations = {name: columns.expression(name) for name in names}
    perk_fields = []
    if perks:
        enrollments = columns.with_perk(enrollments)
        perk_fields = [f"this_perk__{name}" for name in columns.PERK_FIELDS]
    # Prefixed: some column names ("roster") are also names of Enrollment's relations.
    return enrollments.annotate(**{f"c_{k}": v for k, v in annotations.items()}).values(
        "pk", "status", "organisation_id", "organisation__name", "organisation__city",
        "organisation__state", "organisation__focus_areas", *perk_fields,
        *(f"c_{name}" for name in annotations))


def _as_row_dict(values: dict) -> dict:
    return {key.removeprefix("c_").replace("this_perk__", "perk_"): value
            for key, value in values.items()}


def row_values(columns: OrganisationColumns, enrollments, *, perks: bool = True
               ) -> Iterator[dict]:
    """An Enrollment queryset → dicts with every column (iterated in chunks)."""
    queryset = _row_queryset(columns, enrollments, perks=perks)
    for values in queryset.iterator(chunk_size=500):
        yield _as_row_dict(values)

