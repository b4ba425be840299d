"""The "certificates" progress source: each participant's eligibility and certificate.

Registered with courses.progress so the participant dashboard shows what is still missing,
or the issued certificate with its PDF and verification links. Constant queries per call.
"""

from dataclasses import dataclass

from certificates.eligibility import Eligibility, cached_rule_for, participant_eligibility
from certificates.models import Certificate


@dataclass(frozen=True)
class CertificateStatus:
    eligibility: Eligibility
    certificate: Certificate | None  # the valid one, else the latest revoked one

    @property
    def issued(self) -> bool:
        return self.certificate is not None and self.certificate.is_valid

    @property
    def shared_key(self) -> tuple:
        """Everything the dashboard's card shows (courses' shared_fragment tag): each
        missing line with the page it links, and the certificate's shown fields."""
        certificate = self.certificate
        return (
            tuple((str(line), getattr(line, "page_id", None))
                  for line in self.eligibility.missing),
            None if certificate is None else (
                certificate.pk, certificate.code, certificate.issued_at, certificate.is_valid,
                certificate.revocation_reason),
        )


def certificate_progress(*, bootcamp, user_ids, progress=None) -> dict[int, CertificateStatus]:
    """`progress`: see participant_eligibility (other sources' progress already computed)."""
    ids = list(user_ids)
    if not ids:
        return {}
    eligibility = participant_eligibility(bootcamp=bootcamp, user_ids=ids,
                                          rule=cached_rule_for(bootcamp), progress=progress)
    chosen: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(
        kind=Certificate.Kind.PARTICIPANT, bootcamp_id=bootcamp.pk, user_id__in_ids=ids
    ).order_by("issued_at"):
        current = chosen.get(certificate.user_id)
        if current is None or not current.is_valid:
            chosen[certificate.user_id] = certificate
    return {
        user_id: CertificateStatus(eligibility[user_id], chosen.get(user_id)) for user_id in ids
    }
