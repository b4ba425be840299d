"""The knowledge check as a plain HTML form (works without JavaScript)."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.knowledge_checks import (
    ANSWER_MAX_LENGTH,
    MULTIPLE_CHOICE,
    SHORT_TEXT,
    TRUE_FALSE,
    TRUE_FALSE_LABELS,
)

UNANSWERED = _("Answer this question.")


def field_name(question: dict[str, Any]) -> str:
    return f"q-{question['id']}"


class CheckForm(forms.Form):
    """One field per snapshot question, plus the double-submit token and the revision the
    questions came from (a page edited in between asks the participant to look again)."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions: dict[str, Any], revision_id: int | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions["questions"]
        self.revision_id = revision_id
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("revision", revision_id)
        messages = {"required": UNANSWERED}
        for question in self.questions:
            kind = question["kind"]
            if kind == SHORT_TEXT:
                field = forms.CharField(max_length=ANSWER_MAX_LENGTH, error_messages=messages,
                                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
            else:
                labels = (TRUE_FALSE_LABELS if kind == TRUE_FALSE
                          else [option["text"] for option in question["options"]])
                choices = [(str(index), label) for index, label in enumerate(labels)]
                if kind == MULTIPLE_CHOICE:
                    field = forms.MultipleChoiceField(
                        choices=choices, widget=forms.CheckboxSelectMultiple,
                        error_messages=messages)
                else:
                    field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect,
                                              error_messages=messages)
            field.label = question["text"]
            self.fields[field_name(question)] = field

    def clean(self):
        cleaned = super().clean()
        unanswered = sum(1 for question in self.questions if field_name(question) in self.errors)
        if unanswered:
            raise forms.ValidationError(
                _("%(count)d of %(total)d questions are not answered yet. Your other answers "
                  "are kept.") % {"count": unanswered, "total": len(self.questions)})
        revision = cleaned.get("revision")
        if revision is not None and self.revision_id is not None and revision != self.revision_id:
            raise forms.ValidationError(
                _("The questions were changed while you answered. Please check your answers "
                  "and send them again."))
        return cleaned

    def question_fields(self):
        """(question, bound field) pairs in order, for the template."""
        return [(question, self[field_name(question)]) for question in self.questions]

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as stored: option indexes, or the typed text."""
        answers: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data[field_name(question)]
            if question["kind"] == SHORT_TEXT:
                answers[question["id"]] = value
            elif isinstance(value, list):
                answers[question["id"]] = sorted(int(index) for index in value)
            else:
                answers[question["id"]] = [int(value)]
        return answers
