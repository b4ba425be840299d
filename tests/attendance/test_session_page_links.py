"""A live session page links to attendance: marking and the check-in code for the bootcamp's
trainers and organisers, the check-in link for participants while check-in is open."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import organiser, trainer

MARK = "Mark attendance"
CODE = "Show the check-in code"
CHECK_IN = "Check in"


def page_html(client, setup, user):
    client.force_login(user)
    response = client.get(setup.session.url)
    assert response.status_code == 200
    return response.content.decode()


def urls(setup):
    return {name: reverse(f"attendance:{name}", args=[setup.session.pk])
            for name in ("session", "code", "check_in")}


def test_bootcamp_trainer_sees_marking_and_code_links(client, setup):
    html = page_html(client, setup, setup.trainer)
    assert MARK in html and urls(setup)["session"] in html
    assert CODE in html and urls(setup)["code"] in html
    assert urls(setup)["check_in"] + '"' not in html


def test_organiser_sees_marking_and_code_links(client, setup):
    html = page_html(client, setup, organiser())
    assert urls(setup)["session"] in html and urls(setup)["code"] in html


def test_session_trainer_sees_the_links(client, setup):
    user = trainer()
    setup.session.trainers.add(user)
    setup.session.save()
    setup.bootcamp.trainers.add(user)  # to open the page at all
    setup.bootcamp.save()
    assert urls(setup)["session"] in page_html(client, setup, user)


def test_participant_sees_check_in_link_while_check_in_is_open(client, setup):
    setup.move_session(starts_at=timezone.now() - timedelta(minutes=5))
    html = page_html(client, setup, setup.team[0])
    assert urls(setup)["check_in"] in html
    assert urls(setup)["session"] not in html and urls(setup)["code"] not in html


def test_participant_sees_when_check_in_opens_before_it_does(client, setup):
    setup.move_session(starts_at=timezone.now() + timedelta(days=2))
    html = page_html(client, setup, setup.team[0])
    assert urls(setup)["check_in"] not in html
    assert "Check-in opens" in html
    assert "(Asia/Kolkata)" in html


def test_participant_sees_check_in_closed_after_the_window(client, setup):
    setup.move_session(starts_at=timezone.now() - timedelta(days=1))
    html = page_html(client, setup, setup.team[0])
    assert urls(setup)["check_in"] not in html
    assert "Check-in for this session has closed." in html


def test_page_query_count_does_not_grow_with_the_roster(client, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.courses.factories import enrol

    def queries(user):
        client.force_login(user)
        client.get(setup.session.url)  # warm per-process caches (content types, site)
        with CaptureQueriesContext(connection) as context:
            assert client.get(setup.session.url).status_code == 200
        return len(context)

    before = queries(setup.trainer), queries(setup.team[0])
    for _ in range(5):
        enrol(setup.bootcamp, participants=4)
    assert (queries(setup.trainer), queries(setup.team[0])) == before
