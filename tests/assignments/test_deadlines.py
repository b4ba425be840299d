"""Due date and cut-off are moments in the bootcamp's zone (IST); the server runs in UTC."""

from datetime import timedelta

import pytest
from django.conf import settings

from assignments import services
from assignments.models import Submission
from tests.assignments.factories import add_assignment, ist


@pytest.fixture
def midnight_assignment(bootcamp):
    # "Due by midnight on 30 July": 23:59:59 IST; cut-off a day later, same wall time.
    return add_assignment(bootcamp, title="Plan", slug="plan",
                          due_at=ist(2026, 7, 30, 23, 59, 59),
                          cutoff_at=ist(2026, 7, 31, 23, 59, 59))


def test_server_runs_in_utc():
    assert settings.TIME_ZONE == "UTC"


def test_submit_at_23_59_59_ist_is_on_time(midnight_assignment, team):
    result = services.submit(assignment=midnight_assignment, user=team[1][1], text="x",
                             now=ist(2026, 7, 30, 23, 59, 59))
    assert result.version.is_late is False
    assert Submission.objects.get().status == "submitted"


def test_submit_at_00_00_00_ist_next_day_is_late(midnight_assignment, team):
    # 00:00:00 IST on 31 July is still 30 July (18:30 UTC) on the server.
    result = services.submit(assignment=midnight_assignment, user=team[1][1], text="x",
                             now=ist(2026, 7, 31, 0, 0, 0))
    assert result.version.is_late is True
    assert Submission.objects.get().status == "late"


def test_submit_at_cutoff_is_accepted(midnight_assignment, team):
    result = services.submit(assignment=midnight_assignment, user=team[1][1], text="x",
                             now=ist(2026, 7, 31, 23, 59, 59))
    assert result.created


def test_submit_one_second_after_cutoff_is_refused_with_ist_time_and_draft_kept(
        midnight_assignment, team):
    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit(assignment=midnight_assignment, user=team[1][1], text="Late plan",
                        now=ist(2026, 8, 1, 0, 0, 0))
    assert "31 Jul 2026, 23:59 IST" in str(refused.value)
    submission = Submission.objects.get()
    assert submission.draft_text == "Late plan"
    assert submission.versions.count() == 0


def test_without_late_submissions_the_due_date_is_the_cutoff(bootcamp, team):
    assignment = add_assignment(bootcamp, title="Strict", slug="strict",
                                due_at=ist(2026, 7, 30, 23, 59, 59),
                                cutoff_at=ist(2026, 7, 31, 23, 59, 59), late_allowed=False)
    with pytest.raises(services.SubmissionRefused, match="30 Jul 2026, 23:59 IST"):
        services.submit(assignment=assignment, user=team[1][1], text="x",
                        now=ist(2026, 7, 31, 0, 0, 0))


def test_direct_post_after_cutoff_is_refused_and_text_kept(client, bootcamp, team):
    # A stale tab: the form was loaded before the cut-off, posted after it.
    from django.utils import timezone

    now = timezone.now()
    assignment = add_assignment(bootcamp, title="Closed", slug="closed",
                                due_at=now - timedelta(days=2), cutoff_at=now - timedelta(days=1))
    client.force_login(team[1][1])
    response = client.post(assignment.url, {"text": "My late answer", "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "can no longer be submitted" in content
    assert "IST" in content
    assert "My late answer" in content
    assert Submission.objects.get().versions.count() == 0


def test_page_shows_due_date_in_ist_with_zone_named(client, midnight_assignment, team):
    client.force_login(team[1][1])
    content = client.get(midnight_assignment.url).content.decode()
    assert "Thursday 30 July 2026, 23:59" in content
    assert "IST" in content
