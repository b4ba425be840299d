"""Uploading a broken image in the Wagtail admin is an error on the form, never a 500."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.factories import organiser

pytestmark = pytest.mark.django_db


def _picture(kind: str) -> bytes:
    buffer = BytesIO()
    # Noise, so the compressed data is long enough to be cut half-way.
    picture = PILImage.effect_noise((160, 120), 64).convert("RGB")
    picture.save(buffer, format=kind)
    return buffer.getvalue()


PNG, JPEG = _picture("PNG"), _picture("JPEG")
BROKEN = {
    "polyglot.png": b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
    "truncated.png": PNG[: len(PNG) // 2],
    "truncated.jpg": JPEG[: len(JPEG) // 2],
    "html-after-header.jpg": JPEG[:200] + b"<html><script>alert(1)</script></html>",
    "garbage.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 40,
}


@pytest.fixture
def signed_in(client):
    client.force_login(organiser())
    client.raise_request_exception = True  # a crash fails the test instead of a 500 page
    return client


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_image_is_a_form_error(signed_in, name):
    response = signed_in.post("/cms/images/add/", {
        "title": "Broken", "file": SimpleUploadedFile(name, BROKEN[name])})
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file", [])
    assert errors, name
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_image_in_the_multiple_uploader_is_refused(signed_in, name):
    response = signed_in.post("/cms/images/multiple/add/", {
        "files[]": SimpleUploadedFile(name, BROKEN[name])})
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_image_model().objects.exists()


def test_good_images_are_accepted(signed_in):
    for name, content in (("photo.png", PNG), ("photo.jpg", JPEG)):
        response = signed_in.post("/cms/images/add/", {
            "title": name, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302, name
    assert get_image_model().objects.count() == 2


def test_replacing_a_file_with_a_broken_one_is_refused(signed_in):
    signed_in.post("/cms/images/add/", {"title": "Good",
                                        "file": SimpleUploadedFile("photo.png", PNG)})
    image = get_image_model().objects.get()
    response = signed_in.post(f"/cms/images/{image.pk}/", {
        "title": "Good", "file": SimpleUploadedFile("x.png", BROKEN["polyglot.png"])})
    assert response.status_code == 200
    assert response.context["form"].errors.get("file")
    image.refresh_from_db()
    with image.file.open("rb") as stored:
        assert stored.read() == PNG
