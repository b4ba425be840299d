"""Lesson blocks that only modules use, on top of the shared blocks of content.blocks."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.rich_text import RichText

from content.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from courses.knowledge_checks import KnowledgeCheckBlock

# WhatsApp Cloud API: the most characters one text message may have (the chat version of a
# lesson, notifications.chat_lessons, cuts its generated messages to this too).
WHATSAPP_TEXT_LIMIT = 4096


def validate_chat_text(value: str) -> None:
    """A trainer's chat text is sent as one message, so it must fit in one."""
    if len(value) > WHATSAPP_TEXT_LIMIT:
        raise ValidationError(
            gettext("A WhatsApp message can have at most %(limit)s characters; this chat text "
                    "has %(count)s. Shorten it, or leave it empty to send the text made from "
                    "the block.") % {"limit": f"{WHATSAPP_TEXT_LIMIT:,}",
                                     "count": f"{len(value):,}"})


def chat_text_block() -> blocks.TextBlock:
    return blocks.TextBlock(
        label=_("Chat text"), required=False, default="", validators=[validate_chat_text],
        help_text=_("Optional: a shorter version for participants learning by WhatsApp, sent "
                    "instead of the text made from this block. One message, at most 4,096 "
                    "characters; *bold* and _italic_ as in WhatsApp."))


class LessonTextBlock(blocks.StructBlock):
    """A lesson's rich text with its optional chat text. It was a plain RichTextBlock:
    stored values from before (a bare HTML string) are still read as the text."""

    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Rich text"))
    chat_text = chat_text_block()

    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "courses/blocks/lesson_text_block.html"

    @staticmethod
    def _upgraded(value):
        if isinstance(value, RichText):
            return {"text": value.source}
        return {"text": value} if isinstance(value, str) else value

    def to_python(self, value):
        return super().to_python(self._upgraded(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._upgraded(value) for value in values])

    def normalize(self, value):
        return super().normalize(self._upgraded(value))

    def get_prep_value(self, value):
        if isinstance(value, str | RichText):
            value = self.normalize(value)
        return super().get_prep_value(value)


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video link"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(label=_("Title"), required=False)
    transcript = blocks.TextBlock(
        label=_("Transcript or summary"),
        required=False,
        help_text=_("For people on slow connections who cannot play the video."),
    )
    chat_text = chat_text_block()

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), required=False)
    description = blocks.TextBlock(label=_("What it is for"), required=False)

    class Meta:
        icon = "download"
        template = "courses/blocks/resource_block.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))
    chat_text = chat_text_block()

    class Meta:
        icon = "tasks"
        template = "courses/blocks/checklist_block.html"


class KeyTakeawayBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Key takeaway"))
    chat_text = chat_text_block()

    class Meta:
        icon = "pick"
        template = "courses/blocks/key_takeaway_block.html"


class ModuleStreamBlock(BaseStreamBlock):
    """A lesson: the shared blocks plus video, resource, checklist, key takeaway and (at
    most one) knowledge check."""

    paragraph = LessonTextBlock()
    video = VideoBlock(label=_("Video"))
    resource = ResourceBlock(label=_("Downloadable resource"))
    checklist = ChecklistBlock(label=_("Checklist"))
    key_takeaway = KeyTakeawayBlock(label=_("Key takeaway"))
    knowledge_check = KnowledgeCheckBlock()

    def to_python(self, value):
        # Stored or assigned data from before LessonTextBlock has a paragraph as a bare HTML
        # string: upgraded in the raw data too, which wagtail-localize reads directly.
        if isinstance(value, str) and value:
            try:
                value = json.loads(value)
            except ValueError:
                return super().to_python(value)
        if isinstance(value, list):
            value = [{**child, "value": {"text": child["value"], "chat_text": ""}}
                     if isinstance(child, dict) and child.get("type") == "paragraph"
                     and isinstance(child.get("value"), str) else child
                     for child in value]
        return super().to_python(value)

    class Meta:
        # One check per module: the module's pass mark and attempt limit are its settings.
        block_counts = {"knowledge_check": {"max_num": 1}}
