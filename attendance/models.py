"""Attendance of live sessions: one record per participant and session, with its audit trail.

Three sources feed a record — the participant's self check-in, an imported video-call
report and the trainer's manual mark — and they agree through one precedence rule kept in
`attendance.services.record_attendance` (trainer > import > check-in).
"""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import tree_cache
from lms.roles import is_organiser
from organisations.models import Membership

# No 0/O, 1/I/L: codes are read off a shared screen and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Status(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    PARTIAL = "partial", _("Partial")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


# What counts as attended (certificates, dashboards, progress): "partial" does not.
ATTENDED = (Status.PRESENT, Status.LATE)


class Source(models.TextChoices):
    CHECK_IN = "check_in", _("Self check-in")
    IMPORT = "import", _("Video-call report")
    TRAINER = "trainer", _("Trainer")


# Higher wins. A change from a lower-ranked source than the record's current one is kept in
# the audit trail but not applied: a trainer who saw someone leave early overrules the
# call report, and the call report (minutes measured) overrules a typed code.
SOURCE_PRECEDENCE = {Source.CHECK_IN: 1, Source.IMPORT: 2, Source.TRAINER: 3}


@dataclass(frozen=True)
class SessionRules:
    """The rules in force for one session: the bootcamp's policy with the session's overrides."""

    present_percent: int
    late_after_minutes: int
    opens_minutes_before: int
    closes_minutes_after: int
    starts_at: datetime
    ends_at: datetime

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def present_minutes(self) -> int:
        """Minutes needed to count as present (rounded up: 75% of 90 is 68, not 67)."""
        return math.ceil(self.duration_minutes * self.present_percent / 100)

    @property
    def check_in_opens_at(self) -> datetime:
        return self.starts_at - timedelta(minutes=self.opens_minutes_before)

    @property
    def check_in_closes_at(self) -> datetime:
        return self.ends_at + timedelta(minutes=self.closes_minutes_after)

    def check_in_open(self, now: datetime) -> bool:
        """Both edges included: the window is [opens, closes]."""
        return self.check_in_opens_at <= now <= self.check_in_closes_at

    def check_in_closed(self, now: datetime) -> bool:
        return now > self.check_in_closes_at

    def is_late(self, first_joined: datetime) -> bool:
        return first_joined > self.starts_at + timedelta(minutes=self.late_after_minutes)

    def status_for_minutes(self, *, minutes: int, first_joined: datetime | None) -> str:
        """present / late at or above the threshold, partial below it, absent with none."""
        if minutes <= 0:
            return Status.ABSENT
        if minutes < self.present_minutes:
            return Status.PARTIAL
        if first_joined is not None and self.is_late(first_joined):
            return Status.LATE
        return Status.PRESENT

    def status_for_check_in(self, at: datetime) -> str:
        return Status.LATE if self.is_late(at) else Status.PRESENT


class AttendancePolicy(models.Model):
    """A bootcamp's attendance defaults (one row per bootcamp, editable in the admin)."""

    bootcamp = models.OneToOneField(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="attendance_policy",
        verbose_name=_("bootcamp"),
    )
    present_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format (a literal percent sign, not a placeholder)
        _("present from (% of the session's minutes)"), default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late when first joined more than (minutes after start)"), default=10
    )
    opens_minutes_before = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before start)"), default=15
    )
    closes_minutes_after = models.PositiveSmallIntegerField(
        _("check-in closes (minutes after end)"), default=30
    )

    class Meta:
        verbose_name = _("attendance policy")
        verbose_name_plural = _("attendance policies")

    def __str__(self) -> str:
        return str(self.bootcamp)


class SessionSettings(models.Model):
    """Per-session overrides of the bootcamp's policy, and the session's check-in code."""

    session = models.OneToOneField(
        "courses.LiveSessionPage", on_delete=models.CASCADE, related_name="attendance_settings",
        verbose_name=_("live session"),
    )
    present_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format (a literal percent sign, not a placeholder)
        _("present from (% of minutes)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Empty: the bootcamp's default."),
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"), null=True, blank=True,
        help_text=_("Empty: the bootcamp's default."),
    )
    check_in_code = models.CharField(_("check-in code"), max_length=12, default=new_check_in_code)
    code_rotated_at = models.DateTimeField(_("code changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session attendance settings")
        verbose_name_plural = _("session attendance settings")

    def __str__(self) -> str:
        return str(self.session)


def rules_for(*, session, policy: AttendancePolicy | None,
              overrides: SessionSettings | None) -> SessionRules:
    """Combine the defaults, the bootcamp's policy and the session's overrides."""
    policy = policy or AttendancePolicy()
    present = policy.present_percent
    late = policy.late_after_minutes
    if overrides is not None:
        present = overrides.present_percent or present
        if overrides.late_after_minutes is not None:
            late = overrides.late_after_minutes
    return SessionRules(
        present_percent=present,
        late_after_minutes=late,
        opens_minutes_before=policy.opens_minutes_before,
        closes_minutes_after=policy.closes_minutes_after,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
    )


class AttendanceRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisers see all; trainers the records of their bootcamps and sessions; a
        participant those of the people in their own organisation(s). The one home of the
        attendance access rule."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        own_organisations = Membership.objects.active().filter(user=user).values(
            "organisation_id")
        colleagues = Membership.objects.active().filter(
            organisation_id__in=own_organisations).values("user_id")
        return self.filter(
            Q(bootcamp__trainers=user) | Q(session__trainers=user) | Q(user=user)
            | Q(user_id__in=colleagues)
        ).distinct()


