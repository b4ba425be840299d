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
