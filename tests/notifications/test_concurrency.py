"""Two senders racing for the same message: the conditional claim lets one send it."""

import threading

import pytest
from django.db import connection

from notifications.delivery import deliver
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.notifications.factories import whatsapp_only


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_send_once(whatsapp_api):
    user = whatsapp_only()
    [notification] = [n for n in notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key="race",
                                        context={"subject": "S", "message": "M"})
                      if n.channel == "whatsapp"]
    # In autocommit the kick already sent it once; put it back in the queue to race on it.
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.QUEUED, attempts=0)
    whatsapp_api.requests.clear()
    barrier = threading.Barrier(4)

    def sender():
        try:
            barrier.wait()
            deliver(notification.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(whatsapp_api.requests) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
