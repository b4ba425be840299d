"""The marking grid at 400 participants: search, filter, paging; saving a page saves only its
rows; record times dated in the bootcamp's named zone; constant queries per page."""

import pytest
from django.urls import reverse

from attendance import selectors
from attendance.models import AttendanceRecord, Source
from attendance.services import record_attendance
from tests.courses.factories import enrol


@pytest.fixture
def trainer_client(client, setup):
    client.force_login(setup.trainer)
    return client


def grid_url(setup, query=""):
    return reverse("attendance:session", args=[setup.session.pk]) + query


def shown(response):
    return {row.user.pk for group in response.context["groups"] for row in group.rows}


def test_search_by_organisation_name(trainer_client, setup):
    name = setup.other_enrollment.organisation.name
    response = trainer_client.get(grid_url(setup), {"q": name})
    assert shown(response) == {user.pk for user in setup.other_team}
    assert f'value="{name}"' in response.content.decode()  # the search is kept


def test_search_by_participant_name(trainer_client, setup):
    person = setup.team[1]
    person.first_name, person.last_name = "Zenobia", "Quartermaine"
    person.save()
    response = trainer_client.get(grid_url(setup), {"q": "zenobia quarter"})
    assert shown(response) == {person.pk}


def test_no_match_says_so(trainer_client, setup):
    body = trainer_client.get(grid_url(setup), {"q": "nobody-like-this"}).content.decode()
    assert "Nobody matches this search." in body and "Save attendance" not in body


def test_filter_not_recorded_and_by_status(trainer_client, setup):
    a, b, *rest = setup.participants
    record_attendance(user_id=a.pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="absent", minutes=None, source=Source.TRAINER)
    record_attendance(user_id=b.pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="present", minutes=None, source=Source.CHECK_IN)
    assert shown(trainer_client.get(grid_url(setup), {"show": "none"})) == {u.pk for u in rest}
    assert shown(trainer_client.get(grid_url(setup), {"show": "absent"})) == {a.pk}


def test_unknown_filter_value_shows_everyone(trainer_client, setup):
    response = trainer_client.get(grid_url(setup), {"show": "asleep", "page": "x"})
    assert response.status_code == 200
    assert shown(response) == {user.pk for user in setup.participants}


def test_paging_and_saving_one_page_saves_only_its_rows(trainer_client, setup, monkeypatch):
    monkeypatch.setattr(selectors, "GRID_PAGE_SIZE", 3)
    first = trainer_client.get(grid_url(setup))
    second = trainer_client.get(grid_url(setup), {"page": 2})
    assert len(shown(first)) == 3 and len(shown(second)) == 1
    assert shown(first).isdisjoint(shown(second))
    body = second.content.decode()
    assert "Page 2 of 2" in body and "Showing 4–4 of 4 participants." in body
    (on_second,) = shown(second)
    # The page's form holds only its rows, and posts back to the same page.
    assert body.count('<select name="status-') == 1
    response = trainer_client.post(grid_url(setup, "?page=2"), {f"status-{on_second}": "late"})
    assert response.status_code == 302 and response["Location"] == grid_url(setup, "?page=2")
    assert dict(AttendanceRecord.objects.values_list("user_id", "status")) == {on_second: "late"}


def test_record_times_are_dated_in_the_bootcamps_named_zone(trainer_client, setup):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    record_attendance(user_id=setup.team[0].pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="present", minutes=None, source=Source.CHECK_IN,
                      now=datetime(2026, 7, 30, 1, 17, tzinfo=ZoneInfo("UTC")))
    body = trainer_client.get(grid_url(setup)).content.decode()
    assert "30 July 2026, 06:47 IST" in body
    assert "Times are in Asia/Kolkata." in body


def test_save_button_is_sticky_at_the_bottom(trainer_client, setup):
    body = trainer_client.get(grid_url(setup)).content.decode()
    assert '<div class="grid-save">' in body
    from pathlib import Path

    from django.conf import settings
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    assert ".grid-save { position: sticky; bottom: 0;" in css


def test_page_query_count_is_constant_with_a_search(trainer_client, setup, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(selectors, "GRID_PAGE_SIZE", 5)
    trainer_client.get(grid_url(setup))
    counts = []
    for organisations in (2, 10):
        for _ in range(organisations):
            _enrollment, users = enrol(setup.bootcamp, participants=3)
            record_attendance(user_id=users[0].pk, session=setup.session,
                              bootcamp=setup.bootcamp, status="present", minutes=None,
                              source=Source.CHECK_IN)
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get(grid_url(setup), {"q": "@", "page": 2})
        assert len(shown(response)) == 5
        counts.append(len(queries))
    assert counts[0] == counts[1]
