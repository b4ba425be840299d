"""Forms of the organisers' certificate pages (certificates/admin_views.py)."""

from django import forms
from django.utils.translation import gettext_lazy


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (optional)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CorrectNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Corrected name"), max_length=300)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=2000)
