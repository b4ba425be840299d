"""Dates inside transactional messages (#19): in each recipient's language and the
bootcamp's time zone, not in the language of whoever caused the event."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from assignments import services as assignment_services
from notifications.models import Kind, Notification
from organisations import services as organisation_services
from organisations.services import invite_member
from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import UserFactory, participant

pytestmark = pytest.mark.django_db

ANSWERS = {
    "organisation_name": "Seva Sahayog", "registration_number": "MH/2017/0123456",
    "city": "Pune", "state": "Maharashtra", "focus_areas": ["health"],
    "current_channels": "A WhatsApp group.", "plans": "A helpline.", "consent": True,
}


@pytest.fixture
def bootcamp(db):
    now = timezone.now()
    # A zone far from UTC and from India: the day and hour are the bootcamp's.
    return build_bootcamp(registration_opens_at=now - timedelta(days=10),
                          registration_closes_at=now + timedelta(days=10),
                          capacity=5, seats_per_organisation=3, modules_per_stage=0,
                          time_zone="Pacific/Kiritimati")


def month(moment, language: str) -> str:
    with translation.override(language):
        return date_format(moment, "F")


def speaking(language: str, **kwargs):
    return UserFactory(language=language, **kwargs)


def context_of(kind, user) -> dict:
    return Notification.objects.get(kind=kind, recipient=user).context


def test_application_receipt_in_the_applicants_language_and_bootcamp_zone(bootcamp):
    user = participant()
    user.language = "hi"
    user.save(update_fields=["language"])
    with translation.override("en"):  # the request's language is not the recipient's
        application = organisation_services.save_application(
            bootcamp=bootcamp, applicant=user, answers=ANSWERS, submit=True)
    when = context_of(Kind.APPLICATION_RECEIVED, user)["submitted_at"]
    local = bootcamp.local(application.submitted_at)
    assert month(local, "hi") in when and month(local, "en") not in when
    assert f"{local:%H:%M:%S}" in when and when.endswith("(Pacific/Kiritimati)")


def test_submission_receipt_dates_each_member_in_their_language(bootcamp):
    _enrollment, (lead, member, _other) = enrol(bootcamp)
    for user, language in ((lead, "en"), (member, "hi")):
        user.language = language
        user.save(update_fields=["language"])
    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    with translation.override("hi"):  # handed in by someone reading in Hindi
        version = assignment_services.submit(assignment=assignment, user=lead,
                                             text="My plan").version
    local = bootcamp.local(version.submitted_at)
    english = context_of(Kind.SUBMISSION_RECEIVED, lead)["submitted_at"]
    assert month(local, "en") in english and month(local, "hi") not in english
    assert f"{local:%H:%M}" in english and english.endswith("(Pacific/Kiritimati)")
    with translation.override("en"):
        version = assignment_services.submit(assignment=assignment, user=member,
                                             text="Mine").version
    local = bootcamp.local(version.submitted_at)
    hindi = context_of(Kind.SUBMISSION_RECEIVED, member)["submitted_at"]
    assert month(local, "hi") in hindi and month(local, "en") not in hindi


def test_invitation_expiry_in_the_invitees_language(bootcamp):
    enrollment, (lead, *_rest) = enrol(bootcamp)
    invitee = speaking("hi", email="ravi@example.net")
    with translation.override("en"):
        invitation = invite_member(organisation=enrollment.organisation,
                                   email="ravi@example.net", name="Ravi", invited_by=lead)
    expires = context_of(Kind.TEAM_INVITATION, invitee)["expires_on"]
    local = bootcamp.local(invitation.expires_at)
    assert month(local, "hi") in expires and month(local, "en") not in expires
    assert expires.startswith(f"{local.day} ")


def test_invitation_to_an_address_is_dated_in_the_sites_language(bootcamp):
    enrollment, (lead, *_rest) = enrol(bootcamp)
    with translation.override("hi"):
        invitation = invite_member(organisation=enrollment.organisation,
                                   email="new@example.net", name="New", invited_by=lead)
    expires = Notification.objects.get(email="new@example.net").context["expires_on"]
    local = bootcamp.local(invitation.expires_at)
    assert month(local, "en") in expires and month(local, "hi") not in expires
