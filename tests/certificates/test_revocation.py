import pytest
from django.core.files.storage import storages

from certificates import services
from certificates.rendering import ensure_pdf
from tests.factories import organiser


def test_revoke_withdraws_the_pdf(certificate, django_capture_on_commit_callbacks):
    certificate.refresh_from_db()
    name = certificate.pdf_name
    assert storages["private"].exists(name)
    by = organiser()
    with django_capture_on_commit_callbacks(execute=True):
        revoked = services.revoke(certificate=certificate, by=by, reason="Identity mix-up")
    assert revoked.revoked_at and revoked.revoked_by == by
    assert revoked.revocation_reason == "Identity mix-up"
    assert revoked.pdf_name == ""
    assert not storages["private"].exists(name)
    assert ensure_pdf(revoked) == ""  # no PDF for a revoked certificate


def test_revoke_needs_a_reason(certificate):
    with pytest.raises(services.CertificateError):
        services.revoke(certificate=certificate, by=organiser(), reason="")
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_reinstate_restores_the_same_code(certificate, django_capture_on_commit_callbacks):
    services.revoke(certificate=certificate, by=organiser(), reason="Mistake")
    with django_capture_on_commit_callbacks(execute=True):
        reinstated = services.reinstate(certificate=certificate, by=organiser(), reason="Cleared")
    reinstated.refresh_from_db()
    assert reinstated.is_valid and reinstated.code == certificate.code
    assert reinstated.pdf_name
    assert list(reinstated.events.values_list("action", flat=True)) == [
        "issued", "revoked", "reinstated"]


def test_issuing_after_revocation_is_refused(certificate, bootcamp):
    services.revoke(certificate=certificate, by=organiser(), reason="Wrong person")
    with pytest.raises(services.CertificateError, match="reinstate"):
        services.issue_with_override(bootcamp=bootcamp, user=certificate.user,
                                     issued_by=organiser(), reason="new")
    assert certificate.user.certificates.count() == 1


def test_reinstate_refused_when_another_certificate_is_valid(certificate):
    from django.utils import timezone

    from certificates.models import Certificate

    services.revoke(certificate=certificate, by=organiser(), reason="Wrong person")
    Certificate.objects.create(  # e.g. issued by hand in the Django admin meanwhile
        kind="participant", bootcamp=certificate.bootcamp, user=certificate.user,
        recipient_name="X", bootcamp_title="Y", issued_at=timezone.now(),
    )
    with pytest.raises(services.CertificateError, match="Another valid certificate"):
        services.reinstate(certificate=certificate, by=organiser())
    certificate.refresh_from_db()
    assert not certificate.is_valid


def test_name_correction_keeps_the_code_and_records_the_change(
        certificate, django_capture_on_commit_callbacks):
    certificate.refresh_from_db()
    old_pdf = certificate.pdf_name
    with django_capture_on_commit_callbacks(execute=True):
        corrected = services.correct_name(certificate=certificate, by=organiser(),
                                          name="Priyanka  Kshatriya", reason="Spelling")
    corrected.refresh_from_db()
    assert corrected.code == certificate.code
    assert corrected.recipient_name == "Priyanka Kshatriya"
    event = corrected.events.get(action="name_corrected")
    assert event.old_value == certificate.recipient_name
    assert event.new_value == "Priyanka Kshatriya"
    assert corrected.pdf_name and corrected.pdf_name != old_pdf
    assert not storages["private"].exists(old_pdf)
