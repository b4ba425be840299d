"""A timeout after the request reached the provider must never lead to a second message."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from notifications.delivery import dispatch_due
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.notifications.conftest import sign
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db


def _send_with_timeout(whatsapp_api, capture):
    whatsapp_api.answer("hang")
    user = whatsapp_only()
    with capture(execute=True):
        [notification] = notify(user=user, kind=Kind.CERTIFICATE_ISSUED, dedupe_key="c-1",
                                context={"name": "Asha"})
    notification.refresh_from_db()
    return notification


def _status_webhook(client, *, reference, message_id="wamid.1", status="sent", ts="1700000000"):
    body = json.dumps({"entry": [{"changes": [{"value": {"statuses": [{
        "id": message_id, "status": status, "timestamp": ts,
        "biz_opaque_callback_data": reference}]}}]}]}).encode()
    return client.post(reverse("notifications:whatsapp_webhook"), body,
                       content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body))


def test_timeout_marks_the_message_unconfirmed_not_queued(
        whatsapp_api, django_capture_on_commit_callbacks):
    notification = _send_with_timeout(whatsapp_api, django_capture_on_commit_callbacks)
    assert notification.status == Notification.Status.UNKNOWN
    assert "timed out" in notification.error
    assert len(whatsapp_api.requests) == 1


def test_no_resend_while_waiting_for_the_provider_status(
        whatsapp_api, django_capture_on_commit_callbacks):
    notification = _send_with_timeout(whatsapp_api, django_capture_on_commit_callbacks)
    dispatch_due(now=notification.next_attempt_at - timedelta(seconds=1))
    assert len(whatsapp_api.requests) == 1


def test_status_webhook_reconciles_a_timed_out_message(
        client, whatsapp_api, django_capture_on_commit_callbacks):
    notification = _send_with_timeout(whatsapp_api, django_capture_on_commit_callbacks)
    response = _status_webhook(client, reference=notification.callback_reference)
    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.provider_message_id == "wamid.1"
    dispatch_due(now=notification.next_attempt_at + timedelta(days=1))
    assert len(whatsapp_api.requests) == 1  # never sent twice


def test_unconfirmed_message_is_resent_once_after_the_window(
        whatsapp_api, django_capture_on_commit_callbacks):
    notification = _send_with_timeout(whatsapp_api, django_capture_on_commit_callbacks)
    later = notification.next_attempt_at
    dispatch_due(now=later)
    dispatch_due(now=later + timedelta(minutes=5))
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(whatsapp_api.requests) == 2
    assert {r["json"]["biz_opaque_callback_data"] for r in whatsapp_api.requests} == {
        notification.callback_reference}
