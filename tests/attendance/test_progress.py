"""Attendance in the progress read-model (per participant, per stage, per organisation)."""

import pytest
from wagtail import hooks

from attendance.models import Source
from attendance.progress import attendance_progress
from attendance.services import record_attendance
from courses.models import LiveSessionPage
from courses.progress import progress_sources
from courses.session_panels import SESSION_PANEL_HOOK
from tests.courses.factories import enrol


def mark(setup, user, session, status):
    record_attendance(user_id=user.pk, session=session, bootcamp=setup.bootcamp, status=status,
                      minutes=None, source=Source.TRAINER)


def sessions(setup):
    return list(LiveSessionPage.objects.descendant_of(setup.bootcamp).order_by("starts_at"))


def test_registered_as_the_attendance_source():
    entry = progress_sources()["attendance"]
    assert entry.source is attendance_progress
    assert entry.dashboard_template == "attendance/dashboard_progress.html"


def test_registered_as_a_session_panel():
    panels = [hook() for hook in hooks.get_hooks(SESSION_PANEL_HOOK)]
    # Other apps (feedback) add their own panels; attendance's is registered once.
    assert [panel.template for panel in panels].count("attendance/session_page_panel.html") == 1


def test_progress_per_participant_and_stage(setup):
    all_sessions = sessions(setup)
    user = setup.team[0]
    mark(setup, user, all_sessions[0], "present")
    mark(setup, user, all_sessions[1], "partial")
    mark(setup, user, all_sessions[2], "late")
    progress = attendance_progress(bootcamp=setup.bootcamp, user_ids=[user.pk])[user.pk]
    assert progress.total == 5 and progress.attended_count == 2
    assert [s.status for s in progress.sessions] == ["present", "partial", "late", None, None]
    first = progress.sessions[0]
    assert (first.stage_kind, first.stage_title, first.attended) == ("live_day", "Day 1", True)


@pytest.mark.parametrize("organisations", [1, 10, 30])
def test_constant_queries(setup, organisations, django_assert_max_num_queries):
    all_sessions = sessions(setup)
    ids, org_ids = [], []
    for _ in range(organisations):
        enrollment, users = enrol(setup.bootcamp, participants=3)
        org_ids.append(enrollment.organisation_id)
        for user in users:
            ids.append(user.pk)
            for session in all_sessions:
                mark(setup, user, session, "present")
    with django_assert_max_num_queries(4):
        result = attendance_progress(bootcamp=setup.bootcamp, user_ids=ids)
    assert all(p.attended_count == 5 for p in result.values())


def test_dashboard_offers_check_in_during_the_window(client, setup):
    from datetime import timedelta

    from django.utils import timezone

    setup.move_session(starts_at=timezone.now() + timedelta(minutes=10))
    client.force_login(setup.team[0])
    body = client.get("/dashboard/").content.decode()
    assert f"/sessions/{setup.session.pk}/check-in" in body
    assert "0 of 5 live sessions attended" in body
