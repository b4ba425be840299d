"""The dashboard's filters: enrollment status, state, focus area and at-risk flag."""

import django_filters
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment
from dashboards.columns import FLAGS, OrganisationColumns
from organisations.forms import INDIAN_STATES
from organisations.models import FocusArea

ANY_FLAG = "any"


class OrganisationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Enrollment"), choices=Enrollment.Status.choices, empty_label=_("Active"),
        method="by_status")
    state = django_filters.ChoiceFilter(
        label=_("State"), field_name="organisation__state",
        choices=[(state, state) for state in INDIAN_STATES])
    focus_area = django_filters.ChoiceFilter(
        label=_("Focus area"), choices=FocusArea.choices, method="by_focus_area")
    flag = django_filters.ChoiceFilter(
        label=_("At risk"), choices=[(ANY_FLAG, _("Any flag")), *FLAGS.items()],
        method="by_flag")

    class Meta:
        model = Enrollment
        fields: list[str] = []

    def __init__(self, *args, columns: OrganisationColumns, **kwargs):
        self.columns = columns
        super().__init__(*args, **kwargs)

    def chosen_status(self) -> str:
        """The enrollment status asked for; without a (valid) choice, the organisations
        taking part (active)."""
        if self.is_valid() and self.form.cleaned_data.get("status"):
            return self.form.cleaned_data["status"]
        return Enrollment.Status.ACTIVE

    def by_status(self, queryset, name, value):
        return queryset  # applied by the view, with its default (see chosen_status)

    def by_focus_area(self, queryset, name, value):
        # JSON "contains" is not available on SQLite; no choice value is a substring of
        # another, so a substring match on the stored JSON text is exact.
        return queryset.filter(organisation__focus_areas__icontains=value)

    def by_flag(self, queryset, name, value):
        queryset = self.columns.with_flags(queryset)
        if value == ANY_FLAG:
            return queryset.alias(_risk=self.columns.expression("risk")).filter(_risk__gt=0)
        return queryset.filter(**{f"flag_{value}__gt": 0})
