"""Assignments: pages trainers author, submissions participants (or teams) make, reviews.

A Submission is the one record per participant (or per organisation) and assignment; what was
handed in lives in immutable SubmissionVersion rows, the work in progress in the draft fields.
Nothing here is ever overwritten or deleted by a submit.
"""

import secrets
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail_localize.fields import SynchronizedField

from content.blocks import BaseStreamBlock
from courses.models import (
    SYNCHRONISED_IN_TRANSLATIONS,
    BootcampPage,
    RestrictedToParticipantsMixin,
)
from lms.roles import is_organiser

# The only file types participants may upload: documents and images that browsers don't
# execute. Never html, svg, xml or executables.
SAFE_FILE_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "png", "jpg", "csv", "txt")


def private_storage():
    return storages["private"]


class BootcampDateTimeField(forms.DateTimeField):
    """A date and time typed and shown in the bootcamp's zone (not the editor's), stored UTC."""

    def __init__(self, *args, tz=None, **kwargs):
        self.tz = tz
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime) and self.tz and timezone.is_aware(value):
            return timezone.make_naive(value, self.tz)
        return super().prepare_value(value)

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and self.tz:
            # super() made it aware in the current zone; reinterpret the wall time typed.
            result = timezone.make_aware(timezone.make_naive(result), self.tz)
        return result


class AssignmentPageForm(WagtailAdminPageForm):
    allowed_file_types = forms.MultipleChoiceField(
        label=_("Allowed file types"), required=False,
        choices=[(ext, ext) for ext in SAFE_FILE_TYPES], widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootcamp = self._bootcamp()
        tz = bootcamp.tz if bootcamp else None
        for name in ("due_at", "cutoff_at"):
            old = self.fields[name]
            self.fields[name] = BootcampDateTimeField(
                label=old.label, required=old.required, widget=old.widget, tz=tz,
                help_text=_("In the bootcamp's time zone (%(zone)s).")
                % {"zone": tz.key if tz else settings.TIME_ZONE},
            )
            if self.instance and getattr(self.instance, name):
                self.initial[name] = getattr(self.instance, name)
        if self.instance and self.instance.pk:
            self.initial["allowed_file_types"] = self.instance.file_types

    def _bootcamp(self):
        anchor = self.instance if self.instance and self.instance.pk else self.parent_page
        if anchor is None:
            return None
        return BootcampPage.objects.of(anchor, inclusive=True)

    def clean_allowed_file_types(self):
        return ",".join(self.cleaned_data["allowed_file_types"])


class AssignmentPage(RestrictedToParticipantsMixin, Page):
    """An assignment below a stage. The mixin gates it (sign-in, participants, trainers and
    organisers, no-store); the submission form is served by `assignments.views.assignment_page`
    through the "courses_serve_page" hook (assignments/wagtail_hooks.py)."""

    class SubmissionType(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual: one submission per participant")
        ORGANISATION = "organisation", _("Organisation: one submission per team")

    class AnswerKind(models.TextChoices):
        TEXT = "text", _("Written answer")
        FILES = "files", _("Files")
        BOTH = "both", _("Written answer and files")

    class ReviewMode(models.TextChoices):
        RUBRIC = "rubric", _("Rubric with points")
        DECISION = "decision", _("Accept / needs revision only")

    instructions = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("instructions"))
    submission_type = models.CharField(
        _("submission type"), max_length=20, choices=SubmissionType.choices,
        default=SubmissionType.INDIVIDUAL,
    )
    answer_kind = models.CharField(
        _("answer"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.BOTH
    )
    allowed_file_types = models.CharField(
        _("allowed file types"), max_length=100, blank=True, default="pdf,docx,png,jpg"
    )
    max_file_size_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"), default=10, validators=[MinValueValidator(1)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("most files"), default=3, validators=[MinValueValidator(1)]
    )
    due_at = models.DateTimeField(_("due"))
    cutoff_at = models.DateTimeField(
        _("cut-off"), help_text=_("No submission is accepted after this moment.")
    )
    late_allowed = models.BooleanField(
        _("late submissions allowed"), default=True,
        help_text=_("Accept submissions between the due date and the cut-off, marked late."),
    )
    required_for_certificate = models.BooleanField(_("required for the certificate"),
                                                   default=True)
    review_mode = models.CharField(
        _("review"), max_length=10, choices=ReviewMode.choices, default=ReviewMode.DECISION
    )

    base_form_class = AssignmentPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldPanel("submission_type"),
                FieldPanel("answer_kind"),
                FieldPanel("allowed_file_types"),
                FieldRowPanel([FieldPanel("max_file_size_mb"), FieldPanel("max_files")]),
            ],
            heading=_("Submissions"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("due_at"), FieldPanel("cutoff_at")]),
                FieldPanel("late_allowed"),
                FieldPanel("required_for_certificate"),
            ],
            heading=_("Deadlines"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_mode"), InlinePanel("criteria", label=_("Rubric criteria"))],
            heading=_("Review"),
        ),
    ]
    # A file-type list is a setting, not text to translate (as the slug: courses.models).
    override_translatable_fields = [
        *SYNCHRONISED_IN_TRANSLATIONS, SynchronizedField("allowed_file_types")]
    parent_page_types = ["courses.StagePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("assignment")

    def clean(self):
        super().clean()
        unknown = set(self.file_types) - set(SAFE_FILE_TYPES)
        if unknown:
            raise ValidationError({"allowed_file_types": _("Not an allowed file type: %(t)s")
                                   % {"t": ", ".join(sorted(unknown))}})
        if self.due_at and self.cutoff_at and self.cutoff_at < self.due_at:
            raise ValidationError({"cutoff_at": _("The cut-off cannot be before the due date.")})
        if self.answer_kind != self.AnswerKind.TEXT and not self.file_types:
            raise ValidationError({"allowed_file_types": _("Choose at least one file type.")})

    @property
    def file_types(self) -> list[str]:
        return [ext for ext in self.allowed_file_types.split(",") if ext]

    @property
    def is_organisation(self) -> bool:
        return self.submission_type == self.SubmissionType.ORGANISATION

    @property
    def accepts_text(self) -> bool:
        return self.answer_kind in (self.AnswerKind.TEXT, self.AnswerKind.BOTH)

    @property
    def accepts_files(self) -> bool:
        return self.answer_kind in (self.AnswerKind.FILES, self.AnswerKind.BOTH)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_size_mb * 1024 * 1024



class RubricCriterion(Orderable):
    assignment = ParentalKey(AssignmentPage, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("points"), default=5)

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("max_points")])]

    def __str__(self) -> str:
        return self.title


