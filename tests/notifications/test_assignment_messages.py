"""Assignments: "submission received" for each new version and the review outcome reach
the participant, or every member of a team, once."""

import pytest
from django.conf import settings
from django.core import mail

from assignments import services
from assignments.models import Submission
from notifications.models import Kind, Notification
from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def bootcamp(db):
    return build_bootcamp(modules_per_stage=0)


@pytest.fixture
def team(bootcamp):
    return enrol(bootcamp)


@pytest.fixture
def reviewer(bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save()
    return user


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_submitting_sends_a_receipt_with_the_version(bootcamp, team, sent):
    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    _enrollment, (_lead, member, _other) = team
    with sent():
        services.submit(assignment=assignment, user=member, text="My plan")
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.recipient) == (Kind.SUBMISSION_RECEIVED, member)
    assert notification.context["assignment"] == "Reflection"
    assert notification.context["version"] == "1"
    assert notification.context["submitted_by"] == member.display_name
    assert notification.context["submission_url"] == settings.BASE_URL + assignment.url
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Submission received: Reflection"
    assert "we received version 1 of the submission to “Reflection”" in email.body


def test_double_click_sends_one_receipt_and_a_new_version_another(bootcamp, team, sent):
    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    member = team[1][1]
    with sent():
        services.submit(assignment=assignment, user=member, text="My plan")
        services.submit(assignment=assignment, user=member, text="My plan")  # no change
    assert len(mail.outbox) == 1
    with sent():
        services.submit(assignment=assignment, user=member, text="My better plan")
    assert [n.context["version"] for n in Notification.objects.order_by("pk")] == ["1", "2"]
    assert len(mail.outbox) == 2


def test_a_refused_submission_sends_nothing(bootcamp, team, sent):
    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    with sent(), pytest.raises(services.SubmissionRefused):
        services.submit(assignment=assignment, user=team[1][1], text="")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_team_submission_receipt_reaches_the_whole_team(bootcamp, team, sent):
    assignment = add_assignment(bootcamp, title="Helpline plan", slug="helpline-plan",
                                submission_type="organisation")
    _enrollment, users = team
    with sent():
        services.submit(assignment=assignment, user=users[0], text="Our plan")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert {n.context["submitted_by"] for n in Notification.objects.all()} == {
        users[0].display_name}


@pytest.mark.parametrize(("decision", "subject", "phrase"), [
    ("accepted", "Accepted: Reflection", "has been accepted"),
    ("needs_revision", "Please revise: Reflection", "needs a revision"),
])
def test_review_outcome_says_what_was_decided(bootcamp, team, reviewer, sent, decision,
                                              subject, phrase):
    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    member = team[1][1]
    services.submit(assignment=assignment, user=member, text="My plan")
    Notification.objects.all().delete()
    with sent():
        review = services.review(
            submission_id=Submission.objects.get().pk, reviewer=reviewer, decision=decision,
            feedback="<p>Add a <strong>budget</strong> &amp; a timeline.</p><p>Thanks!</p>")
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.recipient) == (Kind.REVIEW_OUTCOME, member)
    assert notification.dedupe_key == f"review_outcome:review-{review.pk}:user-{member.pk}"
    assert notification.context["feedback"] == "Add a budget & a timeline.\n\nThanks!"
    [email] = mail.outbox
    assert email.subject == subject
    assert f"your submission for “Reflection” (Chat for Impact) {phrase}" in email.body
    assert "Add a budget & a timeline.\n\nThanks!" in email.body
    assert "Points:" not in email.body
    html = email.alternatives[0][0]
    assert "<strong>" not in html and "budget &amp; a timeline" in html


def test_rubric_points_are_in_the_message(bootcamp, team, reviewer, sent):
    assignment = add_assignment(bootcamp, title="Rubric", slug="rubric", review_mode="rubric",
                                criteria=[("Clarity", 5)])
    services.submit(assignment=assignment, user=team[1][1], text="x")
    criterion = assignment.criteria.get()
    with sent():
        services.review(submission_id=Submission.objects.get().pk, reviewer=reviewer,
                        decision="accepted", points={criterion.pk: 4})
    [email] = [m for m in mail.outbox if m.subject.startswith("Accepted")]
    assert "Points: 4" in email.body


def test_a_second_review_click_sends_nothing_more(bootcamp, team, reviewer, sent):
    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    services.submit(assignment=assignment, user=team[1][1], text="x")
    submission = Submission.objects.get()
    with sent():
        services.review(submission_id=submission.pk, reviewer=reviewer, decision="accepted")
        with pytest.raises(services.SubmissionRefused):
            services.review(submission_id=submission.pk, reviewer=reviewer,
                            decision="accepted")
    assert Notification.objects.filter(kind=Kind.REVIEW_OUTCOME).count() == 1
    assert len([m for m in mail.outbox if m.subject.startswith("Accepted")]) == 1
