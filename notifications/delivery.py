"""Delivery: claim, send, retry and reconcile queued notifications (the queue is the table).

- `deliver` claims a queued notification with a conditional UPDATE (queued → sending), so two
  workers (or a task and the scheduler sweep) can never both send it, then records the outcome.
- A timeout after the request was sent is ambiguous (the provider may have accepted it): the
  notification becomes "unknown", never resent blindly. WhatsApp echoes our reference
  (`biz_opaque_callback_data`) in its status webhooks, which reconcile it to sent/delivered;
  only if no status arrives within NOTIFICATIONS_RECONCILE_SECONDS is it queued again.
  Email has no such receipt, so an unconfirmed email fails for an organiser to retry.
- A claim has a lease: a worker killed before it handed the message to the provider leaves
  it "sending", and the scheduler queues it again when the lease runs out (never "failed,
  not confirmed" for a message nobody sent). See `deliver` for the states.
- `dispatch_due` (run by `manage.py send_reminders`) sends whatever is due: retries after
  backoff, messages deferred by quiet hours, abandoned claims, and anything whose task was
  lost.
- `send_notification` is the background task that runs `deliver`; it sits here, beside the
  work it runs, so nothing imports in a circle.
"""

import logging
import smtplib
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from lms.reconnect import DATABASE_DOWN, Backoff, database_down
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
    """Send one notification if it is due (at `now`) and nobody else is sending it.

    The states, so that a worker that dies at any point neither loses nor doubles a message:
    - queued → sending: the *claim*, a conditional UPDATE that one worker wins. `claimed_at`
      (this worker's own clock reading) is the claim's token and the start of its lease.
      While the message is "sending" it has certainly not reached the provider.
    - sending → unknown: the *hand-over*, committed just before the provider is called and
      only if the claim is still ours (same token). From here the provider may have it.
    - unknown → sent / queued (retry) / failed: the outcome, recorded by the same worker.
    A worker killed while holding a claim (waiting for its rate slot, rendering) leaves the
    message "sending": when the lease (NOTIFICATIONS_LEASE_SECONDS) runs out the scheduler
    queues it again (`reconcile_unconfirmed`). A worker killed after the hand-over leaves it
    "unknown", reconciled like a timeout: never sent again blindly.
    Runs in autocommit (a task or the scheduler), so each step is durable when it is made.
    """
    now = now or timezone.now()
    # The token must be unique to this claim, so it is the wall clock, not `now` (a sweep
    # passes one `now` for its whole batch); a re-claim after a lease is always later.
    claim = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=claim, updated_at=now)
    if not claimed:
        return
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        send = _prepare(notification, claim, now)
    except Exception as exc:
        # Nothing reached the provider: give the claim back now rather than at lease expiry.
        _release(notification, claim, now, error=f"not sent: {type(exc).__name__}: {exc}")
        raise
    if send is None or not _hand_over(notification, claim, now):
        return
    try:
        result = send()
    except Exception as exc:
        # After the hand-over an unexpected error may come after the provider took it:
        # unconfirmed, reconciled like a timeout (the row already says so).
        _finish(notification, SendResult(Outcome.UNKNOWN, error=f"{type(exc).__name__}: {exc}"),
                now, claim=claim, held=Status.UNKNOWN)
        raise
    _record_outcome(notification, result, now, claim=claim)


def _record_outcome(notification: Notification, result: SendResult, now: datetime, *,
                    claim: datetime, backoff: Backoff | None = None) -> None:
    """Record what the provider answered, waiting out a database blip.

    Only this process knows the answer: if the database is briefly away (the live-day
    drill's 20 s outage met a send here), giving up would leave a message that went out
    "unconfirmed", and an email unconfirmed ends "failed" for an organiser to resend. So
    retry with backoff for up to NOTIFICATIONS_RECORD_RETRY_SECONDS; only after that is the
    message left to reconciliation. Inside a transaction (tests) a retry cannot work."""
    backoff = backoff or Backoff(maximum=10)
    deadline = time.monotonic() + settings.NOTIFICATIONS_RECORD_RETRY_SECONDS
    while True:
        try:
            _finish(notification, result, now, claim=claim, held=Status.UNKNOWN)
            return
        except DATABASE_DOWN as error:
            if connection.in_atomic_block or time.monotonic() >= deadline:
                raise
            database_down(error, backoff, what=f"notification {notification.pk} outcome")


