"""The "How did the session go?" message: once per attendee and session, while feedback is
open and not given (notifications.reminders.feedback_requests)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Kind, Notification
from notifications.reminders import queue_due_reminders
from tests.feedback.factories import FeedbackSetup, response

pytestmark = pytest.mark.django_db


def _requests():
    return Notification.objects.filter(kind=Kind.SESSION_FEEDBACK)


def test_each_attendee_is_asked_once():
    setup = FeedbackSetup()
    now = timezone.now()
    queue_due_reminders(now=now)
    queue_due_reminders(now=now + timedelta(minutes=5))  # the next sweep
    asked = _requests()
    assert sorted(asked.values_list("recipient_id", flat=True)) == sorted(
        u.pk for u in setup.attendees)
    message = asked.first()
    assert message.context["feedback_url"].endswith(f"/sessions/{setup.session.pk}/feedback/")
    assert message.context["session"] == setup.session.title


def test_nobody_is_asked_before_the_end_or_after_answering():
    setup = FeedbackSetup()
    queue_due_reminders(now=setup.session.ends_at - timedelta(minutes=1))
    assert not _requests().exists()
    response(setup, setup.team[0])
    queue_due_reminders(now=timezone.now())
    assert list(_requests().values_list("recipient_id", flat=True)) == [setup.team[1].pk]


def test_someone_recorded_later_is_asked_then():
    setup = FeedbackSetup()
    queue_due_reminders(now=timezone.now())
    setup.mark(setup.other_team[1], "present")
    queue_due_reminders(now=timezone.now())
    assert _requests().filter(recipient=setup.other_team[1]).count() == 1
    assert _requests().count() == 3
