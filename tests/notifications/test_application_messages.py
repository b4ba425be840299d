"""Applications: received, and each decision, reach the applicant (and the organisation's
leads) once, through notify() — queued with the right kind and placeholders, then sent."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Channel, Kind, Notification
from organisations import services
from organisations.models import Application, Membership
from tests.courses.factories import build_bootcamp
from tests.factories import UserFactory, organiser, participant
from tests.notifications.factories import whatsapp_user
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def bootcamp(db):
    now = timezone.now()
    return build_bootcamp(registration_opens_at=now - timedelta(days=10),
                          registration_closes_at=now + timedelta(days=10),
                          capacity=1, seats_per_organisation=3, modules_per_stage=1)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


ANSWERS = {
    "organisation_name": "Seva Sahayog", "registration_number": "MH/2017/0123456",
    "city": "Pune", "state": "Maharashtra", "focus_areas": ["health"],
    "current_channels": "A WhatsApp group.", "plans": "A helpline.", "consent": True,
}


def _submit(bootcamp, user, application=None):
    return services.save_application(bootcamp=bootcamp, applicant=user, answers=ANSWERS,
                                     application=application, submit=True)


def test_submitting_sends_one_receipt(bootcamp, sent):
    user = participant()
    with sent():
        application = _submit(bootcamp, user)
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.recipient, notification.channel) == (
        Kind.APPLICATION_RECEIVED, user, Channel.EMAIL)
    assert notification.status == Notification.Status.SENT
    assert notification.bootcamp_id == bootcamp.pk
    context = notification.context
    assert context["organisation"] == "Seva Sahayog"
    assert context["application_number"] == str(application.pk)
    assert context["submitted_at"].endswith("(Asia/Kolkata)")
    assert context["application_url"] == (
        f"{settings.BASE_URL}/applications/{application.pk}/")
    [email] = mail.outbox
    assert email.to == [user.email]
    assert email.subject == "We received your application to Chat for Impact"
    assert f"Hello {user.display_name}," in email.body
    assert "It is final now" in email.body


def test_a_second_submit_click_sends_no_second_receipt(bootcamp, sent):
    user = participant()
    with sent():
        application = _submit(bootcamp, user)
        with pytest.raises(services.ApplicationError):
            _submit(bootcamp, user, application=application)  # final: refused
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_draft_sends_nothing(bootcamp, sent):
    with sent():
        services.save_application(bootcamp=bootcamp, applicant=participant(),
                                  answers=ANSWERS, submit=False)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_nothing_is_queued_when_the_submission_rolls_back(bootcamp, sent):
    user = participant()
    with sent(), pytest.raises(RuntimeError), transaction.atomic():
        _submit(bootcamp, user)
        raise RuntimeError("the request failed after the service ran")
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("to_status", "kind", "subject", "phrase"), [
    (Status.SELECTED, Kind.APPLICATION_SELECTED, "You are selected for Chat for Impact",
     "has been selected for Chat for Impact"),
    (Status.WAITLISTED, Kind.APPLICATION_WAITLISTED, "You are on the waitlist for Chat for Impact",
     "is on its waitlist"),
    (Status.REJECTED, Kind.APPLICATION_REJECTED, "Your application to Chat for Impact",
     "we could not select yours this time"),
])
def test_each_decision_is_its_own_message(bootcamp, sent, to_status, kind, subject, phrase):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    with sent():
        services.change_status(application=application, to_status=to_status, actor=organiser())
    [notification] = Notification.objects.filter(kind=kind)
    assert notification.recipient == application.applicant
    assert notification.context["organisation"] == application.organisation_name
    assert notification.context["name"] == application.applicant.display_name
    [email] = [m for m in mail.outbox if m.to == [application.applicant.email]]
    assert email.subject == subject
    assert phrase in email.body
    assert "Chat for Impact team" in email.body


def test_decision_goes_to_the_other_leads_too(bootcamp, sent):
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    co_lead = UserFactory()
    Membership.objects.create(organisation=application.organisation, user=co_lead,
                              role=Membership.Role.LEAD)
    member = UserFactory()
    Membership.objects.create(organisation=application.organisation, user=member)
    with sent():
        services.change_status(application=application, to_status=Status.REJECTED,
                               actor=organiser())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [application.applicant.email, co_lead.email])


def test_decision_reaches_whatsapp_when_opted_in(bootcamp, whatsapp_api, sent):
    applicant = whatsapp_user()
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED,
                                     applicant=applicant)
    with sent():
        services.change_status(application=application, to_status=Status.WAITLISTED,
                               actor=organiser())
    assert sorted(Notification.objects.values_list("channel", "status")) == [
        (Channel.EMAIL, "sent"), (Channel.WHATSAPP, "sent")]
    [payload] = whatsapp_api.sent
    assert payload["template"]["name"] == "application_waitlisted"
    parameters = [p["text"] for p in payload["template"]["components"][0]["parameters"]]
    assert application.organisation_name in parameters
    assert len(mail.outbox) == 1


def test_shortlisting_and_withdrawal_send_nothing(bootcamp, sent):
    application = ApplicationFactory(bootcamp=bootcamp)
    with sent():
        services.change_status(application=application, to_status=Status.SHORTLISTED,
                               actor=organiser())
        services.withdraw_application(application=application, actor=application.applicant)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_promotion_from_the_waitlist_is_its_own_message(bootcamp, sent):
    selected = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    waiting = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    services.change_status(application=selected, to_status=Status.SELECTED, actor=organiser())
    services.change_status(application=waiting, to_status=Status.WAITLISTED, actor=organiser())
    Notification.objects.all().delete()
    with sent():
        services.withdraw_application(application=selected, actor=selected.applicant)
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.recipient) == (Kind.WAITLIST_PROMOTED,
                                                           waiting.applicant)
    assert notification.context["organisation_url"].endswith(
        f"/organisations/{waiting.organisation_id}/")
    [email] = mail.outbox
    assert email.subject == "A place opened up: you are selected for Chat for Impact"


def test_the_same_decision_is_told_once(bootcamp, sent):
    """Rejected, reconsidered (shortlisted), rejected again: one 'not selected' message."""
    application = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    actor = organiser()
    with sent():
        services.change_status(application=application, to_status=Status.REJECTED, actor=actor)
        services.change_status(application=application, to_status=Status.SHORTLISTED,
                               actor=actor)
        services.change_status(application=application, to_status=Status.REJECTED, actor=actor)
    assert Notification.objects.filter(kind=Kind.APPLICATION_REJECTED).count() == 1
    assert len(mail.outbox) == 1


def test_a_refused_selection_sends_nothing(bootcamp, sent):
    first = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    second = ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
    services.change_status(application=first, to_status=Status.SELECTED, actor=organiser())
    Notification.objects.all().delete()
    with sent(), pytest.raises(services.CapacityReached):  # capacity is 1
        services.change_status(application=second, to_status=Status.SELECTED,
                               actor=organiser())
    assert not Notification.objects.exists()
    assert mail.outbox == []
