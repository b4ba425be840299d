"""POSTed fields that are not answers (status, role, organisation) change nothing."""

import pytest
from django.urls import reverse

from organisations.models import Application, Membership
from organisations.services import invite_member
from tests.factories import participant
from tests.organisations.conftest import valid_answers
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_status_selected_in_application_post_is_ignored(client, bootcamp):
    other = OrganisationFactory()
    client.force_login(participant())
    client.post(reverse("organisations:apply", args=[bootcamp.slug]), {
        **valid_answers(), "action": "draft", "status": "selected", "organisation": other.pk,
        "submitted_at": "2020-01-01", "applicant": 1})
    application = Application.objects.get()
    assert application.status == Application.Status.DRAFT
    assert application.organisation_id is None
    assert application.submitted_at is None


def test_role_lead_in_invitation_acceptance_is_ignored(client):
    lead = MembershipFactory(role=Membership.Role.LEAD)
    invitee = participant()
    invitation = invite_member(organisation=lead.organisation, email=invitee.email,
                               invited_by=lead.user)
    client.force_login(invitee)
    client.post(reverse("organisations:invitation", args=[invitation.token]), {"role": "lead"})
    assert Membership.objects.get(user=invitee).role == Membership.Role.MEMBER


def test_role_lead_in_invite_post_is_ignored(client):
    lead = MembershipFactory(role=Membership.Role.LEAD)
    client.force_login(lead.user)
    client.post(reverse("organisations:invite", args=[lead.organisation.pk]),
                {"email": "new@example.org", "role": "lead"})
    invitee = participant(email="new@example.org")
    invitation = lead.organisation.invitations.get()
    from organisations.services import accept_invitation
    accept_invitation(invitation=invitation, user=invitee)
    assert Membership.objects.get(user=invitee).role == Membership.Role.MEMBER
