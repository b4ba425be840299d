from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment, time_zone_choices
from notifications.models import (
    APPLICATION_DECISIONS,
    DECISION_KINDS,
    Announcement,
    Channel,
    Kind,
    e164_validator,
)


def _choosable_kinds() -> list[tuple[str, str]]:
    """(preference key, label) of what a user chooses channels for: every kind but replies,
    with the decisions on an application as one choice (four kinds only for their texts)."""
    choices = []
    for kind in Kind:
        if kind == DECISION_KINDS[0]:
            choices.append((APPLICATION_DECISIONS, _("Decisions on an application")))
        elif kind != Kind.REPLY and kind not in DECISION_KINDS:
            choices.append((kind.value, kind.label))
    return choices


CHOOSABLE_KINDS = _choosable_kinds()


# Where participants are: India first, then its neighbours and the diaspora's usual zones.
COMMON_TIME_ZONES = [
    ("Asia/Kolkata", _("India (IST)")),
    ("Asia/Dhaka", _("Bangladesh")),
    ("Asia/Kathmandu", _("Nepal")),
    ("Asia/Colombo", _("Sri Lanka")),
    ("Asia/Dubai", _("United Arab Emirates")),
    ("Europe/London", _("United Kingdom")),
    ("UTC", "UTC"),
]


def preference_time_zone_choices() -> list:
    """A short list first (about 600 raw zone names are no way to find India), then every
    zone for the rest of the world."""
    common = [(zone, f"{label} · {zone}" if zone != "UTC" else zone)
              for zone, label in COMMON_TIME_ZONES]
    listed = {zone for zone, _label in COMMON_TIME_ZONES}
    rest = [(zone, label) for zone, label in time_zone_choices() if zone not in listed]
    return [(_("Common"), common), (_("All time zones"), rest)]



class PreferenceForm(forms.Form):
    whatsapp_number = forms.CharField(
        label=_("WhatsApp number"), required=False, max_length=16,
        validators=[e164_validator],
        help_text=_("International format with country code, e.g. +919876543210."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    whatsapp_opt_in = forms.BooleanField(
        label=_("Yes, send me reminders and notifications on WhatsApp"), required=False,
        help_text=_("You can stop at any time here or by replying STOP."),
    )
    time_zone = forms.ChoiceField(label=_("My time zone"), choices=preference_time_zone_choices)
    quiet_hours_start = forms.TimeField(
        label=_("Quiet hours from"), required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_hours_end = forms.TimeField(
        label=_("Quiet hours until"), required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, preference, **kwargs):
        initial = {
            "whatsapp_number": preference.whatsapp_number,
            "whatsapp_opt_in": preference.whatsapp_opt_in,
            "time_zone": preference.time_zone,
            "quiet_hours_start": preference.quiet_hours_start,
            "quiet_hours_end": preference.quiet_hours_end,
        }
        for key, _label in CHOOSABLE_KINDS:
            chosen = preference.channels.get(key, [Channel.EMAIL, Channel.WHATSAPP])
            for channel in Channel:
                initial[f"{key}__{channel}"] = channel in chosen
        super().__init__(*args, initial=initial, **kwargs)
        self.kind_rows = []
        for key, label in CHOOSABLE_KINDS:
            row = []
            for channel in Channel:
                name = f"{key}__{channel}"
                self.fields[name] = forms.BooleanField(
                    label=f"{label}: {channel.label}", required=False)
                row.append(name)
            self.kind_rows.append((label, row))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("whatsapp_opt_in") and not cleaned.get("whatsapp_number"):
            self.add_error("whatsapp_number",
                           _("Give your WhatsApp number to receive WhatsApp messages."))
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if (start is None) != (end is None):
            self.add_error("quiet_hours_end", _("Give both the start and the end, or neither."))
        return cleaned

    def channels(self) -> dict:
        return {
            key: [channel.value for channel in Channel
                  if self.cleaned_data.get(f"{key}__{channel}")]
            for key, _label in CHOOSABLE_KINDS
        }

    def rows(self):
        """(kind label, [bound fields]) for the template, which must not compute."""
        return [(label, [self[name] for name in names]) for label, names in self.kind_rows]


class AnnouncementForm(forms.ModelForm):
    """The announcement, once its bootcamp is chosen (step 1, `BootcampStepForm`): the
    bootcamp travels hidden and "Only these organisations" lists that bootcamp's enrolled
    organisations only; one of another bootcamp is refused as an invalid choice."""

    class Meta:
        model = Announcement
        fields = ["bootcamp", "organisations", "subject", "body"]
        widgets = {"organisations": forms.CheckboxSelectMultiple}
        help_texts = {"organisations": _("Leave all unticked to send to every participant."),
                      "body": _("Plain text. Placeholders: $name, $bootcamp.")}

    def __init__(self, *args, bootcamp=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bootcamp"].widget = forms.HiddenInput()
        bootcamp_id = bootcamp.pk if bootcamp else self.data.get("bootcamp")
        organisations = self.fields["organisations"].queryset.none()
        if str(bootcamp_id or "").isdigit():
            organisations = self.fields["organisations"].queryset.filter(
                enrollments__bootcamp_id=int(bootcamp_id),
                enrollments__status=Enrollment.Status.ACTIVE).distinct().order_by("name")
        self.fields["organisations"].queryset = organisations
        if bootcamp is not None:
            self.initial["bootcamp"] = bootcamp.pk


class BootcampStepForm(forms.Form):
    """Step 1 of an announcement (GET, no JavaScript needed): which bootcamp it is for."""

    bootcamp = forms.ModelChoiceField(
        label=_("Bootcamp"), queryset=Announcement._meta.get_field(
            "bootcamp").remote_field.model.objects.order_by("-start_date", "title"))
