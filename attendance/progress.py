"""Attendance in the progress read-model: computed from records in bulk, never stored.

Registered with courses.progress as the "attendance" source (see AttendanceConfig.ready).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from attendance.models import ATTENDED, AttendanceRecord, Status, policy_of, rules_for
from courses import tree_cache
from courses.models import BootcampPage, LiveSessionPage, StagePage


@dataclass(frozen=True)
class SessionAttendance:
    session_id: int
    title: str
    stage_id: int
    stage_title: str
    stage_kind: str
    starts_at: datetime
    status: str | None  # "present", "late", "partial", "absent", "excused"; None: no record
    # Extra (defaulted, so the seven-field shape above stays as it is): whether self
    # check-in is open now, for the dashboard's check-in link.
    check_in_open: bool = False

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED

    @property
    def upcoming(self) -> bool:
        """Not started yet and nothing recorded: the dashboard says "Upcoming", not "Not
        recorded" (which reads like an absence)."""
        return self.status is None and self.starts_at > timezone.now()


@dataclass(frozen=True)
class AttendanceProgress:
    sessions: tuple[SessionAttendance, ...]

    @property
    def attended_count(self) -> int:
        return sum(1 for session in self.sessions if session.attended)

    @property
    def total(self) -> int:
        return len(self.sessions)

    @property
    def has_excused(self) -> bool:
        return any(session.status == Status.EXCUSED for session in self.sessions)

    @property
    def shared_key(self) -> tuple:
        """Everything the dashboard's card shows (courses' shared_fragment tag): these
        facts and which sessions are still upcoming, which the clock decides."""
        return (self, tuple(session.upcoming for session in self.sessions))



def _sessions(bootcamp: BootcampPage) -> list[tuple[LiveSessionPage, StagePage]]:
    """The bootcamp's published sessions with their stage, by start: the same for everyone,
    built once per revision of the tree (courses.tree_cache)."""

    return tree_cache.remembered("sessions", bootcamp, lambda: _read_sessions(bootcamp))


def _read_sessions(bootcamp: BootcampPage) -> list[tuple[LiveSessionPage, StagePage]]:
    stages = {stage.path: stage for stage in StagePage.objects.live().child_of(bootcamp)}
    steplen = BootcampPage.steplen
    result = []
    for session in LiveSessionPage.objects.live().descendant_of(bootcamp).order_by(
            "starts_at", "path"):
        stage = stages.get(session.path[: len(session.path) - steplen])
        if stage is not None:
            result.append((session, stage))
    return result


def attendance_progress(*, bootcamp: BootcampPage, user_ids: Iterable[int]
                        ) -> dict[int, AttendanceProgress]:
    """Each user's attendance of every published session of the bootcamp (four queries)."""
    ids = list(user_ids)
    sessions = _sessions(bootcamp)
    statuses: dict[tuple[int, int], str] = {}
    if ids and sessions:
        for user_id, session_id, status in AttendanceRecord.objects.filter(
            user_id__in_ids=ids, session_id__in=[s.pk for s, _stage in sessions]
        ).values_list("user_id", "session_id", "status"):
            statuses[(user_id, session_id)] = status
    policy = policy_of(bootcamp) if sessions else None
    now = timezone.now()
    # Per-session overrides don't change the window (only thresholds), so the policy suffices.
    open_now = {
        session.pk: rules_for(session=session, policy=policy, overrides=None).check_in_open(now)
        for session, _stage in sessions
    }
    # Entries are immutable and depend only on (session, status): one object for each
    # pair, shared by everyone in it, keeps a 40,000-participant export cheap.
    entries: dict[tuple[int, str | None], SessionAttendance] = {}

    def entry(session: LiveSessionPage, stage: StagePage, status: str | None):
        key = (session.pk, status)
        if key not in entries:
            entries[key] = SessionAttendance(
                session.pk, session.title, stage.pk, stage.title, stage.kind, session.starts_at,
                status, open_now[session.pk])
        return entries[key]

    return {
        user_id: AttendanceProgress(tuple(
            entry(session, stage, statuses.get((user_id, session.pk)))
            for session, stage in sessions
        ))
        for user_id in ids
    }
