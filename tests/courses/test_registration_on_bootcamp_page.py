"""The public bootcamp page: an Apply link with the IST deadline and time left while
registration is open, a clear message before and after."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.courses.factories import IST, build_bootcamp

pytestmark = pytest.mark.django_db

OPENS = datetime(2026, 7, 1, tzinfo=IST)
CLOSES = datetime(2026, 7, 30, 23, 59, 59, tzinfo=IST)


@pytest.fixture
def july_bootcamp(db, settings):
    settings.TIME_ZONE = "UTC"
    return build_bootcamp(registration_opens_at=OPENS, registration_closes_at=CLOSES,
                          modules_per_stage=1)


@pytest.fixture
def at(monkeypatch):
    def travel(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
    return travel


def overview(client, bootcamp):
    response = client.get(bootcamp.url)
    assert response.status_code == 200
    html = response.content.decode()
    return html + re.sub(r"<[^>]+>", "", html)  # links to check, and the text as read


def test_open_registration_shows_apply_deadline_in_ist_and_time_left(client, july_bootcamp, at):
    at(datetime(2026, 7, 28, 21, 59, 59, tzinfo=IST))
    html = overview(client, july_bootcamp)
    assert reverse("organisations:apply", kwargs={"slug": july_bootcamp.slug}) in html
    assert "30 July 2026, 23:59:59 IST (Asia/Kolkata)" in html
    assert "Time left: 2 days, 2 hours, 0 minutes." in html


def test_last_second_still_shows_apply(client, july_bootcamp, at):
    at(datetime(2026, 7, 30, 23, 59, 59, tzinfo=IST))
    assert "/apply/" in overview(client, july_bootcamp)


def test_from_midnight_ist_registration_is_closed(client, july_bootcamp, at):
    at(datetime(2026, 7, 31, 0, 0, 0, tzinfo=IST))
    html = overview(client, july_bootcamp)
    assert "/apply/" not in html
    assert "Applications for this bootcamp are closed." in html
    assert "30 July 2026, 23:59:59 IST" in html


def test_before_opening_says_when_it_opens(client, july_bootcamp, at):
    at(datetime(2026, 6, 30, 12, 0, tzinfo=IST))
    html = overview(client, july_bootcamp)
    assert "/apply/" not in html
    assert "Applications are not open yet." in html
    assert "1 July 2026, 00:00 IST" in html
