"""Writes of the notifications app: queue, send, reconcile, and react to WhatsApp events.

Other apps call ONE function, `notify(...)`. Everything else here is the delivery machinery:

- `notify` creates one `Notification` per channel the user wants (unique per channel and
  dedupe key, so calling it twice queues nothing new) and kicks the sender on commit.
- `deliver` claims a queued notification with a conditional UPDATE (queued → sending), so two
  workers (or a task and the scheduler sweep) can never both send it, then records the outcome.
- A timeout after the request was sent is ambiguous (the provider may have accepted it): the
  notification becomes "unknown", never resent blindly. WhatsApp echoes our reference
  (`biz_opaque_callback_data`) in its status webhooks, which reconcile it to sent/delivered;
  only if no status arrives within NOTIFICATIONS_RECONCILE_SECONDS is it queued again.
  Email has no such receipt, so an unconfirmed email fails for an organiser to retry.
- `dispatch_due` (run by `manage.py send_reminders`) sends whatever is due: retries after
  backoff, messages deferred by quiet hours, and anything whose task was lost.
"""

import hashlib
import logging
import smtplib
import string
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from courses.models import Enrollment, LiveSessionPage, RosterMember
from notifications import whatsapp
from notifications.models import (
    Announcement,
    Channel,
    Kind,
    Notification,
    NotificationPreference,
    WebhookEvent,
)
from notifications.rendering import render
from notifications.whatsapp import Outcome, SendResult

logger = logging.getLogger(__name__)

Status = Notification.Status
# Provider statuses only move forward: a replayed or late "sent" never undoes "read".
STATUS_RANK = {
    Status.QUEUED: 0, Status.SENDING: 1, Status.UNKNOWN: 1,
    Status.SENT: 2, Status.DELIVERED: 3, Status.READ: 4,
}
PROVIDER_STATUSES = {
    "sent": Status.SENT, "delivered": Status.DELIVERED, "read": Status.READ,
    "failed": Status.FAILED,
}


def preference_for(user) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


def notify(*, user, kind: str, context: dict, dedupe_key: str, bootcamp=None,
           now: datetime | None = None) -> list[Notification]:
    """Queue a message of `kind` to `user` on each channel the user chose for that kind.

    `dedupe_key` identifies the event (e.g. f"application-{id}-selected"); calling notify
    again with the same key and user queues nothing new. `context` values must be plain
    strings/numbers (they are stored as JSON and substituted into `$placeholders`).
    Sending starts after the surrounding transaction commits. `now` is for the scheduler
    (and tests): the moment the message is due, before quiet hours.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    preference = preference_for(user)
    now = now or timezone.now()
    send_at = (preference.quiet_until(now) if kind != Kind.REPLY else None) or now
    created = []
    for channel in preference.channels_for(kind):
        key = f"{kind}:{dedupe_key}:user-{user.pk}"
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, bootcamp=bootcamp, channel=channel, kind=kind,
                    dedupe_key=key, context=context, next_attempt_at=send_at,
                )
        except IntegrityError:
            continue  # already queued (or sent) for this event: never twice
        created.append(notification)
        transaction.on_commit(lambda n=notification: _kick(n.pk, run_after=n.next_attempt_at))
    return created


def notify_address(*, email: str, kind: str, context: dict, dedupe_key: str, bootcamp=None
                   ) -> Notification | None:
    """Queue an email to an address that has no account yet (an invited colleague).

    The same record, log, retries and dedupe as `notify`, but email only and without
    preferences or quiet hours (there is nobody to have chosen them). Returns None when
    this event was already queued for this address. Callers with a user use `notify`.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                email=email, bootcamp=bootcamp, channel=Channel.EMAIL, kind=kind,
                dedupe_key=f"{kind}:{dedupe_key}:email-{_address_key(email)}", context=context,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _kick(notification.pk))
    return notification


def _address_key(email: str) -> str:
    # A digest, not the address: addresses can be 254 characters, the key holds 255.
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _kick(notification_id: int, *, run_after: datetime | None = None) -> None:
    """Ask a worker to send now or at `run_after`. Losing a kick loses nothing: the
    scheduler sweep sends every due notification anyway."""
    from notifications.tasks import send_notification

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
    preference = preference_for(notification.recipient)
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


