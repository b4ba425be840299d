"""Per-participant detail for the drill-down pages and the participant exports.

Built from the progress read-model (courses, assignments, attendance and certificates'
bulk functions) for a batch of roster entries at a time: a constant number of queries per
batch, so an export of 40,000 participants streams in batches with flat memory.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from assignments.progress import AssignmentProgress, assignment_progress
from attendance.models import ATTENDED, Status
from attendance.progress import AttendanceProgress, attendance_progress
from certificates.progress import CertificateStatus, certificate_progress
from courses.models import RosterMember
from courses.progress import ParticipantProgress, participant_progress
from dashboards.activity import last_activity
from dashboards.columns import FLAGS, HANDED_IN
from dashboards.facts import BootcampFacts
from dashboards.rows import Flag
from quizzes.selectors import CheckProgress, check_progress

BATCH = 2000


@dataclass
class ParticipantDetail:
    entry: RosterMember  # with user and enrollment.organisation
    modules: ParticipantProgress
    assignments: AssignmentProgress
    attendance: AttendanceProgress
    certificate: CertificateStatus
    last_activity: datetime | None
    checks: CheckProgress = field(default_factory=CheckProgress)
    flags: list[Flag] = field(default_factory=list)

    @property
    def user(self):
        return self.entry.user

    @property
    def organisation(self):
        return self.entry.enrollment.organisation

    @property
    def pre_event(self):
        """(done, total) of the required pre-event modules."""
        return next(((s.done, s.total) for s in self.modules.stages
                     if s.stage.kind == "pre_event"), (0, 0))

    @property
    def certificate_state(self) -> str:
        if self.certificate.issued:
            return "certified"
        return "eligible" if self.certificate.eligibility.eligible else "not_yet"

    def attended(self, session_ids) -> bool:
        wanted = set(session_ids)
        return any(s.attended for s in self.attendance.sessions if s.session_id in wanted)


def participant_flags(detail: ParticipantDetail, facts: BootcampFacts,
                      recent: datetime | None) -> list[Flag]:
    """The participant's raised flags (the rules of dashboards.columns, per person)."""
    flags = []
    if facts.pre_event_check_active and not (
            detail.modules.completed_ids & set(facts.pre_event_required_ids)):
        flags.append(Flag("no_pre_event_work", str(FLAGS["no_pre_event_work"]),
                          "Day 1 starts " + facts.bootcamp.local(
                              facts.day_one_starts_at).strftime("%Y-%m-%d %H:%M %Z")))
    overdue = {a.pk for a in facts.overdue(facts.assignments)}
    late = [item.title for item in detail.assignments.items
            if item.assignment_id in overdue and item.status not in HANDED_IN]
    if late:
        flags.append(Flag("overdue_assignment", str(FLAGS["overdue_assignment"]),
                          ", ".join(f"“{title}”" for title in late)))
    day_one = facts.day_one
    if day_one is not None and day_one.ended_session_ids:
        ended = set(day_one.ended_session_ids)
        accounted = (*ATTENDED, Status.EXCUSED)
        if not any(s.status in accounted for s in detail.attendance.sessions
                   if s.session_id in ended):
            flags.append(Flag("absent_day_one", str(FLAGS["absent_day_one"]), day_one.title))
    since = facts.inactive_since
    if (facts.inactivity_check_active and detail.entry.added_at < since
            and (recent is None or recent < since)):
        flags.append(Flag("inactive", str(FLAGS["inactive"]),
                          "last activity %s" % (recent.date().isoformat() if recent
                                                else "never")))
    return flags


def participant_details(*, facts: BootcampFacts, entries: list[RosterMember]
                        ) -> list[ParticipantDetail]:
    """Detail of these roster entries (with user and enrollment__organisation selected)."""
    if not entries:
        return []
    bootcamp = facts.bootcamp
    ids = [entry.user_id for entry in entries]
    modules = participant_progress(bootcamp=bootcamp, user_ids=ids, outline=facts.outline)
    assignments = assignment_progress(bootcamp=bootcamp, user_ids=ids)
    attendance = attendance_progress(bootcamp=bootcamp, user_ids=ids)
    checks = check_progress(bootcamp=bootcamp, user_ids=ids)
    certificates = certificate_progress(bootcamp=bootcamp, user_ids=ids, progress={
        "assignments": assignments, "attendance": attendance, "quizzes": checks})
    latest = last_activity(facts=facts, user_ids=ids)
    details = []
    for entry in entries:
        detail = ParticipantDetail(
            entry=entry, modules=modules[entry.user_id],
            assignments=assignments.get(entry.user_id, AssignmentProgress(items=())),
            attendance=attendance[entry.user_id], certificate=certificates[entry.user_id],
            last_activity=latest.get(entry.user_id), checks=checks[entry.user_id],
        )
        detail.flags = participant_flags(detail, facts, detail.last_activity)
        details.append(detail)
    return details


def roster_entries(*, facts: BootcampFacts, enrollments=None):
    """Active roster entries of the bootcamp (optionally of some enrollments), ordered by
    organisation and name."""
    queryset = RosterMember.objects.active().filter(bootcamp=facts.bootcamp)
    if enrollments is not None:
        queryset = queryset.filter(enrollment__in=enrollments)
    return queryset.select_related("user", "enrollment__organisation").only(
        "user_id", "enrollment_id", "added_at", "user__first_name", "user__last_name",
        "user__email", "enrollment__organisation__name",
    ).order_by(
        "enrollment__organisation__name", "enrollment_id", "user__first_name",
        "user__last_name", "user_id")


def iter_details(*, facts: BootcampFacts, entries: Iterable[RosterMember],
                 batch: int = BATCH) -> Iterator[ParticipantDetail]:
    """Details for a (large) stream of roster entries, a batch at a time."""
    iterator = iter(entries)
    while chunk := list(islice(iterator, batch)):
        yield from participant_details(facts=facts, entries=chunk)
