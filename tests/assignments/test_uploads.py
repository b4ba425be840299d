import pytest

from assignments.uploads import UploadRejected, check_upload, clean_name
from tests.assignments.factories import PDF_BYTES, PNG_BYTES, odt_bytes, ooxml_bytes

ALL = ["pdf", "docx", "xlsx", "pptx", "odt", "png", "jpg", "csv", "txt"]
MB = 1024 * 1024


def check(name, content, allowed=ALL, max_bytes=MB):
    return check_upload(name=name, content=content, allowed=allowed, max_bytes=max_bytes)


@pytest.mark.parametrize(("name", "content"), [
    ("plan.pdf", PDF_BYTES),
    ("photo.png", PNG_BYTES),
    ("photo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20),
    ("plan.docx", ooxml_bytes("docx")),
    ("sheet.xlsx", ooxml_bytes("xlsx")),
    ("slides.pptx", ooxml_bytes("pptx")),
    ("plan.odt", odt_bytes()),
    ("contacts.csv", "name,city\nआशा,Pune\n".encode()),
    ("notes.txt", b"Plain notes\n"),
])
def test_valid_file_of_each_allowed_type_is_accepted(name, content):
    assert check(name, content).size == len(content)


def test_zero_byte_file_is_refused():
    with pytest.raises(UploadRejected, match="empty"):
        check("plan.pdf", b"")


def test_oversize_file_is_refused():
    with pytest.raises(UploadRejected, match="too large"):
        check("plan.pdf", PDF_BYTES + b"0" * MB)


def test_extension_not_on_the_assignment_allowlist_is_refused():
    with pytest.raises(UploadRejected, match="not accepted"):
        check("plan.docx", ooxml_bytes("docx"), allowed=["pdf"])


@pytest.mark.parametrize("name", ["tool.exe", "page.html", "image.svg", "noextension"])
def test_unsafe_or_missing_extension_is_refused(name):
    with pytest.raises(UploadRejected, match="not accepted"):
        check(name, PDF_BYTES)


def test_double_extension_pdf_html_is_refused():
    with pytest.raises(UploadRejected, match="not accepted"):
        check("x.pdf.html", b"<html><script>alert(1)</script></html>")


def test_percent_encoded_extension_is_decoded_before_the_allowlist():
    with pytest.raises(UploadRejected, match="not accepted"):
        check("x.pdf%2Ehtml", b"<html></html>")


def test_html_named_pdf_is_refused():
    with pytest.raises(UploadRejected, match="not a valid pdf"):
        check("plan.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")


def test_pdf_with_html_inside_is_refused():
    with pytest.raises(UploadRejected, match="not a valid pdf"):
        check("plan.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>")


def test_png_html_polyglot_is_refused():
    with pytest.raises(UploadRejected, match="not a valid png"):
        check("photo.png", PNG_BYTES + b"<script>alert(document.cookie)</script>")


def test_svg_is_refused_even_named_png():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    with pytest.raises(UploadRejected):
        check("image.svg", svg)
    with pytest.raises(UploadRejected, match="not a valid png"):
        check("image.png", svg)


def test_docx_that_is_really_an_xlsx_is_refused():
    with pytest.raises(UploadRejected, match="not a valid docx"):
        check("plan.docx", ooxml_bytes("xlsx"))


def test_text_file_with_html_is_refused():
    with pytest.raises(UploadRejected, match="not a valid txt"):
        check("notes.txt", b"hello <script>alert(1)</script>")


def test_text_file_that_is_not_utf8_is_refused():
    with pytest.raises(UploadRejected, match="not a valid csv"):
        check("data.csv", b"\xff\xfe\x00b\x00i\x00n")


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf",
                                  "/var/www/x.pdf", "%2e%2e%2fsecret.pdf"])
def test_path_traversal_name_keeps_only_the_base_name(name):
    checked = check(name, PDF_BYTES)
    assert "/" not in checked.name and "\\" not in checked.name
    assert not checked.name.startswith(".")
    assert checked.name.endswith(".pdf")


def test_300_character_name_is_truncated_keeping_the_extension():
    checked = check("a" * 296 + ".pdf", PDF_BYTES)
    assert len(checked.name) == 255
    assert checked.name.endswith(".pdf")


def test_control_characters_are_removed_from_the_name():
    assert clean_name("pl\x00an\r\n.pdf") == "plan.pdf"
