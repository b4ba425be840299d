"""Filters of the organisers' application review list (organisations/admin_views.py)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from organisations.forms import INDIAN_STATES
from organisations.models import Application, FocusArea


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[c for c in Application.Status.choices if c[0] != Application.Status.DRAFT])
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"),
                                        choices=[(s, s) for s in INDIAN_STATES])
    focus_area = django_filters.ChoiceFilter(label=gettext_lazy("Focus area"),
                                             choices=FocusArea.choices, method="by_focus_area")
    min_score = django_filters.NumberFilter(label=gettext_lazy("Average score at least"),
                                            field_name="average_score", lookup_expr="gte")
    ordering = django_filters.OrderingFilter(
        label=gettext_lazy("Order by"),
        fields=(("submitted_at", "submitted"), ("organisation_name", "name"),
                ("average_score", "score"), ("state", "state")),
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(organisation_name__icontains=value)
                               | Q(registration_number__icontains=value)
                               | Q(city__icontains=value))

    def by_focus_area(self, queryset, name, value):
        # JSON "contains" is not available on SQLite; no choice value is a substring of
        # another, so a substring match on the stored JSON text is exact.
        return queryset.filter(focus_areas__icontains=value)
