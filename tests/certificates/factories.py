"""Fake attendance and assignment progress sources, shaped like the real ones.

The assignments and attendance apps register their progress sources with courses.progress;
these fakes let certificate tests set every fact directly and exercise every rule. The
shapes follow assignments/progress.py and attendance/progress.py.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from courses import progress
from courses.models import LiveSessionPage, StagePage

ATTENDED = {"present", "late", "partial"}


@dataclass(frozen=True)
class AssignmentState:
    assignment_id: int
    title: str
    required: bool
    status: str  # not_started | draft | submitted | late | needs_revision | accepted


@dataclass(frozen=True)
class AssignmentProgress:
    items: tuple[AssignmentState, ...]

    @property
    def required_total(self) -> int:
        return sum(1 for item in self.items if item.required)

    @property
    def required_accepted(self) -> int:
        return sum(1 for item in self.items if item.required and item.status == "accepted")

    @property
    def required_submitted(self) -> int:
        return sum(1 for item in self.items if item.required and item.status != "not_started")

    @property
    def missing(self) -> tuple[AssignmentState, ...]:
        return tuple(i for i in self.items if i.required and i.status != "accepted")


@dataclass(frozen=True)
class SessionAttendance:
    session_id: int
    title: str
    stage_id: int
    stage_title: str
    stage_kind: str
    starts_at: datetime
    status: str | None

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED


@dataclass(frozen=True)
class AttendanceProgress:
    sessions: tuple[SessionAttendance, ...]

    @property
    def attended_count(self) -> int:
        return sum(1 for s in self.sessions if s.attended)

    @property
    def total(self) -> int:
        return len(self.sessions)


class FakeFacts:
    """Attendance statuses and assignment states per user, served as progress sources."""

    def __init__(self, bootcamp):
        self.bootcamp = bootcamp
        self.sessions = list(
            LiveSessionPage.objects.descendant_of(bootcamp).order_by("path")
        )
        stages = {s.pk: s for s in StagePage.objects.descendant_of(bootcamp)}
        self.stage_of = {
            session.pk: stages[session.get_parent().pk] for session in self.sessions
        }
        self.attendance: dict[int, dict[int, str | None]] = {}
        self.assignments: dict[int, list[AssignmentState]] = {}
        self.assignment_titles = {1: ("Helpline plan", True), 2: ("Reflection", False)}

    def attend_all(self, user, status="present"):
        self.attendance[user.pk] = {session.pk: status for session in self.sessions}

    def attend(self, user, session_title, status="present"):
        session = next(s for s in self.sessions if s.title == session_title)
        self.attendance.setdefault(user.pk, {})[session.pk] = status

    def assignment(self, user, status, assignment_id=1):
        title, required = self.assignment_titles[assignment_id]
        items = [i for i in self.assignments.get(user.pk, []) if i.assignment_id != assignment_id]
        items.append(AssignmentState(assignment_id, title, required, status))
        self.assignments[user.pk] = sorted(items, key=lambda i: i.assignment_id)

    def complete(self, user):
        """Everything except modules (those are real ModuleCompletion rows)."""
        self.attend_all(user)
        self.assignment(user, "accepted")

    def attendance_source(self, *, bootcamp, user_ids):
        return {
            user_id: AttendanceProgress(tuple(
                SessionAttendance(
                    session.pk, session.title, self.stage_of[session.pk].pk,
                    self.stage_of[session.pk].title, self.stage_of[session.pk].kind,
                    session.starts_at, self.attendance.get(user_id, {}).get(session.pk),
                )
                for session in self.sessions
            ))
            for user_id in user_ids
        }

    def assignments_source(self, *, bootcamp, user_ids):
        result = {}
        for user_id in user_ids:
            states = {i.assignment_id: i for i in self.assignments.get(user_id, [])}
            result[user_id] = AssignmentProgress(tuple(
                states.get(pk, AssignmentState(pk, title, required, "not_started"))
                for pk, (title, required) in self.assignment_titles.items()
            ))
        return result


@contextmanager
def registered(facts: FakeFacts):
    """Register the fakes as the "attendance" and "assignments" sources, then restore."""
    saved_sources = dict(progress._sources)
    saved_templates = dict(progress._dashboard_templates)
    progress.register_source("attendance", facts.attendance_source)
    progress.register_source("assignments", facts.assignments_source)
    try:
        yield facts
    finally:
        progress._sources.clear()
        progress._sources.update(saved_sources)
        progress._dashboard_templates.clear()
        progress._dashboard_templates.update(saved_templates)


def complete_modules(user, bootcamp, *, except_last=False):
    from courses.models import ModuleCompletion, ModulePage

    modules = list(ModulePage.objects.descendant_of(bootcamp).filter(required=True)
                   .order_by("path"))
    if except_last:
        modules = modules[:-1]
    for module in modules:
        ModuleCompletion.objects.get_or_create(user=user, module=module)
    return modules