def _send_whatsapp(notification: Notification, preference: NotificationPreference,
                   now: datetime) -> SendResult:
    message = render(kind=notification.kind, context=notification.context,
                     bootcamp_id=notification.bootcamp_id)
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
                     to_account=notification.recipient_id is not None)
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


# --- WhatsApp webhook events ----------------------------------------------------------------

def _first_time(key: str) -> bool:
    """Record an event key; False if it was seen before (a replay)."""
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(key=key[:255])
    except IntegrityError:
        return False
    return True


def apply_status(*, message_id: str, status: str, timestamp: str, reference: str = "",
                 error: str = "") -> bool:
    """Apply a provider status event; replays and out-of-order events change nothing."""
    new_status = PROVIDER_STATUSES.get(status)
    if new_status is None:
        return False
    with transaction.atomic():
        if not _first_time(f"status:{message_id}:{status}:{timestamp}"):
            return False
        notification = Notification.objects.select_for_update().filter(
            provider_message_id=message_id).first()
        if notification is None and reference.startswith("notification:"):
            pk = reference.removeprefix("notification:")
            if pk.isdigit():
                notification = Notification.objects.select_for_update().filter(
                    pk=int(pk), channel=Channel.WHATSAPP).first()
        if notification is None:
            return False
        current = notification.status
        if new_status == Status.FAILED:
            if current not in (Status.SENDING, Status.UNKNOWN, Status.SENT):
                return False
        elif current == Status.FAILED or STATUS_RANK[new_status] <= STATUS_RANK[current]:
            return False
        moment = _event_time(timestamp)
        notification.status = new_status
        if not notification.provider_message_id:
            notification.provider_message_id = message_id
        if new_status == Status.FAILED:
            notification.failed_at, notification.error = moment, error or "failed at provider"
        else:
            notification.sent_at = notification.sent_at or moment
            notification.error = ""
            if new_status in (Status.DELIVERED, Status.READ):
                notification.delivered_at = notification.delivered_at or moment
            if new_status == Status.READ:
                notification.read_at = moment
        notification.save()
    return True


