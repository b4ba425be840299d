"""Delivery: claim, send, retry and reconcile queued notifications (the queue is the table).

- `deliver` claims a queued notification with a conditional UPDATE (queued → sending), so two
  workers (or a task and the scheduler sweep) can never both send it, then records the outcome.
- A timeout after the request was sent is ambiguous (the provider may have accepted it): the
  notification becomes "unknown", never resent blindly. WhatsApp echoes our reference
  (`biz_opaque_callback_data`) in its status webhooks, which reconcile it to sent/delivered;
  only if no status arrives within NOTIFICATIONS_RECONCILE_SECONDS is it queued again.
  Email has no such receipt, so an unconfirmed email fails for an organiser to retry.
- `dispatch_due` (run by `manage.py send_reminders`) sends whatever is due: retries after
  backoff, messages deferred by quiet hours, and anything whose task was lost.
- `send_notification` is the background task that runs `deliver`; it sits here, beside the
  work it runs, so nothing imports in a circle.
"""

import logging
import smtplib
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from notifications import whatsapp
from notifications.models import Channel, Kind, Notification, NotificationPreference
from notifications.rendering import render
from notifications.whatsapp import Outcome, SendResult

logger = logging.getLogger(__name__)

Status = Notification.Status


@task()
def send_notification(notification_id: int) -> None:
    """Kick the sender for one notification; the Notification row is the queue."""
    deliver(notification_id)


def _kick(notification_id: int, *, run_after: datetime | None = None) -> None:
    """Ask a worker to send now or at `run_after`. Losing a kick loses nothing: the
    scheduler sweep sends every due notification anyway."""
    if run_after is None or run_after <= timezone.now():
        send_notification.enqueue(notification_id)
    elif send_notification.get_backend().supports_defer:
        send_notification.using(run_after=run_after).enqueue(notification_id)


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    seconds = settings.NOTIFICATIONS_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    if retry_after is not None:
        seconds = max(seconds, retry_after)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_BACKOFF_MAX_SECONDS))


def _take_rate_slot(channel: str) -> None:
    """Block until the provider's rate allows one more message.

    Time is cut into slots of 1/rate seconds and each slot admits one message, claimed with
    an atomic `cache.add` — shared by all workers through the cache (Redis in production) —
    so messages are spread evenly instead of bursting at the start of each second."""
    per_second = {
        Channel.WHATSAPP: settings.WHATSAPP_MESSAGES_PER_SECOND,
        Channel.EMAIL: settings.EMAIL_MESSAGES_PER_SECOND,
    }[channel]
    if per_second <= 0:
        return
    slot_seconds = 1 / per_second
    while True:
        now = time.time()
        slot = int(now / slot_seconds)
        if cache.add(f"notifications:rate:{channel}:{slot}", 1,
                     timeout=max(2, int(slot_seconds * 2) + 1)):
            return
        time.sleep(max((slot + 1) * slot_seconds - now, 0.001))


def deliver(notification_id: int, *, now: datetime | None = None) -> None:
    """Send one notification if it is due (at `now`) and nobody else is sending it."""
    now = now or timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now, updated_at=now)
    if not claimed:
        return
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if notification.recipient_id is None:  # an address without an account: email only
        _take_rate_slot(Channel.EMAIL)
        _finish(notification, _send_email(notification), now)
        return
    preference = NotificationPreference.for_user(notification.recipient)
    quiet_end = preference.quiet_until(now)
    if quiet_end is not None and notification.kind != Kind.REPLY:
        # Deferred, not dropped: back in the queue for the end of the quiet hours.
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
            status=Status.QUEUED, attempts=F("attempts") - 1, next_attempt_at=quiet_end)
        transaction.on_commit(lambda: _kick(notification.pk, run_after=quiet_end))
        return
    if notification.channel == Channel.WHATSAPP:
        if not preference.whatsapp_number or (
            not preference.whatsapp_opt_in and notification.kind != Kind.REPLY
        ):
            _finish(notification, SendResult(Outcome.REJECTED, error="recipient opted out"), now)
            return
        if not whatsapp.is_configured():
            _finish(notification, SendResult(Outcome.REJECTED, error="WhatsApp not configured"),
                    now)
            return
    _take_rate_slot(notification.channel)
    if notification.channel == Channel.WHATSAPP:
        result = _send_whatsapp(notification, preference, now)
    else:
        result = _send_email(notification)
    _finish(notification, result, now)


def _language_of(notification: Notification) -> str:
    """The recipient's language (their account's; the site's default for an address)."""
    recipient = notification.recipient
    return recipient.message_language if recipient is not None else settings.LANGUAGE_CODE


