"""Certificates: "certificate issued", with the download and verify links, once per
certificate — to the participant, or to the members of an organisation."""

import pytest
from django.conf import settings
from django.core import mail

from certificates import services
from notifications.models import Kind, Notification
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def bootcamp(db):
    return build_bootcamp(modules_per_stage=0)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_issuing_sends_the_verify_link(bootcamp, sent):
    _enrollment, (user, *_rest) = enrol(bootcamp, participants=1)
    with sent():
        certificate = services.issue_with_override(bootcamp=bootcamp, user=user,
                                                   issued_by=organiser(), reason="Attended")
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.recipient) == (Kind.CERTIFICATE_ISSUED, user)
    verify_url = f"{settings.BASE_URL}/certificates/verify/{certificate.code}/"
    assert notification.context["verify_url"] == verify_url
    assert notification.context["code"] == certificate.code
    assert notification.context["certificate_url"] == (
        f"{settings.BASE_URL}/certificates/{certificate.pk}/certificate.pdf")
    [email] = mail.outbox
    assert email.to == [user.email]
    assert email.subject == "Your certificate for Chat for Impact"
    assert verify_url in email.body
    assert f'<a href="{verify_url}"' in email.alternatives[0][0]


def test_issuing_again_returns_the_certificate_and_sends_nothing(bootcamp, sent):
    _enrollment, (user, *_rest) = enrol(bootcamp, participants=1)
    with sent():
        first = services.issue_with_override(bootcamp=bootcamp, user=user,
                                             issued_by=organiser(), reason="Attended")
        again = services.issue_with_override(bootcamp=bootcamp, user=user,
                                             issued_by=organiser(), reason="Attended")
    assert first.pk == again.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_reinstating_is_not_a_new_issue(bootcamp, sent):
    _enrollment, (user, *_rest) = enrol(bootcamp, participants=1)
    actor = organiser()
    certificate = services.issue_with_override(bootcamp=bootcamp, user=user, issued_by=actor,
                                               reason="Attended")
    with sent():
        services.revoke(certificate=certificate, by=actor, reason="Mistake")
        services.reinstate(certificate=certificate, by=actor)
    assert Notification.objects.count() == 1  # the issue only


def test_organisation_certificate_reaches_its_members(bootcamp, sent):
    enrollment, users = enrol(bootcamp, participants=3)
    with sent():
        certificate = services.issue_organisation_certificate(
            bootcamp=bootcamp, organisation=enrollment.organisation, issued_by=organiser(),
            override_reason="Completed as a team")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert {n.context["recipient_name"] for n in Notification.objects.all()} == {
        enrollment.organisation.name}
    assert all(certificate.code in m.body for m in mail.outbox)
