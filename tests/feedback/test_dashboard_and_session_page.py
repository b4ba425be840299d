"""Where attendees find the form: the dashboard ("Tell us how Day 1 went") and the session
page once it has ended; trainers find the results on the session page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackPolicy
from tests.feedback.factories import response

pytestmark = pytest.mark.django_db


def test_the_dashboard_asks_an_attendee_about_day_1(client, setup):
    client.force_login(setup.team[0])
    body = client.get("/dashboard/").content.decode()
    assert "Tell us how Day 1 went" in body
    assert reverse("feedback:give", args=[setup.session.pk]) in body
    assert f"Feedback on {setup.session.title}" in body


def test_after_answering_the_dashboard_says_thank_you(client, setup):
    response(setup, setup.team[0])
    client.force_login(setup.team[0])
    body = client.get("/dashboard/").content.decode()
    assert "Thank you" in body and "Change your feedback" in body
    assert f"Feedback on {setup.session.title}" not in body


def test_no_request_for_a_non_attendee_or_after_feedback_closed(client, setup):
    client.force_login(setup.other_team[0])
    assert "Tell us how" not in client.get("/dashboard/").content.decode()
    FeedbackPolicy.objects.create(bootcamp=setup.bootcamp, open_days=1)
    setup.move_session(starts_at=setup.session.starts_at.replace(year=2020))
    client.force_login(setup.team[0])
    assert "Tell us how" not in client.get("/dashboard/").content.decode()


def test_the_dashboard_queries_do_not_grow_with_sessions_answered(
        client, setup, django_assert_max_num_queries):
    client.force_login(setup.team[0])
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as before:
        client.get("/dashboard/")
    response(setup, setup.team[0])
    with django_assert_max_num_queries(len(before)):
        client.get("/dashboard/")


def test_the_session_page_links_the_form_for_attendees_once_it_ended(client, setup):
    client.force_login(setup.team[0])
    body = client.get(setup.session.url).content.decode()
    assert "Tell us how it went" in body
    assert reverse("feedback:give", args=[setup.session.pk]) in body


def test_the_session_page_offers_nothing_to_non_attendees(client, setup):
    client.force_login(setup.other_team[0])
    body = client.get(setup.session.url).content.decode()
    assert reverse("feedback:give", args=[setup.session.pk]) not in body


def test_the_session_page_links_the_results_for_its_trainers(client, setup):
    client.force_login(setup.trainer)
    body = client.get(setup.session.url).content.decode()
    assert reverse("feedback:results", args=[setup.session.pk]) in body


def test_no_feedback_panel_before_the_session_ends(client, setup):
    setup.move_session(starts_at=timezone.now() + timedelta(hours=2))
    client.force_login(setup.trainer)
    body = client.get(setup.session.url).content.decode()
    assert reverse("feedback:results", args=[setup.session.pk]) not in body


def test_the_dashboard_follows_a_changed_feedback_setting_at_once(client, db):
    """The dashboard reads the settings once per tree version: saving or deleting them
    renews it."""
    from tests.feedback.factories import FeedbackSetup

    setup = FeedbackSetup(ended_minutes_ago=2 * 24 * 60)  # open for 7 days by default
    client.force_login(setup.team[0])
    assert "Tell us how Day 1 went" in client.get("/dashboard/").content.decode()
    policy = FeedbackPolicy.objects.create(bootcamp=setup.bootcamp, open_days=1)
    assert "Tell us how" not in client.get("/dashboard/").content.decode()
    policy.open_days = 3
    policy.save()
    assert "Tell us how Day 1 went" in client.get("/dashboard/").content.decode()
    policy.open_days = 1
    policy.save()
    assert "Tell us how" not in client.get("/dashboard/").content.decode()
    policy.delete()
    assert "Tell us how Day 1 went" in client.get("/dashboard/").content.decode()


def test_no_answer_query_for_someone_who_attended_nothing_open(client, setup):
    client.force_login(setup.other_team[1])  # no attendance record
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/dashboard/")
    assert not [q for q in queries.captured_queries if "feedback_sessionfeedback" in q["sql"]]
