"""Notifications: every message is a record, queued → sent → delivered/read | failed.

The `Notification` table is the queue of record: tasks only "kick" the sender, and the
scheduler sweep (`manage.py send_reminders`) sends whatever is due, so a lost task or a
worker that was down never loses a message.
"""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import DEFAULT_TIME_ZONE, validate_time_zone
from lms.roles import is_organiser

# E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
e164_validator = RegexValidator(
    r"^\+[1-9]\d{7,14}$",
    _("Enter the number in international format, e.g. +919876543210."),
)


class Kind(models.TextChoices):
    APPLICATION_RECEIVED = "application_received", _("Application received")
    # One kind per decision: each says something different (what happens next), so each
    # has its own editable text and its own approved WhatsApp template.
    APPLICATION_SELECTED = "application_selected", _("Application selected")
    APPLICATION_WAITLISTED = "application_waitlisted", _("Application waitlisted")
    APPLICATION_REJECTED = "application_rejected", _("Application not selected")
    WAITLIST_PROMOTED = "waitlist_promoted", _("Selected from the waitlist")
    TEAM_INVITATION = "team_invitation", _("Invitation to join a team")
    SUBMISSION_RECEIVED = "submission_received", _("Submission received")
    REVIEW_OUTCOME = "review_outcome", _("Review outcome")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    SESSION_REMINDER_24H = "session_reminder_24h", _("Live session in 24 hours")
    SESSION_REMINDER_1H = "session_reminder_1h", _("Live session in 1 hour")
    ASSIGNMENT_DUE_48H = "assignment_due_48h", _("Assignment due in 48 hours")
    PRE_EVENT_NOT_STARTED = "pre_event_not_started", _("Pre-event work not started")
    FOLLOW_UP_REMINDER = "follow_up_reminder", _("Follow-up session reminder")
    SESSION_FEEDBACK = "session_feedback", _("Feedback on a live session")
    ANNOUNCEMENT = "announcement", _("Announcement")
    # Our answer to a participant's WhatsApp message (STOP, CHECKIN): inside the 24-hour
    # window, not a preference anyone chooses.
    REPLY = "reply", _("Reply to a WhatsApp message")
    # A reminder to go on with a module learnt by WhatsApp (notifications.chat.nudge).
    LESSON_NUDGE = "lesson_nudge", _("Reminder to continue a module on WhatsApp")


# What a user chooses channels for. The decisions on an application are one choice
# ("Decisions on my application"), stored under this key, not four.
APPLICATION_DECISIONS = "application_decision"
DECISION_KINDS = (Kind.APPLICATION_SELECTED, Kind.APPLICATION_WAITLISTED,
                  Kind.APPLICATION_REJECTED, Kind.WAITLIST_PROMOTED)


def preference_key(kind: str) -> str:
    """The key under which a user's channel choice for `kind` is stored."""
    return APPLICATION_DECISIONS if kind in DECISION_KINDS else kind


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class NotificationPreference(models.Model):
    """A user's channels per kind, WhatsApp number and consent, quiet hours."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    whatsapp_number = models.CharField(
        _("WhatsApp number"), max_length=16, blank=True, validators=[e164_validator]
    )
    whatsapp_opt_in = models.BooleanField(_("send me WhatsApp messages"), default=False)
    whatsapp_opted_in_at = models.DateTimeField(null=True, blank=True)
    whatsapp_opted_out_at = models.DateTimeField(null=True, blank=True)
    # The 24-hour customer-service window: free text is allowed only this long after the
    # user last wrote to us; otherwise an approved template must be used.
    whatsapp_last_inbound_at = models.DateTimeField(null=True, blank=True)
    # {kind: ["email", "whatsapp"]}; a kind missing here gets the default channels.
    channels = models.JSONField(default=dict, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    quiet_hours_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        constraints = [
            # One number belongs to one account, so an inbound STOP/CHECKIN finds one person.
            models.UniqueConstraint(
                fields=["whatsapp_number"],
                condition=~Q(whatsapp_number=""),
                name="notification_whatsapp_number_unique",
                violation_error_message=_("This WhatsApp number belongs to another account."),
            )
        ]

    def __str__(self) -> str:
        return f"Preferences of {self.user}"

    @classmethod
    def for_user(cls, user) -> "NotificationPreference":
        """The user's preferences, created with the defaults on first use."""
        return cls.objects.get_or_create(user=user)[0]

    @property
    def whatsapp_active(self) -> bool:
        return bool(self.whatsapp_opt_in and self.whatsapp_number)

    def channels_for(self, kind: str) -> list[str]:
        if kind == Kind.REPLY:
            return [Channel.WHATSAPP] if self.whatsapp_number else []
        chosen = self.channels.get(preference_key(kind))
        if chosen is None:
            chosen = [Channel.EMAIL, Channel.WHATSAPP]
        return [c for c in chosen if c == Channel.EMAIL or (c == Channel.WHATSAPP
                                                             and self.whatsapp_active)]

    def within_whatsapp_window(self, now: datetime) -> bool:
        last = self.whatsapp_last_inbound_at
        return last is not None and now - last < timedelta(hours=24)

    def quiet_until(self, now: datetime) -> datetime | None:
        """The end of the quiet hours `now` falls in (in the user's zone), else None.

        A window may cross midnight (22:00–07:00)."""
        start, end = self.quiet_hours_start, self.quiet_hours_end
        if start is None or end is None or start == end:
            return None
        zone = zoneinfo.ZoneInfo(self.time_zone)
        local = timezone.localtime(now, zone)
        clock = local.time().replace(tzinfo=None)
        if start < end:
            inside = start <= clock < end
            end_day = local.date()
        else:
            inside = clock >= start or clock < end
            end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
        if not inside:
            return None
        return datetime.combine(end_day, end, zone)


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisers see the whole delivery log; everyone else only their own messages."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        return self.filter(recipient=user)

    def due(self, now: datetime):
        return self.filter(status=Notification.Status.QUEUED, next_attempt_at__lte=now)


