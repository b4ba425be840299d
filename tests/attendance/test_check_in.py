"""Self check-in: window edges, codes (wrong, rotated), throttling, roster only, POST only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import AttendancePolicy, AttendanceRecord, Source
from tests.factories import participant


@pytest.fixture
def live(setup):
    """The session started 5 minutes ago; its code is known."""
    setup.move_session(starts_at=timezone.now() - timedelta(minutes=5))
    setup.code = services.settings_for(session=setup.session).check_in_code
    return setup


def url(setup):
    return reverse("attendance:check_in", args=[setup.session.pk])


def check_in(setup, user, code, *, at, ip="10.0.0.1"):
    return services.check_in(user=user, session=setup.session, code=code, ip=ip, now=at)


def test_participant_checks_in_with_the_code(client, live):
    client.force_login(live.team[0])
    response = client.post(url(live), {"code": live.code.lower()})
    assert response.status_code == 302
    record = AttendanceRecord.objects.get(user=live.team[0], session=live.session)
    assert (record.status, record.source) == ("present", Source.CHECK_IN)


def test_get_shows_the_form_with_the_code_prefilled_and_records_nothing(client, live):
    client.force_login(live.team[0])
    response = client.get(url(live) + f"?code={live.code}")
    assert response.status_code == 200
    assert f'value="{live.code}"' in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_checking_in_twice_records_once(client, live):
    client.force_login(live.team[0])
    client.post(url(live), {"code": live.code})
    client.post(url(live), {"code": live.code})
    assert AttendanceRecord.objects.count() == 1
    assert AttendanceRecord.objects.get().changes.count() == 1


def test_window_edges(setup):
    code = services.settings_for(session=setup.session).check_in_code
    start, end = setup.session.starts_at, setup.session.ends_at
    user = setup.team[0]
    with pytest.raises(services.CheckInRefused, match="closed"):
        check_in(setup, user, code, at=start - timedelta(minutes=15, seconds=1))
    assert check_in(setup, user, code, at=start - timedelta(minutes=15)).changed
    other = setup.team[1]
    assert check_in(setup, other, code, at=end + timedelta(minutes=30)).changed
    with pytest.raises(services.CheckInRefused, match="closed"):
        check_in(setup, setup.other_team[0], code, at=end + timedelta(minutes=30, seconds=1))


def test_window_is_configurable_per_bootcamp(setup):
    AttendancePolicy.objects.create(bootcamp=setup.bootcamp, opens_minutes_before=60)
    code = services.settings_for(session=setup.session).check_in_code
    assert check_in(setup, setup.team[0], code,
                    at=setup.session.starts_at - timedelta(minutes=59)).changed


def test_late_check_in_is_late(setup):
    code = services.settings_for(session=setup.session).check_in_code
    check_in(setup, setup.team[0], code, at=setup.session.starts_at + timedelta(minutes=11))
    assert AttendanceRecord.objects.get().status == "late"


def test_wrong_code_is_refused_with_the_input_kept(client, live):
    client.force_login(live.team[0])
    response = client.post(url(live), {"code": "WRONG1"})
    assert response.status_code == 400
    assert "not right" in response.content.decode()
    assert 'value="WRONG1"' in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_rotated_code_replaces_the_old_one(client, live):
    old = live.code
    client.force_login(live.trainer)
    client.post(reverse("attendance:rotate_code", args=[live.session.pk]))
    new = services.settings_for(session=live.session).check_in_code
    assert new != old
    client.force_login(live.team[0])
    assert client.post(url(live), {"code": old}).status_code == 400
    assert client.post(url(live), {"code": new}).status_code == 302


def test_wrong_codes_are_throttled_per_user(live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER = 3
    user = live.team[0]
    for n in range(3):
        with pytest.raises(services.CheckInRefused):
            check_in(live, user, "AAAAAA", at=timezone.now(), ip=f"10.0.0.{n}")
    # Even the right code is refused while throttled.
    with pytest.raises(services.Throttled):
        check_in(live, user, live.code, at=timezone.now(), ip="10.0.0.99")
    # Someone else is not affected.
    assert check_in(live, live.team[1], live.code, at=timezone.now()).changed


def test_wrong_codes_are_throttled_per_ip(live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_IP = 2
    for user in live.team:
        with pytest.raises(services.CheckInRefused):
            check_in(live, user, "AAAAAA", at=timezone.now(), ip="203.0.113.9")
    with pytest.raises(services.Throttled):
        check_in(live, live.other_team[0], live.code, at=timezone.now(), ip="203.0.113.9")
    assert check_in(live, live.other_team[0], live.code, at=timezone.now(),
                    ip="198.51.100.1").changed


def test_throttled_page_says_so_with_429(client, live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER = 1
    client.force_login(live.team[0])
    client.post(url(live), {"code": "AAAAAA"})
    response = client.post(url(live), {"code": live.code})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()


def test_someone_not_on_the_roster_cannot_check_in(client, live):
    outsider = participant()
    client.force_login(outsider)
    assert client.get(url(live)).status_code == 403
    assert client.post(url(live), {"code": live.code}).status_code == 403
    with pytest.raises(services.NotOnRoster):
        check_in(live, outsider, live.code, at=timezone.now())
    assert not AttendanceRecord.objects.exists()


def test_removed_roster_member_cannot_check_in(live):
    from courses.models import RosterMember

    RosterMember.objects.filter(user=live.team[0]).update(removed_at=timezone.now())
    with pytest.raises(services.NotOnRoster):
        check_in(live, live.team[0], live.code, at=timezone.now())


def test_check_in_is_post_only(client, live):
    client.force_login(live.team[0])
    assert client.put(url(live), {"code": live.code}).status_code == 405
    assert not AttendanceRecord.objects.exists()


def test_trainer_code_page_shows_code_and_qr(client, live):
    client.force_login(live.trainer)
    response = client.get(reverse("attendance:code", args=[live.session.pk]))
    body = response.content.decode()
    assert f'<p class="check-in-code">{live.code}</p>' in body
    qr = body.split('class="check-in-qr"', 1)[1].split("</div>", 1)[0]
    assert "<svg" in qr and "<path" in qr
    assert f"/sessions/{live.session.pk}/check-in?code={live.code}" in body


def test_code_page_get_writes_nothing_and_the_first_code_is_a_post(client, setup):
    from attendance.models import SessionSettings

    client.force_login(setup.trainer)
    code_url = reverse("attendance:code", args=[setup.session.pk])
    body = client.get(code_url).content.decode()
    assert not SessionSettings.objects.exists()
    assert "Make the check-in code" in body and "check-in-qr" not in body
    response = client.post(reverse("attendance:rotate_code", args=[setup.session.pk]),
                           follow=True)
    (row,) = SessionSettings.objects.all()
    body = response.content.decode()
    assert "Check-in code ready" in body
    assert f'<p class="check-in-code">{row.check_in_code}</p>' in body
    client.get(code_url)
    assert SessionSettings.objects.get().check_in_code == row.check_in_code


def test_participant_cannot_see_the_code_page(client, live):
    client.force_login(live.team[0])
    assert client.get(reverse("attendance:code", args=[live.session.pk])).status_code == 403
    assert client.post(reverse("attendance:rotate_code",
                               args=[live.session.pk])).status_code == 403


def test_check_in_sends_progress_changed(live, django_capture_on_commit_callbacks):
    from courses.signals import progress_changed

    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    progress_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            check_in(live, live.team[0], live.code, at=timezone.now())
    finally:
        progress_changed.disconnect(receiver)
    assert received[0]["user_ids"] == [live.team[0].pk]
    assert received[0]["bootcamp_id"] == live.bootcamp.pk


def test_second_request_of_a_double_tap_shows_the_success(client, live):
    """The browser shows the answer to the second request of a double tap: it must say
    "checked in", not "already checked in", on what is the person's first check-in."""
    client.force_login(live.team[0])
    client.post(url(live), {"code": live.code})
    second = client.post(url(live), {"code": live.code}, follow=True)
    content = second.content.decode()
    assert f"You are checked in to “{live.session.title}”" in content
    assert "already" not in content
    assert AttendanceRecord.objects.get().changes.count() == 1


def test_check_in_after_a_trainer_mark_says_it_was_already_recorded(client, live):
    trainer_mark = services.record_attendance(
        user_id=live.team[0].pk, session=live.session, bootcamp=live.bootcamp,
        status="absent", minutes=None, source=Source.TRAINER, changed_by=participant(),
        now=timezone.now())
    assert trainer_mark.changed
    client.force_login(live.team[0])
    response = client.post(url(live), {"code": live.code}, follow=True)
    content = response.content.decode()
    assert "Your attendance at this session was already recorded." in content
    assert "You are checked in" not in content
    assert AttendanceRecord.objects.get().status == "absent"
