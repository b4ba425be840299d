from django import forms
from django.utils.translation import gettext_lazy as _

from assignments.submissions import Review, Submission
from content.sanitize import HtmlTooComplex, check_html_limits
from courses.forms import BootcampDateTimeField


def _within_html_limits(value: str) -> str:
    # On the form, so the text comes back with the message instead of reaching bleach.
    try:
        check_html_limits(value)
    except HtmlTooComplex as error:
        raise forms.ValidationError(str(error)) from None
    return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text is fine; paragraphs are kept."),
        validators=[_within_html_limits],
    )
    files = MultipleFileField(label=_("Attach files"), required=False)
    remove_files = forms.MultipleChoiceField(
        label=_("Remove from the draft"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, assignment, draft_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not assignment.accepts_text:
            del self.fields["text"]
        if assignment.accepts_files:
            accept = ",".join(f".{ext}" for ext in assignment.file_types)
            self.fields["files"].widget.attrs["accept"] = accept
            self.fields["files"].help_text = _(
                "Allowed: %(types)s. Up to %(n)s files, %(mb)s MB each."
            ) % {"types": ", ".join(assignment.file_types), "n": assignment.max_files,
                 "mb": assignment.max_file_size_mb}
            self.fields["remove_files"].choices = [(str(f.pk), f.display_name)
                                                   for f in draft_files]
        else:
            del self.fields["files"]
            del self.fields["remove_files"]

    @property
    def remove_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("remove_files", [])]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Review.Decision.choices,
                                 widget=forms.RadioSelect)
    feedback = forms.CharField(label=_("Feedback"), required=False,
                               widget=forms.Textarea(attrs={"rows": 8}),
                               validators=[_within_html_limits])

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = []
        if assignment.review_mode == assignment.ReviewMode.RUBRIC:
            for criterion in assignment.criteria.all():
                name = f"points_{criterion.pk}"
                self.fields[name] = forms.IntegerField(
                    label=_("%(c)s (0–%(m)s points)") % {"c": criterion.title,
                                                         "m": criterion.max_points},
                    min_value=0, max_value=criterion.max_points,
                )
                self.criteria.append((criterion, name))

    @property
    def points(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[name] for criterion, name in self.criteria}


class QueueFilterForm(forms.Form):
    bootcamp = forms.TypedChoiceField(label=_("Bootcamp"), required=False, coerce=int,
                                      empty_value=None)
    assignment = forms.TypedChoiceField(label=_("Assignment"), required=False, coerce=int,
                                        empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("to_review", _("To review (submitted or late)")),
                                        ("", _("Any"))] + [
                                   c for c in Submission.Status.choices if c[0] != "draft"])
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int,
                                          empty_value=None)

    def __init__(self, *args, bootcamps, assignments, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bootcamp"].choices = [("", _("Any"))] + bootcamps
        self.fields["assignment"].choices = [("", _("Any"))] + assignments
        self.fields["organisation"].choices = [("", _("Any"))] + organisations


class ExtensionForm(forms.Form):
    target = forms.ChoiceField(label=_("For"))
    cutoff_at = BootcampDateTimeField(
        label=_("New cut-off"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, tz, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cutoff_at"].tz = tz
        self.fields["cutoff_at"].help_text = _("In the bootcamp's time zone (%(zone)s).") % {
            "zone": tz.key}
        self.fields["target"].choices = targets
