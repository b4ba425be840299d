"""Render a certificate's PDF once and keep it in private storage.

The stored name is random (not derived from the code or the person), and files are only
handed out by permission-checking views. A revoked certificate has no PDF to hand out.
"""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import translation
from django_tasks import task

from certificates.models import Certificate, CertificateRule, languages_for
from certificates.pdf import render_certificate
from courses.translations import translated_titles


def _rules(bootcamp_ids) -> dict[int, CertificateRule]:
    rules = CertificateRule.objects.filter(bootcamp_id__in=set(bootcamp_ids)).select_related(
        "logo", "signature", "second_signature"
    )
    return {rule.bootcamp_id: rule for rule in rules}


def ensure_pdf(certificate: Certificate, rule: CertificateRule | None = None) -> str:
    """The storage name of the certificate's PDF, rendering and storing it if needed.

    Concurrent callers may both render; only the first stored name is kept (a conditional
    UPDATE), and the loser's file is deleted, so the certificate points at one file.
    """
    storage = storages["private"]
    if certificate.pdf_name and storage.exists(certificate.pdf_name):
        return certificate.pdf_name
    if rule is None:
        rule = _rules([certificate.bootcamp_id]).get(certificate.bootcamp_id)
    # In the rule's language(s) — by default the participant's (an organisation's
    # certificate: the site's) —, fixed when rendered like the rest of the certificate;
    # HarfBuzz shapes the Devanagari (pdf.py).
    languages = languages_for(certificate, rule)
    titles = _page_titles(certificate, languages)
    bootcamp_titles = {language: pages[certificate.bootcamp_id]
                       for language, pages in titles.items() if certificate.bootcamp_id in pages}
    with translation.override(languages[0]):
        content = render_certificate(certificate, rule, languages=languages,
                                     bootcamp_titles=bootcamp_titles, page_titles=titles)
    name = storage.save(f"certificates/{secrets.token_hex(16)}.pdf", ContentFile(content))
    won = Certificate.objects.filter(
        pk=certificate.pk, pdf_name=certificate.pdf_name, revoked_at__isnull=True
    ).update(pdf_name=name)
    if not won:
        storage.delete(name)
        certificate.refresh_from_db(fields=["pdf_name", "revoked_at"])
        return certificate.pdf_name
    certificate.pdf_name = name
    return name


def _page_titles(certificate: Certificate, languages: list[str]) -> dict[str, dict[int, str]]:
    """{language: {page id: published translated title}} of the bootcamp and its pages
    (modules, assignments, stages) for the certificate's languages; the source language
    keeps the titles recorded at issue."""
    bootcamp = certificate.bootcamp
    return {language: translated_titles(bootcamp=bootcamp, language=language)
            for language in languages}


def render_missing(certificate_ids: list[int]) -> int:
    """Render the PDFs of valid certificates among `certificate_ids` that have none yet."""
    certificates = list(
        Certificate.objects.valid()
        .filter(pk__in=certificate_ids, pdf_name="")
        .select_related("bootcamp")
    )
    rules = _rules(c.bootcamp_id for c in certificates)
    for certificate in certificates:
        ensure_pdf(certificate, rules.get(certificate.bootcamp_id))
    return len(certificates)


@task()
def render_certificate_pdfs(certificate_ids: list[int]) -> int:
    """Render and store the PDFs of these certificates (skips those already rendered), in
    the background; beside the rendering it runs, so services import it without a circle."""
    return render_missing(certificate_ids)
