"""Team invitations: to the account with that address through notify(), or — for someone
without an account yet — to the bare address, still as a logged, retryable record."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications import services as notifications
from notifications.models import Channel, Kind, Notification
from organisations.services import invite_member, resend_invitation
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import UserFactory, organiser
from tests.notifications.factories import whatsapp_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    bootcamp = build_bootcamp(modules_per_stage=0)
    enrollment, users = enrol(bootcamp, participants=1)
    return enrollment, users[0]


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_invitation_to_a_new_address_is_an_addressed_record(team, sent):
    enrollment, lead = team
    with sent():
        invitation = invite_member(organisation=enrollment.organisation, email="Ravi@Example.net",
                                   name="Ravi", invited_by=lead)
    [notification] = Notification.objects.all()
    assert notification.recipient is None
    assert (notification.email, notification.kind, notification.channel) == (
        "ravi@example.net", Kind.TEAM_INVITATION, Channel.EMAIL)
    assert notification.status == Notification.Status.SENT
    assert notification.bootcamp_id == enrollment.bootcamp_id
    assert notification.context["invited_by"] == lead.display_name
    link = reverse("organisations:invitation", args=[invitation.token])
    assert notification.context["invitation_url"].endswith(link)
    [email] = mail.outbox
    assert email.to == ["ravi@example.net"]
    assert email.subject == f"You are invited to join {enrollment.organisation.name}"
    assert email.body.startswith("Hello Ravi,")
    assert link in email.body
    assert "someone invited this address" in email.body  # no settings link: no account


def test_invitation_to_an_existing_account_follows_its_preferences(team, sent, whatsapp_api):
    enrollment, lead = team
    colleague = whatsapp_user()
    with sent():
        invite_member(organisation=enrollment.organisation, email=colleague.email.upper(),
                      invited_by=lead)
    assert sorted(Notification.objects.values_list("recipient", "channel")) == [
        (colleague.pk, Channel.EMAIL), (colleague.pk, Channel.WHATSAPP)]
    assert not Notification.objects.filter(recipient=None).exists()
    [email] = mail.outbox
    assert email.to == [colleague.email]
    assert email.body.startswith(f"Hello {colleague.display_name},")
    assert len(whatsapp_api.sent) == 1


def test_a_new_invitation_is_a_new_message_and_the_same_one_is_sent_once(team, sent):
    enrollment, lead = team
    with sent():
        first = invite_member(organisation=enrollment.organisation, email="a@example.net",
                              invited_by=lead)
        second = resend_invitation(invitation=first, invited_by=lead)  # a new link is news
    assert Notification.objects.count() == 2
    assert first.token != second.token
    # The same event again (a retried receiver) queues nothing.
    assert notifications.notify_address(
        email="A@example.net", kind=Kind.TEAM_INVITATION, context={},
        dedupe_key=f"invitation-{second.pk}") is None
    assert len(mail.outbox) == 2


def test_failed_invitation_email_is_in_the_log_and_can_be_retried(team, sent, client):
    enrollment, lead = team
    with sent():
        invite_member(organisation=enrollment.organisation, email="b@example.net",
                      invited_by=lead)
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED,
                                                           error="SMTP 451")
    client.force_login(organiser())
    log = client.get(reverse("notifications_admin:log") + "?status=failed").content.decode()
    assert "b@example.net" in log
    with sent():
        client.post(reverse("notifications_admin:retry", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [["b@example.net"], ["b@example.net"]]


def test_addressed_records_are_not_shown_to_participants(team, sent):
    enrollment, lead = team
    with sent():
        invite_member(organisation=enrollment.organisation, email="c@example.net",
                      invited_by=lead)
    assert not Notification.objects.visible_to(UserFactory()).exists()
    assert not Notification.objects.visible_to(lead).exists()


def test_a_record_needs_a_recipient_or_an_address():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Notification.objects.create(channel=Channel.EMAIL, kind=Kind.TEAM_INVITATION,
                                    dedupe_key="x")
