"""Lesson blocks that only modules use, on top of the shared blocks of content.blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from content.blocks import BaseStreamBlock
from courses.knowledge_checks import KnowledgeCheckBlock


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video link"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(label=_("Title"), required=False)
    transcript = blocks.TextBlock(
        label=_("Transcript or summary"),
        required=False,
        help_text=_("For people on slow connections who cannot play the video."),
    )

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

    class Meta:
        icon = "tasks"
        template = "courses/blocks/checklist_block.html"


class KeyTakeawayBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Key takeaway"))

    class Meta:
        icon = "pick"
        template = "courses/blocks/key_takeaway_block.html"


class ModuleStreamBlock(BaseStreamBlock):
    """A lesson: the shared blocks plus video, resource, checklist, key takeaway and (at
    most one) knowledge check."""

    video = VideoBlock(label=_("Video"))
    resource = ResourceBlock(label=_("Downloadable resource"))
    checklist = ChecklistBlock(label=_("Checklist"))
    key_takeaway = KeyTakeawayBlock(label=_("Key takeaway"))
    knowledge_check = KnowledgeCheckBlock()

    class Meta:
        # One check per module: the module's pass mark and attempt limit are its settings.
        block_counts = {"knowledge_check": {"max_num": 1}}
