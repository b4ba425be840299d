"""A module's "WhatsApp chat" preview mode in the admin: bubbles with character counts, in
the page's language, for the page's editors only."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import ModulePage
from tests.courses.factories import build_bootcamp
from tests.factories import trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def bootcamp():
    return build_bootcamp()


@pytest.fixture
def bootcamp_trainer(bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save_revision().publish()
    return user


def _form(module, *, chat_text=""):
    return nested_form_data({
        "title": module.title, "slug": module.slug, "estimated_minutes": 10,
        "required": "on",
        "body": streamfield([
            ("paragraph", {"text": rich_text("<p>Ask for consent before the first "
                                             "message.</p>"), "chat_text": chat_text}),
            ("checklist", {"title": "Launch", "items": streamfield([("item", "Consent")]),
                           "chat_text": ""}),
        ]),
    })


def _preview(client, module, data):
    url = f"/cms/pages/{module.pk}/edit/preview/"
    posted = client.post(url, data)
    return posted, client.get(url, {"mode": "chat"})


def test_the_chat_preview_shows_the_unsaved_lesson_as_bubbles(client, bootcamp,
                                                               bootcamp_trainer):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    assert ("chat", "WhatsApp chat") in [(m, str(label)) for m, label in module.preview_modes]
    client.force_login(bootcamp_trainer)
    posted, response = _preview(client, module, _form(module))
    assert posted.json()["is_valid"] is True
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ask for consent before the first message." in html
    assert "*Launch*\n1. Consent" in html
    length = len("Ask for consent before the first message.")
    assert f"Message 1 · {length} of 4096 characters" in html
    assert not ModulePage.objects.get(pk=module.pk).body  # nothing was saved
    # The trainer's chat text replaces the generated one.
    _, shorter = _preview(client, module, _form(module, chat_text="Consent first!"))
    assert "Consent first!" in shorter.content.decode()
    assert "Ask for consent" not in shorter.content.decode()


def test_the_chat_preview_is_in_the_pages_language(client, bootcamp, bootcamp_trainer):
    from lms import page_languages

    module = ModulePage.objects.descendant_of(bootcamp).first()
    page_languages.save_translation(
        module, ModulePage(title="मॉड्यूल", body=[]), language="hi", user=bootcamp_trainer)
    hindi = ModulePage.objects.get(locale__language_code="hi",
                                   translation_key=module.translation_key)
    client.force_login(bootcamp_trainer)
    data = _form(hindi)
    data["body-0-value-text"] = rich_text("<p>पहले सहमति लें।</p>")
    data["body-1-value-items-0-value"] = "सहमति"
    _, response = _preview(client, hindi, data)
    html = response.content.decode()
    assert '<html lang="hi">' in html and "पहले सहमति लें।" in html


def test_a_trainer_of_another_bootcamp_cannot_preview(client, bootcamp):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    other_bootcamp = build_bootcamp(title="Other Bootcamp")
    outsider = trainer()
    other_bootcamp.trainers.add(outsider)
    other_bootcamp.save_revision().publish()
    client.force_login(outsider)
    posted, response = _preview(client, module, _form(module))
    # Wagtail's permission denial: back to the admin home, no preview rendered.
    for denied in (posted, response):
        assert denied.status_code == 302 and denied["Location"] == "/cms/"
    assert "Ask for consent" not in response.content.decode()
