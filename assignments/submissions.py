"""The records of assignment work: submissions (one per participant, or per organisation,
and assignment), their immutable versions and files, reviews, extensions, "download all"
archives.

Apart from the page type (assignments/models.py) so that the page can serve its own form
with the services and selectors, which read and write these records, without an import
cycle: models (the page) → services, selectors, forms → submissions. assignments.models
re-exports every class, so the rest of the project imports them from there.
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.roles import is_organiser


def private_storage():
    return storages["private"]


class Extension(models.Model):
    """An organiser's later cut-off for one participant or one organisation."""

    assignment = models.ForeignKey(
        "assignments.AssignmentPage", on_delete=models.CASCADE, related_name="extensions"
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
        "assignments.AssignmentPage", on_delete=models.PROTECT, related_name="submissions"
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

    assignment = models.ForeignKey("assignments.AssignmentPage", on_delete=models.CASCADE,
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