class AttendanceRecord(models.Model):
    """The current attendance of one participant at one live session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance_records",
        verbose_name=_("participant"),
    )
    session = models.ForeignKey(
        "courses.LiveSessionPage", on_delete=models.CASCADE, related_name="attendance_records",
        verbose_name=_("live session"),
    )
    # Denormalised from the session's place in the tree so that progress and access queries
    # don't need the page tree.
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("bootcamp"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    minutes = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))

    objects = AttendanceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance record")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="attendance_one_per_session")
        ]
        indexes = [models.Index(fields=["bootcamp", "user"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.session_id}: {self.status}"

    @property
    def attended(self) -> bool:
        return self.status in (Status.PRESENT, Status.LATE)

    def is_own_check_in(self, user) -> bool:
        """Whether the record stands as `user`'s own self check-in. A double tap sends two
        requests and the browser shows the second one's answer: that answer must be the
        success too, not "already recorded"."""
        return self.source == Source.CHECK_IN and self.changed_by_id == user.pk


class AttendanceChange(models.Model):
    """One attempted change of a record: applied, or overruled by a higher-precedence source."""

    record = models.ForeignKey(
        AttendanceRecord, on_delete=models.CASCADE, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices)
    from_minutes = models.PositiveIntegerField(null=True, blank=True)
    to_minutes = models.PositiveIntegerField(null=True, blank=True)
    applied = models.BooleanField(
        _("applied"), help_text=_("False: overruled by a higher-precedence source.")
    )
    report = models.ForeignKey(
        "attendance.AttendanceImport", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="changes",
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("attendance change")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.source})"


class ParticipantAlias(models.Model):
    """Another identity (email or display name) a participant used in calls of a bootcamp."""

    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="+",
    )
    identifier = models.CharField(
        _("email or name in the call"), max_length=254,
        help_text=_("Stored lower-case; matched case-insensitively."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("participant"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant alias")
        verbose_name_plural = _("participant aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["bootcamp", "identifier"], name="attendance_alias_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} → {self.user_id}"

    def save(self, *args, **kwargs):
        self.identifier = self.identifier.strip().lower()
        super().save(*args, **kwargs)


def private_storage():
    return storages["private"]


class AttendanceImport(models.Model):
    """An uploaded video-call report: previewed first, applied once confirmed."""

    class Kind(models.TextChoices):
        ZOOM = "zoom", _("Zoom participants report")
        MEET = "meet", _("Google Meet attendance report")

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        APPLIED = "applied", _("Applied")

    session = models.ForeignKey(
        "courses.LiveSessionPage", on_delete=models.CASCADE, related_name="attendance_imports",
    )
    file = models.FileField(upload_to="attendance-reports/", storage=private_storage)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attendance report import")
        constraints = [
            # The same file applied twice to a session would only repeat itself.
            models.UniqueConstraint(
                fields=["session", "sha256"], condition=Q(state="applied"),
                name="attendance_import_once_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"


class CheckInLinkUse(models.Model):
    """A one-time check-in link (sent in the reminder) that has been used.

    The link is signed for one participant and one session, so there is one per pair: this
    row makes it single-use, and its unique constraint makes two taps at once use it once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    session = models.ForeignKey("courses.LiveSessionPage", on_delete=models.CASCADE,
                                related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in link use")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="check_in_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} used the check-in link of {self.session_id}"


def policy_of(bootcamp) -> "AttendancePolicy | None":
    """The bootcamp's saved policy (None: the defaults), read once per version of its tree
    (saving a policy renews the version, below). Shared: read-only."""
    return tree_cache.remembered(
        "attendance_policy", bootcamp,
        lambda: AttendancePolicy.objects.filter(bootcamp=bootcamp).first())


def _rules_changed(sender, instance=None, **kwargs):
    """A policy or a session's settings changed: renew the bootcamp's tree version, so
    `services.session_rules` (remembered per version, courses.tree_cache) reads them
    again on every worker."""
    if isinstance(instance, SessionSettings) and kwargs.get("signal") is models.signals.post_save:
        # A new code (rotation), or a row created without overrides on first use, leaves
        # the rules as they were: no need to make every worker re-read the tree.
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) <= {"check_in_code", "code_rotated_at"}:
            return
        if kwargs.get("created") and not instance.present_percent and (
                instance.late_after_minutes is None):
            return
    tree_cache.bump_page_id(getattr(instance, "bootcamp_id", None)
                            or getattr(instance, "session_id", None))


for _model in (AttendancePolicy, SessionSettings):
    models.signals.post_save.connect(_rules_changed, sender=_model,
                                     dispatch_uid=f"attendance.rules_changed.{_model.__name__}")
    models.signals.post_delete.connect(_rules_changed, sender=_model,
                                       dispatch_uid=f"attendance.rules_deleted.{_model.__name__}")
