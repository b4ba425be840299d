"""The chat version of a module: every block type as WhatsApp messages, within the limits."""

import json
import uuid

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from courses.models import ModulePage
from notifications.chat_lessons import TEXT_LIMIT, module_messages, split_text
from tests.courses.factories import build_bootcamp

pytestmark = pytest.mark.django_db


def _block(kind, value):
    return {"type": kind, "id": str(uuid.uuid4()), "value": value}


def _module_with(*blocks) -> ModulePage:
    bootcamp = build_bootcamp()
    module = ModulePage.objects.descendant_of(bootcamp).order_by("path").first()
    module.body = json.dumps(list(blocks))
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def test_short_text_is_one_message():
    assert split_text("Hello there.") == ["Hello there."]
    assert split_text("   ") == []


def test_long_text_splits_at_paragraphs_then_sentences():
    paragraph = "A sentence of the lesson. " * 100  # 2,600 characters
    messages = split_text(f"{paragraph}\n\n{paragraph}")
    assert len(messages) == 2
    assert all(len(m) <= TEXT_LIMIT for m in messages)
    long_paragraph = "One sentence here. " * 400  # 7,600 characters, one paragraph
    messages = split_text(long_paragraph)
    assert len(messages) == 2 and all(len(m) <= TEXT_LIMIT for m in messages)
    assert all(m.endswith(".") for m in messages)  # cut between sentences
    assert " ".join(messages) == long_paragraph.strip()


def test_devanagari_splits_at_the_danda_and_never_inside_a_letter():
    sentence = "व्हाट्सऐप हेल्पलाइन पर सहमति ज़रूरी है। "
    text = sentence * 300
    messages = split_text(text)
    assert len(messages) >= 3 and all(len(m) <= TEXT_LIMIT for m in messages)
    assert all(m.endswith("।") for m in messages)
    # One unbreakable run of conjuncts: cut by characters, but never before a vowel sign
    # or virama (it would start the next message with a detached mark).
    word = "क्षत्रि" * 1500
    chunks = split_text(word, limit=100)
    assert "".join(chunks) == word
    assert all(len(c) <= 100 for c in chunks)
    assert all(c[0] not in "्ि" for c in chunks)


def test_every_block_type_becomes_messages():
    document = get_document_model().objects.create(title="Consent form template",
                                       file=ContentFile(b"%PDF-1.4", name="consent.pdf"))
    module = _module_with(
        _block("heading", {"text": "Opt-in", "level": "h2"}),
        _block("paragraph", '<p>Ask <b>first</b>. See <a href="https://example.org/x">the '
                            'guide</a>.</p><ul><li>one</li><li>two</li></ul>'),
        _block("checklist", {"title": "Before launch", "items": ["Consent", "Template"]}),
        _block("key_takeaway", {"text": "<p>Consent comes first.</p>"}),
        _block("video", {"video": "https://www.youtube.com/watch?v=abc", "title": "Demo",
                         "transcript": "We show the opt-in flow."}),
        _block("resource", {"document": document.pk, "title": "", "description": "Print it"}),
    )
    parts = module_messages(module)
    bodies = [part.body for part in parts]
    assert bodies[0] == "*Opt-in*"
    assert bodies[1] == "Ask *first*. See the guide (https://example.org/x).\n\n• one\n• two"
    assert bodies[2] == "*Before launch*\n1. Consent\n2. Template"
    assert bodies[3] == "Key takeaway: Consent comes first."
    assert bodies[4] == ("*Demo*\nVideo: https://www.youtube.com/watch?v=abc\n\n"
                         "We show the opt-in flow.")
    document_part = parts[5]
    assert document_part.body == "Consent form template\nPrint it"
    assert document_part.document_url.startswith("http") and document_part.filename
    assert all(len(body) <= TEXT_LIMIT for body in bodies)


def test_a_long_paragraph_block_becomes_several_messages():
    module = _module_with(_block("paragraph", "<p>" + "सहमति पहले। " * 800 + "</p>"))
    parts = module_messages(module)
    assert len(parts) >= 3
    assert all(len(part.body) <= TEXT_LIMIT for part in parts)


def test_the_remaining_block_types_become_messages():
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Flow", file=get_test_image_file())
    document = get_document_model().objects.create(title="Checklist PDF",
                                                   file=ContentFile(b"%PDF", name="c.pdf"))
    module = _module_with(
        _block("callout", {"kind": "tip", "title": "Tip", "text": "<p>Keep it short.</p>"}),
        _block("embed", "https://www.youtube.com/watch?v=xyz"),
        _block("image", {"image": image.pk, "alt_text": "The opt-in flow", "caption": ""}),
        _block("document", {"document": document.pk, "title": "Download the checklist"}),
        _block("knowledge_check", {"title": "Check", "intro": "Three questions.",
                                   "questions": []}),
    )
    parts = module_messages(module)
    assert [part.body for part in parts[:3]] == [
        "*Tip*\nKeep it short.", "https://www.youtube.com/watch?v=xyz", "The opt-in flow"]
    assert parts[3].body == "Download the checklist" and parts[3].filename == document.filename
    assert parts[4].knowledge_check and parts[4].body == "*Check*\nThree questions."


def test_a_trainers_chat_text_replaces_the_generated_text():
    module = _module_with(
        _block("paragraph", {"text": "<p>" + "A long explanation. " * 50 + "</p>",
                             "chat_text": "Short: ask first."}),
        _block("key_takeaway", {"text": "<p>Consent.</p>", "chat_text": "सहमति पहले।"}),
        _block("checklist", {"title": "T", "items": ["a", "b"],
                             "chat_text": "Do a, then b."}),
        _block("video", {"video": "https://www.youtube.com/watch?v=abc", "title": "Demo",
                         "transcript": "Long transcript.",
                         "chat_text": "Watch: https://youtu.be/abc"}),
        _block("paragraph", {"text": "<p>Generated.</p>", "chat_text": "   "}),  # blank: unset
    )
    assert [part.body for part in module_messages(module)] == [
        "Short: ask first.", "सहमति पहले।", "Do a, then b.", "Watch: https://youtu.be/abc",
        "Generated."]


def test_a_devanagari_chat_text_at_the_limit_is_one_message():
    text = ("सहमति पहले। " * 400)[:TEXT_LIMIT].strip()
    module = _module_with(_block("paragraph", {"text": "<p>x</p>", "chat_text": text}))
    [part] = module_messages(module)
    assert part.body == text and len(part.body) <= TEXT_LIMIT
