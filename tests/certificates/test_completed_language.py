"""What was completed, in the certificate's language (#19): the facts are recorded at issue,
the words chosen when the certificate is printed or read; old English snapshots still print."""

import io

import pypdf
import pytest
from django.core.files.storage import storages
from django.utils import translation

from certificates import services
from certificates.completed import fact, sentences
from certificates.models import Certificate, CertificateRule
from certificates.pdf import render_certificate
from certificates.rendering import ensure_pdf
from courses.models import StagePage
from tests.certificates.factories import complete_modules
from tests.courses.factories import enrol, translate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ENGLISH = ("Attended all 5 live sessions", "Completed all 2 required modules",
           "Assignment “Helpline plan” accepted")


def _issue(bootcamp, facts, *, language="en"):
    _, (user,) = enrol(bootcamp, participants=1, lead=UserFactory(language=language))
    facts.complete(user)
    complete_modules(user, bootcamp)
    return services.issue_certificate(bootcamp=bootcamp, user=user, render=False)


def _lines(certificate) -> list[str]:
    with storages["private"].open(ensure_pdf(certificate), "rb") as handle:
        text = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    return [line.strip() for line in text.splitlines()]


def _set(rule, language):
    rule.language = language
    rule.save()


def test_the_certificate_records_facts_not_sentences(bootcamp, rule, facts):
    certificate = _issue(bootcamp, facts)
    certificate.refresh_from_db()
    keys = [item["key"] for item in certificate.completed]
    assert keys == ["sessions", "modules", "assignment"]
    assert certificate.completed[0]["count"] == 5
    assert certificate.completed[2] == {"key": "assignment", "title": "Helpline plan",
                                        "page_id": 1}
    assert certificate.completed_sentences() == list(ENGLISH)


def test_an_english_certificate_is_unchanged(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.ENGLISH)
    assert " · ".join(ENGLISH) in _lines(_issue(bootcamp, facts, language="hi"))


def test_a_hindi_certificate_says_what_was_completed_in_hindi(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.HINDI)
    text = "\n".join(_lines(_issue(bootcamp, facts)))
    for english in ENGLISH:
        assert english not in text
    # The counts and the title recorded at issue; shaped Devanagari extracts partly as
    # glyph ids, so only the letters that survive it are looked for.
    for words in ("सभी 5 लाइव", "सभी 2 ", "पूरे", "“Helpline plan”"):
        assert words in text, words


def test_a_bilingual_certificate_says_it_in_both(bootcamp, rule, facts):
    _set(rule, CertificateRule.Language.BILINGUAL)
    lines = _lines(_issue(bootcamp, facts))
    english = lines.index(" · ".join(ENGLISH))
    assert lines[english + 1].startswith("सभी 5 लाइव")
    assert "“Helpline plan”" in lines[english + 1]


def test_the_wording_follows_the_language_the_facts_do_not(bootcamp, rule, facts):
    certificate = _issue(bootcamp, facts)
    with translation.override("hi"):
        hindi = certificate.completed_sentences()
    assert hindi[0] == "सभी 5 लाइव सत्रों में उपस्थित रहे"
    assert hindi[1] == "सभी 2 ज़रूरी मॉड्यूल पूरे किए"
    assert hindi[2] == "असाइनमेंट “Helpline plan” स्वीकृत"


def test_page_titles_come_from_the_published_translation(bootcamp, rule, facts):
    stage = StagePage.objects.descendant_of(bootcamp).first()
    translate(stage, title="पहला लाइव दिन")
    certificate = _issue(bootcamp, facts)
    certificate.completed = [fact("present", title=stage.title, page_id=stage.pk)]
    certificate.save(update_fields=["completed"])
    _set(rule, CertificateRule.Language.BILINGUAL)
    lines = _lines(certificate)
    assert f"Present at {stage.title}" in lines
    assert any(line.startswith("पहला लाइव") for line in lines)  # the translated title
    with translation.override("hi"):
        assert certificate.completed_sentences(
            {stage.pk: "पहला लाइव दिन"}) == ["पहला लाइव दिन पर उपस्थित"]


def test_a_title_renamed_after_issue_keeps_the_recorded_one_in_english(bootcamp, facts):
    line = fact("assignment", title="Helpline plan", page_id=99)
    assert sentences([line]) == ["Assignment “Helpline plan” accepted"]


def test_an_old_english_snapshot_still_prints_as_it_was(bootcamp, rule, facts):
    certificate = _issue(bootcamp, facts)
    # As the data migration leaves a certificate issued before facts were recorded.
    old = ["Attended all 3 live sessions", "Completed the required module"]
    Certificate.objects.filter(pk=certificate.pk).update(
        completed=[{"key": "text", "text": line} for line in old])
    certificate.refresh_from_db()
    _set(rule, CertificateRule.Language.HINDI)
    assert " · ".join(old) in _lines(certificate)
    # A bare string (never migrated) prints too.
    certificate.completed = old
    text = pypdf.PdfReader(io.BytesIO(render_certificate(certificate))).pages[0].extract_text()
    assert " · ".join(old) in text


def test_more_than_six_lines_are_cut_short(bootcamp, rule, facts):
    certificate = _issue(bootcamp, facts)
    certificate.completed = [fact("present", title=f"Day {n}", page_id=None) for n in range(8)]
    text = pypdf.PdfReader(io.BytesIO(render_certificate(certificate))).pages[0].extract_text()
    assert "Present at Day 5 · …" in text and "Day 6" not in text


def test_the_verification_page_speaks_the_readers_language(client, bootcamp, rule, facts):
    certificate = _issue(bootcamp, facts)
    url = f"/certificates/verify/{certificate.code}/"
    assert "Completed all 2 required modules" in client.get(url).content.decode()
    client.cookies["django_language"] = "hi"
    page = client.get(url).content.decode()
    assert "सभी 2 ज़रूरी मॉड्यूल पूरे किए" in page
    assert "Completed all 2 required modules" not in page


def test_the_data_migration_keeps_old_sentences_and_goes_back(bootcamp, rule, facts):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("certificates.migrations.0005_completed_facts")
    certificate = _issue(bootcamp, facts)
    old = ["Attended all 3 live sessions", "Assignment “Plan” accepted"]
    Certificate.objects.filter(pk=certificate.pk).update(completed=old)
    migration.to_facts(apps, None)
    certificate.refresh_from_db()
    assert certificate.completed == [{"key": "text", "text": line} for line in old]
    assert certificate.completed_sentences() == old
    certificate.completed.append(fact("checks", count=2))
    certificate.save(update_fields=["completed"])
    with translation.override("hi"):
        migration.to_sentences(apps, None)
    certificate.refresh_from_db()
    assert certificate.completed == [*old, "Passed all 2 knowledge checks"]
