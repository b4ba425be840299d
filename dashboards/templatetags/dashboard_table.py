"""The dashboard table's body rows.

Rendered in Python rather than as template variables: a page is 50 rows of 16 or more
cells, and the template engine's per-variable cost (lookup, localisation, escaping) made
the body a quarter of the page's time. Every value is escaped with
django.utils.html.escape.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString

from dashboards.rows import OrganisationRow

register = template.Library()


def _flags(row: OrganisationRow) -> str:
    if not row.flags:
        return "—"
    return "".join(f'<span class="w-status w-status--label">{escape(flag.label)}</span>'
                   f'<small class="dashboard-reason">{escape(flag.reason)}</small>'
                   for flag in row.flags)


@register.simple_tag
def dashboard_row(row: OrganisationRow, bootcamp) -> SafeString:
    """One `<tr>`, its cells in the order of BootcampDashboardView.columns."""
    link = reverse("dashboards:organisation", args=[bootcamp.pk, row.organisation_id])
    place = f"{row.city}, {row.state}" if row.city and row.state else row.city or row.state
    pre_event = ("—" if row.pre_percent is None else
                 f"{floatformat(row.pre_percent, 0)}% ({row.pre_done}/{row.pre_total})")
    cells = [row.roster, pre_event, row.assignments_accepted, row.assignments_submitted,
             row.assignments_missing]
    cells += [f"{count} / {row.roster}" for _title, count in row.attendance]
    cells += [row.certified, row.eligible, row.not_yet, row.organisation_certificate]
    if row.perks is not None:
        cells.append(row.perks)
    # The bootcamp's zone, named in the column header (one zone on staff pages).
    cells.append(date_format(bootcamp.local(row.last_activity), "j M Y, H:i")
                 if row.last_activity else "—")
    at_risk = ' class="dashboard-at-risk"' if row.flags else ""
    body = "".join(f"<td>{escape(cell)}</td>" for cell in cells)
    # Every value above went through escape(); the rest is our own markup.
    return SafeString(
        f'<tr{at_risk}><th scope="row" class="title dashboard-name">'
        f'<a href="{escape(link)}">{escape(row.name)}</a>'
        f'<br><small>{escape(place)}</small></th>'
        f'<td class="dashboard-flags">{_flags(row)}</td>{body}</tr>')
