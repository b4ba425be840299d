"""Answers and feedback beyond sanitize_html's limits are refused with a message and the
text kept; what is stored is sanitised once and shown without sanitising again."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from assignments import services
from assignments.models import Review, Submission, SubmissionVersion
from content import sanitize

NESTED = "<b>" * 40_000 + "x"  # 120 kB: took 52 s in bleach before the limits


@pytest.mark.parametrize("text", [NESTED, "a" * 2_000_000, "<i>" * 60 + "x"])
def test_oversized_or_deeply_nested_answer_is_refused_on_the_form(client, assignment, team,
                                                                 text):
    client.force_login(team[1][1])
    response = client.post(assignment.url, {"text": text, "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "too long" in content or "nested too deeply" in content
    assert not Submission.objects.exists()


def test_service_refuses_before_writing(assignment, team):
    with pytest.raises(services.SubmissionRefused, match="too long"):
        services.save_draft(assignment=assignment, user=team[1][1], text=NESTED)
    assert not Submission.objects.exists()


def test_oversized_feedback_is_refused_with_the_reason(client, assignment, team,
                                                       bootcamp_trainer):
    services.submit(assignment=assignment, user=team[1][1], text="Plan")
    submission = Submission.objects.get()
    client.force_login(bootcamp_trainer)
    response = client.post(reverse("assignments:review_detail", args=[submission.pk]),
                           {"decision": "accepted", "feedback": NESTED})
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    assert not Review.objects.exists()
    with pytest.raises(services.SubmissionRefused, match="too long"):
        services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                        decision="accepted", feedback=NESTED)


def test_pages_show_the_stored_html_without_sanitising_again(client, monkeypatch, assignment,
                                                             team, bootcamp_trainer):
    services.submit(assignment=assignment, user=team[1][1], text="<p>My <b>plan</b></p>")
    submission = Submission.objects.get()
    services.review(submission_id=submission.pk, reviewer=bootcamp_trainer,
                    decision="needs_revision", feedback="<p>Add a <em>budget</em></p>")

    def refuse(*args, **kwargs):
        raise AssertionError("sanitised again on view")

    monkeypatch.setattr(sanitize, "clean_without_limits", refuse)
    monkeypatch.setattr(sanitize.bleach, "clean", refuse)
    client.force_login(team[1][1])
    page = client.get(assignment.url).content.decode()
    assert "<p>My <b>plan</b></p>" in page and "<p>Add a <em>budget</em></p>" in page
    client.force_login(bootcamp_trainer)
    review_page = client.get(reverse("assignments:review_detail", args=[submission.pk]))
    assert review_page.status_code == 200
    assert "<p>My <b>plan</b></p>" in review_page.content.decode()


def test_data_migration_cleans_stored_style_attributes(assignment, team, bootcamp_trainer):
    services.submit(assignment=assignment, user=team[1][1], text="<p>Plan</p>")
    version = SubmissionVersion.objects.get()
    # As stored before the style attribute was dropped from the allowlist.
    old = '<p style="color:expression(alert(1))">Plan</p>'
    SubmissionVersion.objects.filter(pk=version.pk).update(text=old, content_hash="stale")
    review = services.review(submission_id=version.submission_id, reviewer=bootcamp_trainer,
                             decision="needs_revision", feedback="<p>ok</p>")
    Review.objects.filter(pk=review.pk).update(feedback='<span style="color:red">ok</span>')

    migration = importlib.import_module(
        "assignments.migrations.0002_resanitise_without_style")
    migration.resanitise(apps, None)

    version.refresh_from_db()
    review.refresh_from_db()
    assert version.text == "<p>Plan</p>"
    assert version.content_hash == services.content_hash(text="<p>Plan</p>", file_hashes=[])
    assert review.feedback == "<span>ok</span>"
    # The unchanged draft submitted again is still "nothing changed".
    result = services.submit(assignment=assignment, user=team[1][1], text="<p>Plan</p>")
    assert result.created is False
