"""The demo shows every at-risk flag on at least one organisation, and reloads cleanly."""

import os

from django.core.management import call_command

from courses.models import BootcampPage
from dashboards.columns import OrganisationColumns
from dashboards.facts import bootcamp_facts
from dashboards.summary import flag_counts


def _flags() -> dict[str, int]:
    totals: dict[str, int] = {}
    for bootcamp in BootcampPage.objects.filter(slug__startswith="chat-for-impact"):
        for code, _label, count in flag_counts(OrganisationColumns(
                bootcamp_facts(bootcamp=bootcamp))):
            totals[code] = totals.get(code, 0) + count
    return totals


def test_demo_has_an_organisation_for_every_flag(db, settings):
    settings.DEBUG = True
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
        first = _flags()
        call_command("load_demo", stdout=devnull)
    assert all(count >= 1 for count in first.values()), first
    assert _flags() == first
    assert BootcampPage.objects.filter(slug="chat-for-impact-pilot").count() == 1
