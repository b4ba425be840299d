"""assignments.demo: submissions in every state with real files; safe to run twice."""

import io

import pytest
from django.core.management import call_command

from assignments import demo
from assignments.models import AssignmentPage, Review, Submission, SubmissionFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_demo_has_every_state_with_real_files(loaded):
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses >= {"draft", "submitted", "late", "needs_revision", "accepted"}
    assert AssignmentPage.objects.filter(submission_type="organisation").exists()
    assert AssignmentPage.objects.filter(submission_type="individual").exists()
    pdf = SubmissionFile.objects.filter(extension="pdf").first()
    with pdf.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert SubmissionFile.objects.filter(extension="csv").exists()
    assert Review.objects.filter(decision="needs_revision").exists()


def test_demo_participant_can_still_submit_the_individual_assignment(loaded):
    reflection = AssignmentPage.objects.get(slug="launch-reflection")
    assert not Submission.objects.filter(assignment=reflection,
                                         user__email="participant@example.org").exists()


def test_demo_is_idempotent(loaded):
    before = (Submission.objects.count(), Review.objects.count(),
              SubmissionFile.objects.count())
    demo.load(io.StringIO())
    assert (Submission.objects.count(), Review.objects.count(),
            SubmissionFile.objects.count()) == before


def test_demo_skips_without_the_bootcamp(db):
    out = io.StringIO()
    demo.load(out)
    assert "skipped" in out.getvalue()


def test_demo_answers_are_typed_as_participants_type_them(loaded):
    """The answer box shows a draft as typed: demo drafts must not show raw HTML tags."""
    drafts = list(Submission.objects.exclude(draft_text="").values_list("draft_text", flat=True))
    assert drafts
    assert not any("<" in text for text in drafts)
    accepted = Submission.objects.filter(status="accepted", assignment__slug="helpline-plan")
    latest = accepted.first().versions.order_by("-number").first()
    assert latest.text.count("<p>") == 2  # two typed paragraphs, stored as two paragraphs