def _prepare(notification: Notification, claim: datetime,
             now: datetime) -> Callable[[], SendResult] | None:
    """Everything before the provider is called, under the claim: quiet hours, opt-out and
    configuration checks, rendering, the rate slot. Returns the provider call itself, or
    None when the message was settled (deferred or rejected) without sending."""
    if notification.recipient_id is None:  # an address without an account: email only
        email = _email_message(notification)
        _take_rate_slot(Channel.EMAIL)
        return lambda: _send_email(email)
    preference = NotificationPreference.for_user(notification.recipient)
    quiet_end = preference.quiet_until(now)
    if quiet_end is not None and notification.kind != Kind.REPLY:
        # Deferred, not dropped: back in the queue for the end of the quiet hours.
        Notification.objects.filter(
            pk=notification.pk, status=Status.SENDING, claimed_at=claim
        ).update(status=Status.QUEUED, attempts=F("attempts") - 1, next_attempt_at=quiet_end,
                 claimed_at=None)
        transaction.on_commit(lambda: _kick(notification.pk, run_after=quiet_end))
        return None
    if notification.channel == Channel.WHATSAPP:
        if not preference.whatsapp_number or (
            not preference.whatsapp_opt_in and notification.kind != Kind.REPLY
        ):
            _finish(notification, SendResult(Outcome.REJECTED, error="recipient opted out"), now,
                    claim=claim, held=Status.SENDING)
            return None
        if not whatsapp.is_configured():
            _finish(notification, SendResult(Outcome.REJECTED, error="WhatsApp not configured"),
                    now, claim=claim, held=Status.SENDING)
            return None
        wait_until = _recipient_wait(notification, now)
        if wait_until is not None:
            _defer(notification, claim, wait_until)
            return None
        payload = _whatsapp_payload(notification, preference, now)
        _take_rate_slot(Channel.WHATSAPP)
        return lambda: whatsapp.send(payload)
    email = _email_message(notification)
    _take_rate_slot(Channel.EMAIL)
    return lambda: _send_email(email)


def _defer(notification: Notification, claim: datetime, until: datetime) -> None:
    """Back in the queue, due at `until`, without counting an attempt (nothing was sent)."""
    Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, claimed_at=claim
    ).update(status=Status.QUEUED, attempts=F("attempts") - 1, next_attempt_at=until,
             claimed_at=None)
    transaction.on_commit(lambda: _kick(notification.pk, run_after=until))


def _recipient_wait(notification: Notification, now: datetime) -> datetime | None:
    """When this WhatsApp message must wait for the per-recipient limit, the moment it may
    go; None when it may go now (and then it has taken one of the minute's places).

    At most WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE messages per person per clock
    minute, each place claimed with an atomic `cache.add` (shared by all workers, like the
    per-second slots). A chat reply also waits behind an earlier reply to the same person
    still queued, so a burst arrives in the order it was written."""
    limit = settings.WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE
    if limit <= 0:
        return None
    minute = int(now.timestamp() // 60)
    next_minute = datetime.fromtimestamp((minute + 1) * 60, tz=now.tzinfo)
    if notification.kind == Kind.REPLY:
        earlier = (Notification.objects.filter(
            recipient_id=notification.recipient_id, channel=Channel.WHATSAPP, kind=Kind.REPLY,
            status=Status.QUEUED, pk__lt=notification.pk)
            .order_by("-next_attempt_at").values_list("next_attempt_at", flat=True).first())
        if earlier is not None:
            # Just after it, so a sweep (in due order, then id) sends the two in order.
            return max(earlier, now) + timedelta(seconds=1)
    for place in range(limit):
        if cache.add(f"notifications:recipient:{notification.recipient_id}:{minute}:{place}",
                     1, timeout=120):
            return None
    return next_minute


def _language_of(notification: Notification) -> str:
    """The recipient's language (their account's; the site's default for an address)."""
    recipient = notification.recipient
    return recipient.message_language if recipient is not None else settings.LANGUAGE_CODE


def _hand_over(notification: Notification, claim: datetime, now: datetime) -> bool:
    """Mark the message as possibly with the provider, if the claim is still ours.

    False when the lease ran out meanwhile (the scheduler queued it again, maybe another
    worker has it): then this worker must not send. The reconcile deadline is set here,
    so a worker killed during the provider call leaves a message that waits for its
    status webhook like a timed-out one."""
    handed = Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, claimed_at=claim
    ).update(status=Status.UNKNOWN, error="", updated_at=now, next_attempt_at=now + timedelta(
        seconds=settings.NOTIFICATIONS_RECONCILE_SECONDS))
    if not handed:
        logger.warning("notification %s: claim lost (lease expired), not sending",
                       notification.pk)
    return bool(handed)


