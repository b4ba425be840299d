"""The dashboard table's body rows.

Rendered in Python rather than as template variables: a page is 50 rows of 16 or more
cells, and the template engine's per-variable cost (lookup, localisation, escaping) made
the body a quarter of the page's time. The markup is built with format_html and
format_html_join, so every value is escaped by construction.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from dashboards.rows import OrganisationRow

register = template.Library()


def _flags(row: OrganisationRow) -> SafeString | str:
    if not row.flags:
        return "—"
    return format_html_join(
        "", '<span class="w-status w-status--label">{}</span>'
        '<small class="dashboard-reason">{}</small>',
        ((flag.label, flag.reason) for flag in row.flags))


@register.simple_tag
def dashboard_row(row: OrganisationRow, bootcamp, checks: bool = False) -> SafeString:
    """One `<tr>`, its cells in the order of BootcampDashboardView.columns (`checks`: the
    bootcamp has knowledge checks, so their two columns are shown)."""
    link = reverse("dashboards:organisation", args=[bootcamp.pk, row.organisation_id])
    place = f"{row.city}, {row.state}" if row.city and row.state else row.city or row.state
    pre_event = ("—" if row.pre_percent is None else
                 f"{floatformat(row.pre_percent, 0)}% ({row.pre_done}/{row.pre_total})")
    cells = [row.roster, pre_event, row.assignments_accepted, row.assignments_submitted,
             row.assignments_missing]
    cells += [f"{count} / {row.roster}" for _title, count in row.attendance]
    if checks:
        cells += ["—" if row.check_average is None else f"{floatformat(row.check_average, 0)}%",
                  row.checks_not_passed]
    cells += [f"{count} / {row.roster}" for count in row.counts]
    cells += [row.certified, row.eligible, row.not_yet, row.organisation_certificate]
    if row.perks is not None:
        cells.append(row.perks)
    # The bootcamp's zone, named in the column header (one zone on staff pages).
    cells.append(date_format(bootcamp.local(row.last_activity), "j M Y, H:i")
                 if row.last_activity else "—")
    return format_html(
        '<tr{}><th scope="row" class="title dashboard-name"><a href="{}">{}</a>'
        '<br><small>{}</small></th><td class="dashboard-flags">{}</td>{}</tr>',
        SafeString(' class="dashboard-at-risk"') if row.flags else "",
        link, row.name, place, _flags(row),
        format_html_join("", "<td>{}</td>", ((cell,) for cell in cells)))
