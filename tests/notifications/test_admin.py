"""Organisers' delivery log (with retry) and announcements (compose → preview → send)."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Announcement, Channel, Kind, Notification
from notifications.services import notify
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import PASSWORD, organiser, participant, trainer

pytestmark = pytest.mark.django_db
LOG = "/cms/notifications/"


def _login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return user


def _failed(user, key="f"):
    [notification] = notify(user=user, kind=Kind.ANNOUNCEMENT, dedupe_key=key,
                            context={"subject": "S", "message": "M"})
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.FAILED, error="HTTP 500: provider down", attempts=4)
    return notification


def test_log_url_is_the_documented_one():
    assert reverse("notifications_admin:log") == LOG


def test_organiser_sees_failures_in_the_log(client):
    _login(client, organiser())
    _failed(participant())
    response = client.get(LOG, {"status": "failed"})
    assert response.status_code == 200
    assert b"HTTP 500: provider down" in response.content
    assert b"Retry" in response.content


@pytest.mark.parametrize("make_user", [participant, trainer])
def test_log_is_for_organisers_only(client, make_user):
    user = make_user()
    user.is_staff = True
    user.save()
    _login(client, user)
    _failed(participant())
    assert client.get(LOG).status_code in (302, 403)
    assert b"provider down" not in client.get(LOG).content


def test_retry_queues_a_failed_message_again_and_sends_it(
        client, django_capture_on_commit_callbacks):
    _login(client, organiser())
    notification = _failed(participant())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications_admin:retry", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_retry_of_a_sent_message_does_nothing(client, django_capture_on_commit_callbacks):
    _login(client, organiser())
    notification = _failed(participant())
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.SENT)
    client.post(reverse("notifications_admin:retry", args=[notification.pk]))
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT
    assert mail.outbox == []


def test_retry_is_refused_to_participants(client):
    _login(client, participant())
    notification = _failed(participant())
    response = client.post(reverse("notifications_admin:retry", args=[notification.pk]))
    assert response.status_code in (302, 403)
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.FAILED


def test_retry_needs_post(client):
    _login(client, organiser())
    notification = _failed(participant())
    response = client.get(reverse("notifications_admin:retry", args=[notification.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("count", [1, 10, 40])
def test_log_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    _login(client, organiser())
    recipient = participant()
    for n in range(count):
        _failed(recipient, key=f"k{n}")
    with django_assert_max_num_queries(16):
        assert client.get(LOG).status_code == 200


@pytest.fixture
def two_organisations():
    bootcamp = build_bootcamp()
    first, first_people = enrol(bootcamp, participants=2)
    second, second_people = enrol(bootcamp, participants=3)
    return bootcamp, first, first_people, second, second_people


def test_preview_renders_for_one_recipient_and_sends_nothing(client, two_organisations):
    bootcamp, first, first_people, *_ = two_organisations
    _login(client, organiser())
    response = client.post(reverse("notifications_admin:compose"), {
        "bootcamp": bootcamp.pk, "subject": "Room change for $bootcamp",
        "body": "Hello $name, Day 1 moves to room 2."})
    announcement = Announcement.objects.get()
    assert response["Location"] == reverse("notifications_admin:preview",
                                           args=[announcement.pk])
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert b"To 5 participants" in preview.content
    first_recipient = min([*first_people, *two_organisations[4]], key=lambda u: u.pk)
    assert f"Hello {first_recipient.display_name}, Day 1 moves".encode() in preview.content
    assert Notification.objects.count() == 0


def test_compose_errors_keep_the_input(client, two_organisations):
    _login(client, organiser())
    response = client.post(reverse("notifications_admin:compose"),
                           {"subject": "", "body": "Keep me"})
    assert response.status_code == 200
    assert b"Keep me" in response.content
    assert not Announcement.objects.exists()


def test_send_to_the_chosen_organisations_only_once_each(
        client, two_organisations, django_capture_on_commit_callbacks):
    bootcamp, first, first_people, second, second_people = two_organisations
    _login(client, organiser())
    client.post(reverse("notifications_admin:compose"), {
        "bootcamp": bootcamp.pk, "organisations": [second.organisation.pk],
        "subject": "At-risk check-in", "body": "Hello $name"})
    announcement = Announcement.objects.get()
    send_url = reverse("notifications_admin:send", args=[announcement.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url)
        client.post(send_url)  # a double click queues nothing more
    notifications = Notification.objects.filter(kind=Kind.ANNOUNCEMENT)
    assert {n.recipient for n in notifications} == set(second_people)
    assert notifications.count() == len(second_people)
    assert all(n.channel == Channel.EMAIL for n in notifications)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in second_people)
    announcement.refresh_from_db()
    assert announcement.sent_at is not None
    assert announcement.recipient_count == len(second_people)


def test_announcements_are_for_organisers_only(client, two_organisations):
    bootcamp, *_ = two_organisations
    _login(client, participant())
    response = client.post(reverse("notifications_admin:compose"), {
        "bootcamp": bootcamp.pk, "subject": "S", "body": "B"})
    assert response.status_code in (302, 403)
    assert not Announcement.objects.exists()


def test_log_times_are_in_one_named_zone(client):
    """One zone for the whole log (#23): the bootcamps' default, named, in the human format."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    _login(client, organiser())
    notification = _failed(participant())
    Notification.objects.filter(pk=notification.pk).update(
        created_at=datetime(2026, 12, 2, 1, 25, tzinfo=ZoneInfo("UTC")))
    body = client.get(LOG).content.decode()
    assert "Created (Asia/Kolkata)" in body and "Created (UTC)" not in body
    assert "2 December 2026, 06:55 IST" in body


def test_failed_pill_is_red(client):
    _login(client, organiser())
    _failed(participant())
    body = client.get(LOG).content.decode()
    assert 'class="w-status delivery-failed"' in body
    assert ".w-status.delivery-failed { background: var(--w-color-critical-200" in body


def test_compose_picks_the_bootcamp_first_then_lists_only_its_organisations(
        client, two_organisations):
    """#19, without JavaScript: step 1 is a GET form; step 2 lists that bootcamp's
    enrolled organisations, not every organisation in the database."""
    bootcamp, first, _first_people, second, _second_people = two_organisations
    elsewhere = build_bootcamp(title="Pilot camp")
    stranger, _people = enrol(elsewhere, participants=1)
    _login(client, organiser())
    url = reverse("notifications_admin:compose")
    step_one = client.get(url).content.decode()
    assert '<form method="get">' in step_one and 'name="organisations"' not in step_one
    step_two = client.get(url, {"bootcamp": bootcamp.pk}).content.decode()
    assert first.organisation.name in step_two and second.organisation.name in step_two
    assert stranger.organisation.name not in step_two
    assert f'type="hidden" name="bootcamp" value="{bootcamp.pk}"' in step_two
    # An organisation of another bootcamp, forced into the post, is refused.
    response = client.post(url, {"bootcamp": bootcamp.pk, "subject": "S", "body": "B",
                                 "organisations": [stranger.organisation.pk]})
    assert response.status_code == 200 and not Announcement.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_compose_with_an_unknown_bootcamp_stays_on_step_one(client, two_organisations):
    _login(client, organiser())
    body = client.get(reverse("notifications_admin:compose"),
                      {"bootcamp": "999999"}).content.decode()
    assert '<form method="get">' in body and "Select a valid choice" in body
