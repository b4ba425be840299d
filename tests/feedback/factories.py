"""Feedback test helpers: a session that ended an hour ago, with attendees recorded."""

from datetime import timedelta

from django.utils import timezone

from attendance.models import Source, Status
from attendance.services import record_attendance
from feedback.models import SessionFeedback
from tests.attendance.factories import Setup


class FeedbackSetup(Setup):
    """attendance's Setup (two organisations of two, a trainer) with the first session
    over: `team` attended (present, late), `other_team[0]` was partial, `other_team[1]`
    has no record."""

    def __init__(self, *, ended_minutes_ago: int = 60, **fields):
        super().__init__(**fields)
        self.move_session(starts_at=timezone.now() - timedelta(minutes=120 + ended_minutes_ago))
        for user, status in ((self.team[0], Status.PRESENT), (self.team[1], Status.LATE),
                             (self.other_team[0], Status.PARTIAL)):
            self.mark(user, status)

    def mark(self, user, status, session=None):
        record_attendance(user_id=user.pk, session=session or self.session,
                          bootcamp=self.bootcamp, status=status, minutes=None,
                          source=Source.TRAINER, changed_by=self.trainer)

    @property
    def attendees(self):
        return self.team


def response(setup: FeedbackSetup, user, *, rating=4, most_useful="", what_to_change="",
             anonymous=False, session=None) -> SessionFeedback:
    """A stored response, written directly (for read tests that need many)."""
    now = timezone.now()
    return SessionFeedback.objects.create(
        session=session or setup.session, bootcamp=setup.bootcamp, user=user, rating=rating,
        most_useful=most_useful, what_to_change=what_to_change, anonymous=anonymous,
        submitted_at=now, updated_at=now)