def _send_whatsapp(notification: Notification, preference: NotificationPreference,
                   now: datetime) -> SendResult:
    message = render(kind=notification.kind, context=notification.context,
                     bootcamp_id=notification.bootcamp_id, language=_language_of(notification))
    reference = notification.callback_reference
    if preference.within_whatsapp_window(now) or notification.kind == Kind.REPLY:
        payload = whatsapp.text_payload(
            to=preference.whatsapp_number, body=message.body, reference=reference)
    else:
        payload = whatsapp.template_payload(
            to=preference.whatsapp_number, name=message.whatsapp_template,
            parameters=message.whatsapp_parameters, reference=reference)
    return whatsapp.send(payload)


def _send_email(notification: Notification) -> SendResult:
    message = render(kind=notification.kind, context=notification.context,
                     bootcamp_id=notification.bootcamp_id,
                     to_account=notification.recipient_id is not None,
                     language=_language_of(notification))
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.text, to=[notification.addressee],
        headers={"X-Notification-Reference": notification.callback_reference},
    )
    email.attach_alternative(message.html, "text/html")
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        return SendResult(Outcome.REJECTED, error=str(exc))
    except smtplib.SMTPResponseException as exc:
        outcome = Outcome.REJECTED if exc.smtp_code >= 500 else Outcome.RETRY
        return SendResult(outcome, error=str(exc))
    except TimeoutError as exc:  # the server may have taken the message
        return SendResult(Outcome.UNKNOWN, error=f"timed out: {exc}")
    except (smtplib.SMTPException, OSError) as exc:
        return SendResult(Outcome.RETRY, error=str(exc))
    return SendResult(Outcome.ACCEPTED)


def _finish(notification: Notification, result: SendResult, now: datetime) -> None:
    pending = Notification.objects.filter(pk=notification.pk, status=Status.SENDING)
    if result.outcome is Outcome.ACCEPTED:
        updated = pending.update(status=Status.SENT, sent_at=now, error="", updated_at=now,
                                 provider_message_id=result.message_id or None)
        if not updated and result.message_id:
            # A status webhook overtook us and already moved it forward; keep the id.
            Notification.objects.filter(pk=notification.pk, provider_message_id=None).update(
                provider_message_id=result.message_id)
        return
    attempts = Notification.objects.values_list("attempts", flat=True).get(pk=notification.pk)
    if result.outcome is Outcome.RETRY and attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
        retry_at = now + _backoff(attempts, result.retry_after)
        pending.update(status=Status.QUEUED, next_attempt_at=retry_at, error=result.error,
                       updated_at=now)
        transaction.on_commit(lambda: _kick(notification.pk, run_after=retry_at))
    elif result.outcome is Outcome.UNKNOWN:
        pending.update(status=Status.UNKNOWN, error=result.error, updated_at=now,
                       next_attempt_at=now + timedelta(
                           seconds=settings.NOTIFICATIONS_RECONCILE_SECONDS))
    else:
        pending.update(status=Status.FAILED, failed_at=now, error=result.error, updated_at=now)
    logger.warning("notification %s: %s (%s)", notification.pk, result.outcome.value,
                   result.error)


def reconcile_unconfirmed(*, now: datetime) -> int:
    """Settle messages whose send outcome is unknown and whose reconcile window is over.

    A WhatsApp message the provider had accepted would have been confirmed by a status
    webhook by now, so it is queued again; an email cannot be confirmed and fails, for an
    organiser to retry knowingly. A worker that died mid-send counts as unknown too."""
    window = timedelta(seconds=settings.NOTIFICATIONS_RECONCILE_SECONDS)
    Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - window).update(
        status=Status.UNKNOWN, next_attempt_at=now, error="worker stopped while sending")
    expired = Notification.objects.filter(status=Status.UNKNOWN, next_attempt_at__lte=now)
    requeued = expired.filter(
        channel=Channel.WHATSAPP, attempts__lt=settings.NOTIFICATIONS_MAX_ATTEMPTS
    ).update(status=Status.QUEUED, next_attempt_at=now, updated_at=now)
    expired.update(status=Status.FAILED, failed_at=now, updated_at=now,
                   error="delivery not confirmed by the provider; retry if needed")
    return requeued


def dispatch_due(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Send everything due (retries, deferred and orphaned messages). Returns the count."""
    now = now or timezone.now()
    reconcile_unconfirmed(now=now)
    ids = list(Notification.objects.due(now).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:limit])
    for notification_id in ids:
        deliver(notification_id, now=now)
    return len(ids)


def retry(*, notification: Notification) -> bool:
    """An organiser's retry of a failed message: queue it again now (attempts reset)."""
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, next_attempt_at=now, error="", failed_at=None,
        updated_at=now)
    if updated:
        transaction.on_commit(lambda: _kick(notification.pk))
    return bool(updated)

