"""Writes for certificates: issue, bulk issue, override, revoke, reinstate, correct a name.

All idempotent and safe under concurrency: the partial unique constraints on Certificate
(one valid certificate per participant / organisation per bootcamp) are the last word, and
an IntegrityError from a concurrent issuer means "someone else issued it" — we return theirs.
Once revoked, a certificate is not issued again automatically: only reinstating brings it back.
Each newly issued certificate sends `certificates.signals.certificate_issued` (the
notifications app tells the holder, with the verify link).
"""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.completed import as_fact
from certificates.eligibility import (
    Eligibility,
    organisation_eligibility,
    participant_eligibility,
    rule_for,
)
from certificates.models import Certificate, CertificateEvent
from certificates.rendering import render_certificate_pdfs
from certificates.signals import certificate_issued
from courses.models import BootcampPage, Enrollment, RosterMember


class CertificateError(Exception):
    """A certificate action that cannot be done; the message says why, for people."""


class NotEligible(CertificateError):
    def __init__(self, eligibility: Eligibility):
        self.eligibility = eligibility
        super().__init__(
            _("Not eligible yet: %(missing)s") % {"missing": "; ".join(eligibility.missing)}
        )


@dataclass
class BulkResult:
    issued: list[Certificate] = field(default_factory=list)
    already_issued: int = 0
    revoked: int = 0
    not_eligible: int = 0


def _now():
    return timezone.now()


def _roster_entry(*, bootcamp: BootcampPage, user) -> RosterMember:
    entry = (
        RosterMember.objects.active().select_related("enrollment__organisation")
        .filter(bootcamp_id=bootcamp.pk, user_id=user.pk)
        .first()
    )
    if entry is None:
        raise CertificateError(
            _("%(user)s is not on the roster of %(bootcamp)s.")
            % {"user": user, "bootcamp": bootcamp.title}
        )
    return entry


def _badge_identity(email: str) -> tuple[str, str]:
    salt = secrets.token_hex(16)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return salt, f"sha256${digest}"


def _existing(*, kind: str, bootcamp: BootcampPage, user=None, organisation=None):
    """The valid certificate if any, else the latest revoked one, else None."""
    queryset = Certificate.objects.filter(kind=kind, bootcamp_id=bootcamp.pk)
    if kind == Certificate.Kind.PARTICIPANT:
        queryset = queryset.filter(user_id=user.pk)
    else:
        queryset = queryset.filter(organisation_id=organisation.pk)
    valid = queryset.filter(revoked_at__isnull=True).first()
    return valid or queryset.order_by("-revoked_at").first()


def _create(certificate: Certificate, *, issued_by, reason: str, render: bool) -> Certificate:
    """Insert in a savepoint; on a concurrent duplicate return the certificate that won."""
    try:
        with transaction.atomic():
            certificate.save()
            CertificateEvent.objects.create(
                certificate=certificate, action=CertificateEvent.Action.ISSUED,
                at=certificate.issued_at, by=issued_by, reason=reason,
            )
    except IntegrityError:
        winner = Certificate.objects.filter(
            kind=certificate.kind, bootcamp_id=certificate.bootcamp_id,
            user_id=certificate.user_id, organisation_id=certificate.organisation_id,
            revoked_at__isnull=True,
        ).first()
        if winner is None:  # not the uniqueness race (e.g. a code collision): don't hide it
            raise
        return winner
    # Outside the savepoint: a receiver's error must not pass for the uniqueness race.
    certificate_issued.send(sender=Certificate, certificate=certificate)
    if render:
        _render_on_commit([certificate.pk])
    return certificate


def _render_on_commit(certificate_ids: list[int]) -> None:
    transaction.on_commit(lambda: render_certificate_pdfs.enqueue(certificate_ids))


