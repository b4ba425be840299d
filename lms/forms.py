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


class ProfileForm(forms.Form):
    """The name on one's account: it is printed on certificates issued from now on."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150,
        help_text=_("As it should appear on your certificate. Any script is fine."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def clean_first_name(self) -> str:
        value = self.cleaned_data["first_name"].strip()
        if not value:
            raise forms.ValidationError(_("Enter your first name."))
        return value

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()
