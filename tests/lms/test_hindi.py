"""The Hindi translation: complete, placeholder-safe, compiled, and used on real pages."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.courses.factories import build_bootcamp, enrol

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# %(name)s / %(count)d, bare %s / %d, and {name} (str.format) placeholders; "%%" is a literal sign.
PLACEHOLDER = re.compile(r"%\([^)]+\)[a-zA-Z]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def _unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], body)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: dicts of msgctxt / msgid / msgid_plural / msgstr(/[n]) and flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, flags, key = {}, set(), None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += _unquote(line)
            else:
                key, _, literal = line.partition(" ")
                entry[key] = _unquote(literal)
        if entry:
            entry["flags"] = flags
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries():
    parsed = parse_po(PO)
    assert parsed[0]["msgid"] == ""  # the header
    return parsed


def test_header(entries):
    header = entries[0]["msgstr"]
    assert "Language: hi\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "Last-Translator: Bootcamp LMS team" in header
    assert "fuzzy" not in entries[0]["flags"]


def test_every_message_is_translated_and_not_fuzzy(entries):
    messages = entries[1:]
    assert len(messages) > 900
    def keys(entry):
        return ["msgstr[0]", "msgstr[1]"] if "msgid_plural" in entry else ["msgstr"]

    untranslated = [e["msgid"] for e in messages if not all(e.get(k, "").strip() for k in keys(e))]
    assert untranslated == []
    assert [e["msgid"] for e in messages if "fuzzy" in e["flags"]] == []
    # Hindi, not English copied over: nearly every translation has Devanagari in it.
    devanagari = re.compile("[\u0900-\u097f]")
    without = [e["msgid"] for e in messages if not devanagari.search(e.get(keys(e)[-1]))]
    assert len(without) <= 10, without


def test_placeholders_are_preserved(entries):
    wrong = []
    for e in entries[1:]:
        if "msgid_plural" in e:
            pairs = [(e["msgid"], e["msgstr[0]"]), (e["msgid_plural"], e["msgstr[1]"])]
        else:
            pairs = [(e["msgid"], e["msgstr"])]
        for source, translation in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append((source, translation))
            if source.count("%%") != translation.count("%%"):
                wrong.append((source, translation))
            for edge in (str.startswith, str.endswith):
                for char in (" ", "\n"):
                    if edge(source, char) != edge(translation, char):
                        wrong.append((source, translation))
    assert wrong == []


def test_compiled_catalogue_has_every_message(entries):
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.info()["language"] == "hi"
    for e in entries[1:]:
        if "msgctxt" in e:
            assert catalogue.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"]
        elif "msgid_plural" in e:
            assert catalogue.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr[0]"]
            assert catalogue.ngettext(e["msgid"], e["msgid_plural"], 5) == e["msgstr[1]"]
        else:
            assert catalogue.gettext(e["msgid"]) == e["msgstr"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_mo_is_up_to_date_with_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True, capture_output=True
    )
    with fresh.open("rb") as a, MO.open("rb") as b:
        expected, committed = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert committed._catalog == expected._catalog, "run: manage.py compilemessages -l hi"


@pytest.fixture
def participant(db):
    bootcamp = build_bootcamp()
    return enrol(bootcamp)[1][1]


@pytest.mark.django_db
def test_english_is_the_default(client, participant):
    client.force_login(participant)
    html = client.get("/dashboard/").content.decode()
    assert '<html lang="en">' in html
    assert "My dashboard" in html
    assert "0 of 2 required modules done" in html
    assert "मेरा डैशबोर्ड" not in html


@pytest.mark.django_db
def test_participant_who_picks_hindi_sees_hindi(client, participant):
    client.force_login(participant)
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/dashboard/"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    html = client.get("/dashboard/").content.decode()
    assert '<html lang="hi">' in html
    assert "<h1>मेरा डैशबोर्ड</h1>" in html
    assert "2 में से 0 ज़रूरी मॉड्यूल पूरे" in html
    assert "आपकी टीम" in html and "साइन आउट" in html
    assert "My dashboard" not in html
    assert "required modules done" not in html
    # The switcher still offers English, named in English.
    assert '<option value="en" lang="en">English</option>' in html

    # ... and can switch back.
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    assert "<h1>My dashboard</h1>" in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_accept_language_hindi(client, participant):
    client.force_login(participant)
    html = client.get("/dashboard/", headers={"accept-language": "hi"}).content.decode()
    assert "<h1>मेरा डैशबोर्ड</h1>" in html
    assert "My dashboard" not in html


@pytest.mark.django_db
def test_login_page_in_hindi(client):
    headers = {"accept-language": "hi-IN,hi;q=0.9,en;q=0.5"}
    html = client.get("/accounts/login/", headers=headers).content.decode()
    assert '<html lang="hi">' in html
    assert "खाता बनाएँ" in html
    # django-allauth ships no Hindi: its strings come from our catalogue
    # (listed in lms/third_party_strings.py).
    assert re.search(r"<h1>\s*साइन इन\s*</h1>", html)
    assert "पासवर्ड भूल गए?" in html and "मुझे याद रखें" in html
    assert "Forgot your password?" not in html and "Sign In" not in html


@pytest.mark.django_db
def test_sign_up_page_in_hindi(client):
    html = client.get("/accounts/signup/", headers={"accept-language": "hi"}).content.decode()
    assert "क्या आपका पहले से खाता है?" in html
    # Django's password rules, untranslated in Django's own Hindi
    assert "आपका पासवर्ड केवल अंकों का नहीं होना चाहिए।" in html
    assert "कम से कम 8 अक्षर होने चाहिए" in html
    assert "Your password" not in html and "Already have an account" not in html


def test_month_names_are_spelled_right_in_hindi():
    from datetime import date

    from django.utils import dateformat, translation

    with translation.override("hi"):
        assert dateformat.format(date(2026, 11, 29), "l j F Y") == "रविवार 29 नवंबर 2026"
        assert dateformat.format(date(2026, 12, 3), "D j F") == "गुरु 3 दिसंबर"
        assert dateformat.format(date(2026, 12, 13), "j M") == "13 दिस"


def test_same_english_word_different_meanings():
    from django.utils import translation

    with translation.override("hi"):
        assert translation.gettext("Applied") == "लागू किया गया"  # an attendance report import
        assert translation.pgettext("funnel step: organisations that applied", "Applied") == (
            "आवेदन किया"
        )
        assert translation.gettext("Apply") == "आवेदन करें"  # to a bootcamp
        assert translation.pgettext("apply the chosen action", "Apply") == "लागू करें"
