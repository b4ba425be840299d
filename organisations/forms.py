"""Forms of the organisations app. They validate input only; services decide and write."""

import csv

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from courses.models import BootcampPage
from organisations.models import FocusArea

INDIAN_STATES = [
    "Andaman and Nicobar Islands", "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar",
    "Chandigarh", "Chhattisgarh", "Dadra and Nagar Haveli and Daman and Diu", "Delhi", "Goa",
    "Gujarat", "Haryana", "Himachal Pradesh", "Jammu and Kashmir", "Jharkhand", "Karnataka",
    "Kerala", "Ladakh", "Lakshadweep", "Madhya Pradesh", "Maharashtra", "Manipur", "Meghalaya",
    "Mizoram", "Nagaland", "Odisha", "Puducherry", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu",
    "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal",
]
STATE_CHOICES = [("", _("Choose a state or union territory"))] + [(s, s) for s in INDIAN_STATES]

# NGO Darpan IDs look like "MH/2017/0123456"; trust and society registrations vary, so
# letters, digits and the separators / - . and spaces are allowed, 5 to 40 characters.
registration_number_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9/\-. ]{3,38}[A-Za-z0-9]$",
    _("Use 5 to 40 letters, digits, spaces or / - . (for example MH/2017/0123456)."),
)
REQUIRED_TO_SUBMIT = (
    "organisation_name", "registration_number", "city", "state", "focus_areas",
    "current_channels", "plans",
)


class ApplicationForm(forms.Form):
    """The application's answers. `final=True` (submitting) requires every answer and consent;
    a draft only needs what was typed to be well-formed."""

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200,
                                        required=False)
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=40, required=False,
        validators=[registration_number_validator],
        help_text=_("Your NGO Darpan ID or society/trust registration number."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"), choices=FocusArea.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff_count = forms.IntegerField(label=_("Staff"), min_value=0, max_value=1_000_000,
                                     required=False)
    volunteer_count = forms.IntegerField(label=_("Volunteers"), min_value=0,
                                         max_value=10_000_000, required=False)
    current_channels = forms.CharField(
        label=_("How do you already use WhatsApp or helplines?"), max_length=4000,
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )
    plans = forms.CharField(
        label=_("What do you want to build?"), max_length=4000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the organisers may store these answers to select organisations "
                "and contact our team about the bootcamp."),
        required=False,
    )

    def __init__(self, *args, colleagues: int, applicant_email: str, final: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.final, self.colleagues, self.applicant_email = final, colleagues, applicant_email
        for number in range(1, colleagues + 1):
            self.fields[f"member_{number}_name"] = forms.CharField(
                label=_("Colleague %(number)d: name") % {"number": number}, max_length=200,
                required=False)
            self.fields[f"member_{number}_email"] = forms.EmailField(
                label=_("Colleague %(number)d: email") % {"number": number}, required=False)

    def member_fields(self):
        return [(self[f"member_{n}_name"], self[f"member_{n}_email"])
                for n in range(1, self.colleagues + 1)]

    def clean(self):
        data = super().clean()
        if self.final:
            for name in REQUIRED_TO_SUBMIT:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Please answer this before submitting."))
            if not data.get("consent"):
                self.add_error("consent", _("We need your consent to consider the application."))
        team, seen = [], {self.applicant_email.lower()}
        for number in range(1, self.colleagues + 1):
            name = (data.get(f"member_{number}_name") or "").strip()
            email = (data.get(f"member_{number}_email") or "").strip().lower()
            if not name and not email:
                continue
            if not email:
                self.add_error(f"member_{number}_email", _("Add this colleague's email."))
            elif not name:
                self.add_error(f"member_{number}_name", _("Add this colleague's name."))
            elif email in seen:
                self.add_error(f"member_{number}_email",
                               _("Each person can be listed once (you are already included)."))
            else:
                seen.add(email)
                team.append({"name": name, "email": email})
        data["team"] = team
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation_name": data["organisation_name"].strip(),
            "registration_number": data["registration_number"].strip().upper(),
            "city": data["city"].strip(), "state": data["state"], "website": data["website"],
            "focus_areas": list(data["focus_areas"]), "staff_count": data["staff_count"],
            "volunteer_count": data["volunteer_count"],
            "current_channels": data["current_channels"].strip(), "plans": data["plans"].strip(),
            "team": data["team"], "consent": bool(data["consent"]),
        }

    @staticmethod
    def initial_from(application) -> dict:
        initial = {field: getattr(application, field) for field in (
            "organisation_name", "registration_number", "city", "state", "website",
            "focus_areas", "staff_count", "volunteer_count", "current_channels", "plans",
            "consent")}
        for number, person in enumerate(application.team, start=1):
            initial[f"member_{number}_name"] = person.get("name", "")
            initial[f"member_{number}_email"] = person.get("email", "")
        return initial


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note (reviewers only)"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))



class CreditsImportForm(forms.Form):
    bootcamp = forms.ModelChoiceField(label=_("Bootcamp"), queryset=None)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A header row with registration_number and credits_used, then one row per "
                    "organisation. Nothing is changed unless every row is valid."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bootcamp"].queryset = BootcampPage.objects.order_by("title")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Save the file as CSV (UTF-8).")) from error

        reader = csv.DictReader(text.splitlines())
        if not {"registration_number", "credits_used"} <= set(reader.fieldnames or []):
            raise forms.ValidationError(
                _("The first row must name the columns registration_number and credits_used."))
        return list(reader)
