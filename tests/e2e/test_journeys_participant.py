"""A participant on a phone: sign in from "/", do the next module, move on, submit work."""

import pytest

from courses.models import ModuleCompletion
from tests.e2e.journeys import click, sign_in_from_home

pytestmark = pytest.mark.e2e


def test_participant_next_module_complete_next_then_submit_assignment(
        django_db_serialized_rollback, page, demo):
    sign_in_from_home(page, "participant@example.org")
    assert page.url.endswith("/dashboard/"), page.url

    next_for_you = page.locator(".card", has=page.get_by_role("heading", name="Next for you"))
    module_title = next_for_you.get_by_role("link").first.inner_text()
    click(page, "link", module_title, within=next_for_you)
    click(page, "button", "Mark as complete")
    assert f"Marked “{module_title}” as complete." in page.content()
    assert ModuleCompletion.objects.filter(
        user__email="participant@example.org", module__title=module_title).exists()

    pager = page.get_by_role("navigation", name="Previous and next in this bootcamp")
    following = pager.locator("a[rel=next]").inner_text()
    click(page, "link", following, within=pager)
    assert page.get_by_role("heading", level=1).inner_text() in following

    click(page, "link", "Dashboard", exact=True)
    assignments = page.locator(".assignments-progress")
    click(page, "link", "Launch reflection", within=assignments)
    page.get_by_label("Your answer").fill("We launched on day 3 and answered 40 messages.")
    click(page, "button", "Submit", exact=True)
    assert "Submitted: version 1." in page.content()
    click(page, "link", "Dashboard", exact=True)
    assert "Submitted" in page.locator(".assignments-progress").inner_text()
