"""load_demo gives the Day 1 sessions varied feedback, and stays idempotent."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from feedback.models import SessionFeedback

pytestmark = pytest.mark.django_db


def test_day_1_sessions_have_varied_feedback_and_a_second_load_adds_none(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    by_session = dict(SessionFeedback.objects.values("session__title").annotate(
        n=Count("pk")).values_list("session__title", "n"))
    assert len(by_session) == 2 and all(n >= 5 for n in by_session.values())
    assert SessionFeedback.objects.filter(session__url_path__contains="/day-1/").count() == sum(
        by_session.values())
    ratings = set(SessionFeedback.objects.values_list("rating", flat=True))
    assert {2, 3, 4, 5} <= ratings and None in ratings
    assert SessionFeedback.objects.filter(anonymous=True).exists()
    assert SessionFeedback.objects.filter(anonymous=False).exists()
    assert not SessionFeedback.objects.filter(user__email="certified@example.org").exists()
    before = SessionFeedback.objects.count()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert SessionFeedback.objects.count() == before


def test_certified_is_asked_about_day_1_on_the_dashboard(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client.force_login(get_user_model().objects.get(email="certified@example.org"))
    assert "Tell us how Day 1 went" in client.get("/dashboard/").content.decode()
