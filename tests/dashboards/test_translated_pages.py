"""Dashboards and exports count each page once when it has translations (#19): the records
are the source pages', and translation trees are no bootcamps of their own."""

import csv
import io

import pytest
from django.urls import reverse

from courses.models import BootcampPage, LiveSessionPage, ModulePage, StagePage
from dashboards.access import dashboard_bootcamps
from tests.courses.factories import translate
from tests.factories import organiser


@pytest.fixture
def translated_world(world):
    bootcamp = world.bootcamp
    translate(bootcamp, title="हिंदी बूटकैंप")
    for page in [*StagePage.objects.child_of(bootcamp),
                 *ModulePage.objects.descendant_of(bootcamp),
                 *LiveSessionPage.objects.descendant_of(bootcamp)]:
        translate(page)
    return world


def _csv(client, world, kind):
    response = client.get(reverse("dashboards:export", args=[world.bootcamp.pk, kind, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_translations_are_not_bootcamps_on_the_dashboards(translated_world):
    user = organiser()
    assert BootcampPage.objects.filter(title="हिंदी बूटकैंप").exists()
    assert list(dashboard_bootcamps(user)) == list(BootcampPage.objects.originals())
    assert not dashboard_bootcamps(user).filter(title="हिंदी बूटकैंप").exists()


def test_exports_count_each_module_and_session_once(client, translated_world):
    client.force_login(organiser())
    header, *rows = _csv(client, translated_world, "attendance")
    assert len(rows) == 5 * 5  # five participants, five sessions: not ten
    header, *rows = _csv(client, translated_world, "organisations")
    beta = dict(zip(header, [r for r in rows if r[0] == "Beta Sangam"][0], strict=True))
    assert beta["pre_event_percent"] == "25"
