"""A participant on a phone answers a knowledge check wrongly, reads the feedback, tries
again and passes; the dashboard shows it; the trainer sees the attempts (demo data)."""

import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from courses.models import ModuleCompletion
from quizzes.models import Attempt
from tests.e2e.conftest import sign_in
from tests.e2e.journeys import click, sign_in_from_home

pytestmark = pytest.mark.e2e
SHOTS = Path(tempfile.gettempdir())
MODULE = "Safeguarding, consent and data"
RIGHT_FIRST = "Hand over to the named counsellor at once and share the police helpline 112"


def _answer(page, *, first: str, store: str, handover: list[str]) -> None:
    page.get_by_label(first).check()
    page.locator("#question-2").get_by_label(store, exact=True).check()
    for label in handover:
        page.get_by_label(label).check()


def test_wrong_then_feedback_retry_pass_dashboard_and_trainer(
        django_db_serialized_rollback, page, demo):
    sign_in_from_home(page, "participant@example.org")
    checks = page.locator(".check-progress")
    assert "not answered yet" in checks.inner_text()
    click(page, "link", MODULE, within=checks)
    assert page.get_by_role("button", name="Mark as complete").count() == 0

    # Only question 1 answered: a message, that answer kept.
    page.get_by_label(RIGHT_FIRST).check()
    click(page, "button", "Send my answers")
    assert "2 of 3 questions are not answered yet" in page.content()
    assert page.get_by_label(RIGHT_FIRST).is_checked()
    assert not Attempt.objects.filter(user__email="participant@example.org",
                                      module__title=MODULE).exists()

    # Wrong: 1 of 3 (33 %), with the chosen options' feedback and the explanation.
    page.get_by_label("Ask her to call the office tomorrow").check()
    page.locator("#question-2").get_by_label("True", exact=True).check()
    page.get_by_label("Forward screenshots to the team group").check()
    click(page, "button", "Send my answers")
    result = page.locator(".check-result")
    assert "Attempt 1: 0 of 3 right (0%)" in result.inner_text()
    assert "Tomorrow may be too late: escalate now." in result.inner_text()
    assert "Screenshots spread private details" in result.inner_text()
    assert "Not passed yet" in page.content()
    page.screenshot(path=SHOTS / "checks-feedback.png", full_page=True)

    _answer(page, first=RIGHT_FIRST, store="False",
            handover=["Delete the chat from their personal phone",
                      "Note the handover in the case log"])
    click(page, "button", "Send my answers")
    assert "Passed: 3 of 3 right (100%). The module is complete." in page.content()
    assert page.get_by_role("button", name="Send my answers").count() == 0
    assert ModuleCompletion.objects.filter(user__email="participant@example.org",
                                           module__title=MODULE).exists()

    click(page, "link", "Dashboard", exact=True)
    assert "passed, 100%" in page.locator(".check-progress").inner_text()

    # The trainer reads the attempts on the dashboard's participant page.
    page.context.clear_cookies()
    sign_in(page, "trainer@example.org")
    page.goto("/cms/dashboards/")
    page.get_by_role("link", name="Chat for Impact", exact=True).click()
    page.wait_for_load_state()
    attempt = Attempt.objects.filter(user__email="participant@example.org",
                                     module__title=MODULE).first()
    page.goto(reverse("dashboards:participant", args=[attempt.bootcamp_id, attempt.user_id]))
    text = page.locator("#check-attempts").locator("..").inner_text()
    assert "Attempt 1: 0 of 3 right (0%)" in text
    assert "Attempt 2: 3 of 3 right (100%)" in text
    page.screenshot(path=SHOTS / "checks-trainer.png", full_page=True)
