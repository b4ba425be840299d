"""Replies from participants: the 24-hour window, STOP and CHECKIN."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.delivery import deliver
from notifications.models import Channel, Kind, Notification, NotificationPreference
from notifications.services import notify
from tests.notifications.conftest import sign
from tests.notifications.factories import whatsapp_only, whatsapp_user

pytestmark = pytest.mark.django_db
URL = "/notifications/whatsapp/webhook/"


def _inbound(client, text, *, sender="919876543210", message_id="wamid.in.1", ts="1900000000"):
    body = json.dumps({"entry": [{"changes": [{"value": {
        "contacts": [{"wa_id": sender}],
        "messages": [{"from": sender, "id": message_id, "timestamp": ts, "type": "text",
                      "text": {"body": text}}]}}]}]}).encode()
    return client.post(URL, body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256=sign(body))


def test_stop_opts_the_sender_out(client, whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_user()
    with django_capture_on_commit_callbacks(execute=True):
        assert _inbound(client, "  stop ").status_code == 200
    preference = NotificationPreference.objects.get(user=user)
    assert preference.whatsapp_opt_in is False
    assert preference.whatsapp_opted_out_at is not None
    # The confirmation is the last WhatsApp message: a text reply in the open window.
    [reply] = whatsapp_api.sent
    assert reply["type"] == "text"
    assert "no longer receive" in reply["text"]["body"]


def test_after_stop_only_email_is_queued(client, whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_user()
    with django_capture_on_commit_callbacks(execute=True):
        _inbound(client, "STOP")
    created = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="after-stop",
                     context={"subject": "Hi", "message": "News"})
    assert [n.channel for n in created] == [Channel.EMAIL]


def test_queued_whatsapp_message_is_not_sent_after_opt_out(
        client, whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_only()
    [queued] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="before-stop",
                      context={"subject": "Hi", "message": "News"})  # not yet committed
    NotificationPreference.objects.filter(user=user).update(whatsapp_opt_in=False)
    with django_capture_on_commit_callbacks(execute=True):
        pass
    deliver(queued.pk)
    queued.refresh_from_db()
    assert queued.status == Notification.Status.FAILED
    assert queued.error == "recipient opted out"
    assert whatsapp_api.requests == []


def test_inbound_message_opens_the_24_hour_window(
        client, whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_only()
    now_ts = str(int(timezone.now().timestamp()))
    _inbound(client, "hello", ts=now_ts)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="in-window",
               context={"subject": "Hi", "message": "Free text now"})
    [message] = whatsapp_api.sent
    assert message["type"] == "text"
    assert message["text"]["body"] == "Free text now"


def test_replayed_inbound_message_is_handled_once(
        client, whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_user()
    with django_capture_on_commit_callbacks(execute=True):
        _inbound(client, "CHECKIN 4821", message_id="wamid.in.9")
        _inbound(client, "CHECKIN 4821", message_id="wamid.in.9")
    assert Notification.objects.filter(kind=Kind.REPLY).count() == 1
    assert len(whatsapp_api.sent) == 1


@pytest.fixture
def live_now():
    """A participant on the roster of a bootcamp whose session is running now."""
    from attendance.services import settings_for
    from courses.models import LiveSessionPage
    from tests.courses.factories import build_bootcamp, enrol

    bootcamp = build_bootcamp()
    user = whatsapp_user()
    enrol(bootcamp, participants=1, lead=user)
    session = LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at").first()
    now = timezone.now()
    LiveSessionPage.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    session.refresh_from_db()
    return user, session, settings_for(session=session).check_in_code


def test_checkin_with_the_right_code_checks_the_sender_in(
        client, whatsapp_api, live_now, django_capture_on_commit_callbacks):
    from attendance.models import AttendanceRecord

    user, session, code = live_now
    with django_capture_on_commit_callbacks(execute=True):
        _inbound(client, f"checkin {code.lower()}", ts=str(int(timezone.now().timestamp())))
    record = AttendanceRecord.objects.get(user=user, session=session)
    assert record.source == "check_in"
    [reply] = whatsapp_api.sent
    assert reply["to"] == "919876543210"
    assert reply["text"]["body"] == f"You are checked in to {session.title}."


def test_checkin_with_a_wrong_code_is_refused(
        client, whatsapp_api, live_now, django_capture_on_commit_callbacks):
    from attendance.models import AttendanceRecord

    user, session, code = live_now
    with django_capture_on_commit_callbacks(execute=True):
        _inbound(client, "CHECKIN WRONG99")
    assert not AttendanceRecord.objects.filter(user=user).exists()
    [reply] = whatsapp_api.sent
    assert "code is not right" in reply["text"]["body"]


def test_checkin_with_no_session_running(client, whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_user()
    with django_capture_on_commit_callbacks(execute=True):
        _inbound(client, "CHECKIN 4821")
    [reply] = whatsapp_api.sent
    assert reply["text"]["body"] == "There is no live session to check in to right now."


def test_checkin_without_a_code_explains_the_format(
        client, whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_user()
    with django_capture_on_commit_callbacks(execute=True):
        _inbound(client, "CHECKIN")
    [reply] = whatsapp_api.sent
    assert "CHECKIN followed by the code" in reply["text"]["body"]


def test_message_from_an_unknown_number_changes_nothing(
        client, whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_user()
    with django_capture_on_commit_callbacks(execute=True):
        assert _inbound(client, "STOP", sender="911111111111").status_code == 200
    assert NotificationPreference.objects.get(user=user).whatsapp_opt_in is True
    assert whatsapp_api.requests == []
