from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields on allauth's signup: the name that will appear on certificates."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        help_text=_("As it should appear on your certificate. Any script is fine."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
