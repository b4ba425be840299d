"""Form pieces shared by the course page types (and the apps that add page types below a
bootcamp): a date and time typed in the bootcamp's own zone."""

from datetime import datetime

from django import forms
from django.utils import timezone


class BootcampDateTimeField(forms.DateTimeField):
    """A date and time typed and shown in the bootcamp's zone (not the editor's, not the
    server's), stored UTC. Without `tz` it behaves like Django's DateTimeField."""

    def __init__(self, *args, tz=None, **kwargs):
        self.tz = tz
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime) and self.tz and timezone.is_aware(value):
            return timezone.make_naive(value, self.tz)
        return super().prepare_value(value)

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and self.tz:
            # super() made it aware in the current zone; reinterpret the wall time typed.
            result = timezone.make_aware(timezone.make_naive(result), self.tz)
        return result
