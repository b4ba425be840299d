"""The delivery log's chat activity: messages received by WhatsApp beside the answers."""

import json
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.activity import message_text
from notifications.models import InboundMessage, Kind, Notification, NotificationPreference
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import PASSWORD, organiser, participant, trainer
from tests.notifications.conftest import sign

pytestmark = pytest.mark.django_db
WEBHOOK = "/notifications/whatsapp/webhook/"
LOG = "/cms/notifications/"
NUMBER = "+919876543210"
_ids = count(1)


@pytest.fixture
def learner():
    bootcamp = build_bootcamp()
    user = enrol(bootcamp)[1][1]
    NotificationPreference.objects.create(user=user, whatsapp_number=NUMBER,
                                          whatsapp_opt_in=True)
    return user


def _post(client, message, *, sender=NUMBER, message_id=None):
    body = json.dumps({"entry": [{"changes": [{"value": {"messages": [{
        "from": sender.lstrip("+"), "id": message_id or f"wamid.in.{next(_ids)}",
        "timestamp": str(int(timezone.now().timestamp())), **message}]}}]}]}).encode()
    assert client.post(WEBHOOK, body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256=sign(body)).status_code == 200


def test_received_messages_and_answers_are_listed_together(client, learner, whatsapp_api,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, {"type": "text", "text": {"body": "HELP please"}}, message_id="wamid.a")
        _post(client, {"type": "text", "text": {"body": "HELP please"}}, message_id="wamid.a")
        _post(client, {"type": "text", "text": {"body": "hello?"}}, sender="+919000000000")
    assert InboundMessage.objects.count() == 2  # the replay is kept once
    assert InboundMessage.objects.get(provider_message_id="wamid.a").user == learner
    client.login(email=organiser().email, password=PASSWORD)
    html = client.get(LOG, {"kind": "chat"}).content.decode()
    assert "HELP please" in html and "Received" in html
    assert "+919000000000" in html and "unknown number" in html
    assert "Send NEXT for the next part" in html  # our answer, with its status
    assert Notification.objects.filter(kind=Kind.REPLY).count() == 1
    answers_only = client.get(LOG, {"kind": "chat", "status": "sent"}).content.decode()
    assert "HELP please" not in answers_only and "Send NEXT" in answers_only
    # The other kinds' filter is unchanged: chat rows do not leak into it.
    assert "HELP please" not in client.get(LOG, {"kind": "announcement"}).content.decode()


def test_tapped_buttons_and_list_rows_are_logged_by_their_title():
    assert message_text({"type": "interactive", "interactive": {
        "type": "button_reply", "button_reply": {"id": "NEXT", "title": "Next part"}}}) \
        == "Next part"
    assert message_text({"type": "interactive", "interactive": {
        "type": "list_reply", "list_reply": {"id": "a1", "title": "Option 1"}}}) == "Option 1"
    assert message_text({"type": "image", "image": {}}) == "[image]"


def test_chat_activity_is_for_organisers_only(client, learner):
    InboundMessage.objects.create(provider_message_id="x", from_number=NUMBER, user=learner,
                                  text="secret", received_at=timezone.now())
    for user in (trainer(), participant()):
        client.login(email=user.email, password=PASSWORD)
        response = client.get(LOG, {"kind": "chat"})
        assert response.status_code in (302, 403) and b"secret" not in response.content
        client.logout()


def test_chat_activity_runs_constant_queries(client, learner):
    client.login(email=organiser().email, password=PASSWORD)
    client.get(LOG, {"kind": "chat"})  # warm the per-process caches (site, menu)
    client.get(LOG, {"kind": "chat"})
    counts = []
    for size in (1, 10, 60):
        InboundMessage.objects.bulk_create(
            InboundMessage(provider_message_id=f"m-{size}-{n}", from_number=NUMBER,
                           user=learner, text="NEXT", received_at=timezone.now())
            for n in range(size))
        Notification.objects.bulk_create(
            Notification(recipient=learner, channel="whatsapp", kind=Kind.REPLY,
                         dedupe_key=f"r-{size}-{n}", context={"message": "part"},
                         status="sent")
            for n in range(size))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LOG, {"kind": "chat"}).status_code == 200
        counts.append(len(queries))
    # The first page mixes both directions (two fetches); a page of one direction skips a
    # fetch. Never more queries as the log grows.
    assert all(later <= counts[0] for later in counts), counts
