import pytest
from django.core.files.storage import storages
from django.db import transaction

from certificates import services
from certificates.models import Certificate, CertificateEvent
from courses.models import ModuleCompletion
from courses.signals import send_progress_changed
from tests.certificates.factories import complete_modules
from tests.factories import organiser


def test_automatic_issuance_on_the_last_fact(bootcamp, rule, facts, team,
                                             django_capture_on_commit_callbacks):
    _, (user, *_) = team
    facts.complete(user)
    last = complete_modules(user, bootcamp)[-1]
    ModuleCompletion.objects.filter(user=user, module=last).delete()
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ModuleCompletion.objects.create(user=user, module=last)
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[user.pk])

    certificate = Certificate.objects.get(user=user)
    assert certificate.is_valid and certificate.issued_by is None
    assert certificate.recipient_name == user.get_full_name()
    assert "Completed all 2 required modules" in certificate.completed_sentences()
    assert certificate.pdf_name and storages["private"].exists(certificate.pdf_name)


def test_no_automatic_issuance_while_something_is_missing(bootcamp, rule, facts, team,
                                                          django_capture_on_commit_callbacks):
    _, (user, *_) = team
    facts.attend_all(user)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        complete_modules(user, bootcamp)
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[user.pk])
    assert not Certificate.objects.exists()


def test_no_automatic_issuance_when_rule_says_manual(bootcamp, rule, facts, team,
                                                     django_capture_on_commit_callbacks):
    _, (user, *_) = team
    rule.automatic = False
    rule.save()
    facts.complete(user)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        complete_modules(user, bootcamp)
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[user.pk])
    assert not Certificate.objects.exists()


def test_issue_is_idempotent(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp)
    first = services.issue_certificate(bootcamp=bootcamp, user=user)
    second = services.issue_certificate(bootcamp=bootcamp, user=user)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert CertificateEvent.objects.filter(action="issued").count() == 1


def test_bulk_issuance_issues_to_the_eligible_only(bootcamp, rule, facts, team,
                                                   django_capture_on_commit_callbacks):
    _, (lead, member, third) = team
    for user in (lead, member):
        facts.complete(user)
        complete_modules(user, bootcamp)
    facts.complete(third)  # modules not done
    by = organiser()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.issue_eligible(bootcamp=bootcamp, issued_by=by)
    assert {c.user_id for c in result.issued} == {lead.pk, member.pk}
    assert result.not_eligible == 1
    assert all(c.issued_by == by for c in result.issued)
    assert all(c.pdf_name for c in Certificate.objects.all())

    again = services.issue_eligible(bootcamp=bootcamp, issued_by=by)
    assert again.issued == [] and again.already_issued == 2
    assert Certificate.objects.count() == 2


def test_not_eligible_without_override_is_refused_with_reasons(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    with pytest.raises(services.NotEligible) as error:
        services.issue_certificate(bootcamp=bootcamp, user=user)
    assert "Module “Module 1” not completed" in str(error.value)
    assert not Certificate.objects.exists()


def test_override_with_reason_is_recorded(bootcamp, rule, facts, team):
    _, (user, *_) = team
    by = organiser()
    certificate = services.issue_with_override(
        bootcamp=bootcamp, user=user, issued_by=by, reason="Attended in person at the Pune hub"
    )
    assert certificate.override_reason == "Attended in person at the Pune hub"
    event = certificate.events.get()
    assert event.action == "issued" and event.by == by
    assert event.reason == "Attended in person at the Pune hub"


def test_override_needs_a_reason(bootcamp, rule, facts, team):
    _, (user, *_) = team
    with pytest.raises(services.CertificateError):
        services.issue_with_override(bootcamp=bootcamp, user=user, issued_by=organiser(),
                                     reason="  ")
    assert not Certificate.objects.exists()


def test_someone_not_on_the_roster_gets_no_certificate(bootcamp, rule, facts):
    from tests.factories import participant

    with pytest.raises(services.CertificateError):
        services.issue_with_override(bootcamp=bootcamp, user=participant(), issued_by=None,
                                     reason="why not")


def test_revoked_certificate_is_not_issued_again_automatically(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp)
    certificate = services.issue_certificate(bootcamp=bootcamp, user=user)
    services.revoke(certificate=certificate, by=organiser(), reason="Plagiarised assignment")
    result = services.issue_eligible(bootcamp=bootcamp)
    assert result.issued == [] and result.revoked == 1
    with pytest.raises(services.CertificateError):
        services.issue_certificate(bootcamp=bootcamp, user=user)


def test_snapshot_does_not_follow_later_changes(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp)
    certificate = services.issue_certificate(bootcamp=bootcamp, user=user)
    user.first_name = "Changed"
    user.save()
    bootcamp.title = "Renamed"
    bootcamp.save()
    certificate.refresh_from_db()
    assert certificate.bootcamp_title == "Chat for Impact"
    assert "Changed" not in certificate.recipient_name


def test_organisation_certificate(bootcamp, rule, facts, team):
    enrollment, (lead, member, third) = team
    rule.organisation_certificates = True
    rule.save()
    facts.complete(lead)
    result = services.issue_eligible(bootcamp=bootcamp)
    organisation_certificates = [c for c in result.issued if c.kind == "organisation"]
    assert len(organisation_certificates) == 1
    assert organisation_certificates[0].recipient_name == enrollment.organisation.name
    services.issue_eligible(bootcamp=bootcamp)
    assert Certificate.objects.filter(kind="organisation").count() == 1


def test_bulk_issuance_renders_pdfs_in_one_background_task(
        bootcamp, rule, facts, team, settings, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _, users = team
    for user in users:
        facts.complete(user)
        complete_modules(user, bootcamp)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.issue_eligible(bootcamp=bootcamp)
    assert len(result.issued) == 3
    assert not Certificate.objects.exclude(pdf_name="").exists()  # not rendered in the request
    queued_names = sorted(r.task.name for r in default_task_backend.results)
    # One rendering task for all; one "certificate issued" message per holder.
    assert queued_names == ["render_certificate_pdfs"] + ["send_notification"] * 3
    [queued] = [r for r in default_task_backend.results
                if r.task.name == "render_certificate_pdfs"]
    assert sorted(queued.args[0]) == sorted(c.pk for c in result.issued)
