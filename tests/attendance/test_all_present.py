""""Mark all present": a confirmation first, then only participants with no record yet."""

import pytest
from django.urls import reverse

from attendance.models import AttendanceChange, AttendanceRecord, Source
from attendance.services import (
    AttendanceError,
    all_present_candidates,
    mark_all_present,
    record_attendance,
)
from tests.courses.factories import enrol
from tests.factories import trainer


def confirm_url(setup, query=""):
    return reverse("attendance:all_present", args=[setup.session.pk]) + query


def statuses(setup):
    return dict(AttendanceRecord.objects.filter(session=setup.session)
                .values_list("user_id", "status"))


@pytest.fixture
def trainer_client(client, setup):
    client.force_login(setup.trainer)
    return client


def test_get_asks_and_writes_nothing(trainer_client, setup):
    response = trainer_client.get(confirm_url(setup))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mark 4 participants present?" in body
    assert '<form method="post" class="form-actions">' in body
    assert not AttendanceRecord.objects.exists()


def test_post_marks_only_those_without_a_record(trainer_client, setup):
    checked_in, partial, *rest = setup.participants
    record_attendance(user_id=checked_in.pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="absent", minutes=None, source=Source.CHECK_IN)
    record_attendance(user_id=partial.pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="partial", minutes=12, source=Source.IMPORT)
    assert "Mark 2 participants present?" in trainer_client.get(
        confirm_url(setup)).content.decode()
    response = trainer_client.post(confirm_url(setup), follow=True)
    assert "2 participants marked present." in response.content.decode()
    assert statuses(setup) == {checked_in.pk: "absent", partial.pk: "partial",
                               **{user.pk: "present" for user in rest}}
    marked = AttendanceRecord.objects.filter(user__in=rest)
    assert {(r.source, r.changed_by_id) for r in marked} == {(Source.TRAINER, setup.trainer.pk)}
    assert AttendanceChange.objects.filter(record__in=marked, applied=True).count() == 2


def test_search_limits_who_is_marked(trainer_client, setup):
    organisation = setup.other_enrollment.organisation
    response = trainer_client.post(confirm_url(setup, f"?q={organisation.name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("attendance:session",
                                                   args=[setup.session.pk]) + "?q=")
    assert set(statuses(setup)) == {user.pk for user in setup.other_team}


def test_nobody_left_to_mark_says_so(trainer_client, setup):
    mark_all_present(session=setup.session, bootcamp=setup.bootcamp, by=setup.trainer)
    body = trainer_client.get(confirm_url(setup)).content.decode()
    assert "there is nobody to mark" in body and "Yes, mark" not in body


def test_participant_gets_403_and_other_trainer_404(client, setup):
    client.force_login(setup.team[0])
    assert client.post(confirm_url(setup)).status_code == 403
    client.force_login(trainer())
    assert client.get(confirm_url(setup)).status_code == 404
    assert client.post(confirm_url(setup)).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_service_refuses_a_marker_without_the_right(setup):
    with pytest.raises(AttendanceError):
        mark_all_present(session=setup.session, bootcamp=setup.bootcamp, by=trainer())
    assert not AttendanceRecord.objects.exists()


def test_candidates_exclude_people_of_other_sessions_records_only(setup):
    """A record of another session does not count: the rule is per session."""
    from courses.models import LiveSessionPage

    other_session = (LiveSessionPage.objects.descendant_of(setup.bootcamp)
                     .exclude(pk=setup.session.pk).first())
    record_attendance(user_id=setup.team[0].pk, session=other_session,
                      bootcamp=setup.bootcamp, status="present", minutes=None,
                      source=Source.CHECK_IN)
    assert set(all_present_candidates(session=setup.session, bootcamp=setup.bootcamp)) == {
        user.pk for user in setup.participants}


def test_query_count_does_not_grow_with_the_roster(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mark_all_present(session=setup.session, bootcamp=setup.bootcamp, by=setup.trainer)
    counts = []
    for organisations in (1, 8):
        for _ in range(organisations):
            enrol(setup.bootcamp, participants=3)
        AttendanceRecord.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            marked = mark_all_present(session=setup.session, bootcamp=setup.bootcamp,
                                      by=setup.trainer)
        assert marked == AttendanceRecord.objects.count()
        counts.append(len(queries))
    assert counts[0] == counts[1]
