"""Chat replies and the provider: errors without duplicate sends, signature failures, and
the per-recipient limit (a burst to one person waits, in order)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.delivery import dispatch_due
from notifications.models import (
    ChatConversation,
    Kind,
    Notification,
    NotificationPreference,
    WebhookEvent,
)
from notifications.services import notify
from tests.notifications.conftest import NUMBER, WEBHOOK_URL, inbound_body, sign
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db
Status = Notification.Status


def _reply_of(user) -> Notification:
    return Notification.objects.get(recipient=user, kind=Kind.REPLY)


def _to_participant(whatsapp_api):
    return [r for r in whatsapp_api.requests if r["json"]["to"] == NUMBER.lstrip("+")]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_reply_refused_for_now_is_sent_once_later(lesson, say, whatsapp_api, status):
    user, _module = lesson
    whatsapp_api.answer(status)
    say("NEXT")
    reply = _reply_of(user)
    assert reply.status == Status.QUEUED and str(status) in reply.error
    dispatch_due(now=reply.next_attempt_at - timedelta(seconds=1))  # not before the backoff
    assert len(_to_participant(whatsapp_api)) == 1
    dispatch_due(now=reply.next_attempt_at + timedelta(seconds=1))
    dispatch_due(now=reply.next_attempt_at + timedelta(hours=2))  # later sweeps: nothing
    first, second = _to_participant(whatsapp_api)
    assert first["json"] == second["json"]  # the same message, sent once successfully
    reply.refresh_from_db()
    assert reply.status == Status.SENT and reply.attempts == 2


def test_429_waits_at_least_the_providers_retry_after(lesson, say, whatsapp_api, settings):
    user, _module = lesson
    settings.NOTIFICATIONS_BACKOFF_SECONDS = 0
    whatsapp_api.answer(429)  # Retry-After: 1
    before = timezone.now()
    say("NEXT")
    assert _reply_of(user).next_attempt_at >= before + timedelta(seconds=1)


def test_a_read_timeout_is_unconfirmed_reconciled_and_never_resent(
        client, lesson, say, whatsapp_api):
    user, _module = lesson
    whatsapp_api.answer("hang")
    say("NEXT")
    reply = _reply_of(user)
    assert reply.status == Status.UNKNOWN
    dispatch_due(now=reply.next_attempt_at - timedelta(seconds=1))
    assert len(_to_participant(whatsapp_api)) == 1  # not re-sent blindly
    body = json.dumps({"entry": [{"changes": [{"value": {"statuses": [{
        "id": "wamid.late", "status": "delivered", "timestamp": "1900000000",
        "biz_opaque_callback_data": reply.callback_reference}]}}]}]}).encode()
    assert client.post(WEBHOOK_URL, body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256=sign(body)).status_code == 200
    reply.refresh_from_db()
    assert reply.status == Status.DELIVERED
    dispatch_due(now=timezone.now() + timedelta(days=1))
    assert len(_to_participant(whatsapp_api)) == 1


def test_a_provider_unreachable_before_sending_is_retried_and_sent_once(
        lesson, say, whatsapp_api, settings):
    user, _module = lesson
    working = settings.WHATSAPP_API_BASE_URL
    settings.WHATSAPP_API_BASE_URL = "http://127.0.0.1:9/v21.0"  # refused: never reached
    say("NEXT")
    reply = _reply_of(user)
    assert reply.status == Status.QUEUED and "unreachable" in reply.error
    settings.WHATSAPP_API_BASE_URL = working
    dispatch_due(now=reply.next_attempt_at + timedelta(seconds=1))
    dispatch_due(now=reply.next_attempt_at + timedelta(hours=1))
    assert len(_to_participant(whatsapp_api)) == 1
    reply.refresh_from_db()
    assert reply.status == Status.SENT


@pytest.mark.parametrize("tamper", ["missing", "wrong_secret", "altered_body"])
def test_a_message_with_a_bad_signature_is_refused_and_nothing_recorded(
        client, lesson, whatsapp_api, tamper):
    body = inbound_body("NEXT", message_id="wamid.forged")
    headers = {"HTTP_X_HUB_SIGNATURE_256": sign(body)}
    if tamper == "missing":
        headers = {}
    elif tamper == "wrong_secret":
        headers = {"HTTP_X_HUB_SIGNATURE_256": sign(body, secret="not-the-secret")}
    else:
        body = body.replace(b"NEXT", b"DONE")
    response = client.post(WEBHOOK_URL, body, content_type="application/json", **headers)
    assert response.status_code == 403
    assert not WebhookEvent.objects.exists()
    assert not ChatConversation.objects.exists()
    assert not Notification.objects.exists()
    assert NotificationPreference.objects.get().whatsapp_last_inbound_at is None
    assert whatsapp_api.requests == []


def _burst(user, count, capture):
    with capture(execute=True):
        for number in range(count):
            notify(user=user, kind=Kind.REPLY, context={"message": f"reply {number}"},
                   dedupe_key=f"burst-{number}")


def test_a_burst_to_one_person_keeps_to_the_limit_and_its_order(
        whatsapp_api, settings, django_capture_on_commit_callbacks):
    settings.WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE = 2
    user = whatsapp_only()
    _burst(user, 5, django_capture_on_commit_callbacks)
    assert [r["json"]["text"]["body"] for r in whatsapp_api.requests] == ["reply 0", "reply 1"]
    waiting = Notification.objects.filter(status=Status.QUEUED).order_by("pk")
    assert waiting.count() == 3
    assert all(n.attempts == 0 for n in waiting)  # waiting is not a failed attempt
    minute = timezone.now().replace(second=0, microsecond=0)
    later = minute + timedelta(minutes=1, seconds=5)
    dispatch_due(now=later)
    dispatch_due(now=later + timedelta(minutes=1))
    assert [r["json"]["text"]["body"] for r in whatsapp_api.requests] == [
        f"reply {n}" for n in range(5)]
    assert not Notification.objects.exclude(status=Status.SENT).exists()


def test_the_limit_is_per_recipient(whatsapp_api, settings, django_capture_on_commit_callbacks):
    settings.WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE = 1
    first, second = whatsapp_only(), whatsapp_only("+919876543211")
    _burst(first, 1, django_capture_on_commit_callbacks)
    _burst(second, 1, django_capture_on_commit_callbacks)
    assert len(whatsapp_api.requests) == 2


def test_a_new_reply_waits_behind_an_earlier_one_that_waits(
        whatsapp_api, settings, django_capture_on_commit_callbacks):
    settings.WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE = 1
    user = whatsapp_only()
    _burst(user, 2, django_capture_on_commit_callbacks)  # the second waits for next minute
    settings.WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE = 100
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=Kind.REPLY, context={"message": "reply 2"}, dedupe_key="late")
    assert [r["json"]["text"]["body"] for r in whatsapp_api.requests] == ["reply 0"]
    dispatch_due(now=timezone.now() + timedelta(minutes=2))
    assert [r["json"]["text"]["body"] for r in whatsapp_api.requests] == [
        "reply 0", "reply 1", "reply 2"]
