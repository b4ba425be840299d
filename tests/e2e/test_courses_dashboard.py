"""Browser test: the demo participant opens the bootcamp, completes a module, and sees the
dashboard's progress change (phone viewport)."""

import re
import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

# serialized_rollback: another transactional test may have flushed the groups and pages
# that migrations create; restore them before each of these tests.
# Screenshots to look at after a run (phone viewport): courses-*.png in the temp directory.
SHOTS = Path(tempfile.gettempdir())
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _overall(page) -> tuple[int, int]:
    text = page.locator(".overall-progress").first.inner_text()
    done, total = re.search(r"(\d+) of (\d+)", text).groups()
    return int(done), int(total)


def test_participant_completes_a_module_and_the_dashboard_progress_grows(page, demo):
    sign_in(page, "participant@example.org")
    page.goto("/dashboard/")
    before = _overall(page)
    assert before[0] < before[1]

    page.goto("/bootcamps/chat-for-impact/")
    assert page.get_by_role("heading", name="Stages").is_visible()
    page.screenshot(path=SHOTS / "courses-bootcamp.png", full_page=True)
    ticks_before = page.locator(".module-list li.done").count()

    page.goto("/dashboard/")
    next_module = page.locator("text=Next module").locator("a").first
    next_module.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Mark as complete").click()
    page.wait_for_load_state()
    assert page.get_by_text("You completed this module.").is_visible()

    page.goto("/dashboard/")
    after = _overall(page)
    assert after == (before[0] + 1, before[1])
    page.screenshot(path=SHOTS / "courses-dashboard.png", full_page=True)

    page.goto("/bootcamps/chat-for-impact/")
    assert page.locator(".module-list li.done").count() == ticks_before + 1
