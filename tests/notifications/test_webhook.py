import json

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification, WebhookEvent
from notifications.services import notify
from tests.notifications.conftest import APP_SECRET, VERIFY_TOKEN, sign
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db
URL = "/notifications/whatsapp/webhook/"


def _status_body(message_id, status, ts):
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [
        {"field": "messages", "value": {"statuses": [
            {"id": message_id, "status": status, "timestamp": ts,
             "recipient_id": "919876543210"}]}}]}]}).encode()


def _post(client, body, signature="auto"):
    headers = {}
    if signature == "auto":
        headers["HTTP_X_HUB_SIGNATURE_256"] = sign(body)
    elif signature is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.post(URL, body, content_type="application/json", **headers)


@pytest.fixture
def sent(whatsapp_api, django_capture_on_commit_callbacks):
    user = whatsapp_only()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="a-1",
                                context={"subject": "Hi", "message": "Hello"})
    notification.refresh_from_db()
    assert notification.provider_message_id == "wamid.1"
    return notification


def test_url_is_the_documented_one():
    assert reverse("notifications:whatsapp_webhook") == URL


def test_verification_handshake_returns_the_challenge(client, whatsapp_api):
    response = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response.content == b"1158201444"


def test_verification_with_a_wrong_token_is_refused(client, whatsapp_api):
    response = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "guess",
                                "hub.challenge": "1158201444"})
    assert response.status_code == 403
    assert b"1158201444" not in response.content


def test_post_without_signature_is_refused(client, sent):
    response = _post(client, _status_body("wamid.1", "delivered", "1700000001"), signature=None)
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == Notification.Status.SENT


def test_post_with_a_bad_signature_is_refused(client, sent):
    body = _status_body("wamid.1", "delivered", "1700000001")
    response = _post(client, body, signature=sign(body, secret="not-" + APP_SECRET))
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == Notification.Status.SENT


def test_signature_of_a_reserialised_body_is_refused(client, sent):
    body = _status_body("wamid.1", "delivered", "1700000001")
    # Same JSON, different bytes: the signature covers the raw body, not its meaning.
    reserialised = json.dumps(json.loads(body), indent=2).encode()
    response = _post(client, reserialised, signature=sign(body))
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == Notification.Status.SENT


def test_signed_status_moves_the_message_forward(client, sent):
    assert _post(client, _status_body("wamid.1", "delivered", "1700000001")).status_code == 200
    sent.refresh_from_db()
    assert sent.status == Notification.Status.DELIVERED
    assert sent.delivered_at is not None
    assert _post(client, _status_body("wamid.1", "read", "1700000002")).status_code == 200
    sent.refresh_from_db()
    assert sent.status == Notification.Status.READ


def test_replayed_event_is_processed_once(client, sent):
    body = _status_body("wamid.1", "delivered", "1700000001")
    _post(client, body)
    delivered_at = Notification.objects.get(pk=sent.pk).delivered_at
    assert _post(client, body).status_code == 200
    assert WebhookEvent.objects.filter(key__startswith="status:wamid.1:delivered").count() == 1
    assert Notification.objects.get(pk=sent.pk).delivered_at == delivered_at


def test_out_of_order_status_never_moves_backwards(client, sent):
    _post(client, _status_body("wamid.1", "read", "1700000003"))
    _post(client, _status_body("wamid.1", "delivered", "1700000002"))
    _post(client, _status_body("wamid.1", "sent", "1700000001"))
    sent.refresh_from_db()
    assert sent.status == Notification.Status.READ


def test_failed_status_after_delivery_is_ignored(client, sent):
    _post(client, _status_body("wamid.1", "delivered", "1700000002"))
    _post(client, _status_body("wamid.1", "failed", "1700000003"))
    sent.refresh_from_db()
    assert sent.status == Notification.Status.DELIVERED


def test_failed_status_after_sent_marks_the_failure(client, sent):
    body = json.dumps({"entry": [{"changes": [{"value": {"statuses": [{
        "id": "wamid.1", "status": "failed", "timestamp": "1700000002",
        "errors": [{"code": 131026, "title": "Message undeliverable"}]}]}}]}]}).encode()
    _post(client, body)
    sent.refresh_from_db()
    assert sent.status == Notification.Status.FAILED
    assert sent.error == "Message undeliverable"


def test_unsigned_post_is_refused_when_no_secret_is_configured(client, settings):
    settings.WHATSAPP_APP_SECRET = ""
    body = _status_body("wamid.1", "delivered", "1700000001")
    assert _post(client, body, signature=sign(body, secret="")).status_code == 403
