"""What a bootcamp's dashboard needs to know about its course, read once per request.

The stages, modules, sessions, assignments and certificate rule of a bootcamp, reduced to
ids and moments, so that the per-organisation aggregates (dashboards.columns) can be written as
SQL over those ids. Five queries whatever the size of the bootcamp.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from assignments.models import AssignmentPage
from certificates.eligibility import rule_for
from certificates.models import CertificateRule
from courses.models import BootcampPage, StagePage
from courses.progress import CourseOutline, course_outline
from quizzes.selectors import checked_modules


def pre_event_warning_days() -> int:
    """"No pre-event work started N days before Day 1": N (lms/settings.py), read per
    request so that a test's settings override applies."""
    return settings.DASHBOARDS_PRE_EVENT_WARNING_DAYS


def inactive_after_days() -> int:
    """"No activity in N days": N (lms/settings.py)."""
    return settings.DASHBOARDS_INACTIVE_AFTER_DAYS


@dataclass(frozen=True)
class StageFacts:
    """A live day or the follow-up, with its published sessions."""

    pk: int
    title: str
    kind: str
    session_ids: tuple[int, ...]
    ended_session_ids: tuple[int, ...]

    @property
    def key(self) -> str:
        return f"attended_{self.pk}"


@dataclass(frozen=True)
class AssignmentFacts:
    pk: int
    title: str
    for_organisation: bool
    due_at: datetime


@dataclass
class BootcampFacts:
    bootcamp: BootcampPage
    now: datetime
    rule: CertificateRule
    outline: CourseOutline
    module_ids: tuple[int, ...]
    required_module_ids: tuple[int, ...]
    pre_event_required_ids: tuple[int, ...]
    session_ids: tuple[int, ...]
    # Sessions with their start, for "attended recently" (activity).
    session_starts: dict[int, datetime]
    stages: list[StageFacts]  # live days then follow-up, in tree order
    assignments: list[AssignmentFacts]  # required for the certificate, by due date
    day_one_starts_at: datetime | None
    # Modules with a knowledge check, and those the "passed" columns and the certificate
    # rule count (the checks of required modules).
    check_ids: tuple[int, ...] = ()
    required_check_ids: tuple[int, ...] = ()
    pre_event_days: int = field(default_factory=pre_event_warning_days)
    inactive_days: int = field(default_factory=inactive_after_days)

    @property
    def live_days(self) -> list[StageFacts]:
        return [stage for stage in self.stages if stage.kind == StagePage.Kind.LIVE_DAY]

    @property
    def day_one(self) -> StageFacts | None:
        return next(iter(self.live_days), None)

    @property
    def follow_ups(self) -> list[StageFacts]:
        return [stage for stage in self.stages if stage.kind == StagePage.Kind.FOLLOW_UP]

    @property
    def pre_event_check_from(self) -> datetime | None:
        """From this moment, a participant without pre-event work is at risk."""
        if self.day_one_starts_at is None:
            return None
        return self.day_one_starts_at - timedelta(days=self.pre_event_days)

    @property
    def pre_event_check_active(self) -> bool:
        start = self.pre_event_check_from
        return bool(self.pre_event_required_ids) and start is not None and self.now >= start

    @property
    def inactive_since(self) -> datetime:
        """Participants with nothing done since this moment are inactive."""
        return self.now - timedelta(days=self.inactive_days)

    @property
    def inactivity_check_active(self) -> bool:
        # Once the last session is over there is nothing left to do: no one is "inactive".
        last = max(self.session_starts.values(), default=None)
        return last is None or self.now <= last + timedelta(days=1)

    @property
    def recent_session_ids(self) -> tuple[int, ...]:
        return tuple(pk for pk, starts in self.session_starts.items()
                     if self.inactive_since <= starts <= self.now)

    @property
    def individual_assignments(self) -> list[AssignmentFacts]:
        return [a for a in self.assignments if not a.for_organisation]

    @property
    def organisation_assignments(self) -> list[AssignmentFacts]:
        return [a for a in self.assignments if a.for_organisation]

    def overdue(self, assignments: list[AssignmentFacts]) -> list[AssignmentFacts]:
        return [a for a in assignments if a.due_at < self.now]

    def signature(self) -> tuple:
        """Everything the dashboard's SQL is built from: equal signatures, equal SQL."""
        rule = self.rule
        return (
            self.bootcamp.pk, self.bootcamp.time_zone, self.now,
            tuple((f.attname, getattr(rule, f.attname)) for f in rule._meta.concrete_fields),
            self.module_ids, self.required_module_ids, self.pre_event_required_ids,
            tuple(sorted(self.session_starts.items())), tuple(self.stages),
            tuple(self.assignments), self.day_one_starts_at, self.pre_event_days,
            self.inactive_days, self.check_ids, self.required_check_ids,
        )


