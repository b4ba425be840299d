"""The certificate as a one-page A4 landscape PDF (reportlab + HarfBuzz shaping).

Why reportlab: it is already the project's PDF library and, with `uharfbuzz` installed, its
Paragraphs shape text with HarfBuzz — Devanagari conjuncts and pre-base matras, Tamil and
Bengali vowel signs come out right. reportlab does no font fallback, so text is split into
runs per script and each run gets the Noto font for that script (shipped in certificates/fonts,
SIL OFL, so the output never depends on the fonts of the machine).
"""

import io
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from certificates.completed import sentences
from courses.models import DEFAULT_TIME_ZONE

FONT_DIR = Path(__file__).resolve().parent / "fonts"
LATIN, DEVANAGARI = "NotoSans", "NotoSansDevanagari"
BENGALI, TAMIL = "NotoSansBengali", "NotoSansTamil"
# Unicode blocks → font family; anything else (Latin, digits, punctuation) uses NotoSans.
SCRIPT_RANGES = (
    (0x0900, 0x097F, DEVANAGARI),
    (0xA8E0, 0xA8FF, DEVANAGARI),  # Devanagari Extended
    (0x1CD0, 0x1CFF, DEVANAGARI),  # Vedic Extensions
    (0x0980, 0x09FF, BENGALI),
    (0x0B80, 0x0BFF, TAMIL),
)
# Joiners, spaces, digits and common punctuation (which every shipped Noto font has) stay in
# the run they appear in, so a word like "संस्थान," is never cut in the middle: reportlab
# shapes a word split across fonts badly, and HarfBuzz needs whole clusters.
NEUTRAL = set(" \u200c\u200d\u00a0\u25cc,.-()0123456789:;'\"/")

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
BRAND = colors.HexColor("#0b5cad")
GOLD = colors.HexColor("#b8860b")
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
BODY_WIDTH = PAGE_WIDTH - 70 * mm
BODY_FLOOR = 60 * mm  # signatures and the QR code live below this line

_registered = False


def register_fonts() -> None:
    """Register the shipped Noto fonts with reportlab once per process."""
    global _registered
    if _registered:
        return
    for family in (LATIN, DEVANAGARI, BENGALI, TAMIL):
        for weight in ("Regular", "Bold"):
            name = f"{family}-{weight}"
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf"), shapable=True))
    _registered = True


def _family_of(char: str) -> str | None:
    point = ord(char)
    for start, end, family in SCRIPT_RANGES:
        if start <= point <= end:
            return family
    return None if char in NEUTRAL else LATIN


def script_runs(text: str) -> list[tuple[str, str]]:
    """Split text into (font family, run) pairs: one run per script."""
    runs: list[tuple[str, str]] = []
    for char in text:
        family = _family_of(char)
        if runs and (family is None or family == runs[-1][0]):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((family or LATIN, char))
    return runs


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup that puts each script run in its own font (text is escaped)."""
    weight = "Bold" if bold else "Regular"
    return "".join(
        f'<font name="{family}-{weight}">{escape(run)}</font>' for family, run in script_runs(text)
    )


def needs_shaping(text: str) -> bool:
    """Only Indic text needs HarfBuzz. Shaping Latin text too would turn "ffi" into a
    ligature glyph, and the PDF's text (search, copy, screen readers) would read "Griﬃn"."""
    return any(family != LATIN for family, _run in script_runs(text))


