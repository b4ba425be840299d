"""Organisers edit per-bootcamp message templates in the Wagtail admin (snippets)."""

import pytest

from notifications.models import Kind, MessageTemplate
from tests.courses.factories import build_bootcamp
from tests.factories import PASSWORD, organiser, participant

pytestmark = pytest.mark.django_db
ADD = "/cms/snippets/notifications/messagetemplate/add/"


def test_organiser_adds_a_template(client):
    user = organiser()
    client.login(email=user.email, password=PASSWORD)
    bootcamp = build_bootcamp()
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, {"bootcamp": bootcamp.pk, "kind": Kind.SESSION_REMINDER_1H,
                                 "language": "en", "subject": "Soon: $session",
                                 "body": "Join: $join_url", "whatsapp_template_name": ""})
    assert response.status_code == 302
    assert MessageTemplate.objects.get().subject == "Soon: $session"


def test_participant_cannot_edit_templates(client):
    user = participant()
    client.login(email=user.email, password=PASSWORD)
    response = client.get(ADD)
    assert response.status_code in (302, 403)


def _post(client, bootcamp, language, subject):
    return client.post(ADD, {"bootcamp": bootcamp.pk, "kind": Kind.SESSION_REMINDER_1H,
                             "language": language, "subject": subject, "body": "$join_url",
                             "whatsapp_template_name": ""})


def test_organiser_writes_a_hindi_version_beside_the_english_one(client):
    user = organiser()
    client.login(email=user.email, password=PASSWORD)
    bootcamp = build_bootcamp()
    assert _post(client, bootcamp, "en", "Soon: $session").status_code == 302
    assert _post(client, bootcamp, "hi", "जल्द: $session").status_code == 302
    assert dict(MessageTemplate.objects.values_list("language", "subject")) == {
        "en": "Soon: $session", "hi": "जल्द: $session"}


def test_a_second_version_in_the_same_language_is_refused_on_the_form(client):
    user = organiser()
    client.login(email=user.email, password=PASSWORD)
    bootcamp = build_bootcamp()
    _post(client, bootcamp, "hi", "जल्द: $session")
    response = _post(client, bootcamp, "hi", "फिर से: $session")
    assert response.status_code == 200
    assert "already has this message in this language" in response.content.decode()
    assert MessageTemplate.objects.get().subject == "जल्द: $session"
