"""Invitation links: single use, expiring, only for the invited email, within the seats."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import RosterMember
from organisations.models import Invitation, Membership
from organisations.services import invite_member, resend_invitation
from organisations.services.teams import AlreadyInvited
from tests.courses.factories import enrol
from tests.factories import UserFactory, participant
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return MembershipFactory(role=Membership.Role.LEAD)


def url(invitation):
    return reverse("organisations:invitation", args=[invitation.token])


def test_invited_person_accepts_and_joins_team_and_roster(client, lead, bootcamp):
    enrollment, _users = enrol(bootcamp, lead.organisation, participants=1, lead=lead.user)
    invitee = UserFactory(email="priya@example.org")
    invitation = invite_member(organisation=lead.organisation, email="Priya@Example.org",
                               invited_by=lead.user)
    client.force_login(invitee)
    response = client.post(url(invitation))
    assert response["Location"] == reverse("organisations:detail", args=[lead.organisation.pk])
    assert Membership.objects.active().get(user=invitee).role == Membership.Role.MEMBER
    assert RosterMember.objects.filter(enrollment=enrollment, user=invitee,
                                       removed_at=None).exists()
    assert invitee.groups.filter(name="Participants").exists()


def test_invitation_email_carries_a_working_link(lead, mailoutbox, run_on_commit):
    with run_on_commit():
        invitation = invite_member(organisation=lead.organisation, email="a@example.org",
                                   invited_by=lead.user)
    assert url(invitation) in mailoutbox[0].body
    assert invitation.token not in Invitation.objects.get().token_hash


def test_anonymous_visitor_is_offered_signup_and_login(client, lead):
    invitation = invite_member(organisation=lead.organisation, email="a@example.org",
                               invited_by=lead.user)
    content = client.get(url(invitation)).content.decode()
    assert f"{reverse('account_signup')}?next={url(invitation)}" in content
    assert f"{reverse('account_login')}?next={url(invitation)}" in content


def test_expired_invitation_is_refused(client, lead):
    invitee = participant()
    invitation = invite_member(organisation=lead.organisation, email=invitee.email,
                               invited_by=lead.user)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(invitee)
    response = client.post(url(invitation))
    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_used_invitation_cannot_be_reused(client, lead):
    invitee = participant()
    invitation = invite_member(organisation=lead.organisation, email=invitee.email,
                               invited_by=lead.user)
    client.force_login(invitee)
    client.post(url(invitation))
    Membership.objects.filter(user=invitee).update(removed_at=timezone.now())
    response = client.post(url(invitation))
    assert response.status_code == 403
    assert "already been used" in response.content.decode()
    assert not Membership.objects.active().filter(user=invitee).exists()


def test_wrong_account_gets_a_clear_message(client, lead):
    invitation = invite_member(organisation=lead.organisation, email="priya@example.org",
                               invited_by=lead.user)
    stranger = participant(email="someone@example.org")
    client.force_login(stranger)
    response = client.post(url(invitation))
    assert response.status_code == 403
    content = response.content.decode()
    assert "sent to priya@example.org" in content and "someone@example.org" in content
    assert not Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.get().accepted_at is None


def test_unknown_token_is_not_found(client):
    assert client.get(reverse("organisations:invitation", args=["nope"])).status_code == 404


def test_full_roster_keeps_the_invitation_unused(client, lead, bootcamp):
    enrol(bootcamp, lead.organisation, participants=3, lead=lead.user)  # 3 of 3 seats taken
    invitee = participant()
    invitation = invite_member(organisation=lead.organisation, email=invitee.email,
                               invited_by=lead.user)
    client.force_login(invitee)
    response = client.post(url(invitation))
    assert response.status_code == 409
    assert "All 3 seats" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_resent_invitation_replaces_the_older_one(lead):
    first = invite_member(organisation=lead.organisation, email="a@example.org",
                          invited_by=lead.user)
    with pytest.raises(AlreadyInvited):
        invite_member(organisation=lead.organisation, email="a@example.org", invited_by=lead.user)
    first.refresh_from_db()
    assert first.revoked_at is None  # a refused second invite leaves the first link working
    resend_invitation(invitation=first, invited_by=lead.user)
    first.refresh_from_db()
    assert first.revoked_at is not None
