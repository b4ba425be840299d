"""Assignments: the page type trainers author, which serves its own submission form.

A Submission is the one record per participant (or per organisation) and assignment; what was
handed in lives in immutable SubmissionVersion rows, the work in progress in the draft fields.
Nothing here is ever overwritten or deleted by a submit. Those records live in
assignments/submissions.py (re-exported here): the page, at the top of the app, serves its
form with the services and selectors that read and write them, the Wagtail way
(AbstractForm.serve), and nothing below imports the page module back.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail_localize.fields import SynchronizedField

from assignments import selectors, services
from assignments.forms import SubmissionForm
from assignments.submissions import (
    Extension,
    Review,
    Submission,
    SubmissionFile,
    SubmissionQuerySet,
    SubmissionVersion,
    ZipExport,
    private_storage,
    random_file_name,
)
from assignments.uploads import UploadRejected
from content.blocks import BaseStreamBlock
from courses.models import (
    SYNCHRONISED_IN_TRANSLATIONS,
    BootcampTimesPageForm,
    RestrictedToParticipantsMixin,
)

__all__ = [
    "SAFE_FILE_TYPES", "AssignmentPage", "AssignmentPageForm", "Extension", "Review",
    "RubricCriterion", "Submission", "SubmissionFile", "SubmissionQuerySet",
    "SubmissionVersion", "ZipExport", "private_storage", "random_file_name",
]

# The only file types participants may upload: documents and images that browsers don't
# execute. Never html, svg, xml or executables.
SAFE_FILE_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "png", "jpg", "csv", "txt")


class AssignmentPageForm(BootcampTimesPageForm):
    bootcamp_time_fields = ("due_at", "cutoff_at")
    bootcamp_time_help = _("In the bootcamp's time zone (%(zone)s).")

    allowed_file_types = forms.MultipleChoiceField(
        label=_("Allowed file types"), required=False,
        choices=[(ext, ext) for ext in SAFE_FILE_TYPES], widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.initial["allowed_file_types"] = self.instance.file_types

    def clean_allowed_file_types(self):
        return ",".join(self.cleaned_data["allowed_file_types"])


class AssignmentPage(RestrictedToParticipantsMixin, Page):
    """An assignment below a stage. The mixin gates it (sign-in, participants, trainers and
    organisers, no-store); past the gate the page serves its submission form itself
    (`serve_content`: GET shows it, POST saves the draft or hands it in)."""

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

    def serve_content(self, request, *args, **kwargs):
        """The assignment, the participant's (or team's) status, draft, versions and
        feedback; a POST saves the draft or submits it (then redirects here). What the user
        may do comes from one place, `selectors.submission_rights`; the services check it
        again when writing."""
        if request.method not in ("GET", "HEAD", "POST"):
            raise PermissionDenied
        rights = selectors.submission_rights(assignment=self, user=request.user, history=True)
        form = self.get_submission_form(rights)
        if request.method == "POST":
            if rights.entry is None:
                raise PermissionDenied
            form = self.get_submission_form(rights, data=request.POST, files=request.FILES)
            if form.is_valid():
                try:
                    self.process_submission(request, form)
                except (UploadRejected, services.SubmissionRefused) as error:
                    # A refused file is reported next to the file input, not above the form.
                    on_files = isinstance(error, UploadRejected) and "files" in form.fields
                    form.add_error("files" if on_files else None, str(error))
                else:
                    return redirect(self.url)
                rights = selectors.submission_rights(assignment=self, user=request.user,
                                                     history=True)
        return TemplateResponse(request, self.get_template(request, *args, **kwargs),
                                self.get_submission_context(request, rights, form),
                                status=400 if request.method == "POST" else 200)

    def get_submission_form(self, rights, *, data=None, files=None) -> SubmissionForm:
        submission = rights.submission
        draft_files = list(submission.draft_files.all()) if submission else []
        if data is None:
            return SubmissionForm(assignment=self, draft_files=draft_files,
                                  initial={"text": submission.draft_text if submission else ""})
        return SubmissionForm(data, files, assignment=self, draft_files=draft_files)

    def process_submission(self, request, form: SubmissionForm) -> None:
        """Save the draft or hand it in (the button pressed), with a message saying which.
        Raises UploadRejected or services.SubmissionRefused, nothing stored."""
        arguments = {
            "assignment": self, "user": request.user,
            "text": form.cleaned_data.get("text", ""),
            "uploads": request.FILES.getlist("files"),
            "remove_file_ids": form.remove_ids if "remove_files" in form.fields else [],
        }
        if request.POST.get("action") == "submit":
            result = services.submit(**arguments)
            if result.created:
                messages.success(request, gettext("Submitted: version %(n)s.")
                                 % {"n": result.version.number})
            else:
                messages.info(request, gettext("Nothing changed since version %(n)s: "
                                               "no new version was made.")
                              % {"n": result.version.number})
        else:
            services.save_draft(**arguments)
            messages.success(request, gettext("Draft saved."))

    def get_submission_context(self, request, rights, form) -> dict:
        bootcamp = self.get_bootcamp()
        submission = rights.submission
        context = self.get_context(request)
        previous_item, next_item = bootcamp.neighbours_of(self)
        context.update({
            "bootcamp": bootcamp, "previous_item": previous_item, "next_item": next_item,
            "rights": rights,
            "submission": submission,
            "versions": list(submission.versions.all()) if submission else [],
            "reviews": list(submission.reviews.all()) if submission else [],
            "form": form,
            "due_local": bootcamp.local(rights.deadline.due_at),
            "cutoff_local": bootcamp.local(rights.deadline.cutoff_at),
            "can_review": selectors.can_review(user=request.user, bootcamp=bootcamp),
        })
        return context


class RubricCriterion(Orderable):
    assignment = ParentalKey(AssignmentPage, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("points"), default=5)

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("max_points")])]

    def __str__(self) -> str:
        return self.title


