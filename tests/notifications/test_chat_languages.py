"""A module taken by WhatsApp in the participant's language (#19): the published
translation's parts, check and titles, else the source with the note; records on the source."""

import json

import pytest
from django.urls import reverse

from courses import progress
from courses.models import ModuleCompletion
from notifications.models import ChatConversation
from quizzes.models import Attempt
from tests.courses.factories import translate
from tests.notifications.conftest import text_of
from tests.quizzes.factories import post_data

pytestmark = pytest.mark.django_db

HINDI = {
    "<p>Lesson</p>": "<p>हिंदी पाठ</p>",
    "Check your understanding": "अपनी समझ जाँचें",
    "Before the first message, you need the person's…": "पहले संदेश से पहले आपको व्यक्ति की…",
    "opt-in consent": "ऑप्ट-इन सहमति",
    "phone number only": "केवल फ़ोन नंबर",
    "surname": "उपनाम",
    "Right: consent comes first.": "सही: सहमति पहले आती है।",
    "A number is not consent.": "नंबर सहमति नहीं है।",
    "WhatsApp requires opt-in before you message someone.":
        "किसी को संदेश भेजने से पहले WhatsApp ऑप्ट-इन माँगता है।",
}
NOTE = "यह पेज अभी आपकी भाषा में अनुवादित नहीं है"
# Over one WhatsApp message: the Hindi lesson is sent in two parts, the English in one.
LONG_HINDI = "<p>" + "सहमति के बिना संदेश न भेजें। " * 200 + "</p>"


def _translated(value, strings):
    if isinstance(value, str):
        return strings.get(value, value)
    if isinstance(value, list):
        return [_translated(item, strings) for item in value]
    if isinstance(value, dict):
        return {key: (item if key in ("type", "id") else _translated(item, strings))
                for key, item in value.items()}
    return value


def translate_lesson(module, **strings):
    """The module translated into Hindi segment for segment (same blocks, same ids)."""
    body = _translated(json.loads(json.dumps(list(module.body.raw_data))), HINDI | strings)
    return translate(module, title="सहमति का पाठ", body=body)


def speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])


def test_a_hindi_participant_takes_the_translation(lesson, say):
    user, module = lesson
    translate_lesson(module)
    speaks(user, "hi")
    first = text_of(say("NEXT"))
    assert "सहमति का पाठ" in first and "हिंदी पाठ" in first
    assert "Lesson" not in first and NOTE not in first
    question = text_of(say("NEXT"))
    assert "अपनी समझ जाँचें" in question and "1. ऑप्ट-इन सहमति" in question
    assert "opt-in consent" not in question
    wrong = text_of(say("2"))
    assert "नंबर सहमति नहीं है।" in wrong and "किसी को संदेश भेजने से पहले" in wrong
    text_of(say("NEXT"))
    right = text_of(say("1"))
    assert "सहमति का पाठ" in right  # "you passed: <module> is complete", its Hindi title
    # Scored against, and recorded as, what was asked; on the source module.
    attempts = list(Attempt.objects.filter(user=user))
    assert [(a.module_id, a.passed) for a in attempts] == [(module.pk, False), (module.pk, True)]
    assert attempts[1].questions["questions"][0]["text"] == "पहले संदेश से पहले आपको व्यक्ति की…"


def test_an_english_participant_takes_the_source(lesson, say):
    user, module = lesson
    translate_lesson(module)
    first = text_of(say("NEXT"))
    assert module.title in first and "Lesson" in first and "हिंदी" not in first
    assert "1. opt-in consent" in text_of(say("NEXT"))
    text_of(say("1"))
    assert Attempt.objects.get(user=user).questions["questions"][0]["text"].startswith("Before")


def test_an_untranslated_module_falls_back_with_the_note(lesson, say):
    user, module = lesson
    speaks(user, "hi")
    first = text_of(say("NEXT"))
    assert first.startswith(NOTE) and "Lesson" in first and module.title in first
    question = text_of(say("NEXT"))  # the note once per module, not on every part
    assert NOTE not in question and "1. opt-in consent" in question


def test_a_draft_translation_is_not_sent(lesson, say):
    user, module = lesson
    body = _translated(json.loads(json.dumps(list(module.body.raw_data))), HINDI)
    translate(module, title="मसौदा", body=body, publish=False)
    speaks(user, "hi")
    first = text_of(say("NEXT"))
    assert "मसौदा" not in first and NOTE in first


