"""Every state transition of a submission, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assignments import services
from assignments.models import Submission
from assignments.progress import assignment_progress
from tests.assignments.factories import upload


def test_not_started_has_no_submission(bootcamp, assignment, team):
    participant = team[1][1]
    progress = assignment_progress(bootcamp=bootcamp, user_ids=[participant.pk])
    assert progress[participant.pk].items[0].status == "not_started"
    assert not Submission.objects.exists()


def test_save_draft_moves_not_started_to_draft_without_a_version(assignment, team):
    submission = services.save_draft(assignment=assignment, user=team[1][1], text="Idea")
    assert submission.status == "draft"
    assert submission.draft_text == "Idea"
    assert submission.versions.count() == 0


def test_submit_before_due_is_submitted_with_version_one(assignment, team):
    result = services.submit(assignment=assignment, user=team[1][1], text="My plan")
    submission = Submission.objects.get()
    assert result.created and result.version.number == 1
    assert submission.status == "submitted"
    assert result.version.text == "<p>My plan</p>"
    assert result.version.is_late is False


def test_submit_after_due_before_cutoff_is_late(assignment, team):
    now = assignment.due_at + timedelta(hours=1)
    result = services.submit(assignment=assignment, user=team[1][1], text="x", now=now)
    assert Submission.objects.get().status == "late"
    assert result.version.is_late is True


def test_review_needs_revision_then_resubmit_keeps_both_versions(assignment, team,
                                                                 bootcamp_trainer):
    participant = team[1][1]
    services.submit(assignment=assignment, user=participant, text="First try",
                    uploads=[upload("plan.pdf")])
    submission = Submission.objects.get()
    services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                    decision="needs_revision", feedback="Add the budget")
    submission.refresh_from_db()
    assert submission.status == "needs_revision"
    services.submit(assignment=assignment, user=participant, text="Second try")
    submission.refresh_from_db()
    assert submission.status == "submitted"
    versions = list(submission.versions.order_by("number"))
    assert [v.text for v in versions] == ["<p>First try</p>", "<p>Second try</p>"]
    assert [f.original_name for f in versions[0].files.all()] == ["plan.pdf"]
    assert [f.original_name for f in versions[1].files.all()] == ["plan.pdf"]


def test_accept_closes_the_submission(assignment, team, bootcamp_trainer):
    participant = team[1][1]
    services.submit(assignment=assignment, user=participant, text="Done")
    submission = Submission.objects.get()
    services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                    decision="accepted")
    submission.refresh_from_db()
    assert submission.status == "accepted"
    with pytest.raises(services.SubmissionRefused):
        services.save_draft(assignment=assignment, user=participant, text="Changed")
    with pytest.raises(services.SubmissionRefused):
        services.submit(assignment=assignment, user=participant, text="Changed")
    assert submission.versions.count() == 1


def test_late_submission_can_be_accepted(assignment, team, bootcamp_trainer):
    services.submit(assignment=assignment, user=team[1][1], text="x",
                    now=assignment.due_at + timedelta(minutes=5))
    submission = Submission.objects.get()
    services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                    decision="accepted")
    submission.refresh_from_db()
    assert submission.status == "accepted"


def test_draft_cannot_be_reviewed(assignment, team, bootcamp_trainer):
    submission = services.save_draft(assignment=assignment, user=team[1][1], text="wip")
    with pytest.raises(services.SubmissionRefused, match="not waiting"):
        services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                        decision="accepted")


def test_needs_revision_cannot_be_reviewed_again_until_resubmitted(assignment, team,
                                                                   bootcamp_trainer):
    services.submit(assignment=assignment, user=team[1][1], text="x")
    submission = Submission.objects.get()
    services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                    decision="needs_revision")
    with pytest.raises(services.SubmissionRefused):
        services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                        decision="accepted")


def test_saving_a_draft_after_submitting_keeps_status_and_versions(assignment, team):
    participant = team[1][1]
    services.submit(assignment=assignment, user=participant, text="v1")
    services.save_draft(assignment=assignment, user=participant, text="v2 in progress")
    submission = Submission.objects.get()
    assert submission.status == "submitted"
    assert submission.versions.get().text == "<p>v1</p>"


def test_resubmitting_unchanged_content_makes_no_new_version(assignment, team):
    participant = team[1][1]
    services.submit(assignment=assignment, user=participant, text="Same")
    again = services.submit(assignment=assignment, user=participant, text="Same")
    assert again.created is False
    assert Submission.objects.get().versions.count() == 1


def test_changed_content_makes_a_new_version(assignment, team):
    participant = team[1][1]
    services.submit(assignment=assignment, user=participant, text="One")
    services.submit(assignment=assignment, user=participant, text="One",
                    uploads=[upload("extra.pdf")])
    assert Submission.objects.get().versions.count() == 2


def test_empty_answer_cannot_be_submitted(assignment, team):
    with pytest.raises(services.SubmissionRefused, match="answer"):
        services.submit(assignment=assignment, user=team[1][1], text="   ")
    assert Submission.objects.get().versions.count() == 0


def test_versions_are_immutable(assignment, team):
    result = services.submit(assignment=assignment, user=team[1][1], text="x")
    result.version.text = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        result.version.save()


def test_someone_not_on_the_roster_cannot_submit(assignment, other_team):
    from tests.factories import participant

    with pytest.raises(services.SubmissionRefused):
        services.submit(assignment=assignment, user=participant(), text="x")


def test_submitted_at_records_latest_hand_in(assignment, team):
    before = timezone.now()
    services.submit(assignment=assignment, user=team[1][1], text="x")
    assert Submission.objects.get().submitted_at >= before
