from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.delivery import deliver, dispatch_due
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db(transaction=False)


def _notify(user, key="event-1", kind=Kind.APPLICATION_RECEIVED, **context):
    return notify(user=user, kind=kind, dedupe_key=key,
                  context={"name": "Asha", "organisation": "Seva", **context})


def test_template_message_outside_the_24_hour_window(
        whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    [request] = whatsapp_api.requests
    assert request["path"] == "/v21.0/1055551234/messages"
    assert request["headers"]["Authorization"] == "Bearer test-access-token"
    assert request["json"]["to"] == "919876543210"
    assert request["json"]["type"] == "template"
    assert request["json"]["template"]["name"] == "application_received"
    parameters = request["json"]["template"]["components"][0]["parameters"]
    assert {"type": "text", "text": "Seva"} in parameters
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.provider_message_id == "wamid.1"


def test_text_message_within_the_24_hour_window(whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_only(whatsapp_last_inbound_at=timezone.now() - timedelta(hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    [request] = whatsapp_api.requests
    assert request["json"]["type"] == "text"
    assert "Seva" in request["json"]["text"]["body"]
    assert request["json"]["biz_opaque_callback_data"] == (
        f"notification:{Notification.objects.get().pk}")


def test_429_is_retried_after_backoff(whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_api.answer(429)
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify(user)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert notification.attempts == 1
    assert "429" in notification.error
    wait = notification.next_attempt_at - notification.updated_at
    assert timedelta(seconds=29) < wait <= timedelta(seconds=31)
    # Not yet due: nothing is sent early.
    dispatch_due(now=notification.next_attempt_at - timedelta(seconds=1))
    assert len(whatsapp_api.requests) == 1
    dispatch_due(now=notification.next_attempt_at)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(whatsapp_api.requests) == 2


def test_backoff_doubles_on_each_server_error(whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_api.answer(500, 503)
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify(user)
    notification.refresh_from_db()
    first_wait = notification.next_attempt_at - notification.updated_at
    now = notification.next_attempt_at
    dispatch_due(now=now)
    notification.refresh_from_db()
    assert notification.attempts == 2
    second_wait = notification.next_attempt_at - now
    assert second_wait == timedelta(seconds=60)
    assert first_wait < second_wait


def test_gives_up_after_the_last_attempt(whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_api.answer(500, 500, 500, 500, 500)
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify(user)
    for day in range(1, 6):
        dispatch_due(now=timezone.now() + timedelta(days=day))
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 4  # NOTIFICATIONS_MAX_ATTEMPTS in the fixture
    assert len(whatsapp_api.requests) == 4


def test_client_error_fails_without_retry(whatsapp_api, django_capture_on_commit_callbacks):
    whatsapp_api.answer(400)
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify(user)
    dispatch_due(now=timezone.now() + timedelta(days=1))
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert "400" in notification.error
    assert len(whatsapp_api.requests) == 1


def test_unreachable_provider_is_retried(
        whatsapp_api, settings, django_capture_on_commit_callbacks):
    settings.WHATSAPP_API_BASE_URL = "http://127.0.0.1:9/v21.0"  # nothing listens: refused
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify(user)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert "unreachable" in notification.error


def test_a_claimed_notification_is_not_sent_by_a_second_worker(whatsapp_api):
    user = whatsapp_only()
    [notification] = _notify(user)  # on_commit not run: nothing kicked yet
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.SENDING)
    deliver(notification.pk)
    assert whatsapp_api.requests == []


def test_sent_notification_is_never_sent_again(whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify(user)
    deliver(notification.pk)
    dispatch_due(now=timezone.now() + timedelta(days=1))
    assert len(whatsapp_api.requests) == 1
