from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def test_session_ics_has_the_session_in_utc(client, session, member):
    session.starts_at = datetime(2030, 1, 10, 4, 30, tzinfo=UTC)  # 10:00 IST
    session.ends_at = datetime(2030, 1, 10, 6, 30, tzinfo=UTC)
    session.save()
    client.force_login(member)
    response = client.get(reverse("courses:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode()
    assert "DTSTART:20300110T043000Z" in content
    assert "DTEND:20300110T063000Z" in content
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at
    assert "10:00 IST (Asia/Kolkata)" in str(event["description"])
    assert session.join_url not in content  # the link stays behind the page's timing rule


def test_bootcamp_ics_lists_every_live_session(client, bootcamp, member):
    client.force_login(member)
    response = client.get(reverse("courses:bootcamp_ics", args=[bootcamp.pk]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 5
    assert len({str(event["uid"]) for event in events}) == 5


def test_ics_refused_to_other_organisations(client, bootcamp, session, outsider):
    client.force_login(outsider)
    assert client.get(reverse("courses:session_ics", args=[session.pk])).status_code == 404
    assert client.get(reverse("courses:bootcamp_ics", args=[bootcamp.pk])).status_code == 404


def test_ics_sends_anonymous_visitors_to_sign_in(client, session):
    response = client.get(reverse("courses:session_ics", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- in the reader's language (#19) -------------------------------------------------------

def _events(client, url):
    return Calendar.from_ical(client.get(url).content).walk("VEVENT")


def test_a_hindi_reader_gets_the_calendar_titles_in_hindi(client, bootcamp, session, member):
    from tests.courses.factories import translate

    translate(bootcamp, title="चैट फ़ॉर इम्पैक्ट")
    translate(session, title="पहला दिन, सुबह")
    member.language = "hi"
    member.save(update_fields=["language"])
    client.force_login(member)
    client.cookies["django_language"] = "hi"
    [event] = _events(client, reverse("courses:session_ics", args=[session.pk]))
    assert str(event["summary"]) == "चैट फ़ॉर इम्पैक्ट: पहला दिन, सुबह"
    assert "विवरण" in str(event["description"])
    assert str(event["url"]).endswith(session.url)  # the one URL of the page
    events = _events(client, reverse("courses:bootcamp_ics", args=[bootcamp.pk]))
    summaries = {str(event["summary"]) for event in events}
    assert "चैट फ़ॉर इम्पैक्ट: पहला दिन, सुबह" in summaries
    # Sessions without a translation keep their English title.
    assert "चैट फ़ॉर इम्पैक्ट: Day 2 morning" in summaries


def test_an_english_reader_gets_the_source_titles(client, bootcamp, session, member):
    from tests.courses.factories import translate

    translate(session, title="पहला दिन, सुबह")
    client.force_login(member)
    [event] = _events(client, reverse("courses:session_ics", args=[session.pk]))
    assert str(event["summary"]) == f"Chat for Impact: {session.title}"
    assert "Details and join link" in str(event["description"])
