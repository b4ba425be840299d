"""A worker killed (kill -9) with a message in hand: the message is neither lost nor doubled.

A kill is simulated by an exception that is not an `Exception` (as SystemExit or a signal
would be): nothing in `deliver` catches it, so the row is left exactly as the database had
it when the process died.
"""

import contextlib
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import delivery
from notifications.delivery import deliver, dispatch_due
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.factories import UserFactory
from tests.notifications.conftest import sign
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db

Status = Notification.Status
LEASE = 120


class WorkerKilled(BaseException):
    """Stands for kill -9: no handler in the code under test runs."""


@pytest.fixture
def lease(settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = LEASE
    return timedelta(seconds=LEASE)


def _queued_whatsapp():
    """A queued WhatsApp message whose kick was not run (the test plays the worker)."""
    [notification] = notify(user=whatsapp_only(), kind=Kind.ANNOUNCEMENT, dedupe_key="lease",
                            context={"subject": "Venue", "message": "Room 2"})
    return notification


def _kill_once_at(monkeypatch, target, name, *, after_real_call=False, during=None):
    """Replace `target.name` so that its first call kills the worker (before or after the
    real call); `during` runs inside the first call first (another worker meanwhile)."""
    real = getattr(target, name)
    calls = []

    def replacement(*args, **kwargs):
        calls.append(args)
        if len(calls) > 1:
            return real(*args, **kwargs)
        if during is not None:
            during()
            return real(*args, **kwargs)
        if after_real_call:
            real(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(target, name, replacement)
    return calls


def _status_webhook(client, *, reference, message_id="wamid.1", status="sent"):
    body = json.dumps({"entry": [{"changes": [{"value": {"statuses": [{
        "id": message_id, "status": status, "timestamp": "1700000000",
        "biz_opaque_callback_data": reference}]}}]}]}).encode()
    return client.post(reverse("notifications:whatsapp_webhook"), body,
                       content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body))


def test_killed_before_sending_is_retried_once_after_the_lease(whatsapp_api, lease,
                                                               monkeypatch):
    notification = _queued_whatsapp()
    _kill_once_at(monkeypatch, delivery, "_take_rate_slot")
    with pytest.raises(WorkerKilled):
        deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Status.SENDING
    claimed_at = notification.claimed_at

    # The lease is still running: the scheduler leaves the claim alone.
    dispatch_due(now=claimed_at + lease - timedelta(seconds=1))
    notification.refresh_from_db()
    assert notification.status == Status.SENDING
    assert whatsapp_api.requests == []

    # Lease over: queued again and sent at once, once, however often the scheduler runs.
    dispatch_due(now=claimed_at + lease + timedelta(seconds=1))
    assert len(whatsapp_api.requests) == 1
    dispatch_due(now=claimed_at + lease + timedelta(minutes=5))
    dispatch_due(now=claimed_at + timedelta(days=1))
    notification.refresh_from_db()
    assert len(whatsapp_api.requests) == 1
    assert notification.status == Status.SENT
    assert notification.attempts == 2
    assert notification.error == ""


def test_an_email_killed_before_sending_is_sent_not_failed_unconfirmed(lease, monkeypatch):
    [notification] = notify(user=UserFactory(), kind=Kind.ANNOUNCEMENT, dedupe_key="lease-e",
                            context={"subject": "Venue", "message": "Room 2"})
    _kill_once_at(monkeypatch, delivery, "_take_rate_slot")
    with pytest.raises(WorkerKilled):
        deliver(notification.pk)
    notification.refresh_from_db()
    claimed_at = notification.claimed_at
    for later in (lease + timedelta(seconds=1), timedelta(days=1)):
        dispatch_due(now=claimed_at + later)
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_live_claim_is_not_taken_by_another_worker(whatsapp_api, lease, monkeypatch):
    notification = _queued_whatsapp()
    seen_while_held = []

    def another_worker():
        # Worker A waits for its rate slot; B's task and the scheduler's sweep both try.
        deliver(notification.pk)
        dispatch_due(now=timezone.now() + lease - timedelta(seconds=5))
        seen_while_held.append(len(whatsapp_api.requests))

    _kill_once_at(monkeypatch, delivery, "_take_rate_slot", during=another_worker)
    deliver(notification.pk)
    assert seen_while_held == [0]
    assert len(whatsapp_api.requests) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)


def test_a_slow_worker_whose_lease_ran_out_does_not_send_it_again(whatsapp_api, lease,
                                                                  monkeypatch):
    notification = _queued_whatsapp()

    def scheduler_after_the_lease():
        # A stalls past its lease; the scheduler queues the message again and sends it.
        dispatch_due(now=timezone.now() + lease + timedelta(seconds=1))

    _kill_once_at(monkeypatch, delivery, "_take_rate_slot", during=scheduler_after_the_lease)
    deliver(notification.pk)  # A wakes up: its claim is gone, it must not send
    assert len(whatsapp_api.requests) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 2)


