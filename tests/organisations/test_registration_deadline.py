"""The deadline is a moment in the bootcamp's zone, whatever the server's (UTC here)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations import services
from organisations.models import Application
from tests.courses.factories import build_bootcamp
from tests.factories import participant
from tests.organisations.conftest import valid_answers

IST = ZoneInfo("Asia/Kolkata")
CLOSES = datetime(2026, 7, 30, 23, 59, 59, tzinfo=IST)  # "midnight on 30 July"


@pytest.fixture
def july_bootcamp(db, settings):
    settings.TIME_ZONE = "UTC"
    return build_bootcamp(
        registration_opens_at=datetime(2026, 7, 1, tzinfo=IST), registration_closes_at=CLOSES,
        modules_per_stage=1,
    )


@pytest.fixture
def at(monkeypatch):
    def travel(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
    return travel


def test_last_second_before_midnight_ist_is_accepted(july_bootcamp, client, at):
    user = participant()
    client.force_login(user)
    at(datetime(2026, 7, 30, 23, 59, 59, 900000, tzinfo=IST))
    response = client.post(reverse("organisations:apply", args=[july_bootcamp.slug]),
                           {**valid_answers(), "action": "submit"})
    assert response.status_code == 302
    assert Application.objects.get().status == Application.Status.SUBMITTED


def test_midnight_ist_is_refused_and_nothing_is_stored(july_bootcamp, client, at):
    user = participant()
    client.force_login(user)
    at(datetime(2026, 7, 31, 0, 0, 0, tzinfo=IST))  # 18:30:00 UTC on 30 July
    response = client.post(reverse("organisations:apply", args=[july_bootcamp.slug]),
                           {**valid_answers(), "action": "submit"})
    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert not Application.objects.exists()


def test_draft_saved_after_the_deadline_is_refused_too(july_bootcamp, client, at):
    client.force_login(participant())
    at(CLOSES + timedelta(hours=1))
    response = client.post(reverse("organisations:apply", args=[july_bootcamp.slug]),
                           {**valid_answers(), "action": "draft"})
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_service_refuses_submission_of_a_draft_after_the_deadline(july_bootcamp):
    user = participant()
    draft = services.save_application(
        bootcamp=july_bootcamp, applicant=user, answers={"organisation_name": "Seva"},
        now=datetime(2026, 7, 20, tzinfo=IST))
    with pytest.raises(services.RegistrationClosed):
        services.save_application(bootcamp=july_bootcamp, applicant=user, answers={},
                                  application=draft, submit=True,
                                  now=datetime(2026, 7, 31, 0, 0, 0, tzinfo=IST))
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_not_yet_open_is_refused(july_bootcamp, client, at):
    client.force_login(participant())
    at(datetime(2026, 6, 30, 23, 59, 59, tzinfo=IST))
    response = client.post(reverse("organisations:apply", args=[july_bootcamp.slug]),
                           {**valid_answers(), "action": "draft"})
    assert response.status_code == 403
    assert "not open yet" in response.content.decode()
    assert not Application.objects.exists()


def test_page_shows_deadline_and_time_left_in_ist(july_bootcamp, client, at):
    client.force_login(participant())
    at(datetime(2026, 7, 29, 12, 0, 0, tzinfo=IST))
    content = client.get(reverse("organisations:apply", args=[july_bootcamp.slug])).content.decode()
    assert "30 July 2026, 23:59:59" in content
    assert "IST" in content
    assert "Time left: 1 day, 12 hours, 0 minutes." in content


def test_closed_page_shuts_the_form(july_bootcamp, client, at):
    client.force_login(participant())
    at(datetime(2026, 8, 1, tzinfo=IST))
    content = client.get(reverse("organisations:apply", args=[july_bootcamp.slug])).content.decode()
    assert "Applications for this bootcamp are closed" in content
    assert 'name="action"' not in content
