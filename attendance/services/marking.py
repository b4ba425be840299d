"""Trainer marking: a whole grid of marks in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceRecord, Source, Status
from attendance.services.records import (
    AttendanceError,
    NotOnRoster,
    record_attendance,
    roster_user_ids,
)
from courses.models import BootcampPage, LiveSessionPage
from courses.signals import send_progress_changed


def mark_attendance(*, session: LiveSessionPage, bootcamp: BootcampPage,
                    marks: dict[int, str], by) -> int:
    """Save a trainer's marks {user_id: status} in one transaction; returns how many changed.

    Every user id must be on the session's roster: otherwise nothing is written.
    """
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



def marks_from_post(*, data) -> dict[int, str]:
    """Trainer grid form data → {user_id: status} (keys "status-<id>"; empty = unchanged).

    Ids come from the form itself: ones not on the roster are refused by mark_attendance.
    """
    marks: dict[int, str] = {}
    for key, value in data.items():
        if key.startswith("status-") and value:
            try:
                marks[int(key.removeprefix("status-"))] = value
            except ValueError as error:
                raise AttendanceError(_("Unreadable form.")) from error
    return marks