def paragraph(text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    style.shaping = int(needs_shaping(text))
    return Paragraph(markup(text, bold=bold), style)


def _style(size: float, *, bold: bool = False, color=INK, leading: float | None = None):
    return ParagraphStyle(
        f"s{size}{bold}",
        fontName=f"{LATIN}-{'Bold' if bold else 'Regular'}",
        fontSize=size,
        leading=leading or size * 1.3,
        alignment=TA_CENTER,
        textColor=color,
        shaping=1,
    )


def name_paragraph(name: str, width: float, largest: float = 40.0) -> Paragraph:
    """The recipient's name, as large as fits on one line (down to 60%), else on two."""
    register_fonts()
    size = largest
    while True:
        result = paragraph(name, _style(size, bold=True, color=BRAND), bold=True)
        _w, height = result.wrap(width, 200)
        lines = round(height / (size * 1.3))
        if lines <= 1 or (size <= largest * 0.6 and lines <= 2) or size <= 14:
            return result
        size -= 2


def _date_range(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return _("%(start)s – %(end)s") % {
            "start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")
        }
    day = start or end
    return date_format(day, "j F Y") if day else ""


def _zone(certificate):
    bootcamp = getattr(certificate, "bootcamp", None)
    return bootcamp.tz if bootcamp is not None else ZoneInfo(DEFAULT_TIME_ZONE)


def verification_url(certificate) -> str:
    return settings.BASE_URL + reverse("certificates:verify", args=[certificate.code])


def _image(pdf, image, x: float, y: float, max_w: float, max_h: float) -> None:
    """Draw a Wagtail image (logo, signature) scaled into a box; missing files are skipped."""
    if image is None:
        return
    try:
        with image.open_file() as handle:
            reader = ImageReader(io.BytesIO(handle.read()))
    except OSError:
        return  # the image row exists but its file is gone: print the certificate without it
    width, height = reader.getSize()
    scale = min(max_w / width, max_h / height)
    pdf.drawImage(reader, x - width * scale / 2, y, width * scale, height * scale, mask="auto")


class Wording:
    """The certificate's words in its language(s): one, or two for a bilingual certificate,
    whose lines are each printed in both — one under the other in the body, side by side
    ("Verification code / सत्यापन कोड") in the small print. Never in one paragraph: shaping
    the Devanagari would shape the Latin half too, and "Certificate" would extract as
    "Certiﬁcate" (needs_shaping)."""

    def __init__(self, languages: list[str] | None = None,
                 bootcamp_titles: dict[str, str] | None = None,
                 page_titles: dict[str, dict[int, str]] | None = None) -> None:
        self.languages = languages or [translation.get_language() or settings.LANGUAGE_CODE]
        self.bootcamp_titles = bootcamp_titles or {}
        self.page_titles = page_titles or {}

    @staticmethod
    def _language() -> str:
        return (translation.get_language() or "").split("-")[0]

    def each(self, words) -> list[str]:
        """`words()` (a callable that translates) in each language; said once where the
        languages agree (a title written by the organiser, a name)."""
        said: list[str] = []
        for language in self.languages:
            with translation.override(language):
                text = str(words())
            if text and text not in said:
                said.append(text)
        return said

    def say(self, words) -> str:
        """`each` on one line, for the PDF's metadata."""
        return " / ".join(self.each(words))

    def bootcamp_title(self, snapshot: str) -> list[str]:
        """The bootcamp's title in each language: its published translation's, else the
        title recorded at issue."""
        return self.each(lambda: self.bootcamp_titles.get(self._language(), snapshot))

    def completed(self, snapshot, most: int = 6) -> list[str]:
        """What was completed, one line per language: the facts recorded at issue, in
        words of that language, the pages' titles from its published translation."""
        def line() -> str:
            said = sentences(snapshot, self.page_titles.get(self._language()))
            return " · ".join(said[:most]) + (" · …" if len(said) > most else "")
        return self.each(line)


def render_certificate(certificate, rule=None, *, languages: list[str] | None = None,
                       bootcamp_titles: dict[str, str] | None = None,
                       page_titles: dict[str, dict[int, str]] | None = None) -> bytes:
    """The PDF bytes of `certificate` (its snapshot; `rule` supplies look and signatories),
    in `languages` (default: the active one; two for a bilingual certificate), with the
    bootcamp's title per language from `bootcamp_titles` and the titles of its pages in
    what was completed from `page_titles` ({language: {page id: title}}) where translated."""
    register_fonts()
    wording = Wording(languages, bootcamp_titles, page_titles)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1,
        initialFontName=f"{LATIN}-Regular", initialFontSize=10,
    )
    pdf.setTitle(f"{certificate.recipient_name} · {certificate.bootcamp_title}")
    pdf.setAuthor(getattr(rule, "issuer_name", "") or "Bootcamp LMS")
    pdf.setSubject(wording.say(lambda: _("Certificate %(code)s") % {"code": certificate.code}))

    # Frame: a thick brand border with a thin gold rule inside.
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(6)
    pdf.rect(12 * mm, 12 * mm, PAGE_WIDTH - 24 * mm, PAGE_HEIGHT - 24 * mm)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(1)
    pdf.rect(16 * mm, 16 * mm, PAGE_WIDTH - 32 * mm, PAGE_HEIGHT - 32 * mm)

    top = PAGE_HEIGHT - 26 * mm
    if rule is not None and rule.logo_id:
        _image(pdf, rule.logo, PAGE_WIDTH / 2, top - 16 * mm, 60 * mm, 16 * mm)
        top -= 19 * mm
    # Shrink everything a little until the text fits above the signatures, then centre it
    # vertically in the space left (long names and organisations take two lines).
    available = top - BODY_FLOOR
    for scale in (1.0, 0.92, 0.84, 0.76, 0.68, 0.6):
        blocks = _body_blocks(certificate, rule, scale, wording)
        heights = [block.wrap(width, PAGE_HEIGHT)[1] for block, _gap, width in blocks]
        total = sum(heights) + sum(gap for _block, gap, _width in blocks)
        if total <= available:
            break
    y = top - max(0.0, (available - total) / 2)
    for (block, gap, width), height in zip(blocks, heights, strict=True):
        y -= gap + height
        block.drawOn(pdf, (PAGE_WIDTH - width) / 2, y)

    _signatures(pdf, rule)
    _verification(pdf, certificate, wording)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _title(certificate, rule) -> str:
    """The rule's title as the organiser wrote it; the default one, translated."""
    title = getattr(rule, "certificate_title", "") or DEFAULT_TITLE
    if title != DEFAULT_TITLE:
        return title
    if certificate.kind == "organisation":
        return _("Certificate of Participation")
    return _("Certificate of Completion")


