"""Messages are written in the recipient's language (#19): the default texts have Hindi
versions; an address without an account gets the site's language."""

import pytest
from django.core import mail

from notifications.models import Kind
from notifications.rendering import DEFAULTS, render
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Asha", "bootcamp": "Chat for Impact", "recipient_name": "Asha",
           "certificate_url": "https://lms.example.org/c/1", "code": "AB12",
           "verify_url": "https://lms.example.org/certificates/verify/AB12/"}


def test_a_hindi_participant_gets_the_hindi_text(django_capture_on_commit_callbacks):
    user = UserFactory(language="hi")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=Kind.CERTIFICATE_ISSUED, dedupe_key="c1", context=CONTEXT)
    [message] = mail.outbox
    assert message.subject == "Chat for Impact के लिए आपका प्रमाणपत्र"
    assert "बधाई हो Asha!" in message.body
    assert "https://lms.example.org/certificates/verify/AB12/" in message.body
    assert "Congratulations" not in message.body


def test_an_english_participant_gets_the_english_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=UserFactory(language="en"), kind=Kind.CERTIFICATE_ISSUED,
               dedupe_key="c1", context=CONTEXT)
    assert mail.outbox[0].subject == "Your certificate for Chat for Impact"


@pytest.mark.parametrize("kind", [kind for kind in DEFAULTS if kind not in (
    Kind.ANNOUNCEMENT, Kind.REPLY)])
def test_every_default_text_has_a_hindi_version(kind):
    english = render(kind=kind, context={}, bootcamp_id=None, language="en")
    hindi = render(kind=kind, context={}, bootcamp_id=None, language="hi")
    assert hindi.body != english.body
    assert any("\u0900" <= char <= "\u097f" for char in hindi.body)
