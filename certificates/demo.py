"""Demo state for the certificates app (called by load_demo after courses, assignments, attendance).

- the bootcamp's certificate rule, with issuer and signatories;
- certified@example.org holds an issued certificate (with an override reason if the demo
  facts of the other apps don't make them fully eligible — printed when that happens);
- another demo participant holds a revoked certificate;
- everyone else who is eligible is left without a certificate, for the organiser to issue.

Idempotent: existing certificates are kept as they are.
"""

from django.contrib.auth import get_user_model

from certificates import services
from certificates.eligibility import participant_eligibility
from certificates.models import Certificate, CertificateRule
from courses.models import BootcampPage, RosterMember

BOOTCAMP_SLUG = "chat-for-impact"
CERTIFIED = "certified@example.org"
# Contract accounts whose demo state other features rely on: never revoked here.
CONTRACT_ACCOUNTS = {
    "organiser@example.org", "trainer@example.org", "lead@example.org",
    "participant@example.org", "other@example.org", CERTIFIED, "applicant@example.org",
}
OVERRIDE_REASON = (
    "Demo: issued by the organisers although the demo data does not record every "
    "requirement for this participant."
)
REVOCATION_REASON = "Demo: issued to the wrong person; the enrolment was a duplicate."


def load(stdout) -> None:
    bootcamp = BootcampPage.objects.originals().filter(slug=BOOTCAMP_SLUG).first()
    if bootcamp is None:
        stdout.write("certificates: no bootcamp 'chat-for-impact' yet; skipped.")
        return
    rule, _ = CertificateRule.objects.get_or_create(
        bootcamp=bootcamp,
        defaults={
            "sessions": CertificateRule.Sessions.EACH_LIVE_DAY,
            # The demo organiser issues by hand ("Issue to all eligible"), so the eligible
            # participants the demo promises are still there to issue to.
            "automatic": False,
            "issuer_name": "Chat for Impact Bootcamp",
            "statement": "Two days of live online sessions on running chat helplines for NGOs.",
            "signatory_name": "Asha Organiser",
            "signatory_title": "Programme Director",
            "second_signatory_name": "Ravi Trainer",
            "second_signatory_title": "Lead Trainer",
            "organisation_certificates": True,
            # The demo's checks (quizzes.demo) count: the finished team passed them all.
            "require_knowledge_checks": True,
        },
    )
    organiser = get_user_model().objects.filter(email="organiser@example.org").first()
    roster = list(
        RosterMember.objects.active().filter(bootcamp=bootcamp)
        .select_related("user").order_by("user__email")
    )
    eligibility = participant_eligibility(
        bootcamp=bootcamp, user_ids=[entry.user_id for entry in roster], rule=rule
    )
    holders = set(
        Certificate.objects.filter(bootcamp=bootcamp, kind="participant")
        .values_list("user__email", flat=True)
    )

    certified = next((e for e in roster if e.user.email == CERTIFIED), None)
    if certified is None:
        stdout.write(f"certificates: {CERTIFIED} is not on the roster; no certificate issued.")
    elif CERTIFIED not in holders:
        if eligibility[certified.user_id].eligible:
            services.issue_certificate(bootcamp=bootcamp, user=certified.user)
        else:
            services.issue_with_override(bootcamp=bootcamp, user=certified.user,
                                         issued_by=organiser, reason=OVERRIDE_REASON)
            stdout.write(
                f"certificates: {CERTIFIED} issued with an override; still missing: "
                + "; ".join(eligibility[certified.user_id].missing)
            )

    others = [e for e in roster if e.user.email not in CONTRACT_ACCOUNTS]
    revoked = Certificate.objects.filter(bootcamp=bootcamp, revoked_at__isnull=False).exists()
    if not revoked and others:
        # The last by email, so the first ones stay available as "eligible, not issued".
        entry = others[-1]
        certificate = services.issue_with_override(
            bootcamp=bootcamp, user=entry.user, issued_by=organiser,
            reason="Demo: issued before the enrolment was checked.",
        )
        services.revoke(certificate=certificate, by=organiser, reason=REVOCATION_REASON)
        stdout.write(f"certificates: revoked demo certificate of {entry.user.email}.")

    holders = set(
        Certificate.objects.filter(bootcamp=bootcamp, kind="participant")
        .values_list("user_id", flat=True)
    )
    waiting = sum(
        1 for e in roster if eligibility[e.user_id].eligible and e.user_id not in holders
    )
    stdout.write(f"certificates: {waiting} participants eligible but not yet issued.")
