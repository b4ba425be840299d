from django import forms
from django.utils.translation import gettext_lazy as _


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"), max_length=12, strip=True,
        help_text=_("The six characters the trainer shows in the session."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "inputmode": "text"}),
    )


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label=_("Participants report (CSV)"),
        help_text=_("Zoom: Reports → Usage → Participants → Export. Google Meet: the "
                    "attendance report from the meeting's calendar event or Drive. CSV or "
                    "“Unicode text”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
