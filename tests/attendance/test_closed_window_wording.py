"""A past check-in window reads "closed at …" with its date, and the code page drops the QR."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from attendance import services

IST = ZoneInfo("Asia/Kolkata")



def test_participant_sees_closed_at_with_the_date_for_a_past_window(client, setup):
    session = setup.move_session(starts_at=datetime(2025, 11, 3, 10, 0, tzinfo=IST))
    client.force_login(setup.team[0])
    body = client.get(reverse("attendance:check_in", args=[session.pk])).content.decode()
    assert "Check-in closed at 3 November 2025, 12:30 IST." in body
    assert "is open" not in body
    assert 'name="code"' not in body


def test_participant_sees_when_a_future_window_opens(client, setup):
    session = setup.move_session(starts_at=datetime(2099, 3, 4, 10, 0, tzinfo=IST))
    client.force_login(setup.team[0])
    body = client.get(reverse("attendance:check_in", args=[session.pk])).content.decode()
    assert "Check-in opens at 4 March 2099, 09:45 and closes at 4 March 2099, 12:30 IST." in body
    assert "closed" not in body


def test_trainer_code_page_of_a_past_session_says_closed_and_has_no_qr(client, setup):
    session = setup.move_session(starts_at=datetime(2025, 11, 3, 10, 0, tzinfo=IST))
    code = services.settings_for(session=session).check_in_code
    client.force_login(setup.trainer)
    body = client.get(reverse("attendance:code", args=[session.pk])).content.decode()
    assert "Check-in closed at 3 November 2025, 12:30 IST." in body
    assert "check-in-qr" not in body
    assert code not in body
    assert "New code" not in body


def test_trainer_code_page_of_a_future_session_names_the_date(client, setup):
    session = setup.move_session(starts_at=datetime(2099, 3, 4, 10, 0, tzinfo=IST))
    services.settings_for(session=session)
    client.force_login(setup.trainer)
    body = client.get(reverse("attendance:code", args=[session.pk])).content.decode()
    assert "Participants can check in from 4 March 2099, 09:45 to 4 March 2099, 12:30 IST." in body
    assert "check-in-qr" in body