def test_completing_the_hindi_version_by_chat_completes_the_module_once(lesson, say, client):
    user, module = lesson
    translate_lesson(module)
    speaks(user, "hi")
    say("NEXT"), say("NEXT"), say("1")
    speaks(user, "en")
    client.force_login(user)
    client.post(reverse("courses:complete_module", args=[module.pk]))
    assert list(ModuleCompletion.objects.filter(user=user).values_list(
        "module_id", flat=True)) == [module.pk]
    bootcamp = module.get_bootcamp()
    mine = progress.participant_progress(bootcamp=bootcamp, user_ids=[user.pk])[user.pk]
    assert mine.done == 1
    assert "सहमति का पाठ" not in text_of(say("NEXT"))  # English, and on to the next module


def test_switching_to_a_language_with_fewer_parts_mid_module(lesson, say):
    user, module = lesson
    translate_lesson(module, **{"<p>Lesson</p>": LONG_HINDI})
    speaks(user, "hi")
    assert "सहमति के बिना" in text_of(say("NEXT"))
    assert "सहमति के बिना" in text_of(say("NEXT"))  # part 2 of 3; English has 2 in all
    assert ChatConversation.objects.get(user=user).part == 2
    speaks(user, "en")
    menu = text_of(say("MENU"))
    assert "part 2 of 2" in menu
    # Past the English lesson, check not passed: the check comes, not a dead end.
    question = text_of(say("NEXT"))
    assert "Question 1 of 1" in question and "1. opt-in consent" in question
    assert "You passed" in text_of(say("1"))
    assert ModuleCompletion.objects.filter(user=user, module=module).count() == 1


def test_switching_to_a_language_with_more_parts_goes_on(lesson, say):
    user, module = lesson
    translate_lesson(module, **{"<p>Lesson</p>": LONG_HINDI})
    say("NEXT")  # English part 1 of 2
    speaks(user, "hi")
    second = text_of(say("NEXT"))  # Hindi part 2 of 3: the rest of the lesson
    assert "सहमति के बिना" in second
    assert "अपनी समझ जाँचें" in text_of(say("NEXT"))


def test_switching_language_mid_check_scores_what_was_asked(lesson, say):
    user, module = lesson
    translate_lesson(module)
    speaks(user, "hi")
    say("NEXT")
    assert "ऑप्ट-इन सहमति" in text_of(say("NEXT"))
    speaks(user, "en")
    assert "Right!" in text_of(say("1"))
    attempt = Attempt.objects.get(user=user)
    assert attempt.passed and attempt.module_id == module.pk
    assert attempt.questions["questions"][0]["options"][0]["text"] == "ऑप्ट-इन सहमति"


# --- the same rule on the web form (quizzes.views) ---------------------------------------

def test_the_web_check_in_hindi_is_asked_scored_and_recorded_in_hindi(lesson, client):
    user, module = lesson
    translate_lesson(module)
    client.force_login(user)
    english = client.get(module.url).content.decode()  # fills the shared check cache
    assert "opt-in consent" in english
    speaks(user, "hi")
    client.cookies["django_language"] = "hi"
    hindi = client.get(module.url).content.decode()
    assert "ऑप्ट-इन सहमति" in hindi and "opt-in consent" not in hindi
    client.post(reverse("quizzes:submit", args=[module.pk]), post_data({"q-consent": [0]}))
    attempt = Attempt.objects.get(user=user)
    assert attempt.passed and attempt.module_id == module.pk
    assert attempt.questions["questions"][0]["text"] == "पहले संदेश से पहले आपको व्यक्ति की…"


def test_a_translations_id_is_not_an_attempt(lesson, client):
    user, module = lesson
    translated = translate_lesson(module)
    client.force_login(user)
    response = client.post(reverse("quizzes:submit", args=[translated.pk]),
                           post_data({"q-consent": [0]}))
    assert response.status_code == 404
    assert not Attempt.objects.exists()


def test_the_next_session_is_dated_in_the_bootcamps_zone_and_the_readers_language(lesson,
                                                                                  say):
    from django.utils import translation
    from django.utils.formats import date_format

    from courses.models import LiveSessionPage

    user, module = lesson
    bootcamp = module.get_bootcamp()
    bootcamp.time_zone = "Europe/London"
    bootcamp.save_revision().publish()
    speaks(user, "hi")
    session = (LiveSessionPage.objects.descendant_of(bootcamp).live()
               .order_by("starts_at").first())
    local = session.starts_at.astimezone(bootcamp.tz)
    reply = text_of(say("SESSIONS"))
    with translation.override("hi"):
        assert date_format(local, "j F Y, H:i") in reply
    assert "(Europe/London)" in reply and "IST" not in reply
