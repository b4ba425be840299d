from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from courses.models import LiveSessionPage, LiveSessionPageForm
from tests.courses.factories import IST
from tests.factories import organiser

pytestmark = pytest.mark.django_db


def move(session, starts_in: timedelta, length=timedelta(hours=1)):
    session.starts_at = timezone.now() + starts_in
    session.ends_at = session.starts_at + length
    session.save()
    return session


def test_join_link_opens_30_minutes_before_start_until_the_end(session):
    starts = session.starts_at
    assert not session.join_link_open(starts - timedelta(minutes=30, seconds=1))
    assert session.join_link_open(starts - timedelta(minutes=30))
    assert session.join_link_open(session.ends_at - timedelta(seconds=1))
    assert not session.join_link_open(session.ends_at)


def test_participant_sees_the_join_link_when_open(client, session, member):
    move(session, timedelta(minutes=20))
    client.force_login(member)
    assert session.join_url in client.get(session.url).content.decode()


def test_join_link_hidden_before_it_opens(client, session, member):
    move(session, timedelta(minutes=31))
    client.force_login(member)
    html = client.get(session.url).content.decode()
    assert session.join_url not in html
    assert "30 minutes before the start" in html


def test_join_link_only_for_participants(client, bootcamp, session):
    move(session, timedelta(minutes=5))
    client.force_login(organiser())
    assert session.join_url not in client.get(session.url).content.decode()


def test_recording_shown_after_the_end(client, session, member):
    session.recording_url = "https://video.example.org/recording-1"
    move(session, -timedelta(hours=2))
    client.force_login(member)
    html = client.get(session.url).content.decode()
    assert "https://video.example.org/recording-1" in html
    assert session.join_url not in html


def test_recording_not_shown_before_the_end(client, session, member):
    session.recording_url = "https://video.example.org/recording-1"
    move(session, timedelta(minutes=10))
    client.force_login(member)
    assert "recording-1" not in client.get(session.url).content.decode()


def test_ist_session_is_shown_in_ist_on_a_utc_server(client, settings, session, member):
    assert settings.TIME_ZONE == "UTC"
    session.starts_at = datetime(2030, 1, 10, 4, 30, tzinfo=UTC)  # 10:00 IST
    session.ends_at = datetime(2030, 1, 10, 6, 30, tzinfo=UTC)
    session.save()
    client.force_login(member)
    html = client.get(session.url).content.decode()
    assert "Thursday 10 January 2030, 10:00 – 12:00 IST" in html
    assert "Asia/Kolkata" in html


def form_for(session, **data):
    fields = {
        "title": session.title, "slug": session.slug,
        "agenda": '{"blocks": [], "entityMap": {}}',
        "join_url": session.join_url, "recording_url": "",
        "starts_at": "2030-01-10 23:59:59", "ends_at": "2030-01-11 00:30:00",
    }
    fields.update(data)
    form_class = LiveSessionPage.get_edit_handler().get_form_class()
    return form_class(fields, instance=session, for_user=organiser(),
                      parent_page=session.get_parent())


def test_admin_input_is_read_in_the_bootcamps_zone_and_stored_utc(session):
    form = form_for(session)
    assert isinstance(form, LiveSessionPageForm)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime(2030, 1, 10, 23, 59, 59, tzinfo=IST)
    assert form.cleaned_data["starts_at"].astimezone(UTC) == datetime(
        2030, 1, 10, 18, 29, 59, tzinfo=UTC)
    assert "Asia/Kolkata" in str(form.fields["starts_at"].help_text)


def test_admin_form_shows_stored_times_in_the_bootcamps_zone(session):
    form_class = LiveSessionPage.get_edit_handler().get_form_class()
    form = form_class(instance=session, for_user=organiser(), parent_page=session.get_parent())
    assert form.initial["starts_at"] == session.starts_at.astimezone(IST).replace(tzinfo=None)


def test_admin_form_rejects_an_end_before_the_start(session):
    form = form_for(session, ends_at="2030-01-10 09:00:00")
    assert not form.is_valid()
    assert "ends_at" in form.errors


def test_join_link_must_be_http_or_https(session):
    form = form_for(session, join_url="javascript:alert(1)")
    assert not form.is_valid()
    assert "join_url" in form.errors