class Extension(models.Model):
    """An organiser's later cut-off for one participant or one organisation."""

    assignment = models.ForeignKey(
        AssignmentPage, on_delete=models.CASCADE, related_name="extensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    cutoff_at = models.DateTimeField(_("new cut-off"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False, organisation__isnull=True)
                           | Q(user__isnull=True, organisation__isnull=False)),
                name="extension_for_user_or_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user or self.organisation}: {self.cutoff_at:%Y-%m-%d %H:%M} UTC"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Submissions `user` may read: their own and their team's; trainers of the
        bootcamp; organisers everything."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        own = Q(user=user) | Q(
            organisation__enrollments__roster__user=user,
            organisation__enrollments__roster__removed_at__isnull=True,
            organisation__enrollments__status="active",
            organisation__enrollments__bootcamp=models.F("bootcamp"),
        )
        trained = Q(bootcamp__trainers=user)
        return self.filter(
            pk__in=self.model.objects.filter(own | trained).values("pk")
        )

    def reviewable_by(self, user):
        """Submissions `user` may review: trainers of that bootcamp and organisers."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        return self.filter(bootcamp__in=user.trained_bootcamps.values("pk"))


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        LATE = "late", _("Submitted late")
        NEEDS_REVISION = "needs_revision", _("Needs revision")
        ACCEPTED = "accepted", _("Accepted")

    assignment = models.ForeignKey(
        AssignmentPage, on_delete=models.PROTECT, related_name="submissions"
    )
    # Denormalised so the review queue filters by bootcamp without walking the page tree.
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="assignment_submissions",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="assignment_submissions",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    draft_text = models.TextField(blank=True)
    draft_files = models.ManyToManyField("SubmissionFile", blank=True, related_name="+")
    draft_updated_at = models.DateTimeField(null=True, blank=True)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the latest version was handed in: the review queue serves the oldest first.
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False, organisation__isnull=True)
                           | Q(user__isnull=True, organisation__isnull=False)),
                name="submission_for_user_or_organisation",
            ),
            models.UniqueConstraint(fields=["assignment", "user"],
                                    condition=Q(user__isnull=False),
                                    name="submission_one_per_user"),
            models.UniqueConstraint(fields=["assignment", "organisation"],
                                    condition=Q(organisation__isnull=False),
                                    name="submission_one_per_organisation"),
        ]
        indexes = [models.Index(fields=["bootcamp", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.user or self.organisation}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_reviewable(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.LATE)

    @property
    def owner_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.user.display_name


def random_file_name(instance, filename: str) -> str:
    # The stored name never comes from the uploader: no traversal, no guessing.

    return f"submissions/{secrets.token_hex(16)}"


class SubmissionFile(models.Model):
    """One uploaded file. Rows are never changed or deleted: versions point at them."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=random_file_name, max_length=200)
    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name

    @property
    def display_name(self) -> str:
        name = self.original_name
        return name if len(name) <= 60 else f"{name[:45]}…{name[-12:]}"


class SubmissionVersion(models.Model):
    """What was handed in, exactly as it was. Immutable: created once, never updated."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)  # already sanitised
    files = models.ManyToManyField(SubmissionFile, blank=True, related_name="versions")
    content_hash = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"],
                                    name="submission_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_update", False):
            raise ValueError("Submission versions are immutable.")
        super().save(*args, **kwargs)


class Review(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        NEEDS_REVISION = "needs_revision", _("Needs revision")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(SubmissionVersion, on_delete=models.PROTECT,
                                related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    feedback = models.TextField(blank=True)  # already sanitised
    # Snapshot of the rubric as it was: [{"criterion": str, "points": int, "max": int}]
    scores = models.JSONField(default=list, blank=True)
    total_points = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.submission})"


class ZipExport(models.Model):
    """A "download all" archive, built by a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    assignment = models.ForeignKey(AssignmentPage, on_delete=models.CASCADE,
                                   related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=private_storage, upload_to=random_file_name, blank=True,
                            max_length=200)
    file_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.assignment_id}"