def _release(notification: Notification, claim: datetime, now: datetime, *, error: str) -> None:
    """Give back a claim that sent nothing: queued again after the usual backoff, or failed
    ("not sent") once the attempts are used up. Best effort: if the database is what
    failed, the lease does the same later."""
    try:
        pending = Notification.objects.filter(pk=notification.pk, status=Status.SENDING,
                                              claimed_at=claim)
        attempts = notification.attempts  # read after the claim: includes this one
        if attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
            pending.update(status=Status.QUEUED, claimed_at=None, error=error[:1000],
                           next_attempt_at=now + _backoff(attempts, None), updated_at=now)
        else:
            pending.update(status=Status.FAILED, failed_at=now, error=error[:1000],
                           updated_at=now)
    except DatabaseError:
        logger.warning("notification %s: could not release the claim; the lease will",
                       notification.pk)


def _whatsapp_payload(notification: Notification, preference: NotificationPreference,
                      now: datetime) -> dict:
    message = render(kind=notification.kind, context=notification.context,
                     bootcamp_id=notification.bootcamp_id, language=_language_of(notification))
    reference = notification.callback_reference
    if notification.kind == Kind.REPLY and notification.context.get("choices"):
        # Buttons or a list (notifications.chat); the text alone when WhatsApp cannot show
        # them (a long text, too many choices): it names the commands and numbers too.
        interactive = whatsapp.interactive_payload(
            to=preference.whatsapp_number, body=message.body,
            choices=notification.context["choices"],
            button=notification.context.get("button", ""), reference=reference)
        if interactive is not None:
            return interactive
    if notification.kind == Kind.REPLY and notification.context.get("document_url"):
        # A lesson's document (notifications.chat): the file itself, its title as caption.
        return whatsapp.document_payload(
            to=preference.whatsapp_number, link=notification.context["document_url"],
            filename=notification.context.get("filename", ""), caption=message.body,
            reference=reference)
    if preference.within_whatsapp_window(now) or notification.kind == Kind.REPLY:
        return whatsapp.text_payload(
            to=preference.whatsapp_number, body=message.body, reference=reference)
    return whatsapp.template_payload(
        to=preference.whatsapp_number, name=message.whatsapp_template,
        parameters=message.whatsapp_parameters, reference=reference, language=message.language)


def _email_message(notification: Notification) -> EmailMultiAlternatives:
    message = render(kind=notification.kind, context=notification.context,
                     bootcamp_id=notification.bootcamp_id,
                     to_account=notification.recipient_id is not None,
                     language=_language_of(notification))
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.text, to=[notification.addressee],
        headers={"X-Notification-Reference": notification.callback_reference},
    )
    email.attach_alternative(message.html, "text/html")
    return email


def _send_email(email: EmailMultiAlternatives) -> SendResult:
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


def _finish(notification: Notification, result: SendResult, now: datetime, *,
            claim: datetime, held: str) -> None:
    """Record the outcome, if the message is still in the state this claim left it in
    (`held`: sending before the hand-over, unknown after it).

    A settled message (sent, failed) gets `next_attempt_at = now`: the hand-over had set it
    to the reconcile deadline, and a message queued again later (an organiser's retry, a
    reset) must be due at once, not wait for a deadline that no longer means anything."""
    pending = Notification.objects.filter(pk=notification.pk, status=held, claimed_at=claim)
    if result.outcome is Outcome.ACCEPTED:
        updated = pending.update(status=Status.SENT, sent_at=now, error="", updated_at=now,
                                 next_attempt_at=now,
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
        pending.update(status=Status.FAILED, failed_at=now, error=result.error, updated_at=now,
                       next_attempt_at=now)
    logger.warning("notification %s: %s (%s)", notification.pk, result.outcome.value,
                   result.error)


def reconcile_unconfirmed(*, now: datetime) -> int:
    """Settle claims whose worker died and messages whose send outcome is unknown.

    - Still "sending" after the lease: the worker stopped before the hand-over, so the
      provider never had it. Queued again (the attempt counts, so a message that keeps
      killing its worker ends failed "not sent" instead of looping).
    - "unknown" past the reconcile window: a WhatsApp message the provider had accepted
      would have been confirmed by a status webhook by now, so it is queued again; an email
      cannot be confirmed and fails, for an organiser to retry knowingly.
    Returns how many messages were queued again."""
    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    abandoned = Notification.objects.filter(
        Q(claimed_at__lt=now - lease) | Q(claimed_at__isnull=True), status=Status.SENDING)
    requeued = abandoned.filter(attempts__lt=settings.NOTIFICATIONS_MAX_ATTEMPTS).update(
        status=Status.QUEUED, next_attempt_at=now, claimed_at=None, updated_at=now,
        error="not sent: the worker stopped before sending it; queued again")
    abandoned.update(status=Status.FAILED, failed_at=now, updated_at=now,
                     error="not sent: the worker stopped before sending it, every attempt")
    expired = Notification.objects.filter(status=Status.UNKNOWN, next_attempt_at__lte=now)
    requeued += expired.filter(
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

