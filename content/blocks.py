"""The StreamField blocks shared by every page type (content, lessons, assignments)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "content/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("Describe the image for people who cannot see it. Empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "content/blocks/image_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        template = "content/blocks/document_link_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
        label=_("Kind"),
    )
    title = blocks.CharBlock(label=_("Title"), required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Text"))

    class Meta:
        icon = "help"
        template = "content/blocks/callout_block.html"


RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Rich text"))
    image = ImageBlock()
    embed = EmbedBlock(
        label=_("Embed"), help_text=_("A YouTube or Vimeo link, for example."), icon="media"
    )
    document = DocumentLinkBlock()
    callout = CalloutBlock()
