"""Demo state for the notifications app (called by load_demo in dependency order).

Records are written directly (not through notify) so loading the demo sends nothing; the
delivery log shows one message in each state, including a failure an organiser can retry.
"""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import BootcampPage
from notifications.models import (
    Channel,
    Kind,
    MessageTemplate,
    Notification,
    NotificationPreference,
)

BOOTCAMP_SLUG = "chat-for-impact"
# The demo participant's phone: the WhatsApp sandbox plays it by default.
PARTICIPANT_WHATSAPP_NUMBER = "+919800000001"


def load(stdout) -> None:
    users = {user.email: user for user in get_user_model().objects.filter(
        email__in=["participant@example.org", "lead@example.org", "other@example.org"])}
    participant = users.get("participant@example.org")
    if participant is None:
        stdout.write("notifications: demo accounts missing; skipped.")
        return
    NotificationPreference.objects.update_or_create(user=participant, defaults={
        "whatsapp_number": PARTICIPANT_WHATSAPP_NUMBER, "whatsapp_opt_in": True,
        "whatsapp_opted_in_at": timezone.now(), "time_zone": "Asia/Kolkata",
        "quiet_hours_start": time(22, 0), "quiet_hours_end": time(7, 0)})
    bootcamp = BootcampPage.objects.originals().filter(slug=BOOTCAMP_SLUG).first()
    if bootcamp is not None:
        MessageTemplate.objects.get_or_create(bootcamp=bootcamp, kind=Kind.SESSION_REMINDER_24H,
                                              language="en",
                                              defaults={
            "subject": "Tomorrow at $starts_at: $session",
            "body": "Namaste $name,\n\n$session of $bootcamp starts at $starts_at.\n"
                    "Add it to your calendar: $ics_url\nSee you there!",
        })
        # Its Hindi version: Hindi participants get this one (#19).
        MessageTemplate.objects.get_or_create(
            bootcamp=bootcamp, kind=Kind.SESSION_REMINDER_24H, language="hi", defaults={
                "subject": "कल $starts_at पर: $session",
                "body": "नमस्ते $name,\n\n$bootcamp का $session $starts_at पर शुरू होगा।\n"
                        "इसे अपने कैलेंडर में जोड़ें: $ics_url\nवहाँ मिलते हैं!",
            })
    now = timezone.now()
    states = [
        ("participant@example.org", Channel.EMAIL, Notification.Status.DELIVERED, ""),
        ("participant@example.org", Channel.WHATSAPP, Notification.Status.READ, ""),
        ("lead@example.org", Channel.EMAIL, Notification.Status.SENT, ""),
        ("other@example.org", Channel.EMAIL, Notification.Status.FAILED,
         "SMTP 550: mailbox unavailable"),
    ]
    for email, channel, status, error in states:
        user = users.get(email)
        if user is None:
            continue
        Notification.objects.update_or_create(
            channel=channel, dedupe_key=f"{Kind.ANNOUNCEMENT}:demo-welcome:user-{user.pk}",
            defaults={
                "recipient": user, "bootcamp": bootcamp, "kind": Kind.ANNOUNCEMENT,
                "status": status, "error": error, "attempts": 1,
                "context": {"subject": "Welcome to Chat for Impact",
                            "message": "The pre-event work is open: start with module 1."},
                "sent_at": None if status == Notification.Status.FAILED
                else now - timedelta(hours=2),
                "failed_at": now - timedelta(hours=2)
                if status == Notification.Status.FAILED else None,
            })
    stdout.write("notifications: preferences, a message template and a delivery log.")