def _event_time(timestamp: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return timezone.now()


@dataclass(frozen=True)
class InboundResult:
    action: str  # "stop" | "checkin" | "message" | "unknown_sender" | "replay"
    detail: str = ""


def handle_inbound(*, from_number: str, text: str, message_id: str,
                   timestamp: str) -> InboundResult:
    """A message from a participant: opens the 24-hour window; STOP opts out;
    `CHECKIN <code>` checks them in to the current live session."""
    if not _first_time(f"message:{message_id}"):
        return InboundResult("replay")
    number = "+" + from_number.lstrip("+")
    preference = (NotificationPreference.objects.select_related("user")
                  .filter(whatsapp_number=number).first())
    if preference is None:
        return InboundResult("unknown_sender")
    moment = _event_time(timestamp)
    NotificationPreference.objects.filter(pk=preference.pk).exclude(
        whatsapp_last_inbound_at__gte=moment).update(whatsapp_last_inbound_at=moment)
    words = text.strip().split()
    command = words[0].upper() if words else ""
    if command in {"STOP", "UNSUBSCRIBE"}:
        opt_out_whatsapp(user=preference.user)
        _reply(preference.user, message_id, "You will no longer receive WhatsApp messages "
               "from us. Opt in again in your notification settings.")
        return InboundResult("stop")
    if command == "CHECKIN":
        code = words[1] if len(words) > 1 else ""
        detail = check_in_by_code(user=preference.user, code=code)
        _reply(preference.user, message_id, detail)
        return InboundResult("checkin", detail)
    return InboundResult("message")


def _reply(user, message_id: str, text: str) -> None:
    notify(user=user, kind=Kind.REPLY, context={"message": text},
           dedupe_key=f"reply-{message_id}")


def check_in_by_code(*, user, code: str, now: datetime | None = None) -> str:
    """Check `user` in to their current live session with the code shown in it, through the
    attendance app's `check_in` (the same rules as the web check-in: roster, window, code,
    throttling). Returns the reply text."""
    if not code:
        return "Send CHECKIN followed by the code shown in the session, e.g. CHECKIN 4821."
    # Imported here: attendance is optional for sending, and imports courses signals.
    from attendance import services as attendance
    from attendance.models import SessionSettings

    now = now or timezone.now()
    bootcamp_ids = set(RosterMember.objects.filter(
        user=user, removed_at__isnull=True, enrollment__status=Enrollment.Status.ACTIVE
    ).values_list("bootcamp_id", flat=True))
    current = []
    for session in LiveSessionPage.objects.live().filter(
            starts_at__lte=now + timedelta(hours=12), ends_at__gte=now - timedelta(hours=12)
    ).order_by("starts_at"):
        bootcamp = attendance.bootcamp_of(session)
        if bootcamp is None or bootcamp.pk not in bootcamp_ids:
            continue
        if attendance.session_rules(session=session, bootcamp=bootcamp).check_in_open(now):
            current.append(session)
    if not current:
        return "There is no live session to check in to right now."
    given = "".join(code.split()).upper()
    codes = dict(SessionSettings.objects.filter(session__in=current)
                 .values_list("session_id", "check_in_code"))
    # Several sessions may be open at once (overlapping windows): the code says which.
    session = next((s for s in current if codes.get(s.pk) == given), current[0])
    try:
        attendance.check_in(user=user, session=session, code=code, ip="whatsapp", now=now)
    except attendance.AttendanceError as exc:
        return str(exc)
    return f"You are checked in to {session.title}."


# --- Preferences and announcements ------------------------------------------------------

def opt_out_whatsapp(*, user) -> None:
    NotificationPreference.objects.filter(user=user).update(
        whatsapp_opt_in=False, whatsapp_opted_out_at=timezone.now())


def save_preferences(*, user, whatsapp_number: str, whatsapp_opt_in: bool, channels: dict,
                     time_zone: str, quiet_hours_start, quiet_hours_end) -> NotificationPreference:
    """Store the user's choices; consent moments are recorded when opt-in changes."""
    with transaction.atomic():
        preference = preference_for(user)
        preference = NotificationPreference.objects.select_for_update().get(pk=preference.pk)
        now = timezone.now()
        if whatsapp_opt_in and not preference.whatsapp_opt_in:
            preference.whatsapp_opted_in_at = now
        if preference.whatsapp_opt_in and not whatsapp_opt_in:
            preference.whatsapp_opted_out_at = now
        preference.whatsapp_number = whatsapp_number
        preference.whatsapp_opt_in = whatsapp_opt_in and bool(whatsapp_number)
        preference.channels = channels
        preference.time_zone = time_zone
        preference.quiet_hours_start = quiet_hours_start
        preference.quiet_hours_end = quiet_hours_end
        preference.full_clean()
        preference.save()
    return preference


def announcement_recipients(*, announcement: Announcement):
    """Active roster members of the bootcamp, optionally only the chosen organisations."""
    roster = RosterMember.objects.filter(
        bootcamp_id=announcement.bootcamp_id, removed_at__isnull=True,
        enrollment__status=Enrollment.Status.ACTIVE)
    organisation_ids = list(announcement.organisations.values_list("pk", flat=True))
    if organisation_ids:
        roster = roster.filter(enrollment__organisation_id__in=organisation_ids)
    return get_user_model().objects.filter(pk__in=roster.values("user_id")).order_by("pk")


def announcement_context(*, announcement: Announcement, user) -> dict:
    """The organiser's text with the recipient's $name and $bootcamp filled in (the same
    safe substitution as editable templates)."""
    common = {"name": user.display_name, "bootcamp": announcement.bootcamp.title,
              "site_url": settings.BASE_URL}
    return {**common,
            "subject": string.Template(announcement.subject).safe_substitute(common),
            "message": string.Template(announcement.body).safe_substitute(common)}


def send_announcement(*, announcement: Announcement) -> int:
    """Queue the announcement to each recipient once (a second click adds nothing)."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        count = 0
        for user in announcement_recipients(announcement=announcement):
            count += bool(notify(
                user=user, kind=Kind.ANNOUNCEMENT, bootcamp=announcement.bootcamp,
                context=announcement_context(announcement=announcement, user=user),
                dedupe_key=f"announcement-{announcement.pk}"))
        announcement.sent_at = announcement.sent_at or timezone.now()
        announcement.recipient_count = announcement_recipients(
            announcement=announcement).count()
        announcement.save(update_fields=["sent_at", "recipient_count"])
    return count
