"""Check-in throttles are keyed on the account and the browser session; a whole room behind
one address (an NGO office, a carrier's NAT) is not one throttle."""

from datetime import timedelta

import pytest
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceRecord
from tests.courses.factories import enrol

NAT = "203.0.113.7"


@pytest.fixture
def live(setup):
    setup.move_session(starts_at=timezone.now() - timedelta(minutes=5))
    setup.code = services.settings_for(session=setup.session).check_in_code
    return setup


def attempt(setup, user, code, *, session_key="", ip=NAT):
    return services.check_in(user=user, session=setup.session, code=code, ip=ip,
                             session_key=session_key)


def test_400_accounts_behind_one_address_check_in(live):
    _enrollment, room = enrol(live.bootcamp, participants=400)
    # A tenth of the room mistypes first, as on the rehearsal's live day.
    for user in room[:40]:
        with pytest.raises(services.CheckInRefused):
            attempt(live, user, "AAAAAA")
    for user in room:
        assert attempt(live, user, live.code, session_key=f"s-{user.pk}").changed
    assert AttendanceRecord.objects.filter(session=live.session).count() == 400


def test_one_account_hammering_is_limited(live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER = 5
    user = live.team[0]
    for n in range(5):  # a new address and a new browser session each time do not help
        with pytest.raises(services.CheckInRefused):
            attempt(live, user, "AAAAAA", session_key=f"s{n}", ip=f"198.51.100.{n}")
    with pytest.raises(services.Throttled):
        attempt(live, user, live.code, session_key="fresh", ip="198.51.100.200")


def test_one_browser_session_hammering_is_limited(live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER = 3
    # Three accounts guessed from the same browser session: the session is stopped too.
    for user in (live.team[0], live.team[1], live.other_team[0]):
        with pytest.raises(services.CheckInRefused):
            attempt(live, user, "AAAAAA", session_key="shared")
    with pytest.raises(services.Throttled):
        attempt(live, live.other_team[1], live.code, session_key="shared")
    assert attempt(live, live.other_team[1], live.code, session_key="own").changed


def test_wrong_codes_from_one_address_do_not_block_other_accounts(live):
    _enrollment, room = enrol(live.bootcamp, participants=60)
    for user in room[:50]:  # the rehearsal's 50 typos behind one address
        with pytest.raises(services.CheckInRefused):
            attempt(live, user, "AAAAAA")
    for user in room[50:]:
        assert attempt(live, user, live.code).changed


def test_the_address_ceiling_still_stops_a_flood(live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_IP = 3
    for user in (live.team[0], live.team[1], live.other_team[0]):
        with pytest.raises(services.CheckInRefused):
            attempt(live, user, "AAAAAA")
    with pytest.raises(services.Throttled):
        attempt(live, live.other_team[1], live.code)


def test_the_view_keys_on_the_browser_session(client, live, settings):
    settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER = 1
    client.force_login(live.team[0])
    url = f"/sessions/{live.session.pk}/check-in"
    client.post(url, {"code": "AAAAAA"})
    # Another account signed in in the same browser session is limited as well.
    session_key = client.session.session_key
    with pytest.raises(services.Throttled):
        attempt(live, live.team[1], live.code, session_key=session_key)
