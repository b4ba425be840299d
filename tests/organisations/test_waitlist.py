"""A selected organisation that withdraws frees its seat for the first waitlisted one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from organisations import services
from organisations.models import Application
from tests.factories import organiser
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def full_bootcamp_with_waitlist(bootcamp):
    actor = organiser()
    selected = [ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
                for _ in range(3)]
    for application in selected:
        services.change_status(application=application, to_status=Status.SELECTED, actor=actor)
    now = timezone.now()
    second = ApplicationFactory(bootcamp=bootcamp, status=Status.WAITLISTED,
                                waitlisted_at=now - timedelta(days=1))
    first = ApplicationFactory(bootcamp=bootcamp, status=Status.WAITLISTED,
                               waitlisted_at=now - timedelta(days=2))
    return selected, first, second


def test_withdrawal_promotes_the_first_waitlisted(bootcamp, client, mailoutbox, run_on_commit):
    selected, first, second = full_bootcamp_with_waitlist(bootcamp)
    client.force_login(selected[0].applicant)
    with run_on_commit():
        response = client.post(reverse("organisations:application_withdraw",
                                       args=[selected[0].pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.SELECTED
    assert second.status == Status.WAITLISTED
    assert Enrollment.objects.get(organisation=selected[0].organisation).status == "withdrawn"
    assert Enrollment.objects.get(organisation=first.organisation).status == "active"
    [promotion] = [m for m in mailoutbox if m.to == [first.applicant.email]]
    assert promotion.subject == "A place opened up: you are selected for Chat for Impact"
    assert first.organisation_name in promotion.body
    assert not [m for m in mailoutbox if m.to == [second.applicant.email]]
    assert first.events.last().detail.startswith("Promoted from the waitlist")


def test_withdrawal_of_a_not_selected_application_promotes_nobody(bootcamp):
    selected, first, _second = full_bootcamp_with_waitlist(bootcamp)
    shortlisted = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    services.withdraw_application(application=shortlisted, actor=shortlisted.applicant)
    first.refresh_from_db()
    assert first.status == Status.WAITLISTED


def test_someone_else_cannot_withdraw(bootcamp, client):
    selected, _first, _second = full_bootcamp_with_waitlist(bootcamp)
    client.force_login(selected[1].applicant)
    response = client.post(reverse("organisations:application_withdraw", args=[selected[0].pk]))
    assert response.status_code == 404
    selected[0].refresh_from_db()
    assert selected[0].status == Status.SELECTED


def test_promotion_skips_a_waitlisted_one_that_cannot_be_enrolled(bootcamp):
    from courses.services import add_to_roster, enrol_organisation

    selected, first, second = full_bootcamp_with_waitlist(bootcamp)
    # first's lead already takes part with another (selected) organisation.
    other = enrol_organisation(bootcamp=bootcamp, organisation=selected[1].organisation)
    add_to_roster(enrollment=other, user=first.applicant)
    services.withdraw_application(application=selected[0], actor=selected[0].applicant)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.WAITLISTED
    assert second.status == Status.SELECTED
    assert first.events.last().action == "promotion failed"