def test_killed_after_the_provider_took_it_is_reconciled_never_resent(
        client, whatsapp_api, lease, monkeypatch, settings):
    notification = _queued_whatsapp()
    _kill_once_at(monkeypatch, delivery.whatsapp, "send", after_real_call=True)
    with pytest.raises(WorkerKilled):
        deliver(notification.pk)
    notification.refresh_from_db()
    # Between hand-over and confirmation: possibly with the provider, so not "sending".
    assert notification.status == Status.UNKNOWN
    assert len(whatsapp_api.requests) == 1
    window_end = notification.next_attempt_at
    assert window_end >= notification.claimed_at + timedelta(
        seconds=settings.NOTIFICATIONS_RECONCILE_SECONDS - 1)

    # Past the lease, within the reconcile window: nothing is sent again.
    dispatch_due(now=notification.claimed_at + lease + timedelta(minutes=1))
    assert len(whatsapp_api.requests) == 1
    # The provider's status webhook settles it; after the window nothing is resent either.
    assert _status_webhook(client, reference=notification.callback_reference).status_code == 200
    dispatch_due(now=window_end + timedelta(days=1))
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.provider_message_id == "wamid.1"
    assert len(whatsapp_api.requests) == 1


def test_killed_after_an_email_went_out_fails_unconfirmed_and_is_not_resent(
        lease, monkeypatch):
    [notification] = notify(user=UserFactory(), kind=Kind.ANNOUNCEMENT, dedupe_key="lease-e",
                            context={"subject": "Venue", "message": "Room 2"})
    _kill_once_at(monkeypatch, delivery, "_send_email", after_real_call=True)
    with pytest.raises(WorkerKilled):
        deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Status.UNKNOWN
    dispatch_due(now=notification.next_attempt_at + timedelta(seconds=1))
    dispatch_due(now=notification.next_attempt_at + timedelta(days=1))
    notification.refresh_from_db()
    # Email has no receipt: it may have gone out, so an organiser decides (never resent).
    assert notification.status == Status.FAILED
    assert "not confirmed" in notification.error
    assert len(mail.outbox) == 1


def test_an_error_before_sending_gives_the_claim_back_at_once(whatsapp_api, lease,
                                                             monkeypatch, settings):
    notification = _queued_whatsapp()

    def broken_cache(channel):
        raise RuntimeError("rate counter unavailable")

    monkeypatch.setattr(delivery, "_take_rate_slot", broken_cache)
    with pytest.raises(RuntimeError):
        deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Status.QUEUED  # not left for the lease, never "failed"
    assert notification.error.startswith("not sent: RuntimeError")
    assert notification.next_attempt_at > timezone.now()
    monkeypatch.undo()
    dispatch_due(now=notification.next_attempt_at)
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert len(whatsapp_api.requests) == 1


def test_a_message_that_kills_every_worker_ends_failed_not_sent(whatsapp_api, lease,
                                                               monkeypatch, settings):
    notification = _queued_whatsapp()

    def killed(channel):
        raise WorkerKilled

    monkeypatch.setattr(delivery, "_take_rate_slot", killed)
    moment = timezone.now()
    for _ in range(settings.NOTIFICATIONS_MAX_ATTEMPTS + 1):
        moment += lease + timedelta(seconds=1)
        with contextlib.suppress(WorkerKilled):
            dispatch_due(now=moment)
        # The worker's clock is the real one: move its claim back to the simulated time.
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
            claimed_at=moment)
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert notification.error.startswith("not sent")
    assert whatsapp_api.requests == []


@pytest.mark.django_db(transaction=True)  # the worker runs in autocommit, as in production
def test_a_database_blip_after_sending_is_waited_out_and_the_send_recorded(
        whatsapp_api, monkeypatch):
    from django.db import OperationalError

    from notifications import services

    monkeypatch.setattr(services, "_kick", lambda *args, **kwargs: None)  # the test is the worker
    notification = _queued_whatsapp()
    real_finish = delivery._finish
    failures = [OperationalError("terminating connection due to administrator command")] * 3
    waits = []

    def finish(*args, **kwargs):
        if failures:
            raise failures.pop()
        return real_finish(*args, **kwargs)

    monkeypatch.setattr(delivery, "_finish", finish)
    monkeypatch.setattr(delivery, "database_down",
                        lambda error, backoff, *, what: waits.append(what))
    deliver(notification.pk)
    notification.refresh_from_db()
    # Sent once and recorded as sent: not "unconfirmed", so an email would not end failed.
    assert (notification.status, notification.provider_message_id) == (Status.SENT, "wamid.1")
    assert len(whatsapp_api.requests) == 1
    assert len(waits) == 3


@pytest.mark.django_db(transaction=True)
def test_an_outage_longer_than_the_retry_leaves_it_unconfirmed_not_resent(
        whatsapp_api, monkeypatch, settings):
    from django.db import OperationalError

    from notifications import services

    settings.NOTIFICATIONS_RECORD_RETRY_SECONDS = 0
    monkeypatch.setattr(services, "_kick", lambda *args, **kwargs: None)
    notification = _queued_whatsapp()

    def finish(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(delivery, "_finish", finish)
    with pytest.raises(OperationalError):
        deliver(notification.pk)
    monkeypatch.undo()
    notification.refresh_from_db()
    assert notification.status == Status.UNKNOWN
    dispatch_due(now=notification.next_attempt_at - timedelta(seconds=1))
    assert len(whatsapp_api.requests) == 1
