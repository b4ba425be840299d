import pytest
from django.core import mail

from notifications.models import (
    APPLICATION_DECISIONS,
    DECISION_KINDS,
    Channel,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.services import notify
from tests.factories import UserFactory
from tests.notifications.factories import whatsapp_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def whatsapp_configured(settings):
    """These tests are about channel choice; sending never runs (no commit in the test)."""
    settings.WHATSAPP_PHONE_NUMBER_ID = "1055551234"
    settings.WHATSAPP_ACCESS_TOKEN = "test-access-token"


def _notify(user, key="application-1"):
    return notify(user=user, kind=Kind.APPLICATION_SELECTED, dedupe_key=key,
                  context={"name": "Asha", "organisation": "Seva", "decision": "selected"})


def test_email_only_without_a_whatsapp_opt_in():
    user = UserFactory()
    assert [n.channel for n in _notify(user)] == [Channel.EMAIL]


def test_both_channels_after_whatsapp_opt_in():
    user = whatsapp_user()
    assert sorted(n.channel for n in _notify(user)) == [Channel.EMAIL, Channel.WHATSAPP]


def test_channels_follow_the_users_choice_per_kind():
    user = whatsapp_user(channels={APPLICATION_DECISIONS: [Channel.WHATSAPP],
                                   Kind.ANNOUNCEMENT: []})
    assert [n.channel for n in _notify(user)] == [Channel.WHATSAPP]
    assert notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="a",
                  context={"subject": "S", "message": "M"}) == []


def test_same_dedupe_key_queues_nothing_new():
    user = whatsapp_user()
    _notify(user)
    assert _notify(user) == []
    assert Notification.objects.count() == 2


def test_same_key_for_another_user_is_another_message():
    first, second = UserFactory(), UserFactory()
    _notify(first)
    assert len(_notify(second)) == 1


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [notification] = _notify(user)
    assert mail.outbox == []
    assert notification.status == Notification.Status.QUEUED
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(user=UserFactory(), kind="gossip", dedupe_key="x", context={})


def test_preference_is_created_with_india_time_by_default():
    user = UserFactory()
    _notify(user)
    assert NotificationPreference.objects.get(user=user).time_zone == "Asia/Kolkata"


def test_one_choice_covers_every_decision_on_an_application():
    user = whatsapp_user(channels={APPLICATION_DECISIONS: [Channel.WHATSAPP]})
    for kind in DECISION_KINDS:
        created = notify(user=user, kind=kind, dedupe_key=f"application-1-{kind}",
                         context={"organisation": "Seva"})
        assert [n.channel for n in created] == [Channel.WHATSAPP], kind


def test_no_whatsapp_message_is_queued_while_whatsapp_is_not_configured(settings, client):
    """Nothing could send it (#22): email only, and the delivery log says why once."""
    from tests.factories import PASSWORD, organiser

    settings.WHATSAPP_ACCESS_TOKEN = ""
    user = whatsapp_user()
    assert [n.channel for n in _notify(user)] == [Channel.EMAIL]
    assert not Notification.objects.filter(channel=Channel.WHATSAPP).exists()
    staff = organiser()
    client.login(email=staff.email, password=PASSWORD)
    body = client.get("/cms/notifications/").content.decode()
    assert body.count("WhatsApp is not configured") == 1
