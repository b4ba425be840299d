"""Attendance in the progress read-model (per participant, per stage, per organisation)."""

import pytest
from wagtail import hooks

from attendance.models import Source
from attendance.progress import attendance_progress, organisation_attendance
from attendance.services import record_attendance
from courses.models import LiveSessionPage, StagePage
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
    assert [panel.template for panel in panels] == ["attendance/session_page_panel.html"]


def test_progress_per_participant_and_stage(setup):
    all_sessions = sessions(setup)
    user = setup.team[0]
    mark(setup, user, all_sessions[0], "present")
    mark(setup, user, all_sessions[1], "partial")
    mark(setup, user, all_sessions[2], "late")
    progress = attendance_progress(bootcamp=setup.bootcamp, user_ids=[user.pk])[user.pk]
    assert progress.total == 5 and progress.attended_count == 2
    assert [s.status for s in progress.sessions] == ["present", "partial", "late", None, None]
    day_one, day_two = StagePage.objects.child_of(setup.bootcamp).filter(
        kind=StagePage.Kind.LIVE_DAY).order_by("path")
    follow_up = StagePage.objects.child_of(setup.bootcamp).get(kind=StagePage.Kind.FOLLOW_UP)
    assert progress.per_stage == {day_one.pk: (1, 2), day_two.pk: (1, 2), follow_up.pk: (0, 1)}
    first = progress.sessions[0]
    assert (first.stage_kind, first.stage_title, first.attended) == ("live_day", "Day 1", True)


def test_organisation_attendance_counts_participants_per_stage(setup):
    all_sessions = sessions(setup)
    a, b = setup.team
    mark(setup, a, all_sessions[0], "present")
    mark(setup, a, all_sessions[1], "present")  # same day: still one person
    mark(setup, b, all_sessions[1], "late")
    mark(setup, b, all_sessions[2], "absent")
    mark(setup, setup.other_team[0], all_sessions[4], "present")
    org, other = setup.enrollment.organisation_id, setup.other_enrollment.organisation_id
    result = organisation_attendance(bootcamp=setup.bootcamp, organisation_ids=[org, other])
    day_one, day_two = StagePage.objects.child_of(setup.bootcamp).filter(
        kind=StagePage.Kind.LIVE_DAY).order_by("path")
    follow_up = StagePage.objects.child_of(setup.bootcamp).get(kind=StagePage.Kind.FOLLOW_UP)
    assert result[org] == {day_one.pk: 2, day_two.pk: 0, follow_up.pk: 0}
    assert result[other] == {day_one.pk: 0, day_two.pk: 0, follow_up.pk: 1}


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
    with django_assert_max_num_queries(4):
        organisation_attendance(bootcamp=setup.bootcamp, organisation_ids=org_ids)


def test_dashboard_offers_check_in_during_the_window(client, setup):
    from datetime import timedelta

    from django.utils import timezone

    setup.move_session(starts_at=timezone.now() + timedelta(minutes=10))
    client.force_login(setup.team[0])
    body = client.get("/dashboard/").content.decode()
    assert f"/sessions/{setup.session.pk}/check-in" in body
    assert "0 of 5 live sessions attended" in body
