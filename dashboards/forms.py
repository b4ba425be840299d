"""The dashboard's "Sort by" form: a no-JS way to sort by any column.

The table has 16 or more columns; on a phone (and at 1366 px) most of their header sort
links sit in the sideways-scrolling part of the table. This GET form, above the table,
offers the same sort keys as the headers (built from the view's columns, so the two
cannot differ) and submits them as `sort` + `direction`; the view turns them into the
`ordering` the header links use.
"""

from collections.abc import Iterable

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

ASCENDING, DESCENDING = "asc", "desc"
# Not carried over as hidden fields: the form sets the order itself, and a new order starts
# at page 1 (as the header links do: page 3 of another order is not "where I was").
NOT_KEPT = ("ordering", "sort", "direction", "p", "_w_filter_fragment", "refresh")


class SortForm(forms.Form):
    sort = forms.ChoiceField(label=_("Sort by"))
    direction = forms.ChoiceField(label=_("Direction"), choices=[
        (ASCENDING, _("Ascending")), (DESCENDING, _("Descending"))])

    def __init__(self, data: QueryDict | None = None, *, columns: Iterable[Column],
                 current: str | None = None, kept: QueryDict | None = None):
        """Bound to `data` to read a submission (see ordering_from); unbound to show the
        order in force (`current`) with the other parameters of `kept` as hidden fields."""
        current = current or ""
        super().__init__(data, initial={
            "sort": current.lstrip("-"),
            "direction": DESCENDING if current.startswith("-") else ASCENDING})
        self.fields["sort"].choices = [(column.sort_key, column.label) for column in columns
                                       if column.sort_key]
        self.kept = [(name, value) for name, values in (kept or QueryDict()).lists()
                     if name not in NOT_KEPT for value in values]

    @classmethod
    def ordering_from(cls, data: QueryDict, columns: Iterable[Column]) -> str | None:
        """The `ordering` a submission asks for (a sort key, "-" for descending); None
        when the form was not used or its values are not valid."""
        if "sort" not in data:
            return None
        form = cls(data, columns=columns)
        if not form.is_valid():
            return None
        prefix = "-" if form.cleaned_data["direction"] == DESCENDING else ""
        return prefix + form.cleaned_data["sort"]
