"""The trainer's marking grid: roster by organisation, bulk save in one transaction."""

import pytest
from django.urls import reverse

from attendance.models import AttendanceRecord, Source
from attendance.services import record_attendance
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser, trainer


def grid_url(setup):
    return reverse("attendance:session", args=[setup.session.pk])


@pytest.fixture
def trainer_client(client, setup):
    client.force_login(setup.trainer)
    return client


def test_grid_groups_the_roster_by_organisation(trainer_client, setup):
    response = trainer_client.get(grid_url(setup))
    groups = response.context["groups"]
    assert [g.organisation for g in groups] == sorted(
        [setup.enrollment.organisation, setup.other_enrollment.organisation],
        key=lambda o: o.name)
    by_org = {g.organisation: {row.user for row in g.rows} for g in groups}
    assert by_org[setup.enrollment.organisation] == set(setup.team)
    assert f'name="status-{setup.team[0].pk}"' in response.content.decode()


def test_grid_shows_current_status_and_source(trainer_client, setup):
    record_attendance(user_id=setup.team[0].pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="partial", minutes=42, source=Source.IMPORT)
    body = trainer_client.get(grid_url(setup)).content.decode()
    assert "Partial" in body and "Video-call report" in body and "42 minutes" in body


def test_bulk_save_marks_each_participant(trainer_client, setup):
    a, b = setup.team
    response = trainer_client.post(grid_url(setup), {
        "action": "save", f"status-{a.pk}": "present", f"status-{b.pk}": "excused",
        f"status-{setup.other_team[0].pk}": ""})
    assert response.status_code == 302
    assert dict(AttendanceRecord.objects.values_list("user_id", "status")) == {
        a.pk: "present", b.pk: "excused"}
    assert set(AttendanceRecord.objects.values_list("source", "changed_by")) == {
        (Source.TRAINER, setup.trainer.pk)}


def test_grid_offers_mark_all_present_only_through_a_confirmation(trainer_client, setup):
    body = trainer_client.get(grid_url(setup)).content.decode()
    assert 'value="all_present"' not in body
    assert reverse("attendance:all_present", args=[setup.session.pk]) in body


def test_tampered_id_outside_the_roster_writes_nothing(trainer_client, setup):
    stranger_bootcamp = build_bootcamp(title="Other camp")
    _enrollment, (stranger,) = enrol(stranger_bootcamp, participants=1)
    response = trainer_client.post(grid_url(setup), {
        "action": "save", f"status-{setup.team[0].pk}": "present",
        f"status-{stranger.pk}": "present"})
    assert response.status_code == 400
    assert "roster" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_unknown_status_writes_nothing(trainer_client, setup):
    response = trainer_client.post(grid_url(setup), {f"status-{setup.team[0].pk}": "asleep"})
    assert response.status_code == 400
    assert not AttendanceRecord.objects.exists()


def test_organiser_may_mark(client, setup):
    client.force_login(organiser())
    client.post(grid_url(setup), {f"status-{setup.team[0].pk}": "present"})
    assert AttendanceRecord.objects.count() == 1


def test_session_trainer_may_mark(client, setup):
    session_trainer = trainer()
    setup.session.trainers.add(session_trainer)
    setup.session.save()
    client.force_login(session_trainer)
    assert client.get(grid_url(setup)).status_code == 200


def test_trainer_of_another_bootcamp_is_refused(client, setup):
    client.force_login(trainer())
    assert client.get(grid_url(setup)).status_code == 404
    assert client.post(grid_url(setup), {
        f"status-{setup.team[0].pk}": "present"}).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_participant_is_refused(client, setup):
    client.force_login(setup.team[0])
    assert client.post(grid_url(setup), {
        f"status-{setup.team[0].pk}": "present"}).status_code == 403
    assert not AttendanceRecord.objects.exists()


def test_unknown_or_unpublished_session_is_404(trainer_client, setup):
    assert trainer_client.get(reverse("attendance:session", args=[999999])).status_code == 404
    setup.session.unpublish()
    assert trainer_client.get(grid_url(setup)).status_code == 404


def test_grid_query_count_does_not_grow_with_the_roster(trainer_client, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(organisations):
        for _ in range(organisations):
            _enrollment, users = enrol(setup.bootcamp, participants=3)
            for user in users:
                record_attendance(user_id=user.pk, session=setup.session,
                                  bootcamp=setup.bootcamp, status="present", minutes=None,
                                  source=Source.CHECK_IN)

    trainer_client.get(grid_url(setup))  # first request: session and site lookups warm up
    counts = []
    for organisations in (1, 10, 40):
        add(organisations)
        with CaptureQueriesContext(connection) as queries:
            assert trainer_client.get(grid_url(setup)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 25


def test_service_refuses_a_marker_without_the_right(setup):
    """The write re-checks who marks, not only the view."""
    from attendance.services import AttendanceError, mark_attendance

    with pytest.raises(AttendanceError, match="Only the trainers"):
        mark_attendance(session=setup.session, bootcamp=setup.bootcamp,
                        marks={setup.team[0].pk: "present"}, by=trainer())
    assert not AttendanceRecord.objects.exists()
    assert mark_attendance(session=setup.session, bootcamp=setup.bootcamp,
                           marks={setup.team[0].pk: "present"}, by=setup.trainer) == 1
