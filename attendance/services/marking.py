"""Trainer marking: a whole grid of marks in one transaction."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceRecord, Source, Status
from attendance.services.records import (
    AttendanceError,
    NotOnRoster,
    can_manage,
    record_attendance,
    record_many,
    roster_user_ids,
)
from courses.models import BootcampPage, LiveSessionPage, RosterMember
from courses.signals import send_progress_changed


def mark_attendance(*, session: LiveSessionPage, bootcamp: BootcampPage,
                    marks: dict[int, str], by) -> int:
    """Save a trainer's marks {user_id: status} in one transaction; returns how many changed.

    Every user id must be on the session's roster: otherwise nothing is written. The
    marker's right is checked here too, not only by the view (tasks and commands call it).
    """
    if not can_manage(user=by, bootcamp=bootcamp, session=session):
        raise AttendanceError(_("Only the trainers of this bootcamp or session and organisers "
                                "mark attendance."))
    valid = set(Status.values)
    if any(status not in valid for status in marks.values()):
        raise AttendanceError(_("Unknown attendance status."))
    now = timezone.now()
    with transaction.atomic():
        outsiders = set(marks) - roster_user_ids(bootcamp=bootcamp)
        if outsiders:
            raise NotOnRoster(_("Only participants on this session's roster can be marked."))
        current = {
            record.user_id: record
            for record in AttendanceRecord.objects.filter(session=session, user_id__in=marks)
        }
        changed = []
        for user_id, status in marks.items():
            record = current.get(user_id)
            if record is not None and record.status == status and (
                    record.source == Source.TRAINER):
                continue
            outcome = record_attendance(
                user_id=user_id, session=session, bootcamp=bootcamp, status=status,
                minutes=record.minutes if record else None, source=Source.TRAINER,
                changed_by=by, now=now)
            if outcome.changed:
                changed.append(user_id)
        if changed:
            send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=changed)
    return len(changed)



def all_present_candidates(*, session: LiveSessionPage, bootcamp: BootcampPage,
                           among: QuerySet | None = None) -> QuerySet:
    """Whom "mark all present" marks: the ids of the active roster (limited to the user ids
    of `among`, e.g. the grid's current search, when given) with no record for the session.

    Only participants without a record: a check-in, a call report or an earlier mark by a
    trainer already says something about that person, and one tap must not overwrite it.
    """
    roster = RosterMember.objects.active().filter(bootcamp=bootcamp)
    if among is not None:
        roster = roster.filter(user_id__in=among)
    return (roster.exclude(user__attendance_records__session=session)
            .values_list("user_id", flat=True))


def mark_all_present(*, session: LiveSessionPage, bootcamp: BootcampPage, by,
                     among: QuerySet | None = None) -> int:
    """Mark present, as `by`'s trainer marks, everyone `all_present_candidates` names, in one
    transaction and a constant number of queries; returns how many were marked."""
    if not can_manage(user=by, bootcamp=bootcamp, session=session):
        raise AttendanceError(_("Only the trainers of this bootcamp or session and organisers "
                                "mark attendance."))
    with transaction.atomic():
        user_ids = list(all_present_candidates(session=session, bootcamp=bootcamp,
                                               among=among))
        changed = record_many(session=session, bootcamp=bootcamp, source=Source.TRAINER,
                              entries=[(user_id, Status.PRESENT, None) for user_id in user_ids],
                              changed_by=by)
        if changed:
            send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=changed)
    return len(changed)
