"""Recording a review: decision, rubric points, sanitised feedback, email, signal."""

import pytest
from django.core import mail
from django.urls import reverse

from assignments import services
from assignments.models import Review, Submission
from courses.signals import progress_changed
from tests.assignments.factories import add_assignment


@pytest.fixture
def submitted(assignment, team):
    services.submit(assignment=assignment, user=team[1][1], text="Plan")
    return Submission.objects.get()


def test_trainer_asks_for_revision_with_sanitised_feedback(client, submitted, team,
                                                           bootcamp_trainer,
                                                           django_capture_on_commit_callbacks):
    client.force_login(bootcamp_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assignments:review_detail", args=[submitted.pk]), {
            "decision": "needs_revision",
            "feedback": '<p>Add a <strong>budget</strong></p><img src=x onerror=alert(1)>',
        })
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.feedback == "<p>Add a <strong>budget</strong></p>"
    assert review.reviewer == bootcamp_trainer
    submitted.refresh_from_db()
    assert submitted.status == "needs_revision"
    [message] = mail.outbox
    assert message.to == [team[1][1].email]
    assert message.subject == f"Please revise: {submitted.assignment.title}"
    assert "needs a revision" in message.body
    assert "Add a budget" in message.body  # the feedback, as text
    assert submitted.assignment.url in message.body


def test_participant_sees_feedback_on_the_assignment_page(client, submitted, team,
                                                         bootcamp_trainer):
    services.review(submission_id=submitted.pk, reviewer=bootcamp_trainer,
                    decision="needs_revision", feedback="<p>Add a <em>budget</em></p>")
    client.force_login(team[1][1])
    content = client.get(submitted.assignment.url).content.decode()
    assert "<p>Add a <em>budget</em></p>" in content
    assert "Needs revision" in content


def test_rubric_points_are_recorded_and_checked(bootcamp, team, bootcamp_trainer):
    assignment = add_assignment(bootcamp, title="Rubric", slug="rubric", review_mode="rubric",
                                criteria=[("Clarity", 5), ("Feasibility", 10)])
    services.submit(assignment=assignment, user=team[1][1], text="x")
    submission = Submission.objects.get()
    criteria = list(assignment.criteria.all())
    with pytest.raises(services.SubmissionRefused, match="Feasibility"):
        services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                        decision="accepted", points={criteria[0].pk: 4, criteria[1].pk: 11})
    review = services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                             decision="accepted",
                             points={criteria[0].pk: 4, criteria[1].pk: 9})
    assert review.total_points == 13
    assert review.scores[0] == {"criterion": "Clarity", "points": 4, "max": 5}


def test_rubric_form_shows_a_field_per_criterion(client, bootcamp, team, bootcamp_trainer):
    assignment = add_assignment(bootcamp, title="Rubric", slug="rubric", review_mode="rubric",
                                criteria=[("Clarity", 5)])
    services.submit(assignment=assignment, user=team[1][1], text="x")
    client.force_login(bootcamp_trainer)
    response = client.get(reverse("assignments:review_detail",
                                  args=[Submission.objects.get().pk]))
    assert "Clarity (0–5 points)" in response.content.decode()


def test_review_sends_progress_changed_for_the_whole_team(team_assignment, team,
                                                          bootcamp_trainer,
                                                          django_capture_on_commit_callbacks):
    services.submit(assignment=team_assignment, user=team[1][0], text="x")
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    progress_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.review(submission_id=Submission.objects.get().pk,
                            reviewer=bootcamp_trainer, decision="accepted")
    finally:
        progress_changed.disconnect(receiver)
    assert len(received) == 1
    assert received[0]["bootcamp_id"] == team[0].bootcamp_id
    assert sorted(received[0]["user_ids"]) == sorted(u.pk for u in team[1])
    # One email per team member (each their own message, no shared Bcc).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team[1])
    assert all(m.subject.startswith("Accepted: ") and not m.bcc for m in mail.outbox)


def test_review_page_shows_latest_version_and_history(client, submitted, team,
                                                      bootcamp_trainer):
    services.review(submission_id=submitted.pk, reviewer=bootcamp_trainer,
                    decision="needs_revision")
    services.submit(assignment=submitted.assignment, user=team[1][1], text="Better plan")
    client.force_login(bootcamp_trainer)
    response = client.get(reverse("assignments:review_detail", args=[submitted.pk]))
    assert response.context["latest"].number == 2
    assert [v.number for v in response.context["earlier"]] == [1]
    content = response.content.decode()
    assert "Better plan" in content and "<p>Plan</p>" in content


def test_organiser_may_review_any_bootcamp(client, submitted, an_organiser):
    client.force_login(an_organiser)
    response = client.post(reverse("assignments:review_detail", args=[submitted.pk]),
                           {"decision": "accepted"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "accepted"


def test_review_requires_a_decision(client, submitted, bootcamp_trainer):
    client.force_login(bootcamp_trainer)
    response = client.post(reverse("assignments:review_detail", args=[submitted.pk]),
                           {"feedback": "Keep this text"})
    assert response.status_code == 400
    assert "Keep this text" in response.content.decode()
    assert not Review.objects.exists()


def test_second_review_of_a_decided_version_says_why_and_where(client, submitted,
                                                               bootcamp_trainer):
    """Two reviewers on the same version: the second is refused with the decision taken,
    who took it, and where it is shown, not with an empty page section."""
    first = services.review(submission_id=submitted.pk, reviewer=bootcamp_trainer,
                            decision="accepted", feedback="<p>Well done</p>")
    client.force_login(bootcamp_trainer)
    response = client.post(reverse("assignments:review_detail", args=[submitted.pk]),
                           {"decision": "needs_revision", "feedback": "Redo it"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "already decided" in content and "Accepted" in content
    assert bootcamp_trainer.display_name in content
    assert "under “Reviews” on this page" in content and 'id="reviews"' in content
    assert "Well done" in content  # the decision itself is on the page
    assert list(Review.objects.all()) == [first]
