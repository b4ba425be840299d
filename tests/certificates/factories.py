"""Fake attendance and assignment facts for certificate tests, in the real shapes.

Eligibility reads `attendance_progress` and `assignment_progress` (imported into
certificates.eligibility); the `facts` fixture replaces those two functions with these
fakes, so certificate tests set every fact directly and exercise every rule. The objects
are the production ones (attendance.progress, assignments.progress), so "attended" is the
production rule.
"""

from assignments.progress import AssignmentProgress, AssignmentState
from attendance.progress import AttendanceProgress, SessionAttendance
from certificates import eligibility
from courses.models import LiveSessionPage, StagePage


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


def use_fakes(monkeypatch, facts: "FakeFacts") -> "FakeFacts":
    """Serve eligibility's attendance and assignment facts from `facts`."""
    monkeypatch.setattr(eligibility, "attendance_progress",
                        lambda **kwargs: facts.attendance_source(**kwargs))
    monkeypatch.setattr(eligibility, "assignment_progress",
                        lambda **kwargs: facts.assignments_source(**kwargs))
    return facts


def complete_modules(user, bootcamp, *, except_last=False):
    from courses.models import ModuleCompletion, ModulePage

    modules = list(ModulePage.objects.descendant_of(bootcamp).filter(required=True)
                   .order_by("path"))
    if except_last:
        modules = modules[:-1]
    for module in modules:
        ModuleCompletion.objects.get_or_create(user=user, module=module)
    return modules
