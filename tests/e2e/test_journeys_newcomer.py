"""An NGO new to the site, on a phone: from "/" to an application to the open bootcamp.

Only clicks on visible links and buttons (and typing into forms); the one URL opened is the
verification link read from the email in the test outbox.
"""

import pytest
from django.core import mail

from organisations.models import Application, Membership
from tests.e2e.journeys import assert_actions_in_viewport, click, link_in_email

pytestmark = pytest.mark.e2e


def test_newcomer_signs_up_verifies_and_applies_from_home(
        django_db_serialized_rollback, page, demo):
    mail.outbox = []
    page.goto("/")
    assert_actions_in_viewport(page)
    # The home page lists the open edition first, with its deadline and Apply.
    open_section = page.locator("section", has=page.get_by_role(
        "heading", name="Open for applications"))
    assert "Deadline" in open_section.inner_text()
    click(page, "link", "Create account", exact=True)

    page.locator("#id_email").fill("founder@example.net")
    page.locator("#id_first_name").fill("Anita")
    page.locator("#id_password1").fill("a-long-passphrase-42")
    page.locator("#id_password2").fill("a-long-passphrase-42")
    click(page, "button", "Sign Up", exact=True)

    page.goto(link_in_email("founder@example.net", r"https?://\S+/accounts/confirm-email/\S+"))
    assert_actions_in_viewport(page)
    click(page, "button", "Confirm", exact=True)
    # Signed in, back on the home page, whose next step is to apply.
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert "Apply to one that is open below" in page.locator(".next-step").inner_text()
    click(page, "link", "Apply to Chat for Impact: next edition")

    page.get_by_label("Organisation name").fill("Asha Kiran Foundation")
    page.get_by_label("Registration number").fill("TN/2018/0246810")
    page.get_by_label("City").fill("Chennai")
    page.get_by_label("State").select_option("Tamil Nadu")
    page.get_by_label("Health").check()
    page.get_by_label("How do you already use WhatsApp or helplines?").fill("Two helplines.")
    page.get_by_label("What do you want to build?").fill("A WhatsApp triage bot.")
    page.get_by_label("I agree").check()
    assert_actions_in_viewport(page)
    click(page, "button", "Submit application")

    receipt = page.locator("#receipt").inner_text()
    assert "received on" in receipt and "A confirmation email is on its way" in receipt
    assert "The organisers decide after applications close" in page.content()

    # The application registered the organisation, led by the applicant.
    application = Application.objects.get(applicant__email="founder@example.net")
    assert application.status == Application.Status.SUBMITTED
    assert application.bootcamp.slug == "chat-next-edition"
    assert Membership.objects.active().get(
        user__email="founder@example.net").organisation == application.organisation

    click(page, "link", "Dashboard", exact=True)
    card = page.locator(".application-status").first
    assert "Your application to Chat for Impact: next edition" in card.inner_text()
    assert "Submitted" in card.inner_text()
    click(page, "link", "My organisations", exact=True)
    click(page, "link", "Asha Kiran Foundation")
    assert page.get_by_role("heading", name="Asha Kiran Foundation").is_visible()
