"""Per-participant detail for the drill-down pages and the participant exports.

Built from the progress read-model (courses, assignments, attendance and certificates'
bulk functions) for a batch of roster entries at a time: a constant number of queries per
batch, so an export of 40,000 participants streams in batches with flat memory.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.db.models import Max

from assignments.models import Submission, SubmissionVersion
from assignments.progress import AssignmentProgress, assignment_progress
from attendance.models import AttendanceRecord, Status
from attendance.progress import AttendanceProgress, attendance_progress
from certificates.progress import CertificateStatus, certificate_progress
from courses.models import ModuleCompletion, RosterMember
from courses.progress import ParticipantProgress, participant_progress
from dashboards.facts import BootcampFacts
from dashboards.rows import ATTENDED, FLAGS, HANDED_IN, Flag

BATCH = 1000


@dataclass
class ParticipantDetail:
    entry: RosterMember  # with user and enrollment.organisation
    modules: ParticipantProgress
    assignments: AssignmentProgress
    attendance: AttendanceProgress
    certificate: CertificateStatus
    last_activity: datetime | None
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


def last_activity(*, facts: BootcampFacts, user_ids: list[int]) -> dict[int, datetime]:
    """Each user's latest learning action in the bootcamp (four grouped queries): a module
    completed, a version handed in, a draft saved, a session attended (its start)."""
    latest: dict[int, datetime] = {}

    def keep(rows):
        for user_id, moment in rows:
            if user_id is not None and moment is not None and (
                    user_id not in latest or moment > latest[user_id]):
                latest[user_id] = moment

    if not user_ids:
        return latest
    if facts.module_ids:
        keep(ModuleCompletion.objects.filter(user_id__in=user_ids, module_id__in=facts.module_ids)
             .values("user_id").annotate(m=Max("completed_at")).values_list("user_id", "m"))
    keep(SubmissionVersion.objects.filter(submitted_by_id__in=user_ids,
                                          submission__bootcamp_id=facts.bootcamp.pk)
         .values("submitted_by_id").annotate(m=Max("submitted_at"))
         .values_list("submitted_by_id", "m"))
    keep(Submission.objects.filter(draft_updated_by_id__in=user_ids,
                                   bootcamp_id=facts.bootcamp.pk)
         .values("draft_updated_by_id").annotate(m=Max("draft_updated_at"))
         .values_list("draft_updated_by_id", "m"))
    keep(AttendanceRecord.objects.filter(user_id__in=user_ids, bootcamp_id=facts.bootcamp.pk,
                                         status__in=ATTENDED, session__starts_at__lte=facts.now)
         .values("user_id").annotate(m=Max("session__starts_at")).values_list("user_id", "m"))
    return latest


def participant_flags(detail: ParticipantDetail, facts: BootcampFacts,
                      recent: datetime | None) -> list[Flag]:
    """The participant's raised flags (the rules of dashboards.rows, per person)."""
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
    certificates = certificate_progress(bootcamp=bootcamp, user_ids=ids)
    latest = last_activity(facts=facts, user_ids=ids)
    details = []
    for entry in entries:
        detail = ParticipantDetail(
            entry=entry, modules=modules[entry.user_id],
            assignments=assignments.get(entry.user_id, AssignmentProgress(items=())),
            attendance=attendance[entry.user_id], certificate=certificates[entry.user_id],
            last_activity=latest.get(entry.user_id),
        )
        detail.flags = participant_flags(detail, facts, detail.last_activity)
        details.append(detail)
    return details


def roster_entries(*, facts: BootcampFacts, enrollments=None):
    """Active roster entries of the bootcamp (optionally of some enrollments), ordered by
    organisation and name."""
    queryset = RosterMember.objects.filter(bootcamp=facts.bootcamp, removed_at__isnull=True)
    if enrollments is not None:
        queryset = queryset.filter(enrollment__in=enrollments)
    return queryset.select_related("user", "enrollment__organisation").order_by(
        "enrollment__organisation__name", "enrollment_id", "user__first_name",
        "user__last_name", "user_id")


def iter_details(*, facts: BootcampFacts, entries: Iterable[RosterMember],
                 batch: int = BATCH) -> Iterator[ParticipantDetail]:
    """Details for a (large) stream of roster entries, a batch at a time."""
    iterator = iter(entries)
    while chunk := list(islice(iterator, batch)):
        yield from participant_details(facts=facts, entries=chunk)
