import io

import pypdf
from django.core.files.storage import storages

from certificates import services
from certificates.pdf import markup, name_paragraph, render_certificate, script_runs
from certificates.rendering import ensure_pdf
from tests.certificates.factories import complete_modules
from tests.courses.factories import enrol
from tests.factories import UserFactory

HINDI_NAME = "प्रियंका क्षत्रिय"


def pdf_of(certificate):
    with storages["private"].open(ensure_pdf(certificate), "rb") as handle:
        return pypdf.PdfReader(io.BytesIO(handle.read()))


def embedded_fonts(reader) -> set[str]:
    fonts = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    return fonts


def test_pdf_is_one_a4_landscape_page_with_name_organisation_and_code(certificate):
    reader = pdf_of(certificate)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = reader.pages[0].extract_text()
    assert certificate.recipient_name in text
    assert certificate.organisation_name in text
    assert certificate.code in text
    assert "Chat for Impact" in text
    assert f"/certificates/verify/{certificate.code}/" in text


def test_pdf_has_a_qr_code_image(certificate):
    assert len(pdf_of(certificate).pages[0].images) >= 1


def test_pdf_is_rendered_once_and_cached(certificate):
    name = ensure_pdf(certificate)
    assert ensure_pdf(certificate) == name


def test_hindi_name_renders_with_an_embedded_devanagari_font(bootcamp, rule, facts):
    _, (user,) = enrol(bootcamp, participants=1, lead=UserFactory(first_name="प्रियंका",
                                                                   last_name="क्षत्रिय"))
    facts.complete(user)
    complete_modules(user, bootcamp)
    certificate = services.issue_certificate(bootcamp=bootcamp, user=user, render=False)
    assert certificate.recipient_name == HINDI_NAME
    fonts = embedded_fonts(pdf_of(certificate))
    assert "NotoSansDevanagari-Bold" in fonts
    assert "NotoSans-Bold" in fonts  # Latin text beside it keeps its own font


def test_hindi_name_is_shaped_by_harfbuzz():
    paragraph = name_paragraph(HINDI_NAME, 600)
    paragraph.wrap(600, 200)
    text = "".join(frag.text for line in paragraph.blPara.lines for frag in line.words)
    # HarfBuzz output: conjuncts (प्र, क्ष, त्र) become glyphs without a code point of their
    # own, which reportlab maps to private-use characters. Unshaped text would keep the
    # plain letter + virama sequence, drawn as separate letters (wrong, unreadable).
    assert any("\ue000" <= char <= "\uf8ff" for char in text)
    assert "क्ष" not in text and "प्र" not in text
    assert "यंका" in text  # the rest is untouched


def test_text_is_split_into_one_font_per_script():
    assert script_runs("Priya प्रिया தமிழ் বাংলা") == [
        ("NotoSans", "Priya "), ("NotoSansDevanagari", "प्रिया "),
        ("NotoSansTamil", "தமிழ் "), ("NotoSansBengali", "বাংলা"),
    ]
    assert "&lt;b&gt;" in markup("<b>")  # names are escaped, never markup


def test_tamil_and_bengali_names_embed_their_fonts(certificate):
    certificate.recipient_name = "தமிழ்செல்வி রবীন্দ্রনাথ"
    reader = pypdf.PdfReader(io.BytesIO(render_certificate(certificate)))
    fonts = embedded_fonts(reader)
    assert {"NotoSansTamil-Bold", "NotoSansBengali-Bold"} <= fonts


def test_issue_date_is_the_day_in_the_bootcamps_zone(certificate, client):
    from datetime import UTC, datetime

    # 18:30:00 UTC is 00:00:00 IST the next day; 18:29:59 UTC is still 23:59:59 IST.
    for moment, shown in ((datetime(2026, 7, 30, 18, 29, 59, tzinfo=UTC), "30 July 2026"),
                          (datetime(2026, 7, 30, 18, 30, tzinfo=UTC), "31 July 2026")):
        certificate.issued_at = moment
        certificate.save()
        reader = pypdf.PdfReader(io.BytesIO(render_certificate(certificate)))
        assert f"Issued {shown}" in reader.pages[0].extract_text()
        assert shown in client.get(f"/certificates/verify/{certificate.code}/").content.decode()


def test_logo_and_signature_images_from_the_rule_are_drawn(certificate, rule):
    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    def image(colour):
        buffer = io.BytesIO()
        PillowImage.new("RGB", (300, 100), colour).save(buffer, "PNG")
        return Image.objects.create(title=colour, file=ImageFile(buffer, name=f"{colour}.png"))

    without = len(pypdf.PdfReader(io.BytesIO(render_certificate(certificate, rule))).pages[0]
                  .images)
    rule.logo, rule.signature = image("navy"), image("black")
    rule.save()
    reader = pypdf.PdfReader(io.BytesIO(render_certificate(certificate, rule)))
    assert len(reader.pages[0].images) == without + 2
    assert "Asha Organiser" in reader.pages[0].extract_text()
    assert "Programme Director" in reader.pages[0].extract_text()


def test_long_name_and_organisation_still_fit_one_page(certificate):
    certificate.recipient_name = "Venkata Lakshmi Narasimha Subrahmanya Sai Priyanka " * 2
    certificate.organisation_name = "Rashtriya Gramin Swasthya Evam Shiksha Vikas Sansthan " * 2
    reader = pypdf.PdfReader(io.BytesIO(render_certificate(certificate)))
    assert len(reader.pages) == 1
    assert "Subrahmanya" in reader.pages[0].extract_text()


def test_latin_text_keeps_its_letters_for_search_and_screen_readers(certificate):
    # Shaping Latin text would make "ffi" one ligature glyph and the PDF would say "Griﬃn".
    certificate.recipient_name = "Jiffy Griffin"
    text = pypdf.PdfReader(io.BytesIO(render_certificate(certificate))).pages[0].extract_text()
    assert "Jiffy Griffin" in text


def test_labels_printed_in_hindi_have_glyphs(certificate):
    """The verification label and the issue date are translated: set in the Latin font they
    came out as blank boxes (no glyph) in Hindi."""
    from datetime import UTC, datetime

    from django.utils import translation

    certificate.issued_at = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    with translation.override("hi"):
        text = pypdf.PdfReader(io.BytesIO(render_certificate(certificate))).pages[0].extract_text()
    assert "\x00" not in text
    # (HarfBuzz-shaped vowel signs extract as private-use glyphs; these words have none.)
    assert "कोड" in text  # "Verification code"
    assert "2026 को जारी" in text  # "Issued 1 December 2026"


def test_a_hindi_participants_certificate_is_in_hindi(bootcamp, rule, facts):
    _, (user,) = enrol(bootcamp, participants=1, lead=UserFactory(language="hi"))
    facts.complete(user)
    complete_modules(user, bootcamp)
    certificate = services.issue_certificate(bootcamp=bootcamp, user=user, render=False)
    reader = pdf_of(certificate)
    # The wording is Hindi (set in the Devanagari font, shaped); the code stays readable.
    assert "NotoSansDevanagari-Regular" in embedded_fonts(reader)
    assert certificate.code in reader.pages[0].extract_text()
