"""The Wagtail admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): every uploaded image is
decoded once before it is accepted.

Wagtail's field only reads the header (Willow guesses the format from the first bytes), so
a PNG signature followed by HTML, or a photo cut off half-way, got past it and made Pillow
raise inside the form (a 500 page) or later, on every thumbnail. Decoding it here turns
that into an error on the form. A custom image model would do the same at the cost of a
second image table and its migrations; a form base is the hook Wagtail offers for this.
"""

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# What Pillow raises on bytes that are not the image they claim to be (UnidentifiedImageError
# and "image file is truncated" are OSErrors; broken chunks raise the others).
PILLOW_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


class DecodedImageField(WagtailImageField):
    """WagtailImageField that also decodes the picture and reports a broken one as invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["broken_image"] = _(
            "This file is not a readable image: it may be damaged, cut off, or another kind "
            "of file with an image's name. Save it again from an image editor and upload it.")

    def to_python(self, data):
        try:
            checked = super().to_python(data)
        except PILLOW_DECODE_ERRORS as error:
            raise ValidationError(self.error_messages["broken_image"],
                                  code="broken_image") from error
        if checked is not None:
            self._decode(checked)
        return checked

    def _decode(self, upload) -> None:
        # Wagtail's own checks (size, format, pixel count) have passed, so decoding is
        # bounded. JPEGs decode at 1/8 scale (draft mode): the whole stream is still read,
        # so a cut-off file is still caught, with 1/64 of the memory.
        upload.seek(0)
        try:
            with PILImage.open(upload) as picture:
                if picture.format == "JPEG":
                    picture.draft("RGB", (max(picture.width // 8, 1),
                                          max(picture.height // 8, 1)))
                picture.load()
        except PILLOW_DECODE_ERRORS as error:
            raise ValidationError(self.error_messages["broken_image"],
                                  code="broken_image") from error
        finally:
            upload.seek(0)


class CheckedImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Replaced here rather than declared: a declared field would also appear on the
        # multiple uploader's edit form, which leaves the file out.
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, DecodedImageField):
            self.fields["file"] = DecodedImageField(label=field.label, required=field.required)
