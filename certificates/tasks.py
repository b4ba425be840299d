"""Background work: automatic issuance on progress changes and bulk issuance.

Tasks take ids (JSON arguments, so the database backend can persist them) and are idempotent:
a retried or duplicated task finds the certificate already there and does nothing more.
PDF rendering (`render_certificate_pdfs`) sits in `certificates.rendering`, beside its work.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from certificates import services
from certificates.models import CertificateRule
from certificates.rendering import render_certificate_pdfs
from courses.models import BootcampPage

__all__ = ["issue_eligible_in_background", "issue_when_eligible", "render_certificate_pdfs"]


@task()
def issue_when_eligible(bootcamp_id: int, user_ids: list[int]) -> int:
    """Issue certificates to those of `user_ids` who are now eligible (automatic issuance).

    `issue_eligible` judges eligibility (once, in bulk) and who takes part."""
    if not CertificateRule.objects.filter(bootcamp_id=bootcamp_id, automatic=True).exists():
        return 0
    bootcamp = BootcampPage.objects.filter(pk=bootcamp_id).first()
    if bootcamp is None:
        return 0
    return len(services.issue_eligible(bootcamp=bootcamp, user_ids=user_ids).issued)


@task()
def issue_eligible_in_background(bootcamp_id: int, issued_by_id: int | None = None) -> int:
    """The organisers' "issue to all eligible" button, for big rosters."""
    bootcamp = BootcampPage.objects.get(pk=bootcamp_id)
    issued_by = get_user_model().objects.filter(pk=issued_by_id).first()
    return len(services.issue_eligible(bootcamp=bootcamp, issued_by=issued_by).issued)
