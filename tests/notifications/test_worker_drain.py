"""With the persistent task backend, messages queued while no worker runs are all sent,
exactly once, when a worker comes back."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from notifications.models import Kind, Notification
from notifications.services import notify
from tests.factories import UserFactory
from tests.notifications.factories import whatsapp_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_queue_waits_for_the_worker_then_drains_exactly_once(database_tasks, whatsapp_api):
    email_users = [UserFactory() for _ in range(3)]
    phone_user = whatsapp_user("+919812345678")
    for user in [*email_users, phone_user]:
        notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="drain",
               context={"subject": "Venue change", "message": "Room 2"})
    # Worker down: everything waits in the database, nothing has been sent.
    assert DBTaskResult.objects.count() == 5
    assert mail.outbox == []
    assert whatsapp_api.requests == []
    assert set(Notification.objects.values_list("status", flat=True)) == {"queued"}

    _run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in [*email_users, phone_user])
    assert len(whatsapp_api.requests) == 1
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}

    _run_worker()  # a second worker run finds nothing left to send
    assert len(mail.outbox) == 4
    assert len(whatsapp_api.requests) == 1


def test_duplicate_tasks_for_one_message_send_it_once(database_tasks, whatsapp_api):
    from notifications.delivery import send_notification

    user = whatsapp_user()
    [email, message] = sorted(
        notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="dup",
               context={"subject": "S", "message": "M"}), key=lambda n: n.channel)
    send_notification.enqueue(message.pk)  # e.g. a sweep and a retry both kicked it
    send_notification.enqueue(message.pk)
    _run_worker()
    assert len(whatsapp_api.requests) == 1