DEFAULT_TITLE = "Certificate of Completion"


def _body_blocks(certificate, rule, scale: float,
                 wording: Wording) -> list[tuple[Paragraph, float, float]]:
    """The centred text of the certificate: (paragraph, gap above it, width) from the top."""
    blocks: list[tuple[Paragraph, float, float]] = []

    def add(text: str, size: float, gap: float, *, bold=False, color=INK, width=BODY_WIDTH):
        style = _style(size * scale, bold=bold, color=color)
        blocks.append((paragraph(text, style, bold=bold), gap * scale, width))

    def add_each(texts: list[str], size: float, gap: float, **options):
        """A line in each language, the second one a little smaller, close under it."""
        for index, text in enumerate(texts):
            add(text, size if index == 0 else size * 0.85, gap if index == 0 else 2, **options)

    issuer = getattr(rule, "issuer_name", "") or ""
    if issuer:
        add(issuer.upper(), 11, 0, color=MUTED)
    add_each(wording.each(lambda: _title(certificate, rule)), 32, 8, bold=True)
    add_each(wording.each(lambda: _("This certifies that")), 13, 22, color=MUTED)
    blocks.append((name_paragraph(certificate.recipient_name, BODY_WIDTH, 40 * scale),
                   10 * scale, BODY_WIDTH))
    if certificate.kind == "participant" and certificate.organisation_name:
        add_each(wording.each(lambda: _("of %(organisation)s") % {
            "organisation": certificate.organisation_name}), 14, 4)
    add_each(wording.each(
        lambda: _("has successfully completed") if certificate.kind == "participant"
        else _("took part, as an organisation, in")), 13, 20, color=MUTED)
    add_each(wording.bootcamp_title(certificate.bootcamp_title), 22, 4, bold=True)
    dates = wording.each(lambda: _date_range(certificate.start_date, certificate.end_date))
    statement = getattr(rule, "statement", "") or ""
    lines = [" · ".join(part for part in (dates[0] if dates else "", statement) if part),
             *dates[1:]]
    add_each([line for line in lines if line], 12, 4, color=MUTED)
    for index, line in enumerate(wording.completed(certificate.completed)):
        add(line, 10 if index == 0 else 9, 16 if index == 0 else 3, color=MUTED,
            width=BODY_WIDTH - 40 * mm)
    return blocks


