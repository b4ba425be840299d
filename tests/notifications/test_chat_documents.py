"""A private lesson document goes out by WhatsApp as a signed, expiring link bound to the
participant, served by the permission-checked document view."""

import json
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from notifications.chat import DOCUMENT_SALT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.4 consent form"


@pytest.fixture
def document_link(lesson, say):
    """The link of a module's (so private) document, as sent to the participant."""
    _user, module = lesson
    document = get_document_model().objects.create(
        title="Consent form", file=ContentFile(CONTENT, name="consent.pdf"))
    module.body = json.dumps([{"type": "resource", "id": str(uuid.uuid4()), "value": {
        "document": document.pk, "title": "", "description": ""}}])
    module.pass_mark = None
    module.save_revision().publish()
    [reply] = say("NEXT")
    assert reply["type"] == "document"
    return document, reply["document"]["link"]


def _get(url, client=None):
    return (client or Client()).get(urlsplit(url).path)


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_link_is_signed_not_the_public_url(document_link):
    document, link = document_link
    assert "/notifications/whatsapp/documents/" in link
    assert document.url not in link


def test_a_good_link_downloads_without_signing_in(document_link):
    _document, link = document_link
    response = _get(link)  # WhatsApp's servers: no session
    assert response.status_code == 200 and _content(response) == CONTENT
    assert "no-store" in response["Cache-Control"]


def test_an_expired_link_is_refused(document_link, settings):
    _document, link = document_link
    settings.CHAT_DOCUMENT_LINK_MAX_AGE = -1
    response = _get(link)
    assert response.status_code == 403 and CONTENT not in response.content


def test_a_tampered_link_is_refused(document_link):
    _document, link = document_link
    path = urlsplit(link).path
    token = path.split("/")[-2]
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert Client().get(path.replace(token, altered)).status_code == 403


def test_a_link_signed_for_someone_else_document_is_refused(document_link):
    document, link = document_link
    stranger = UserFactory()  # on no roster: may not see the module
    token = signing.dumps({"user": stranger.pk, "document": document.pk}, salt=DOCUMENT_SALT)
    path = urlsplit(link).path
    assert Client().get(path.replace(path.split("/")[-2], token)).status_code == 404


def test_another_signed_in_user_cannot_use_the_participants_link(document_link):
    _document, link = document_link
    other = Client()
    other.force_login(UserFactory())
    assert _get(link, other).status_code == 404


def test_a_token_of_another_salt_is_refused(document_link):
    document, link = document_link
    user_id = signing.loads(urlsplit(link).path.split("/")[-2], salt=DOCUMENT_SALT)["user"]
    token = signing.dumps({"user": user_id, "document": document.pk})
    path = urlsplit(link).path
    assert Client().get(path.replace(path.split("/")[-2], token)).status_code == 403


def test_a_participant_removed_from_the_bootcamp_can_no_longer_download(lesson, document_link):
    from courses.models import RosterMember

    user, _module = lesson
    _document, link = document_link
    RosterMember.objects.filter(user=user).delete()
    assert _get(link).status_code == 404
