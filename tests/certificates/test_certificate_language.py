"""Certificates in Hindi or bilingual (#19): the organiser chooses per bootcamp; a bilingual
certificate carries each line in English and Hindi; the bootcamp's title comes from its
published translation; the Devanagari is set in its font and shaped."""

import io

import pypdf
import pytest
from django.core.files.storage import storages

from certificates import services
from certificates.models import CertificateRule, languages_for
from certificates.rendering import ensure_pdf
from tests.certificates.factories import complete_modules
from tests.certificates.test_pdf import embedded_fonts
from tests.courses.factories import enrol, translate
from tests.factories import UserFactory, organiser

pytestmark = pytest.mark.django_db
HINDI_TITLE = "चैट फ़ॉर इम्पैक्ट"


def _issue(bootcamp, facts, *, language="en"):
    _, (user,) = enrol(bootcamp, participants=1, lead=UserFactory(language=language))
    facts.complete(user)
    complete_modules(user, bootcamp)
    return services.issue_certificate(bootcamp=bootcamp, user=user, render=False)


def _text(certificate) -> str:
    with storages["private"].open(ensure_pdf(certificate), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return reader.pages[0].extract_text()


def _devanagari(text: str) -> bool:
    return any("\u0900" <= char <= "\u097f" for char in text)


def _set(rule, language):
    rule.language = language
    rule.save()


def test_by_default_the_participants_language(bootcamp, rule, facts):
    english = _issue(bootcamp, facts, language="en")
    hindi = _issue(bootcamp, facts, language="hi")
    assert languages_for(english, rule) == ["en"] and languages_for(hindi, rule) == ["hi"]
    assert "Certificate of Completion" in _text(english)
    text = _text(hindi)
    assert "Certificate of Completion" not in text and "This certifies that" not in text
    assert _devanagari(text)


def test_english_for_everyone_when_the_organiser_says_so(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.ENGLISH)
    text = _text(_issue(bootcamp, facts, language="hi"))
    assert "Certificate of Completion" in text and "This certifies that" in text
    assert not _devanagari(text.replace(HINDI_TITLE, ""))


def test_hindi_for_everyone_when_the_organiser_says_so(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.HINDI)
    text = _text(_issue(bootcamp, facts, language="en"))
    assert "This certifies that" not in text
    assert _devanagari(text)


def test_a_bilingual_certificate_has_every_line_in_both(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.BILINGUAL)
    certificate = _issue(bootcamp, facts, language="en")
    with storages["private"].open(ensure_pdf(certificate), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = reader.pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    # Each English line is followed by its Hindi one (a paragraph each, so the Latin
    # letters stay unshaped and searchable: no "Certiﬁcate" ligature).
    for english in ("Certificate of Completion", "This certifies that",
                    "has successfully completed"):
        assert _devanagari(lines[lines.index(english) + 1])
    assert "Verification code" in lines and "Issued" in text
    assert "समापन" in text and "2026 को जारी" in text
    assert {"NotoSans-Bold", "NotoSansDevanagari-Bold",
            "NotoSansDevanagari-Regular"} <= embedded_fonts(reader)
    assert len(reader.pages) == 1
    assert certificate.code in text


def test_the_bootcamp_title_comes_from_its_published_translation(bootcamp, rule, facts):
    translate(bootcamp, title=HINDI_TITLE)
    _set(rule, CertificateRule.Language.BILINGUAL)
    text = _text(_issue(bootcamp, facts))
    lines = [line.strip() for line in text.splitlines()]
    assert _devanagari(lines[lines.index("Chat for Impact") + 1])
    # Shaped Devanagari extracts partly as glyph ids; the title's bare letters survive.
    assert "चैट" in text or "फ़ॉर" in text or "इम्पैक्ट" in text


def test_an_untranslated_bootcamp_keeps_the_title_recorded_at_issue(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.HINDI)
    assert "Chat for Impact" in _text(_issue(bootcamp, facts))


def test_a_custom_title_is_printed_as_written(bootcamp, rule, facts):
    rule.certificate_title = "Digital Helpline Practitioner"
    _set(rule, CertificateRule.Language.BILINGUAL)
    text = _text(_issue(bootcamp, facts))
    assert "Digital Helpline Practitioner" in text
    assert "Digital Helpline Practitioner /" not in text  # said once, not twice


def test_the_organiser_chooses_the_language_on_the_rule(client, rule):
    client.force_login(organiser())
    url = f"/cms/snippets/certificates/certificaterule/edit/{rule.pk}/"
    page = client.get(url).content.decode()
    assert 'name="language"' in page and 'value="en+hi"' in page
    data = {
        "bootcamp": rule.bootcamp_id, "sessions": rule.sessions, "minimum_sessions": 0,
        "require_modules": "on", "require_assignments": "on", "automatic": "on",
        "organisation_require_assignments": "on", "organisation_require_each_live_day": "on",
        "organisation_require_follow_up": "on", "language": "en+hi",
        "certificate_title": rule.certificate_title, "issuer_name": rule.issuer_name,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.language == CertificateRule.Language.BILINGUAL
