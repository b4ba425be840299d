"""Background work: automatic issuance on progress changes, PDF rendering, bulk issuance.

Tasks take ids (JSON arguments, so the database backend can persist them) and are idempotent:
a retried or duplicated task finds the certificate already there and does nothing more.
"""

from django_tasks import task

from certificates import rendering
from certificates.eligibility import participant_eligibility
from certificates.models import CertificateRule
from courses.models import BootcampPage


@task()
def issue_when_eligible(bootcamp_id: int, user_ids: list[int]) -> int:
    """Issue certificates to those of `user_ids` who are now eligible (automatic issuance)."""
    from certificates import services

    rule = CertificateRule.objects.filter(bootcamp_id=bootcamp_id, automatic=True).first()
    bootcamp = BootcampPage.objects.filter(pk=bootcamp_id).first()
    if rule is None or bootcamp is None:
        return 0
    eligibility = participant_eligibility(bootcamp=bootcamp, user_ids=user_ids, rule=rule)
    eligible = [user_id for user_id, result in eligibility.items() if result.eligible]
    if not eligible:
        return 0
    return len(services.issue_eligible(bootcamp=bootcamp, user_ids=eligible).issued)


@task()
def issue_eligible_in_background(bootcamp_id: int, issued_by_id: int | None = None) -> int:
    """The organisers' "issue to all eligible" button, for big rosters."""
    from django.contrib.auth import get_user_model

    from certificates import services

    bootcamp = BootcampPage.objects.get(pk=bootcamp_id)
    issued_by = get_user_model().objects.filter(pk=issued_by_id).first()
    return len(services.issue_eligible(bootcamp=bootcamp, issued_by=issued_by).issued)


@task()
def render_certificate_pdfs(certificate_ids: list[int]) -> int:
    """Render and store the PDFs of these certificates (skips those already rendered)."""
    return rendering.render_missing(certificate_ids)
