"""Organisers' decisions: the status flow, selection up to capacity, its consequences."""

import pytest

from courses.models import Enrollment, RosterMember
from organisations import services
from organisations.models import Application, ApplicationEvent, Invitation, Perk
from tests.factories import organiser
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def shortlisted(bootcamp, **kwargs):
    return ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED, **kwargs)


def test_selection_enrols_rosters_lead_invites_team_and_emails(bootcamp, mailoutbox,
                                                                run_on_commit):
    application = shortlisted(bootcamp, team=[{"name": "Priya", "email": "priya@example.org"}])
    with run_on_commit():
        services.change_status(application=application, to_status=Status.SELECTED,
                               actor=organiser())
    application.refresh_from_db()
    assert application.status == Status.SELECTED
    enrollment = Enrollment.objects.get(organisation=application.organisation, bootcamp=bootcamp)
    assert RosterMember.objects.filter(enrollment=enrollment, user=application.applicant).exists()
    assert Invitation.objects.get(organisation=application.organisation).email == (
        "priya@example.org")
    assert Perk.objects.get(organisation=application.organisation).credits_granted == 100_000
    # Exactly one message each: the decision to the applicant, the invitation to Priya.
    by_address = {message.to[0]: message for message in mailoutbox}
    assert len(mailoutbox) == 2 and set(by_address) == {application.applicant.email,
                                                        "priya@example.org"}
    decision = by_address[application.applicant.email]
    assert decision.subject == "You are selected for Chat for Impact"
    assert f"/organisations/{application.organisation_id}/" in decision.body
    invitation = by_address["priya@example.org"]
    assert invitation.subject == f"You are invited to join {application.organisation.name}"
    assert "/invitations/" in invitation.body


def test_selection_never_exceeds_capacity(bootcamp):
    applications = [shortlisted(bootcamp) for _ in range(4)]  # capacity is 3
    actor = organiser()
    for application in applications[:3]:
        services.change_status(application=application, to_status=Status.SELECTED, actor=actor)
    with pytest.raises(services.CapacityReached):
        services.change_status(application=applications[3], to_status=Status.SELECTED,
                               actor=actor)
    assert Application.objects.filter(status=Status.SELECTED).count() == 3
    assert not Enrollment.objects.filter(organisation=applications[3].organisation).exists()


def test_submitted_cannot_jump_to_selected(bootcamp):
    application = ApplicationFactory(bootcamp=bootcamp)
    with pytest.raises(services.ApplicationError):
        services.change_status(application=application, to_status=Status.SELECTED,
                               actor=organiser())
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_every_change_is_in_the_audit_trail(bootcamp):
    application = ApplicationFactory(bootcamp=bootcamp)
    actor = organiser()
    services.change_status(application=application, to_status=Status.SHORTLISTED, actor=actor)
    services.change_status(application=application, to_status=Status.WAITLISTED, actor=actor)
    events = list(ApplicationEvent.objects.filter(application=application).values_list(
        "actor", "from_status", "to_status"))
    assert events == [(actor.pk, "submitted", "shortlisted"), (actor.pk, "shortlisted",
                                                                "waitlisted")]


def test_rejection_and_waitlist_are_emailed_in_the_bootcamps_voice(bootcamp, mailoutbox,
                                                                    run_on_commit):
    first, second = shortlisted(bootcamp), shortlisted(bootcamp)
    with run_on_commit():
        services.change_status(application=first, to_status=Status.REJECTED, actor=organiser())
        services.change_status(application=second, to_status=Status.WAITLISTED,
                               actor=organiser())
    assert len(mailoutbox) == 2
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert "we could not select yours this time" in bodies[first.applicant.email]
    assert "The Chat for Impact team" in bodies[first.applicant.email]
    assert "is on its waitlist" in bodies[second.applicant.email]


def test_bulk_select_stops_at_capacity_and_reports_the_rest(bootcamp):
    for _ in range(5):
        shortlisted(bootcamp)
    done, problems = services.bulk_change_status(
        applications=Application.objects.all(), to_status=Status.SELECTED, actor=organiser())
    assert done == 3
    assert len(problems) == 2 and "places" in problems[0]
    assert Application.objects.filter(status=Status.SELECTED).count() == 3
