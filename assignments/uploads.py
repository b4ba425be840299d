"""Upload validation: what a participant's file must be before it is stored.

The extension (after decoding the name) must be on the assignment's allowlist, and the
bytes must be what the extension says: magic numbers for binary formats, the expected
members for zip-based office formats, strict UTF-8 without markup for text. Anything a
browser could render as a page (HTML, SVG, script) is refused even inside an allowed type,
so a polyglot (a PNG or PDF with HTML in it) cannot be served as something else.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from django.utils.translation import gettext as _

# Byte patterns a browser (or an old one ignoring nosniff) would treat as markup or script.
MARKUP_MARKERS = re.compile(
    rb"<\s*(?:script|html|body|head|iframe|svg|object|embed|meta|!doctype|\?xml-stylesheet)"
    rb"|javascript:|onerror\s*=|onload\s*=",
    re.IGNORECASE,
)
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
}
# Zip-based formats and a member that only that format has. `filetype` only looks at the
# first bytes and mistakes one OOXML type for another, so we open the archive.
ZIP_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_NAME_LENGTH = 255


class UploadRejected(ValueError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    extension: str
    size: int
    sha256: str
    content: bytes


def clean_name(raw: str) -> str:
    """The uploader's file name as shown to people: decoded, without any path part,
    without control characters, at most 255 characters (extension kept)."""
    name = unquote(raw or "")
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep = MAX_NAME_LENGTH - len(ext) - 1 if dot and len(ext) <= 10 else MAX_NAME_LENGTH
        name = f"{stem[:keep]}.{ext}" if dot and len(ext) <= 10 else name[:keep]
    return name


def extension_of(name: str) -> str:
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return "jpg" if ext == "jpeg" else ext


def _content_matches(ext: str, content: bytes) -> bool:
    if ext in MAGIC:
        return content.startswith(MAGIC[ext])
    if ext in ZIP_MEMBERS or ext == "odt":
        if not content.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if ext == "odt":
                    return "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE
                return "[Content_Types].xml" in names and ZIP_MEMBERS[ext] in names
        except (zipfile.BadZipFile, KeyError, RuntimeError):
            return False
    if ext in ("csv", "txt"):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        # Text must be text: no NULs or other binary control characters.
        return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)
    return False


def check_upload(*, name: str, content: bytes, allowed: list[str], max_bytes: int
                 ) -> CheckedUpload:
    """Validate one upload; raise UploadRejected with a message for the participant."""
    shown = clean_name(name)
    ext = extension_of(shown)
    if not shown or not ext or ext not in allowed:
        raise UploadRejected(
            _("“%(name)s”: this file type is not accepted. Allowed: %(types)s.")
            % {"name": shown[:60] or "?", "types": ", ".join(allowed)}
        )
    size = len(content)
    if size == 0:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": shown[:60]})
    if size > max_bytes:
        raise UploadRejected(
            _("“%(name)s” is too large (largest allowed: %(mb)s MB).")
            % {"name": shown[:60], "mb": max_bytes // (1024 * 1024)}
        )
    if not _content_matches(ext, content) or MARKUP_MARKERS.search(content):
        raise UploadRejected(
            _("“%(name)s” is not a valid %(ext)s file.") % {"name": shown[:60], "ext": ext}
        )
    return CheckedUpload(name=shown, extension=ext, size=size,
                         sha256=hashlib.sha256(content).hexdigest(), content=content)
