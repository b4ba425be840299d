"""Open Badges 2.0 documents (hosted verification): Assertion, BadgeClass, Issuer profile.

https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html — every id is
the absolute URL the document is served at, on this site's origin (BASE_URL), which is what
hosted verification checks. The recipient is identified by a salted SHA-256 of the email, so
the public JSON reveals no address.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from certificates.eligibility import rule_for
from certificates.pdf import verification_url

CONTEXT = "https://w3id.org/openbadges/v2"


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def assertion_url(certificate) -> str:
    return absolute(reverse("certificates:badge_assertion", args=[certificate.code]))


def badge_class_url(bootcamp_id: int, kind: str) -> str:
    return absolute(reverse("certificates:badge_class", args=[bootcamp_id, kind]))


def issuer_url(bootcamp_id: int) -> str:
    return absolute(reverse("certificates:badge_issuer", args=[bootcamp_id]))


def _page_url(page) -> str:
    url = page.url or "/"
    return url if url.startswith("http") else absolute(url)


def assertion(certificate) -> dict:
    document = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(certificate),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": certificate.badge_salt,
            "identity": certificate.recipient_email_hash,
        },
        "badge": badge_class_url(certificate.bootcamp_id, certificate.kind),
        "verification": {"type": "hosted"},
        "issuedOn": certificate.issued_at.isoformat(),
        "evidence": verification_url(certificate),
        "narrative": "; ".join(certificate.completed_sentences()),
    }
    if certificate.revoked_at is not None:
        document["revoked"] = True
        # The organiser's reason is an internal note (it may name a person or a mistake):
        # the public document says only that the issuer revoked it.
        document["revocationReason"] = "Revoked by the issuer."
    return document


def badge_class(bootcamp, kind: str) -> dict:
    rule = rule_for(bootcamp)
    if kind == "organisation":
        name = _("%(bootcamp)s — organisation") % {"bootcamp": bootcamp.title}
    else:
        name = bootcamp.title
    criteria = rule.statement or _(
        "Completed the %(bootcamp)s bootcamp under its certificate rule."
    ) % {"bootcamp": bootcamp.title}
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_url(bootcamp.pk, kind),
        "name": name,
        "description": bootcamp.summary or criteria,
        "image": absolute(reverse("certificates:badge_image", args=[bootcamp.pk, kind])),
        "criteria": {"id": _page_url(bootcamp), "narrative": criteria},
        "issuer": issuer_url(bootcamp.pk),
    }


def issuer(bootcamp) -> dict:
    rule = rule_for(bootcamp)
    document = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(bootcamp.pk),
        "name": rule.issuer_name or "Bootcamp LMS",
        "url": rule.issuer_url or settings.BASE_URL + "/",
    }
    return document
