"""Attendance records are scoped: own organisation for participants, own bootcamps for
trainers, everything for organisers."""

from attendance.models import AttendanceRecord, Source
from attendance.services import record_attendance
from courses.models import LiveSessionPage
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser, trainer


def all_present(setup):
    for user in setup.participants:
        record_attendance(user_id=user.pk, session=setup.session, bootcamp=setup.bootcamp,
                          status="present", minutes=None, source=Source.CHECK_IN)


def visible_users(user):
    return set(AttendanceRecord.objects.visible_to(user).values_list("user_id", flat=True))


def test_participant_sees_own_organisation_only(setup):
    all_present(setup)
    assert visible_users(setup.team[0]) == {u.pk for u in setup.team}
    assert visible_users(setup.other_team[1]) == {u.pk for u in setup.other_team}


def test_trainer_sees_own_bootcamps_only(setup):
    all_present(setup)
    other_camp = build_bootcamp(title="Other camp")
    _e, (stranger,) = enrol(other_camp, participants=1)
    session = LiveSessionPage.objects.descendant_of(other_camp).first()
    record_attendance(user_id=stranger.pk, session=session, bootcamp=other_camp,
                      status="present", minutes=None, source=Source.CHECK_IN)
    assert visible_users(setup.trainer) == {u.pk for u in setup.participants}
    assert visible_users(trainer()) == set()


def test_organiser_sees_all(setup):
    all_present(setup)
    assert visible_users(organiser()) == {u.pk for u in setup.participants}


def test_anonymous_sees_nothing(setup):
    from django.contrib.auth.models import AnonymousUser

    all_present(setup)
    assert not AttendanceRecord.objects.visible_to(AnonymousUser()).exists()
