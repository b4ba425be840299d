import pytest
from django.core import mail

from notifications.models import Kind, MessageTemplate
from notifications.services import notify
from tests.courses.factories import build_bootcamp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _send(user, bootcamp=None, **context):
    notify(user=user, kind=Kind.CERTIFICATE_ISSUED, dedupe_key="cert-1", bootcamp=bootcamp,
           context={"name": "Asha", "bootcamp": "Chat for Impact",
                    "certificate_url": "https://lms.example.org/c/1",
                    "verify_url": "https://lms.example.org/certificates/verify/AB12/",
                    **context})


def test_email_has_plain_text_and_html(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _send(user)
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Your certificate for Chat for Impact"
    assert "https://lms.example.org/certificates/verify/AB12/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://lms.example.org/certificates/verify/AB12/"' in html


def test_bootcamp_template_replaces_the_default(django_capture_on_commit_callbacks):
    bootcamp = build_bootcamp()
    MessageTemplate.objects.create(bootcamp=bootcamp, kind=Kind.CERTIFICATE_ISSUED,
                                   subject="Well done, $name", body="Verify: ${verify_url}!")
    with django_capture_on_commit_callbacks(execute=True):
        _send(UserFactory(), bootcamp=bootcamp)
    [message] = mail.outbox
    assert message.subject == "Well done, Asha"
    assert "Verify: https://lms.example.org/certificates/verify/AB12/!" in message.body


def test_template_code_in_editable_text_stays_literal(django_capture_on_commit_callbacks, settings):
    bootcamp = build_bootcamp()
    MessageTemplate.objects.create(
        bootcamp=bootcamp, kind=Kind.CERTIFICATE_ISSUED, subject="{{ settings.SECRET_KEY }}",
        body="{% load static %}{% debug %}{{ settings.SECRET_KEY }} $secret_key "
             "{{ user.password }} $name")
    with django_capture_on_commit_callbacks(execute=True):
        _send(UserFactory(), bootcamp=bootcamp, secret_key=settings.SECRET_KEY)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert settings.SECRET_KEY not in message.subject + message.body + html
    assert message.subject == "{{ settings.SECRET_KEY }}"
    assert "{% load static %}{% debug %}{{ settings.SECRET_KEY }} $secret_key" in message.body
    assert "Asha" in message.body  # allowlisted placeholders still work


def test_placeholder_values_are_escaped_in_html(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(UserFactory(), name='<script>alert("x")</script>')
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_newlines_cannot_inject_headers_into_the_subject(django_capture_on_commit_callbacks):
    bootcamp = build_bootcamp()
    MessageTemplate.objects.create(bootcamp=bootcamp, kind=Kind.CERTIFICATE_ISSUED,
                                   subject="Hi $name", body="Body")
    with django_capture_on_commit_callbacks(execute=True):
        _send(UserFactory(), bootcamp=bootcamp, name="Asha\nBcc: all@example.org")
    assert mail.outbox[0].subject == "Hi Asha Bcc: all@example.org"
