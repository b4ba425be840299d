"""Browser test at phone width: after Day 1, the demo's certified@ participant follows the
dashboard's "Tell us how Day 1 went", sends feedback without JavaScript quirks (an empty
form first: the message, then a real answer), and the trainer finds it from the session
page."""

import pytest

from tests.e2e.journeys import assert_actions_in_viewport, click, sign_in_from_home

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_out(page):
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_participant_gives_feedback_from_the_dashboard_and_the_trainer_sees_it(page, demo):
    from courses.models import BootcampPage, LiveSessionPage, StagePage
    from feedback.models import SessionFeedback

    bootcamp = BootcampPage.objects.originals().get(slug="chat-for-impact")
    day_one = StagePage.objects.child_of(bootcamp).get(slug="day-1")
    session = LiveSessionPage.objects.descendant_of(day_one).order_by("starts_at").first()

    sign_in_from_home(page, "certified@example.org")
    page.goto("/dashboard/")
    assert page.get_by_role("heading", name="Tell us how Day 1 went").is_visible()
    assert_actions_in_viewport(page)
    click(page, "link", f"Feedback on {session.title}")
    click(page, "button", "Send feedback")
    assert page.get_by_text("Give a rating or write an answer").is_visible()
    page.get_by_label("5", exact=True).check()
    page.get_by_label("What was most useful?").fill("Designing the menu together, step by step.")
    click(page, "button", "Send feedback")
    assert page.get_by_text("your feedback on").is_visible()
    assert SessionFeedback.objects.filter(user__email="certified@example.org",
                                          session=session, rating=5).count() == 1
    page.goto("/dashboard/")
    assert page.get_by_text("Thank you").first.is_visible()
    _sign_out(page)

    sign_in_from_home(page, "trainer@example.org")
    page.goto(session.url)
    click(page, "link", "See the feedback")
    assert page.get_by_text("Designing the menu together, step by step.").is_visible()
    assert page.get_by_text("Average").is_visible()
