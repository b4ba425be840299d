from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import MAX_ANSWER_CHARS, RATINGS


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session for you?"), required=False, coerce=int,
        empty_value=None, widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in RATINGS],
        help_text=_("1: not useful, 5: very useful."),
    )
    most_useful = forms.CharField(
        label=_("What was most useful?"), required=False, max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_ANSWER_CHARS}),
    )
    what_to_change = forms.CharField(
        label=_("What should change?"), required=False, max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_ANSWER_CHARS}),
    )
