import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_demo_participant_signs_in_and_out(page, demo):
    sign_in(page, "participant@example.org")
    assert "Arjun Participant" in page.locator("li.who").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sign in").is_visible()
