from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from attendance.models import Status
from attendance.services import AttendanceError


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


def marks_from_post(data) -> dict[int, str]:
    """Trainer grid form data → {user_id: status} (keys "status-<id>"; empty = unchanged).

    Only the rows the grid showed are in the form, so only they are saved. Ids come from
    the form itself: ones not on the roster are refused by mark_attendance.
    """
    marks: dict[int, str] = {}
    for key, value in data.items():
        if key.startswith("status-") and value:
            try:
                marks[int(key.removeprefix("status-"))] = value
            except ValueError as error:
                raise AttendanceError(gettext("Unreadable form.")) from error
    return marks


# The grid's "show" filter: one of the statuses, or no record yet.
NOT_RECORDED = "none"


class GridFilterForm(forms.Form):
    """Search and filter of the marking grid (GET); bad values fall back to everything."""

    q = forms.CharField(label=_("Name, email or organisation"), max_length=100,
                        required=False, strip=True)
    show = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("Everyone")), (NOT_RECORDED, _("Not recorded yet")), *Status.choices])

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "show": ""}
        return {"q": self.cleaned_data["q"], "show": self.cleaned_data["show"]}
