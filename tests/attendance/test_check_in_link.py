"""The one-time check-in link from the reminder: no password, no code; bound to one
participant and one session, open only in the check-in window, used once."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceRecord, CheckInLinkUse, Source
from courses.models import LiveSessionPage


@pytest.fixture
def live(setup):
    setup.move_session(starts_at=timezone.now() - timedelta(minutes=5))
    return setup


def link(setup, user, session=None):
    return services.link_path(user_id=user.pk, session_id=(session or setup.session).pk)


def test_link_checks_in_without_signing_in(live):
    client = Client()
    url = link(live, live.team[0])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Check me in" in confirm.content.decode()
    assert not AttendanceRecord.objects.exists()  # opening the link records nothing
    response = client.post(url)
    assert response.status_code == 200
    assert "You are checked in" in response.content.decode()
    record = AttendanceRecord.objects.get()
    assert (record.user, record.session, record.status, record.source) == (
        live.team[0], live.session, "present", Source.CHECK_IN)


def test_link_works_for_its_participant_signed_in(client, live):
    client.force_login(live.team[0])
    assert client.post(link(live, live.team[0])).status_code == 200
    assert AttendanceRecord.objects.filter(user=live.team[0]).exists()


def test_wrong_person_signed_in_is_refused(client, live):
    client.force_login(live.team[1])
    for response in (client.get(link(live, live.team[0])), client.post(link(live, live.team[0]))):
        assert response.status_code == 403
        assert "belongs to another participant" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_link_of_another_session_is_refused(live):
    other = LiveSessionPage.objects.descendant_of(live.bootcamp).exclude(
        pk=live.session.pk).first()
    token = services.link_token(user_id=live.team[0].pk, session_id=other.pk)
    response = Client().post(f"/sessions/{live.session.pk}/check-in/link/{token}/")
    assert response.status_code == 403
    assert "for another session" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_expired_link_is_refused_once_the_window_closed(live):
    live.move_session(starts_at=timezone.now() - timedelta(hours=5))
    response = Client().post(link(live, live.team[0]))
    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_link_before_the_window_opens_is_refused(live):
    live.move_session(starts_at=timezone.now() + timedelta(days=1))
    with pytest.raises(services.LinkRefused, match="not opened yet"):
        services.check_in_by_link(token=services.link_token(
            user_id=live.team[0].pk, session_id=live.session.pk), session_id=live.session.pk)


def test_reused_link_is_refused(live):
    client = Client()
    url = link(live, live.team[0])
    assert client.post(url).status_code == 200
    again = client.post(url)
    assert again.status_code == 403
    assert "used already" in again.content.decode()
    assert client.get(url).status_code == 403
    assert AttendanceRecord.objects.count() == 1
    assert CheckInLinkUse.objects.count() == 1


def test_forged_or_damaged_link_is_refused(live):
    url = link(live, live.team[0])
    response = Client().post(url[:-3] + "xx/")
    assert response.status_code == 403
    assert "not valid" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_participant_no_longer_on_the_roster_is_refused(live):
    live.team[0].roster_entries.update(removed_at=timezone.now())
    assert Client().post(link(live, live.team[0])).status_code == 403
    assert not AttendanceRecord.objects.exists()


def test_a_trainer_mark_is_kept(live):
    services.mark_attendance(session=live.session, bootcamp=live.bootcamp,
                             marks={live.team[0].pk: "excused"}, by=live.trainer)
    assert Client().post(link(live, live.team[0])).status_code == 200
    assert AttendanceRecord.objects.get().status == "excused"