class Notification(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        # The provider may or may not have accepted it (timeout): waiting to reconcile.
        UNKNOWN = "unknown", _("Unconfirmed")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")
        FAILED = "failed", _("Failed")

    # A user, or — for someone without an account yet (an invited colleague) — an email
    # address: such a message is email only, with no preferences or quiet hours.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(blank=True)
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # kind + the caller's key + the recipient: unique per channel, so no message is queued
    # (and therefore sent) twice, whoever calls notify() again.
    dedupe_key = models.CharField(max_length=255)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    provider_message_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "dedupe_key"], name="notification_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | (~Q(email="") & Q(channel="email")),
                name="notification_has_an_addressee",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.addressee} by {self.channel}"

    @property
    def addressee(self) -> str:
        """Who it goes to, for people reading the log."""
        return self.recipient.email if self.recipient_id else self.email

    @property
    def callback_reference(self) -> str:
        """Echoed back by the provider in status webhooks (biz_opaque_callback_data)."""
        return f"notification:{self.pk}"


class MessageTemplate(models.Model):
    """Editable subject and body of one kind of message for one bootcamp, in one language.

    A recipient gets the version in their language; without one, the version in the site's
    default language, sent as written (an organiser's own words are never machine-
    translated); without either, the default text in their language
    (`notifications.rendering.edited_template`).

    Text is substituted with `$placeholder` over an allowlisted context (string.Template),
    never compiled as a Django template, so editors cannot reach settings or tags."""

    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="message_templates",
        verbose_name=_("bootcamp"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("Participants who use this language get this version. Where there is "
                    "none in their language, they get the English version as written."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Plain text. Placeholders: $name."))
    whatsapp_template_name = models.CharField(
        _("WhatsApp template name"), max_length=100, blank=True,
        help_text=_("Approved template used outside the 24-hour window (default: the kind)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        constraints = [
            models.UniqueConstraint(
                fields=["bootcamp", "kind", "language"], name="message_template_once_per_language",
                violation_error_message=_("This bootcamp already has this message in this "
                                          "language: edit that one."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_language_display()} ({self.bootcamp})"


class WebhookEvent(models.Model):
    """Each provider event processed once: replays are recognised by their key."""

    key = models.CharField(max_length=255, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class Announcement(models.Model):
    """An organiser's message to all (or a filtered set of) participants of a bootcamp."""

    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="announcements"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+",
        verbose_name=_("only these organisations"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


# "Learning by WhatsApp" (the organiser dashboard's column): a conversation used this
# recently. Every message a participant sends in a lesson saves their conversation.
LEARNING_BY_WHATSAPP_DAYS = 14


class ChatConversationQuerySet(models.QuerySet):
    def learning_by_whatsapp(self, *, bootcamp, now: datetime):
        """The participants learning `bootcamp` by WhatsApp: whose conversation is about it
        and who wrote in it in the last LEARNING_BY_WHATSAPP_DAYS days (one row each)."""
        return self.filter(bootcamp=bootcamp, updated_at__gte=now - timedelta(
            days=LEARNING_BY_WHATSAPP_DAYS))


class ChatConversation(models.Model):
    """Where a participant is in learning by WhatsApp: one row per person, so the chat
    resumes where it stopped and the web and the chat see the same progress (completions
    and attempts are the shared records; this row only holds the place in the lesson)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_conversation")
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    module = models.ForeignKey(
        "courses.ModulePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The next chat message of the module's lesson to send (an index into
    # notifications.chat_lessons.module_messages(module)).
    part = models.PositiveIntegerField(default=0)
    # While answering the knowledge check: the question asked, the snapshot asked from
    # (so an edit of the page mid-check cannot change the questions) and the answers so far.
    question = models.PositiveSmallIntegerField(null=True, blank=True)
    check_snapshot = models.JSONField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # The WhatsApp timestamp of the last message handled: one sent before it that arrives
    # late (the provider does not promise an order) must not move the lesson back.
    last_message_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChatConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("WhatsApp learning conversation")

    def __str__(self) -> str:
        return f"Chat of {self.user}"


class InboundMessage(models.Model):
    """A WhatsApp message someone sent us, as received (the delivery log's chat activity,
    beside the replies, which are Notifications). One row per provider message id."""

    provider_message_id = models.CharField(max_length=255, unique=True)
    from_number = models.CharField(max_length=16)
    # The account with that number when it arrived (empty: an unknown number).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(blank=True)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("WhatsApp message received")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"WhatsApp from {self.from_number}"
