"""The trainer's optional chat text on a lesson's text-ish blocks (courses.blocks): checked
against WhatsApp's 4,096-character limit in the editor; old paragraph data still reads."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError
from wagtail_localize.segments.extract import extract_segments

from courses.blocks import WHATSAPP_TEXT_LIMIT, ModuleStreamBlock, validate_chat_text
from courses.models import ModulePage
from tests.courses.test_admin_workflow import bootcamp_trainer, module_form, stage_of  # noqa: F401

pytestmark = pytest.mark.django_db


def test_chat_text_at_the_limit_is_accepted_and_one_more_is_refused_clearly():
    validate_chat_text("क" * WHATSAPP_TEXT_LIMIT)  # Devanagari counts per character
    with pytest.raises(ValidationError) as refused:
        validate_chat_text("क" * (WHATSAPP_TEXT_LIMIT + 1))
    assert "at most 4,096 characters" in str(refused.value)
    assert "4,097" in str(refused.value)


def test_every_text_block_refuses_a_chat_text_over_the_limit():
    stream = ModuleStreamBlock()
    too_long = "x" * (WHATSAPP_TEXT_LIMIT + 1)
    for kind, value in [
        ("paragraph", {"text": "<p>Hi</p>", "chat_text": too_long}),
        ("key_takeaway", {"text": "<p>Hi</p>", "chat_text": too_long}),
        ("checklist", {"title": "", "items": ["a"], "chat_text": too_long}),
        ("video", {"video": None, "title": "", "transcript": "", "chat_text": too_long}),
    ]:
        value = stream.to_python([{"type": kind, "id": str(uuid.uuid4()), "value": value}])
        with pytest.raises(StreamBlockValidationError) as refused:
            stream.clean(value)
        assert "chat_text" in str(refused.value.as_json_data()), kind


def test_the_editor_shows_the_limit_error(client, bootcamp, bootcamp_trainer):  # noqa: F811
    client.force_login(bootcamp_trainer)
    response = client.post(f"/cms/pages/add/courses/modulepage/{stage_of(bootcamp).pk}/",
                           module_form(chat_text="y" * 4097,
                                       **{"action-publish": "action-publish"}))
    assert response.status_code == 200  # the form again, with the error
    assert "at most 4,096 characters" in response.content.decode()
    assert not ModulePage.objects.filter(slug="abusive-messages").exists()
    ok = client.post(f"/cms/pages/add/courses/modulepage/{stage_of(bootcamp).pk}/",
                     module_form(chat_text="Stay calm. Block.",
                                 **{"action-publish": "action-publish"}))
    assert ok.status_code == 302
    module = ModulePage.objects.get(slug="abusive-messages")
    assert module.body[0].value["chat_text"] == "Stay calm. Block."


def test_old_paragraph_data_and_old_revisions_still_render(bootcamp):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    old = [{"type": "paragraph", "id": "p1", "value": "<p>Old <b>text</b></p>"},
           {"type": "checklist", "id": "c1", "value": {"title": "T", "items": ["a"]}}]
    module.body = json.dumps(old)
    revision = module.save_revision()
    revision.publish()
    module = ModulePage.objects.get(pk=module.pk)
    assert module.body[0].value["text"].source == "<p>Old <b>text</b></p>"
    assert module.body[0].value["chat_text"] == ""
    assert module.body[1].value["chat_text"] == ""
    assert "<b>text</b>" in module.rendered_body()[0]
    # An old revision's stored JSON (the bare string) still loads and renders.
    revision.content["body"] = json.dumps(old)
    revision.save()
    as_of = revision.as_object()
    assert "<b>text</b>" in str(as_of.body[0].render())
    # And saving writes the new shape.
    module.save_revision().publish()
    stored = ModulePage.objects.get(pk=module.pk).body.raw_data[0]
    assert stored["value"] == {"text": "<p>Old <b>text</b></p>", "chat_text": ""}
    assert stored["id"] == "p1"


def test_chat_text_is_translatable(bootcamp):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    module.body = json.dumps([
        {"type": "paragraph", "id": "p1", "value": {"text": "<p>Long text</p>",
                                                    "chat_text": "Short chat text"}},
        {"type": "key_takeaway", "id": "k1", "value": {"text": "<p>K</p>", "chat_text": ""}}])
    module.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    paths = {segment.path: getattr(segment, "string", None) for segment in
             extract_segments(module)}
    assert "body.p1.chat_text" in paths
    assert str(paths["body.p1.chat_text"].data) == "Short chat text"
    assert "body.k1.chat_text" not in paths  # empty: nothing to translate


def test_the_data_migration_wraps_paragraphs_and_moves_translation_contexts(bootcamp):
    import importlib

    from django.apps import apps
    from wagtail_localize.models import TranslatableObject, TranslationContext

    migration = importlib.import_module("courses.migrations.0009_lesson_chat_text")
    raw = [{"type": "paragraph", "id": "p1", "value": "<p>Hi</p>"},
           {"type": "paragraph", "id": "p2", "value": {"text": "<p>New</p>", "chat_text": ""}},
           {"type": "heading", "id": "h1", "value": {"text": "H", "level": "h2"}}]
    assert migration.ParagraphToLessonText().apply(raw) == [
        {"type": "paragraph", "id": "p1", "value": {"text": "<p>Hi</p>", "chat_text": ""}},
        raw[1], raw[2]]
    module = ModulePage.objects.descendant_of(bootcamp).first()
    module.body = json.dumps(raw)
    module.save_revision().publish()
    objects, _ = TranslatableObject.objects.get_or_create_from_instance(module)
    old = TranslationContext.objects.create(object=objects, path="body.p1",
                                            field_path="body.paragraph")
    heading = TranslationContext.objects.create(object=objects, path="body.h1.text",
                                                field_path="body.heading.text")
    migration.move_translation_contexts(apps, None)
    old.refresh_from_db()
    assert (old.path, old.field_path) == ("body.p1.text", "body.paragraph.text")
    assert old.path_id == TranslationContext._get_path_id("body.p1.text")
    heading.refresh_from_db()
    assert heading.path == "body.h1.text"  # not a paragraph: untouched