def _day_one_starts(bootcamp: BootcampPage, outline, day_one) -> datetime | None:
    """Day 1's first session, else the day's (or the bootcamp's) first date at midnight."""
    if day_one is not None:
        stage = next(s for s in outline.stages if s.page.pk == day_one.pk)
        if stage.sessions:
            return min(session.starts_at for session in stage.sessions)
        if stage.page.start_date:
            return datetime.combine(stage.page.start_date, time(0), bootcamp.tz)
    if bootcamp.start_date:
        return datetime.combine(bootcamp.start_date, time(0), bootcamp.tz)
    return None


def bootcamp_facts(*, bootcamp: BootcampPage, now: datetime | None = None) -> BootcampFacts:
    """Everything about the course the dashboard's SQL needs (five queries).

    As of the minute (not the microsecond): the dashboard's figures move with the minute,
    and its compiled SQL (dashboards.compiled_query) can serve every request of that minute."""
    now = now or timezone.now().replace(second=0, microsecond=0)
    outline = course_outline(bootcamp=bootcamp)
    stages = []
    pre_event_required: list[int] = []
    for stage in outline.stages:
        if stage.page.kind == StagePage.Kind.PRE_EVENT:
            pre_event_required += stage.required_ids
        elif stage.page.kind in (StagePage.Kind.LIVE_DAY, StagePage.Kind.FOLLOW_UP):
            stages.append(StageFacts(
                pk=stage.page.pk, title=stage.page.title, kind=stage.page.kind,
                session_ids=tuple(s.pk for s in stage.sessions),
                ended_session_ids=tuple(s.pk for s in stage.sessions if s.ends_at <= now),
            ))
    assignments = [
        AssignmentFacts(pk=row["pk"], title=row["title"],
                        for_organisation=row["submission_type"]
                        == AssignmentPage.SubmissionType.ORGANISATION,
                        due_at=row["due_at"])
        for row in AssignmentPage.objects.live().descendant_of(bootcamp)
        .filter(required_for_certificate=True).order_by("due_at", "path")
        .values("pk", "title", "submission_type", "due_at")
    ]
    day_one = next((s for s in stages if s.kind == StagePage.Kind.LIVE_DAY), None)
    checks = checked_modules(bootcamp=bootcamp)
    return BootcampFacts(
        bootcamp=bootcamp,
        now=now,
        rule=rule_for(bootcamp),
        outline=outline,
        module_ids=tuple(m.pk for m in outline.modules),
        required_module_ids=tuple(outline.required_ids),
        pre_event_required_ids=tuple(pre_event_required),
        session_ids=tuple(s.pk for s in outline.sessions),
        session_starts={s.pk: s.starts_at for s in outline.sessions},
        stages=stages,
        assignments=assignments,
        day_one_starts_at=_day_one_starts(bootcamp, outline, day_one),
        check_ids=tuple(check.module_id for check in checks),
        required_check_ids=tuple(check.module_id for check in checks if check.required),
    )
