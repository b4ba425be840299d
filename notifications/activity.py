"""Chat activity for organisers: what participants sent us by WhatsApp (InboundMessage)
beside what we sent back (the chat's Notifications), as one list for the delivery log."""

from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Value
from django.utils import timezone

from notifications.models import InboundMessage, Kind, Notification, NotificationPreference

# The outbound side of a chat: answers to a participant's message and lesson reminders.
CHAT_KINDS = (Kind.REPLY, Kind.LESSON_NUDGE)
TEXT_KEPT = 4096


def message_text(message: dict) -> str:
    """The readable text of a Cloud API inbound message: typed text, a template's quick
    reply, a tapped reply button or list row (its title), else its type in brackets."""
    kind = message.get("type", "")
    if kind == "text":
        return str(message.get("text", {}).get("body", ""))
    if kind == "button":
        return str(message.get("button", {}).get("text", ""))
    if kind == "interactive":
        interactive = message.get("interactive", {})
        reply = interactive.get(interactive.get("type", ""), {})
        return str(reply.get("title", "") if isinstance(reply, dict) else "")
    return f"[{kind}]"


def record_inbound(message: dict) -> None:
    """Keep one inbound message for the log; a redelivered one (same id) is kept once."""
    message_id = str(message.get("id", ""))[:255]
    if not message_id:
        return
    number = "+" + str(message.get("from", "")).lstrip("+")[:15]
    try:
        received = datetime.fromtimestamp(int(message.get("timestamp", "")), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        received = timezone.now()
    user_id = (NotificationPreference.objects.filter(whatsapp_number=number)
               .values_list("user_id", flat=True).first())
    try:
        with transaction.atomic():
            InboundMessage.objects.create(
                provider_message_id=message_id, from_number=number, user_id=user_id,
                text=message_text(message)[:TEXT_KEPT], received_at=received)
    except IntegrityError:
        pass  # a replay: already in the log


def chat_activity(*, outbound_status: str = "") -> "ChatActivity":
    return ChatActivity(outbound_status=outbound_status)


class ChatActivity:
    """Inbound messages and the chat's notifications, newest first, paginated in SQL (a
    UNION of ids and times); `page_items` fetches one page's rows in two queries."""

    def __init__(self, *, outbound_status: str = ""):
        outbound = Notification.objects.filter(kind__in=CHAT_KINDS)
        if outbound_status:
            outbound = outbound.filter(status=outbound_status)
        rows = outbound.order_by().annotate(
            at=F("created_at"), direction=Value("out", output_field=CharField())
        ).values_list("pk", "at", "direction")
        if not outbound_status:  # a status is the sender's: received messages have none
            rows = rows.union(InboundMessage.objects.order_by().annotate(
                at=F("received_at"), direction=Value("in", output_field=CharField())
            ).values_list("pk", "at", "direction"), all=True)
        self.rows = rows.order_by("-at", "-pk")

    def __len__(self) -> int:
        return self.rows.count()

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, index):
        return self.page_items(list(self.rows[index]))

    @staticmethod
    def page_items(keys: list[tuple]) -> list[dict]:
        received = InboundMessage.objects.select_related("user").in_bulk(
            [pk for pk, _at, direction in keys if direction == "in"])
        sent = Notification.objects.select_related("recipient", "bootcamp").in_bulk(
            [pk for pk, _at, direction in keys if direction == "out"])
        items = []
        for pk, at, direction in keys:
            row = received.get(pk) if direction == "in" else sent.get(pk)
            if row is None:
                continue
            if direction == "in":
                text, filename = row.text, ""
            else:  # an answer's text, or a reminder's module
                text = row.context.get("message") or row.context.get("module", "")
                filename = row.context.get("filename", "")
            items.append({"direction": direction, "at": at, "row": row, "text": text,
                          "filename": filename})
        return items