def _issue(
    *, kind: str, bootcamp: BootcampPage, user=None, organisation=None, issued_by=None,
    override_reason: str = "", eligibility: Eligibility | None = None, render: bool = True,
) -> Certificate:
    """Issue one certificate of `kind` (idempotent): the valid one if it exists, refused
    when it was revoked (reinstate it), refused for someone not taking part, and checked
    against the rule unless an override reason is given."""
    override_reason = override_reason.strip()
    participant = kind == Certificate.Kind.PARTICIPANT
    with transaction.atomic():
        existing = _existing(kind=kind, bootcamp=bootcamp, user=user, organisation=organisation)
        if existing is not None and existing.is_valid:
            return existing
        if existing is not None:
            raise CertificateError(
                _("%(name)s's certificate was revoked; reinstate it instead of issuing a new one.")
                % {"name": existing.recipient_name}
            )
        if participant:
            entry = _roster_entry(bootcamp=bootcamp, user=user)
            organisation = entry.enrollment.organisation
            if eligibility is None:
                eligibility = participant_eligibility(
                    bootcamp=bootcamp, user_ids=[user.pk])[user.pk]
        else:
            if not Enrollment.objects.filter(bootcamp_id=bootcamp.pk, organisation=organisation,
                                             status=Enrollment.Status.ACTIVE).exists():
                raise CertificateError(
                    _("%(organisation)s is not enrolled in %(bootcamp)s.")
                    % {"organisation": organisation, "bootcamp": bootcamp.title}
                )
            if eligibility is None:
                eligibility = organisation_eligibility(
                    bootcamp=bootcamp, organisation_ids=[organisation.pk]
                )[organisation.pk]
        if not eligibility.eligible and not override_reason:
            raise NotEligible(eligibility)
        email = user.email if participant else organisation.contact_email
        salt, hashed = _badge_identity(email) if email else ("", "")
        certificate = Certificate(
            kind=kind,
            bootcamp=bootcamp,
            user=user if participant else None,
            organisation=None if participant else organisation,
            recipient_name=(user.get_full_name() or user.email.split("@")[0]) if participant
            else organisation.name,
            organisation_name=organisation.name,
            bootcamp_title=bootcamp.title,
            start_date=bootcamp.start_date,
            end_date=bootcamp.end_date,
            completed=[as_fact(line) for line in eligibility.completed],
            badge_salt=salt,
            recipient_email_hash=hashed,
            issued_at=_now(),
            issued_by=issued_by,
            override_reason=override_reason,
        )
        return _create(certificate, issued_by=issued_by, reason=override_reason, render=render)


def issue_certificate(
    *, bootcamp: BootcampPage, user, issued_by=None, override_reason: str = "",
    eligibility: Eligibility | None = None, render: bool = True,
) -> Certificate:
    """Issue `user`'s participant certificate for `bootcamp` (idempotent, see `_issue`)."""
    return _issue(kind=Certificate.Kind.PARTICIPANT, bootcamp=bootcamp, user=user,
                  issued_by=issued_by, override_reason=override_reason,
                  eligibility=eligibility, render=render)


def issue_with_override(*, bootcamp: BootcampPage, user, issued_by, reason: str) -> Certificate:
    """Issue a certificate to someone who does not (yet) meet the rule; the reason is kept."""
    if not reason.strip():
        raise CertificateError(_("Give a reason for issuing without meeting the rule."))
    return issue_certificate(
        bootcamp=bootcamp, user=user, issued_by=issued_by, override_reason=reason
    )


def issue_organisation_certificate(
    *, bootcamp: BootcampPage, organisation, issued_by=None, override_reason: str = "",
    eligibility: Eligibility | None = None, render: bool = True,
) -> Certificate:
    """Issue an organisation's certificate for `bootcamp` (idempotent, see `_issue`)."""
    return _issue(kind=Certificate.Kind.ORGANISATION, bootcamp=bootcamp,
                  organisation=organisation, issued_by=issued_by,
                  override_reason=override_reason, eligibility=eligibility, render=render)


@dataclass
class BulkPlan:
    """What "issue to everyone eligible" would do, before anything is written."""

    to_issue: list[RosterMember] = field(default_factory=list)
    eligibility: dict[int, Eligibility] = field(default_factory=dict)
    organisations_to_issue: list[Enrollment] = field(default_factory=list)
    organisation_eligibility: dict[int, Eligibility] = field(default_factory=dict)
    already_issued: int = 0
    revoked: int = 0
    not_eligible: int = 0

    @property
    def count(self) -> int:
        return len(self.to_issue) + len(self.organisations_to_issue)


def plan_bulk_issue(
    *, bootcamp: BootcampPage, user_ids: list[int] | None = None
) -> BulkPlan:
    """Who would get a certificate from a bulk issue now (read only; the confirmation page
    shows it and `issue_eligible` carries it out): eligible roster members without any
    certificate. A revoked certificate is never re-issued automatically."""
    plan = BulkPlan()
    roster = RosterMember.objects.active().filter(bootcamp_id=bootcamp.pk)
    if user_ids is not None:
        roster = roster.filter(user_id__in=user_ids)
    entries = list(roster.select_related("user", "enrollment__organisation").order_by(
        "enrollment__organisation__name", "user__last_name", "user__email"))
    ids = [entry.user_id for entry in entries]
    rule = rule_for(bootcamp)
    plan.eligibility = participant_eligibility(bootcamp=bootcamp, user_ids=ids, rule=rule)
    holders = set(
        Certificate.objects.filter(
            kind=Certificate.Kind.PARTICIPANT, bootcamp_id=bootcamp.pk, user_id__in=ids
        ).values_list("user_id", flat=True)
    )
    valid_holders = set(
        Certificate.objects.valid()
        .filter(kind=Certificate.Kind.PARTICIPANT, bootcamp_id=bootcamp.pk, user_id__in=ids)
        .values_list("user_id", flat=True)
    )
    for entry in entries:
        if entry.user_id in valid_holders:
            plan.already_issued += 1
        elif entry.user_id in holders:
            plan.revoked += 1
        elif not plan.eligibility[entry.user_id].eligible:
            plan.not_eligible += 1
        else:
            plan.to_issue.append(entry)
    if rule.organisation_certificates and user_ids is None:
        _plan_organisations(bootcamp=bootcamp, plan=plan)
    return plan


