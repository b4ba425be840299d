"""The course tree (bootcamp → stage → module / live session) and who takes part in it."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import BaseStreamBlock

DEFAULT_TIME_ZONE = "Asia/Kolkata"
http_url = URLValidator(schemes=["http", "https"])


def validate_time_zone(value: str) -> None:
    # Validated rather than stored as choices: the zone list comes from tzdata and differs
    # between machines, which would make migrations differ too.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def time_zone_choices() -> list[tuple[str, str]]:
    return sorted((name, name) for name in zoneinfo.available_timezones())


class BootcampIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.BootcampPage"]
    max_count = 1

    class Meta:
        verbose_name = _("bootcamps index")


class BootcampPage(Page):
    summary = models.TextField(_("summary"), blank=True)
    overview = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("public overview"))
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_('"Closes at midnight on 30 July" means 30 July, 23:59:59.'),
    )
    capacity = models.PositiveIntegerField(_("capacity (organisations)"), default=100)
    seats_per_organisation = models.PositiveSmallIntegerField(
        _("seats per organisation"), default=5
    )
    selection_criteria = RichTextField(_("selection criteria"), blank=True)
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="trained_bootcamps",
        verbose_name=_("trainers"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("seats_per_organisation")]),
                FieldPanel("selection_criteria"),
            ],
            heading=_("Registration and selection"),
        ),
        FieldPanel("trainers"),
        FieldPanel("overview"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.BootcampIndexPage"]
    subpage_types = ["courses.StagePage"]

    class Meta:
        verbose_name = _("bootcamp")

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment: datetime) -> datetime:
        """A stored (UTC) moment in the bootcamp's own zone, for display."""
        return timezone.localtime(moment, self.tz)


class StagePage(Page):
    class Kind(models.TextChoices):
        PRE_EVENT = "pre_event", _("Pre-event work")
        LIVE_DAY = "live_day", _("Live day")
        FOLLOW_UP = "follow_up", _("Follow-up")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("starts"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("intro"),
    ]
    parent_page_types = ["courses.BootcampPage"]

    class Meta:
        verbose_name = _("stage")


class ModuleStreamBlock(BaseStreamBlock):
    """Lesson content; lesson-specific blocks are added by the course app."""


class ModulePage(Page):
    body = StreamField(ModuleStreamBlock(), blank=True, verbose_name=_("lesson"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Required modules count towards completion.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.StagePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")


class LiveSessionPage(Page):
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    agenda = RichTextField(_("agenda"), blank=True)
    join_url = models.URLField(_("join link"), blank=True, validators=[http_url])
    recording_url = models.URLField(_("recording link"), blank=True, validators=[http_url])
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="live_sessions",
        verbose_name=_("trainers"),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("trainers"),
        FieldPanel("agenda"),
        FieldPanel("join_url"),
        FieldPanel("recording_url"),
    ]
    parent_page_types = ["courses.StagePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("live session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="live_session_ends_after_start"
            )
        ]

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Enrollment(models.Model):
    """An organisation taking part in a bootcamp (created when its application is selected)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="enrollments"
    )
    bootcamp = models.ForeignKey(
        BootcampPage, on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "bootcamp"], name="enrollment_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.bootcamp}"


class RosterMember(models.Model):
    """A participant on an enrollment's roster. Removal is a soft state, never a delete."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="roster")
    # Denormalised from the enrollment so the database can hold "one roster per person per
    # bootcamp" as a constraint.
    bootcamp = models.ForeignKey(BootcampPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_entries"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bootcamp", "user"],
                condition=Q(removed_at__isnull=True),
                name="roster_one_active_place_per_bootcamp",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.enrollment})"


class ModuleCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="module_completion_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.module_id}"
