"""The lead manages the team: invite, remove (access ends at once), transfer the lead role."""

import pytest
from django.urls import reverse

from courses.models import RosterMember
from organisations.models import Invitation, Membership
from tests.courses.factories import enrol
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(bootcamp):
    enrollment, users = enrol(bootcamp, participants=3)
    return enrollment, users


def membership_of(user):
    return Membership.objects.active().get(user=user)


def test_removed_member_loses_access_at_once(client, team):
    enrollment, (lead, member, _other) = team
    client.force_login(lead)
    response = client.post(reverse("organisations:remove_member",
                                   args=[enrollment.organisation_id, membership_of(member).pk]))
    assert response.status_code == 302
    assert not Membership.objects.active().filter(user=member).exists()
    assert Membership.objects.filter(user=member).exists()  # soft state, not deleted
    assert not RosterMember.objects.filter(user=member, removed_at=None).exists()
    client.force_login(member)
    detail = reverse("organisations:detail", args=[enrollment.organisation_id])
    assert client.get(detail).status_code == 404


def test_member_cannot_remove_others(client, team):
    enrollment, (lead, member, other) = team
    client.force_login(member)
    response = client.post(reverse("organisations:remove_member",
                                   args=[enrollment.organisation_id, membership_of(other).pk]))
    assert response.status_code == 403
    assert Membership.objects.active().filter(user=other).exists()


def test_lead_of_another_organisation_gets_404(client, team):
    enrollment, (_lead, member, _other) = team
    outsider = MembershipFactory(role=Membership.Role.LEAD)
    client.force_login(outsider.user)
    response = client.post(reverse("organisations:remove_member",
                                   args=[enrollment.organisation_id, membership_of(member).pk]))
    assert response.status_code == 404
    assert Membership.objects.active().filter(user=member).exists()


def test_lead_cannot_remove_themselves_without_transfer(client, team):
    enrollment, (lead, _member, _other) = team
    client.force_login(lead)
    client.post(reverse("organisations:remove_member",
                        args=[enrollment.organisation_id, membership_of(lead).pk]))
    assert membership_of(lead).is_lead


def test_lead_transfers_the_lead_role(client, team):
    enrollment, (lead, member, _other) = team
    client.force_login(lead)
    client.post(reverse("organisations:make_lead",
                        args=[enrollment.organisation_id, membership_of(member).pk]))
    assert membership_of(member).role == Membership.Role.LEAD
    assert membership_of(lead).role == Membership.Role.MEMBER


def test_make_lead_asks_first_and_get_changes_nothing(client, team):
    enrollment, (lead, member, _other) = team
    client.force_login(lead)
    url = reverse("organisations:make_lead", args=[enrollment.organisation_id,
                                                    membership_of(member).pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "You become a member" in body and 'method="post"' in body
    assert membership_of(lead).is_lead and not membership_of(member).is_lead
    detail = client.get(reverse("organisations:detail", args=[enrollment.organisation_id]))
    # The team page links to the confirmation; no one-tap form posts to make_lead.
    assert f'href="{url}"' in detail.content.decode()
    assert f'action="{url}"' not in detail.content.decode()


def test_member_cannot_make_themselves_lead(client, team):
    enrollment, (_lead, member, _other) = team
    client.force_login(member)
    url = reverse("organisations:make_lead", args=[enrollment.organisation_id,
                                                    membership_of(member).pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not membership_of(member).is_lead


def test_member_cannot_invite(client, team):
    enrollment, (_lead, member, _other) = team
    client.force_login(member)
    response = client.post(reverse("organisations:invite", args=[enrollment.organisation_id]),
                           {"email": "x@example.org"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_lead_invites_a_colleague(client, team, mailoutbox, run_on_commit):
    enrollment, (lead, _member, _other) = team
    client.force_login(lead)
    with run_on_commit():
        client.post(reverse("organisations:invite", args=[enrollment.organisation_id]),
                    {"email": "x@example.org", "name": "X"})
    invitation = Invitation.objects.get()
    assert invitation.email == "x@example.org"
    [email] = mailoutbox
    assert email.to == ["x@example.org"]
    assert email.body.startswith("Hello X,")
    assert enrollment.organisation.name in email.subject
    assert enrollment.bootcamp.title in email.body  # the team's bootcamp, though not given


def test_user_may_belong_to_several_organisations(client, team):
    _enrollment, (lead, _member, _other) = team
    second = OrganisationFactory()
    Membership.objects.create(organisation=second, user=lead)
    client.force_login(lead)
    content = client.get(reverse("organisations:list")).content.decode()
    assert second.name in content
    assert client.get(reverse("organisations:detail", args=[second.pk])).status_code == 200