def _plan_organisations(*, bootcamp: BootcampPage, plan: BulkPlan) -> None:
    enrollments = list(
        Enrollment.objects.filter(bootcamp_id=bootcamp.pk, status=Enrollment.Status.ACTIVE)
        .select_related("organisation").order_by("organisation__name")
    )
    org_ids = [enrollment.organisation_id for enrollment in enrollments]
    plan.organisation_eligibility = organisation_eligibility(
        bootcamp=bootcamp, organisation_ids=org_ids)
    holders = set(
        Certificate.objects.filter(
            kind=Certificate.Kind.ORGANISATION, bootcamp_id=bootcamp.pk,
            organisation_id__in=org_ids,
        ).values_list("organisation_id", flat=True)
    )
    plan.organisations_to_issue = [
        enrollment for enrollment in enrollments
        if enrollment.organisation_id not in holders
        and plan.organisation_eligibility[enrollment.organisation_id].eligible
    ]


def issue_eligible(
    *, bootcamp: BootcampPage, issued_by=None, user_ids: list[int] | None = None,
    render: bool = True,
) -> BulkResult:
    """Issue certificates to every eligible participant (or `user_ids`) without one.

    Also issues organisation certificates when the bootcamp's rule asks for them. Eligibility
    is computed in bulk; PDFs are rendered afterwards by one background task.
    """
    plan = plan_bulk_issue(bootcamp=bootcamp, user_ids=user_ids)
    result = BulkResult(already_issued=plan.already_issued, revoked=plan.revoked,
                        not_eligible=plan.not_eligible)
    for entry in plan.to_issue:
        result.issued.append(
            issue_certificate(
                bootcamp=bootcamp, user=entry.user, issued_by=issued_by,
                eligibility=plan.eligibility[entry.user_id], render=False,
            )
        )
    for enrollment in plan.organisations_to_issue:
        result.issued.append(
            issue_organisation_certificate(
                bootcamp=bootcamp, organisation=enrollment.organisation, issued_by=issued_by,
                eligibility=plan.organisation_eligibility[enrollment.organisation_id],
                render=False,
            )
        )
    if render and result.issued:
        _render_on_commit([certificate.pk for certificate in result.issued])
    return result


def _withdraw_pdf(certificate: Certificate) -> None:
    """Delete the cached PDF (after commit: a rolled-back revocation must keep its file)."""
    name = certificate.pdf_name
    certificate.pdf_name = ""
    if name:
        transaction.on_commit(lambda: storages["private"].delete(name))


def revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate: the verify page says REVOKED with date and reason, the PDF goes."""
    if not reason.strip():
        raise CertificateError(_("Give a reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not certificate.is_valid:
            return certificate
        certificate.revoked_at = _now()
        certificate.revocation_reason = reason.strip()
        certificate.revoked_by = by
        _withdraw_pdf(certificate)
        certificate.save()
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.Action.REVOKED,
            at=certificate.revoked_at, by=by, reason=certificate.revocation_reason,
        )
    return certificate


def reinstate(*, certificate: Certificate, by, reason: str = "") -> Certificate:
    """Make a revoked certificate valid again (same code); refused if another one is valid."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_valid:
            return certificate
        revoked_at, revocation_reason = certificate.revoked_at, certificate.revocation_reason
        certificate.revoked_at = None
        certificate.revocation_reason = ""
        certificate.revoked_by = None
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError as error:
            raise CertificateError(
                _("Another valid certificate exists for %(name)s in this bootcamp.")
                % {"name": certificate.recipient_name}
            ) from error
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.Action.REINSTATED, at=_now(),
            by=by, reason=reason.strip(),
            old_value=f"{revoked_at:%Y-%m-%d}: {revocation_reason}"[:300],
        )
        _render_on_commit([certificate.pk])
    return certificate


def correct_name(*, certificate: Certificate, by, name: str, reason: str = "") -> Certificate:
    """Reissue the certificate under a corrected name: same code, change recorded, new PDF."""
    name = " ".join(name.split())
    if not name:
        raise CertificateError(_("Enter the corrected name."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.recipient_name == name:
            return certificate
        old = certificate.recipient_name
        certificate.recipient_name = name
        _withdraw_pdf(certificate)
        certificate.save()
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.Action.NAME_CORRECTED, at=_now(),
            by=by, reason=reason.strip(), old_value=old[:300], new_value=name[:300],
        )
        if certificate.is_valid:
            _render_on_commit([certificate.pk])
    return certificate
