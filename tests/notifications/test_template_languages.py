"""An organiser's message templates per language (#19): a recipient gets the version in
their language, else the English one as written, else the default text in their language;
the approved WhatsApp template goes out in the version of the language the text is in."""

import pytest
from django.core import mail

from notifications.models import Kind, MessageTemplate
from notifications.rendering import render
from notifications.services import notify
from tests.courses.factories import build_bootcamp
from tests.factories import UserFactory
from tests.notifications.factories import whatsapp_only

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Asha", "bootcamp": "Chat for Impact", "session": "Day 1 morning",
           "join_url": "https://lms.example.org/s/1"}
KIND = Kind.SESSION_REMINDER_1H


@pytest.fixture
def bootcamp():
    return build_bootcamp()


def _template(bootcamp, language, subject, whatsapp_template_name=""):
    return MessageTemplate.objects.create(
        bootcamp=bootcamp, kind=KIND, language=language, subject=subject,
        body=f"{subject}\n\n$join_url", whatsapp_template_name=whatsapp_template_name)


def _render(bootcamp, language):
    return render(kind=KIND, context=CONTEXT, bootcamp_id=bootcamp.pk, language=language)


def test_each_recipient_gets_the_version_in_their_language(bootcamp):
    _template(bootcamp, "en", "Soon: $session")
    _template(bootcamp, "hi", "जल्द ही: $session")
    english, hindi = _render(bootcamp, "en"), _render(bootcamp, "hi")
    assert (english.subject, english.language) == ("Soon: Day 1 morning", "en")
    assert (hindi.subject, hindi.language) == ("जल्द ही: Day 1 morning", "hi")


def test_without_a_hindi_version_a_hindi_recipient_gets_the_english_one_as_written(bootcamp):
    _template(bootcamp, "en", "Soon: $session")
    hindi = _render(bootcamp, "hi")
    assert hindi.subject == "Soon: Day 1 morning"
    assert hindi.language == "en"
    # The footer is still in the recipient's language: only the organiser's words are as written.
    assert any("\u0900" <= char <= "\u097f" for char in hindi.text.split("\n--\n")[-1])


def test_a_hindi_version_alone_leaves_english_recipients_the_default_text(bootcamp):
    _template(bootcamp, "hi", "जल्द ही: $session")
    english = _render(bootcamp, "en")
    assert english.subject == "In one hour: Day 1 morning"
    assert english.language == "en"


def test_no_edited_text_gives_the_default_in_the_recipients_language(bootcamp):
    hindi = _render(bootcamp, "hi")
    assert hindi.language == "hi"
    assert any("\u0900" <= char <= "\u097f" for char in hindi.subject)


def test_finding_the_version_is_one_query(bootcamp, django_assert_num_queries):
    _template(bootcamp, "en", "Soon: $session")
    _template(bootcamp, "hi", "जल्द ही: $session")
    with django_assert_num_queries(1):
        _render(bootcamp, "hi")


def test_the_email_to_a_hindi_participant_is_the_hindi_version(
        bootcamp, django_capture_on_commit_callbacks):
    _template(bootcamp, "en", "Soon: $session")
    _template(bootcamp, "hi", "जल्द ही: $session")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=UserFactory(language="hi"), kind=KIND, dedupe_key="s1", context=CONTEXT,
               bootcamp=bootcamp)
        notify(user=UserFactory(language="en"), kind=KIND, dedupe_key="s1", context=CONTEXT,
               bootcamp=bootcamp)
    assert sorted(message.subject for message in mail.outbox) == [
        "Soon: Day 1 morning", "जल्द ही: Day 1 morning"]


# --- WhatsApp: the approved template's version ----------------------------------------------

def _sent_template(whatsapp_api, django_capture_on_commit_callbacks, *, language, bootcamp=None):
    user = whatsapp_only()
    user.language = language
    user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=KIND, dedupe_key="s1", context=CONTEXT, bootcamp=bootcamp)
    [request] = whatsapp_api.requests
    assert request["json"]["type"] == "template"
    return request["json"]["template"]


def test_a_hindi_recipient_gets_the_hindi_version_of_the_template(
        whatsapp_api, django_capture_on_commit_callbacks):
    template = _sent_template(whatsapp_api, django_capture_on_commit_callbacks, language="hi")
    assert template["name"] == KIND
    assert template["language"] == {"code": "hi"}


def test_an_english_recipient_gets_the_english_version(
        whatsapp_api, django_capture_on_commit_callbacks):
    template = _sent_template(whatsapp_api, django_capture_on_commit_callbacks, language="en")
    assert template["language"] == {"code": "en"}


def test_the_template_name_comes_from_the_version_in_the_recipients_language(
        bootcamp, whatsapp_api, django_capture_on_commit_callbacks):
    _template(bootcamp, "en", "Soon", whatsapp_template_name="soon_en")
    _template(bootcamp, "hi", "जल्द", whatsapp_template_name="jald_hi")
    template = _sent_template(whatsapp_api, django_capture_on_commit_callbacks, language="hi",
                              bootcamp=bootcamp)
    assert (template["name"], template["language"]["code"]) == ("jald_hi", "hi")


def test_falling_back_to_the_english_text_sends_the_english_template(
        bootcamp, whatsapp_api, django_capture_on_commit_callbacks):
    # The organiser's template may be approved in English only: asking WhatsApp for its
    # Hindi version would be refused.
    _template(bootcamp, "en", "Soon", whatsapp_template_name="soon_en")
    template = _sent_template(whatsapp_api, django_capture_on_commit_callbacks, language="hi",
                              bootcamp=bootcamp)
    assert (template["name"], template["language"]["code"]) == ("soon_en", "en")


def test_codes_come_from_the_mapping_with_the_default_for_other_languages(
        settings, whatsapp_api, django_capture_on_commit_callbacks):
    settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en_US"}
    settings.WHATSAPP_TEMPLATE_LANGUAGE = "en_GB"
    template = _sent_template(whatsapp_api, django_capture_on_commit_callbacks, language="hi")
    assert template["language"] == {"code": "en_GB"}
