"""A team lead on a phone: from "/" to the team, invite a colleague, remove a member (with
the confirmation step)."""

import pytest

from organisations.models import Invitation, Membership
from tests.e2e.journeys import assert_actions_in_viewport, click, sign_in_from_home

pytestmark = pytest.mark.e2e


def test_lead_invites_and_removes_with_confirmation(django_db_serialized_rollback, page, demo):
    sign_in_from_home(page, "lead@example.org")
    assert page.url.endswith("/dashboard/"), page.url
    click(page, "link", "My organisations", exact=True)
    organisation = Membership.objects.active().get(user__email="lead@example.org").organisation
    click(page, "link", organisation.name)

    page.get_by_label("Email").fill("new.colleague@example.net")
    click(page, "button", "Send invitation")
    assert "Invitation sent to new.colleague@example.net" in page.content()
    page.get_by_label("Email").fill("new.colleague@example.net")
    click(page, "button", "Send invitation")
    assert "has already been invited" in page.content()
    assert Invitation.objects.pending().filter(email="new.colleague@example.net").count() == 1

    row = page.get_by_role("row", name="Arjun Participant")
    click(page, "link", "Remove… Arjun Participant", within=row)
    assert page.get_by_role("heading", name="Remove Arjun Participant from the team?").is_visible()
    assert "They leave the roster of Chat for Impact" in page.content()
    click(page, "button", "Yes, remove Arjun Participant")
    assert "Arjun Participant has been removed from the team." in page.content()
    assert not Membership.objects.active().filter(
        organisation=organisation, user__email="participant@example.org").exists()
    assert_actions_in_viewport(page)
