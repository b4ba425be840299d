"""Organisers review in the Wagtail admin: listing, filters, scores, notes, decisions."""

import re

import pytest
from django.urls import reverse

from organisations.models import Application, ApplicationScore, ReviewNote
from tests.factories import organiser
from tests.organisations.factories import ApplicationFactory, SelectionCriterionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = organiser()
    client.force_login(user)
    return user


def listing(client, bootcamp, **params):
    return client.get(reverse("organisations_admin:bootcamp", args=[bootcamp.pk]), params)


def test_listing_filters_by_status_state_and_focus_area(client, bootcamp, reviewer):
    ApplicationFactory(bootcamp=bootcamp, organisation_name="Alpha Trust", state="Kerala",
                       focus_areas=["education"])
    ApplicationFactory(bootcamp=bootcamp, organisation_name="Beta Seva", status="shortlisted",
                       focus_areas=["health"])
    Application.objects.create(bootcamp=bootcamp, applicant=organiser(),
                               organisation_name="Gamma Draft")
    content = listing(client, bootcamp).content.decode()
    assert "Alpha Trust" in content and "Beta Seva" in content
    assert "Gamma Draft" not in content  # drafts are the applicant's, not reviewers'
    assert "Alpha" not in listing(client, bootcamp, status="shortlisted").content.decode()
    assert "Beta" not in listing(client, bootcamp, state="Kerala").content.decode()
    assert "Beta" not in listing(client, bootcamp, focus_area="education").content.decode()
    assert "Alpha" not in listing(client, bootcamp, q="beta").content.decode()


def test_listing_filters_and_orders_by_average_score(client, bootcamp, reviewer):
    criterion = SelectionCriterionFactory(bootcamp=bootcamp)
    low = ApplicationFactory(bootcamp=bootcamp, organisation_name="Low Scorer")
    high = ApplicationFactory(bootcamp=bootcamp, organisation_name="High Scorer")
    ApplicationScore.objects.create(application=low, criterion=criterion, reviewer=reviewer,
                                    score=1)
    ApplicationScore.objects.create(application=high, criterion=criterion, reviewer=reviewer,
                                    score=5)
    assert "Low Scorer" not in listing(client, bootcamp, min_score=3).content.decode()
    content = listing(client, bootcamp, ordering="-score").content.decode()
    assert content.index("High Scorer") < content.index("Low Scorer")


def test_reviewer_scores_each_criterion_and_sees_the_average(client, bootcamp, reviewer):
    first = SelectionCriterionFactory(bootcamp=bootcamp, title="Reach")
    second = SelectionCriterionFactory(bootcamp=bootcamp, title="Readiness")
    application = ApplicationFactory(bootcamp=bootcamp)
    client.post(reverse("organisations_admin:score", args=[application.pk]),
                {f"criterion_{first.pk}": "4", f"criterion_{second.pk}": "3"})
    assert ApplicationScore.objects.filter(application=application).count() == 2
    content = client.get(reverse("organisations_admin:detail", args=[application.pk])
                         ).content.decode()
    assert "3.50" in content


def test_score_out_of_range_is_refused(client, bootcamp, reviewer):
    criterion = SelectionCriterionFactory(bootcamp=bootcamp, max_score=5)
    application = ApplicationFactory(bootcamp=bootcamp)
    client.post(reverse("organisations_admin:score", args=[application.pk]),
                {f"criterion_{criterion.pk}": "9"})
    assert not ApplicationScore.objects.exists()


def test_reviewer_notes_stay_out_of_the_applicants_view(client, bootcamp, reviewer):
    application = ApplicationFactory(bootcamp=bootcamp)
    client.post(reverse("organisations_admin:note", args=[application.pk]),
                {"text": "Strong local network"})
    assert ReviewNote.objects.get().author == reviewer
    client.force_login(application.applicant)
    content = client.get(reverse("organisations:application", args=[application.pk])
                         ).content.decode()
    assert "Strong local network" not in content


def test_bulk_shortlist(client, bootcamp, reviewer):
    applications = [ApplicationFactory(bootcamp=bootcamp) for _ in range(3)]
    client.post(reverse("organisations_admin:bulk", args=[bootcamp.pk]),
                {"action": "shortlisted", "application": [a.pk for a in applications[:2]]})
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "shortlisted", "shortlisted", "submitted"]


def test_status_button_changes_status(client, bootcamp, reviewer):
    application = ApplicationFactory(bootcamp=bootcamp, status="shortlisted")
    client.post(reverse("organisations_admin:status", args=[application.pk]),
                {"status": "selected"})
    application.refresh_from_db()
    assert application.status == "selected"
    assert application.events.get().actor == reviewer


def test_listing_query_count_is_constant(client, bootcamp, reviewer,
                                         django_assert_max_num_queries):
    criterion = SelectionCriterionFactory(bootcamp=bootcamp)
    for size in (1, 10, 50):
        while Application.objects.count() < size:
            application = ApplicationFactory(bootcamp=bootcamp)
            ApplicationScore.objects.create(application=application, criterion=criterion,
                                            reviewer=reviewer, score=3)
        with django_assert_max_num_queries(30):
            assert listing(client, bootcamp).status_code == 200


def test_decision_buttons_are_verbs_forward_first_reject_last(client, bootcamp, reviewer):
    # Journeys report #29: the buttons read "Rejected" / "Shortlisted" with equal weight.
    application = ApplicationFactory(bootcamp=bootcamp, status="shortlisted")
    body = client.get(reverse("organisations_admin:detail", args=[application.pk])
                      ).content.decode()
    decision = body[body.index("<h2>Decision</h2>"):body.index("<h2>Answers</h2>")]
    buttons = re.findall(r'<button type="submit" class="([^"]+)">([^<]+)</button>', decision)
    assert [label for _classes, label in buttons[:3]] == ["Select", "Waitlist", "Reject"]
    assert buttons[0][0] == "button"
    assert "button-secondary" in buttons[1][0] and " no" in buttons[2][0]
