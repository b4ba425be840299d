"""The demo trainer on a phone: from "/" to the review queue, asks one team for a revision
with a message, accepts another's work, and sees both reviewed in the queue."""

import re

import pytest

from assignments.models import Submission
from tests.e2e.journeys import click, sign_in_from_home

pytestmark = pytest.mark.e2e


def _open_submission(page, organisation: str) -> None:
    row = page.get_by_role("row").filter(has_text=organisation)
    click(page, "link", "Helpline plan", within=row)
    assert page.get_by_role("heading", name="Helpline plan", level=1).is_visible()
    assert organisation in page.locator("main").inner_text()


def test_trainer_reviews_from_the_queue(django_db_serialized_rollback, page, demo):
    sign_in_from_home(page, "trainer@example.org")
    # A trainer's starting page is the review queue, showing only work still to review.
    assert page.url.endswith("/review/"), page.url
    click(page, "link", "Review", exact=True)
    queue = page.locator("table").inner_text()
    assert "Sahayata Helpline Trust" in queue and "Thanal Community Trust" in queue
    assert "Accepted" not in queue

    _open_submission(page, "Sahayata Helpline Trust")
    page.get_by_label("Needs revision").check()
    page.get_by_label("Feedback").fill("Please add who answers the helpline on Sundays.")
    click(page, "button", "Record review")
    # The rubric is part of every review: the form comes back with the message, input kept.
    assert "This field is required." in page.locator("main").inner_text()
    assert page.get_by_label("Needs revision").is_checked()
    assert page.get_by_label("Feedback").input_value().startswith("Please add who answers")
    page.get_by_label("Clear audience (0–5 points)").fill("3")
    page.get_by_label("Realistic first month (0–5 points)").fill("2")
    click(page, "button", "Record review")
    # Back on the queue, which no longer lists it: reviewed work is not waiting any more.
    assert re.search(r"/review/(\?.*)?$", page.url), page.url
    assert "Review recorded" in page.locator(".messages").inner_text()
    assert "Sahayata Helpline Trust" not in page.locator("table").inner_text()

    _open_submission(page, "Thanal Community Trust")
    page.get_by_label("Accepted").check()
    page.get_by_label("Clear audience (0–5 points)").fill("4")
    page.get_by_label("Realistic first month (0–5 points)").fill("5")
    page.get_by_label("Feedback").fill("A clear plan, well done.")
    click(page, "button", "Record review")
    assert "Review recorded" in page.locator(".messages").inner_text()

    # The status counts lead to each reviewed submission, its review and message shown.
    click(page, "link", "Accepted")
    assert "Thanal Community Trust" in page.locator("table").inner_text()
    click(page, "link", "Needs revision")
    _open_submission(page, "Sahayata Helpline Trust")
    main = page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Reviews").is_visible()
    assert "Please add who answers the helpline on Sundays." in main
    assert "Needs revision" in page.locator("main .status").first.inner_text()
    assert not page.get_by_role("button", name="Record review").is_visible()

    statuses = dict(Submission.objects.filter(
        assignment__slug="helpline-plan", assignment__live=True,
        organisation__name__in=["Sahayata Helpline Trust", "Thanal Community Trust"],
    ).values_list("organisation__name", "status"))
    assert statuses == {"Sahayata Helpline Trust": "needs_revision",
                        "Thanal Community Trust": "accepted"}
