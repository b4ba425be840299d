"""A withdrawn organisation's participants no longer take part: they lose access to the
course (RosterMember.objects.active()) and, by the same rule, get no certificate — by bulk
issue, single issue, automatic issuance, or for their organisation."""

import pytest
from django.db import transaction

from certificates import services
from certificates.eligibility import organisation_eligibility
from certificates.models import Certificate
from courses.models import BootcampPage
from courses.services import withdraw_enrollment
from courses.signals import send_progress_changed
from tests.certificates.factories import complete_modules


@pytest.fixture
def withdrawn(bootcamp, rule, facts, team):
    """The team lead has done everything; then the organisation's enrollment is withdrawn."""
    enrollment, (lead, *_) = team
    facts.complete(lead)
    complete_modules(lead, bootcamp)
    withdraw_enrollment(enrollment=enrollment)
    assert not BootcampPage.objects.visible_to(lead).filter(pk=bootcamp.pk).exists()
    return enrollment, lead


def test_bulk_issue_skips_withdrawn_participants(bootcamp, withdrawn):
    result = services.issue_eligible(bootcamp=bootcamp)
    assert result.issued == []
    assert not Certificate.objects.exists()


def test_single_issue_refuses_a_withdrawn_participant(bootcamp, withdrawn):
    _, lead = withdrawn
    with pytest.raises(services.CertificateError, match="not on the roster"):
        services.issue_certificate(bootcamp=bootcamp, user=lead)
    assert not Certificate.objects.exists()


def test_override_refuses_a_withdrawn_participant(bootcamp, withdrawn):
    _, lead = withdrawn
    with pytest.raises(services.CertificateError, match="not on the roster"):
        services.issue_with_override(bootcamp=bootcamp, user=lead, issued_by=None,
                                     reason="Asked nicely")
    assert not Certificate.objects.exists()


def test_no_automatic_issuance_after_withdrawal(bootcamp, withdrawn,
                                                django_capture_on_commit_callbacks):
    _, lead = withdrawn
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[lead.pk])
    assert not Certificate.objects.exists()


def test_no_organisation_certificate_after_withdrawal(bootcamp, rule, withdrawn):
    enrollment, _ = withdrawn
    rule.organisation_certificates = True
    rule.save()
    [eligibility] = organisation_eligibility(
        bootcamp=bootcamp, organisation_ids=[enrollment.organisation_id]).values()
    assert not eligibility.eligible
    assert "No participant on the organisation's roster" in eligibility.missing
    with pytest.raises(services.CertificateError, match="not enrolled"):
        services.issue_organisation_certificate(bootcamp=bootcamp,
                                                organisation=enrollment.organisation)
    services.issue_eligible(bootcamp=bootcamp)
    assert not Certificate.objects.exists()


def test_an_active_team_still_gets_its_certificates(bootcamp, rule, facts, team):
    """The other half of the rule: the same facts without the withdrawal do issue."""
    enrollment, (lead, *_) = team
    rule.organisation_certificates = True
    rule.save()
    facts.complete(lead)
    complete_modules(lead, bootcamp)
    issued = services.issue_eligible(bootcamp=bootcamp).issued
    assert {(c.kind, c.user_id, c.organisation_id) for c in issued} == {
        ("participant", lead.pk, None), ("organisation", None, enrollment.organisation_id)}
