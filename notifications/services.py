"""The notify API of the notifications app, with preferences and announcements.

Other apps call ONE function, `notify(...)`: it creates one `Notification` per channel the
user wants (unique per channel and dedupe key, so calling it twice queues nothing new) and
kicks the sender on commit. Sending is `notifications.delivery`; WhatsApp webhooks are
`notifications.inbound`.
"""

import hashlib
import string
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import RosterMember
from notifications import whatsapp
from notifications.delivery import _kick
from notifications.models import (
    Announcement,
    Channel,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.page_titles import RecipientTitles


def preference_for(user) -> NotificationPreference:
    return NotificationPreference.for_user(user)


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
        if channel == Channel.WHATSAPP and not whatsapp.is_configured():
            # Nothing could send it: no message is queued only to fail. The delivery log
            # says once, at its top, that WhatsApp is off (not once per message).
            continue
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
    roster = RosterMember.objects.active().filter(bootcamp_id=announcement.bootcamp_id)
    organisation_ids = list(announcement.organisations.values_list("pk", flat=True))
    if organisation_ids:
        roster = roster.filter(enrollment__organisation_id__in=organisation_ids)
    return get_user_model().objects.filter(pk__in=roster.values("user_id")).order_by("pk")


def announcement_context(*, announcement: Announcement, user,
                         titles: RecipientTitles | None = None) -> dict:
    """The organiser's text with the recipient's $name and $bootcamp (its title in the
    recipient's language) filled in (the same safe substitution as editable templates).
    A batch passes one `titles` for all its recipients."""
    bootcamp = announcement.bootcamp
    titles = titles or RecipientTitles()
    common = {"name": user.display_name,
              "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user),
              "site_url": settings.BASE_URL}
    return {**common,
            "subject": string.Template(announcement.subject).safe_substitute(common),
            "message": string.Template(announcement.body).safe_substitute(common)}


def send_announcement(*, announcement: Announcement) -> int:
    """Queue the announcement to each recipient once (a second click adds nothing)."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        count = 0
        titles = RecipientTitles()
        for user in announcement_recipients(announcement=announcement):
            count += bool(notify(
                user=user, kind=Kind.ANNOUNCEMENT, bootcamp=announcement.bootcamp,
                context=announcement_context(announcement=announcement, user=user,
                                             titles=titles),
                dedupe_key=f"announcement-{announcement.pk}"))
        announcement.sent_at = announcement.sent_at or timezone.now()
        announcement.recipient_count = announcement_recipients(
            announcement=announcement).count()
        announcement.save(update_fields=["sent_at", "recipient_count"])
    return count
