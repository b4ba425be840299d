import pytest

from notifications.models import Kind
from notifications.services import notify
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db


def test_sender_keeps_to_the_messages_per_second_limit(
        whatsapp_api, settings, django_capture_on_commit_callbacks):
    settings.WHATSAPP_MESSAGES_PER_SECOND = 3
    users = [whatsapp_only(f"+91980000000{n}") for n in range(7)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in users:
            notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="burst",
                   context={"subject": "S", "message": "M"})
    arrivals = sorted(request["at"] for request in whatsapp_api.requests)
    assert len(arrivals) == 7
    # One message per slot of a third of a second: 7 messages need 7 slots, so the first
    # and the last are at least 5 whole slots apart (without a limit: a few milliseconds).
    assert arrivals[-1] - arrivals[0] >= 5 / 3 - 0.1
    # Any 4 messages span at least 2 whole slots.
    assert all(arrivals[i + 3] - arrivals[i] >= 2 / 3 - 0.1 for i in range(len(arrivals) - 3))
