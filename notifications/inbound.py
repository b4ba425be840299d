"""WhatsApp webhook events: provider statuses and messages from participants.

Replays change nothing (each event key is recorded once); statuses only move forward.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from attendance import services as attendance
from attendance.models import SessionSettings
from courses.models import LiveSessionPage, RosterMember
from lms.page_languages import in_source_language
from notifications import chat
from notifications.models import Channel, Kind, Notification, NotificationPreference, WebhookEvent
from notifications.services import notify, opt_out_whatsapp

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
    # "stop" | "checkin" | "chat" | "late" | "no_opt_in" | "unknown_sender" | "replay"
    action: str
    detail: str = ""


def message_text(message: dict) -> str:
    """What a webhook message says, as typed text: a text's body, a template quick-reply
    button's text, or the id of a pressed reply button or list row (notifications.chat
    gives its choices ids that read as the command or answer they stand for)."""
    kind = message.get("type")
    if kind == "text":
        return str(message.get("text", {}).get("body", ""))
    if kind == "interactive":
        interactive = message.get("interactive", {})
        pressed = interactive.get(interactive.get("type", ""), {})
        return str(pressed.get("id", "")) if isinstance(pressed, dict) else ""
    if kind == "button":
        button = message.get("button", {})
        return str(button.get("payload") or button.get("text", ""))
    return ""


def handle_inbound(*, from_number: str, text: str, message_id: str,
                   timestamp: str) -> InboundResult:
    """A message from a participant: opens the 24-hour window; STOP opts out;
    `CHECKIN <code>` checks them in to the current live session; anything else is for
    learning by chat (notifications.chat), which always answers."""
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
    # Replies go out in the participant's language (there is no request to take it from);
    # the commands themselves stay the Latin words STOP and CHECKIN.
    with translation.override(preference.user.message_language):
        if command in {"STOP", "UNSUBSCRIBE"}:
            opt_out_whatsapp(user=preference.user)
            _reply(preference.user, message_id, _(
                "You will no longer receive WhatsApp messages from us. Opt in again in your "
                "notification settings."))
            return InboundResult("stop")
        if command == "CHECKIN":
            code = words[1] if len(words) > 1 else ""
            detail = check_in_by_code(user=preference.user, code=code)
            _reply(preference.user, message_id, detail)
            return InboundResult("checkin", detail)
        if not preference.whatsapp_opt_in:
            # Lessons are sent only with consent; the answer says where to give it.
            _reply(preference.user, message_id, chat.not_opted_in_text())
            return InboundResult("no_opt_in")
        reply = chat.handle_text(user=preference.user, text=text, message_id=message_id,
                                 sent_at=_sent_at(timestamp))
        if reply is None:
            return InboundResult("late")
        chat.send_reply(user=preference.user, reply=reply, message_id=message_id)
    return InboundResult("chat", reply.body)


def _sent_at(timestamp: str) -> datetime | None:
    """WhatsApp's timestamp of a message, None when missing or unreadable."""
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _reply(user, message_id: str, text: str) -> None:
    notify(user=user, kind=Kind.REPLY, context={"message": text},
           dedupe_key=f"reply-{message_id}")


def check_in_by_code(*, user, code: str, now: datetime | None = None) -> str:
    """Check `user` in to their current live session with the code shown in it, through the
    attendance app's `check_in` (the same rules as the web check-in: roster, window, code,
    throttling). Returns the reply text, in the active language."""
    if not code:
        return _("Send CHECKIN followed by the code shown in the session, e.g. CHECKIN 4821.")
    now = now or timezone.now()
    bootcamp_ids = set(RosterMember.objects.active().filter(user=user)
                       .values_list("bootcamp_id", flat=True))
    current = []
    for session in in_source_language(LiveSessionPage.objects.live()).filter(
            starts_at__lte=now + timedelta(hours=12), ends_at__gte=now - timedelta(hours=12)
    ).order_by("starts_at"):
        bootcamp = attendance.bootcamp_of(session)
        if bootcamp is None or bootcamp.pk not in bootcamp_ids:
            continue
        if attendance.session_rules(session=session, bootcamp=bootcamp).check_in_open(now):
            current.append(session)
    if not current:
        return _("There is no live session to check in to right now.")
    given = "".join(code.split()).upper()
    codes = dict(SessionSettings.objects.filter(session__in=current)
                 .values_list("session_id", "check_in_code"))
    # Several sessions may be open at once (overlapping windows): the code says which.
    session = next((s for s in current if codes.get(s.pk) == given), current[0])
    try:
        outcome = attendance.check_in(user=user, session=session, code=code, ip="whatsapp",
                                      now=now)
    except attendance.AttendanceError as exc:
        return str(exc)
    if not outcome.changed and not outcome.record.is_own_check_in(user):
        return _("Your attendance at this session was already recorded.")
    return _("You are checked in to “%(title)s”.") % {"title": session.title}

