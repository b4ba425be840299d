"""Participant-side journeys in the organisations app: confirmation before what cannot be
undone (withdrawing, removing a member), invitations sent twice, the applicant's status."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import BootcampPage, Enrollment, RosterMember
from organisations import services
from organisations.models import Application, Invitation, Membership
from tests.courses.factories import enrol
from tests.factories import UserFactory, organiser
from tests.organisations.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def selected_application(bootcamp) -> Application:
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    services.change_status(application=application, to_status=Status.SELECTED, actor=organiser())
    application.refresh_from_db()
    return application


def start_bootcamp(bootcamp, days_ago: int = 0) -> None:
    today = timezone.localdate(timezone.now(), bootcamp.tz)
    BootcampPage.objects.filter(pk=bootcamp.pk).update(start_date=today - timedelta(days_ago))


# --- Withdrawing ---------------------------------------------------------------------------

def test_withdraw_asks_for_confirmation_saying_what_happens(bootcamp, client):
    application = selected_application(bootcamp)
    client.force_login(application.applicant)
    detail = client.get(reverse("organisations:application", args=[application.pk]))
    url = reverse("organisations:application_withdraw", args=[application.pk])
    assert f'href="{url}"' in detail.content.decode()  # a link to the step, not a POST button
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Your seat goes to the next organisation on the waitlist" in body
    assert "This cannot be undone" in body
    application.refresh_from_db()
    assert application.status == Status.SELECTED  # opening the page changes nothing


def test_confirmed_withdrawal_withdraws(bootcamp, client):
    application = selected_application(bootcamp)
    client.force_login(application.applicant)
    response = client.post(reverse("organisations:application_withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert Enrollment.objects.get(organisation=application.organisation).status == "withdrawn"


@pytest.mark.parametrize("days_ago", [0, 3])
def test_selected_cannot_withdraw_once_the_bootcamp_started(bootcamp, client, days_ago):
    application = selected_application(bootcamp)
    start_bootcamp(bootcamp, days_ago)
    client.force_login(application.applicant)
    detail = client.get(reverse("organisations:application", args=[application.pk]))
    assert "Withdraw this application" not in detail.content.decode()
    assert "write to the organisers" in detail.content.decode()
    url = reverse("organisations:application_withdraw", args=[application.pk])
    assert client.get(url).status_code == 403
    client.post(url)
    application.refresh_from_db()
    assert application.status == Status.SELECTED
    assert Enrollment.objects.get(organisation=application.organisation).status == "active"


def test_service_refuses_too(bootcamp):
    application = selected_application(bootcamp)
    start_bootcamp(bootcamp)
    with pytest.raises(services.ApplicationError):
        services.withdraw_application(application=application, actor=application.applicant)


def test_not_selected_can_still_withdraw_after_the_start(bootcamp, client):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SUBMITTED)
    start_bootcamp(bootcamp)
    assert application.can_be_withdrawn_by(application.applicant)
    client.force_login(application.applicant)
    body = client.get(reverse("organisations:application_withdraw",
                              args=[application.pk])).content.decode()
    assert "will no longer consider your application" in body


def test_plain_member_may_not_withdraw(bootcamp, client):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SUBMITTED)
    member = MembershipFactory(organisation=application.organisation).user
    client.force_login(member)
    url = reverse("organisations:application_withdraw", args=[application.pk])
    assert client.get(url).status_code == 403
    client.post(url)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_other_organisation_gets_404(bootcamp, client):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SUBMITTED)
    client.force_login(UserFactory())
    url = reverse("organisations:application_withdraw", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


# --- Removing a team member ------------------------------------------------------------------

@pytest.fixture
def team(bootcamp):
    enrollment, users = enrol(bootcamp)
    return enrollment.organisation, users


def test_remove_member_asks_for_confirmation(team, client, bootcamp):
    organisation, (lead, member, _other) = team
    membership = Membership.objects.get(organisation=organisation, user=member)
    url = reverse("organisations:remove_member", args=[organisation.pk, membership.pk])
    client.force_login(lead)
    detail = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert f'href="{url}"' in detail
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert f"They leave the roster of {bootcamp.title}" in body
    assert Membership.objects.active().filter(pk=membership.pk).exists()  # nothing yet
    client.post(url)
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    assert not RosterMember.objects.active().filter(user=member).exists()


def test_only_the_lead_removes(team, client):
    organisation, (lead, member, other) = team
    membership = Membership.objects.get(organisation=organisation, user=other)
    url = reverse("organisations:remove_member", args=[organisation.pk, membership.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert Membership.objects.active().filter(pk=membership.pk).exists()


def test_team_table_puts_actions_right_after_the_name(team, client):
    organisation, (lead, _member, _other) = team
    client.force_login(lead)
    body = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    table = body[body.index('class="stack-table team-table"'):]
    assert table.index("Actions") < table.index("Email")


# --- Invitations -----------------------------------------------------------------------------

def test_inviting_the_same_address_twice_offers_resend(team, client, mailoutbox,
                                                       run_on_commit):
    organisation, (lead, *_rest) = team
    client.force_login(lead)
    url = reverse("organisations:invite", args=[organisation.pk])
    with run_on_commit():
        client.post(url, {"email": "new@example.org"})
        response = client.post(url, {"email": "New@example.org"}, follow=True)
    assert "has already been invited" in response.content.decode()
    assert Invitation.objects.pending().filter(email="new@example.org").count() == 1
    assert len([m for m in mailoutbox if "new@example.org" in m.to]) == 1


def test_resend_and_cancel(team, client):
    organisation, (lead, member, _other) = team
    first = services.invite_member(organisation=organisation, email="new@example.org",
                                   invited_by=lead)
    client.force_login(lead)
    client.post(reverse("organisations:resend_invitation", args=[organisation.pk, first.pk]))
    pending = Invitation.objects.pending().get(email="new@example.org")
    assert pending.pk != first.pk
    assert services.invitation_for_token(first.token) is None or not Invitation.objects.pending(
        ).filter(pk=first.pk).exists()
    # A member who is not the lead cannot cancel it.
    client.force_login(member)
    cancel = reverse("organisations:cancel_invitation", args=[organisation.pk, pending.pk])
    assert client.post(cancel).status_code == 403
    client.force_login(lead)
    client.post(cancel)
    assert not Invitation.objects.pending().filter(email="new@example.org").exists()
    assert client.post(cancel).status_code == 404  # no longer waiting


# --- The applicant's view --------------------------------------------------------------------

def test_receipt_stops_promising_an_email_after_a_day(bootcamp, client):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SUBMITTED)
    client.force_login(application.applicant)
    url = reverse("organisations:application", args=[application.pk])
    assert "A confirmation email is on its way" in client.get(url).content.decode()
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=30))
    body = client.get(url).content.decode()
    assert "A confirmation email is on its way" not in body
    assert "received on" in body


def test_applicant_sees_pending_application_and_when_decisions_come(bootcamp, client):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SUBMITTED)
    client.force_login(application.applicant)
    closes = timezone.localtime(bootcamp.registration_closes_at, bootcamp.tz)
    for url in ("/dashboard/", bootcamp.url, "/"):
        body = client.get(url).content.decode()
        assert f"Your application to {bootcamp.title}" in body, url
        assert "The organisers decide after applications close on" in body, url
        assert f"{closes.day} {closes:%B %Y}" in body, url


def test_decided_or_other_peoples_applications_are_not_shown(bootcamp, client):
    ApplicationFactory(bootcamp=bootcamp, status=Status.SUBMITTED)  # someone else's
    mine = ApplicationFactory(bootcamp=bootcamp, status=Status.REJECTED)
    client.force_login(mine.applicant)
    assert "Your application to" not in client.get("/dashboard/").content.decode()
    client.force_login(organiser())
    assert "Your application to" not in client.get("/dashboard/").content.decode()
