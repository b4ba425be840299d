from datetime import UTC, datetime, time, timedelta

import pytest

from notifications.delivery import dispatch_due
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db

# 23:00 IST on 1 December 2026 is 17:30 UTC.
LATE_EVENING_IST = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
SEVEN_AM_IST = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)


def _quiet_user(**fields):
    return whatsapp_only(quiet_hours_start=time(22, 0), quiet_hours_end=time(7, 0), **fields)


def test_message_in_quiet_hours_is_deferred_to_their_end(whatsapp_api):
    user = _quiet_user()
    [notification] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="late",
                            context={"subject": "S", "message": "M"}, now=LATE_EVENING_IST)
    assert notification.next_attempt_at == SEVEN_AM_IST
    dispatch_due(now=LATE_EVENING_IST)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert whatsapp_api.requests == []


def test_deferred_message_is_sent_when_quiet_hours_end(whatsapp_api):
    user = _quiet_user()
    [notification] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="late",
                            context={"subject": "S", "message": "M"}, now=LATE_EVENING_IST)
    dispatch_due(now=SEVEN_AM_IST - timedelta(seconds=1))
    assert whatsapp_api.requests == []  # 06:59:59 IST: still quiet
    dispatch_due(now=SEVEN_AM_IST)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(whatsapp_api.requests) == 1


def test_quiet_hours_follow_the_users_time_zone(whatsapp_api):
    # 23:00 IST is 18:30 in London (winter): outside a London user's 22:00–07:00.
    user = _quiet_user(time_zone="Europe/London")
    [notification] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="late",
                            context={"subject": "S", "message": "M"}, now=LATE_EVENING_IST)
    assert notification.next_attempt_at == LATE_EVENING_IST


def test_message_queued_before_quiet_hours_waits_if_sent_during_them(whatsapp_api):
    user = whatsapp_only()
    [notification] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="queued-earlier",
                            context={"subject": "S", "message": "M"},
                            now=datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    user.notification_preference.quiet_hours_start = time(22, 0)
    user.notification_preference.quiet_hours_end = time(7, 0)
    user.notification_preference.save()
    dispatch_due(now=LATE_EVENING_IST)  # e.g. a worker back after an outage, at 23:00 IST
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert notification.next_attempt_at == SEVEN_AM_IST
    assert notification.attempts == 0
    assert whatsapp_api.requests == []
