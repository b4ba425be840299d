"""Organisers' application pages show human labels and the bootcamp's named zone (#11, #23)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from organisations.models import ApplicationEvent
from tests.factories import organiser
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = organiser()
    client.force_login(user)
    return user


def test_listing_shows_focus_area_and_status_labels(client, bootcamp, reviewer):
    ApplicationFactory(bootcamp=bootcamp, focus_areas=["women_children", "disaster_relief"],
                       status="waitlisted",
                       submitted_at=datetime(2026, 7, 30, 18, 29, tzinfo=ZoneInfo("UTC")))
    body = client.get(reverse("organisations_admin:bootcamp",
                              args=[bootcamp.pk])).content.decode()
    assert "Women and children, Disaster relief" in body
    assert "<td>women_children" not in body
    assert "Waitlisted: 1" in body and "waitlisted: 1" not in body
    assert "30 July 2026, 23:59 IST" in body


def test_history_names_statuses_and_the_zone(client, bootcamp, reviewer):
    application = ApplicationFactory(bootcamp=bootcamp, status="shortlisted")
    client.post(reverse("organisations_admin:status", args=[application.pk]),
                {"status": "selected"})
    body = client.get(reverse("organisations_admin:detail",
                              args=[application.pk])).content.decode()
    history = body[body.index("<h2>History</h2>"):]
    assert "When (Asia/Kolkata)" in history and "UTC" not in history
    assert "Selected (Shortlisted → Selected)" in history
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d:\d\d IST", history)


def test_event_labels_fall_back_to_the_stored_word():
    event = ApplicationEvent(action="demo: selected", from_status="", to_status="gone")
    assert event.action_label() == "demo: selected"
    assert event.to_status_label() == "gone"