def _signatures(pdf, rule) -> None:
    if rule is None:
        return
    people = [
        (rule.signatory_name, rule.signatory_title, rule.signature),
        (rule.second_signatory_name, rule.second_signatory_title, rule.second_signature),
    ]
    people = [person for person in people if person[0]]
    slots = [PAGE_WIDTH * 0.17, PAGE_WIDTH * 0.39] if len(people) > 1 else [PAGE_WIDTH * 0.25]
    base = 38 * mm
    for (name, role, image), x in zip(people, slots, strict=False):
        _image(pdf, image, x, base + 2 * mm, 50 * mm, 16 * mm)
        pdf.setStrokeColor(INK)
        pdf.setLineWidth(0.6)
        pdf.line(x - 30 * mm, base, x + 30 * mm, base)
        for text, size, bold, offset in ((name, 11, True, 5 * mm), (role, 9, False, 9.5 * mm)):
            if not text:
                continue
            line = paragraph(text, _style(size, bold=bold), bold=bold)
            _w, height = line.wrap(70 * mm, 40)
            line.drawOn(pdf, x - 35 * mm, base - offset - height + size)


def _verification(pdf, certificate, wording: Wording) -> None:
    url = verification_url(certificate)
    qr = segno.make(url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=1)
    png.seek(0)
    size = 30 * mm
    x, y = PAGE_WIDTH - 24 * mm - size, 22 * mm
    pdf.drawImage(ImageReader(png), x, y, size, size)
    pdf.setFillColor(INK)
    pdf.setFont(f"{LATIN}-Bold", 10)
    pdf.drawRightString(x - 4 * mm, y + 16 * mm, certificate.code)
    pdf.setFont(f"{LATIN}-Regular", 8)
    pdf.setFillColor(MUTED)
    _right_aligned(pdf, wording.each(lambda: _("Verification code")), x - 4 * mm, y + 21 * mm, 8)
    pdf.drawRightString(x - 4 * mm, y + 11 * mm, url)
    # The day of issue in the bootcamp's own zone (00:30 IST is already the next day).
    issued = timezone.localtime(certificate.issued_at, _zone(certificate)).date()
    _right_aligned(pdf, wording.each(lambda: _("Issued %(date)s") % {
        "date": date_format(issued, "j F Y")}), x - 4 * mm, y + 6 * mm, 8)


def _right_aligned(pdf, texts: list[str], right: float, baseline: float, size: float) -> None:
    """One line of translated text ending at `right`, each script in its own font (with
    drawRightString a Hindi label would be set in the Latin font and come out blank); a
    bilingual label's languages side by side as separate paragraphs, " / " between them,
    so only the Indic one is shaped."""
    width = 90 * mm
    parts = [part for text in texts for part in ("\u00a0/\u00a0", text)][1:]
    for part in reversed(parts):
        style = _style(size, color=MUTED)
        style.alignment = TA_RIGHT
        line = paragraph(part, style)
        _w, height = line.wrap(width, 40)
        line.drawOn(pdf, right - width, baseline - height + size)
        right -= max(line.getActualLineWidths0() or [0])
