"""Browser test: the demo participant submits a file and a text answer, the demo trainer asks
for a revision, the participant resubmits, the trainer accepts, and progress shows it."""

import os

import pytest

from tests.e2e.conftest import sign_in

# serialized_rollback: another transactional test may have flushed the groups and pages
# that migrations create; restore them before each of these tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _sign_out(page):
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _review(page, assignment, decision: str, feedback: str):
    sign_in(page, "trainer@example.org")
    page.goto(f"/review/?assignment={assignment.pk}&status=submitted")
    page.get_by_role("row", name="Arjun Participant").get_by_role("link").click()
    page.get_by_label(decision).check()
    page.get_by_label("Feedback").fill(feedback)
    page.get_by_role("button", name="Record review").click()
    page.wait_for_load_state()
    assert "Review recorded" in page.content()
    _sign_out(page)


def test_submit_revise_resubmit_accept(page, demo):
    from assignments.models import AssignmentPage, Submission

    assignment = AssignmentPage.objects.filter(slug="launch-reflection").first()
    if assignment is None:
        pytest.skip("the demo has no bootcamp yet (courses demo)")

    sign_in(page, "participant@example.org")
    page.goto(assignment.url)
    assert "Not started" in page.content()
    page.get_by_label("Your answer").fill("We launched a helpline for health camps.")
    page.get_by_label("Attach files").set_input_files(
        files=[{"name": "launch.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state()
    assert "Submitted: version 1" in page.content()
    assert page.get_by_role("link", name="launch.pdf").is_visible()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"],
                                          "assignment-phone.png"), full_page=True)
    _sign_out(page)

    _review(page, assignment, "Needs revision", "Please add how many people wrote in.")

    sign_in(page, "participant@example.org")
    page.goto(assignment.url)
    assert "Please add how many people wrote in." in page.content()
    assert "Needs revision" in page.content()
    page.get_by_label("Your answer").fill(
        "We launched a helpline for health camps: 120 people wrote in the first week.")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state()
    assert "Submitted: version 2" in page.content()
    _sign_out(page)

    _review(page, assignment, "Accepted", "Well done.")

    submission = Submission.objects.get(assignment=assignment,
                                        user__email="participant@example.org")
    assert submission.status == "accepted"
    assert submission.versions.count() == 2
    sign_in(page, "participant@example.org")
    page.goto(assignment.url)
    assert "Version 1" in page.content() and "Version 2" in page.content()
    page.goto("/dashboard/")
    progress = page.locator(".assignments-progress")
    assert progress.count() >= 1
    text = progress.first.inner_text()
    assert "Launch reflection" in text
    assert "Accepted" in text
