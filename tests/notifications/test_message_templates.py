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
                                 "subject": "Soon: $session", "body": "Join: $join_url",
                                 "whatsapp_template_name": ""})
    assert response.status_code == 302
    assert MessageTemplate.objects.get().subject == "Soon: $session"


def test_participant_cannot_edit_templates(client):
    user = participant()
    client.login(email=user.email, password=PASSWORD)
    response = client.get(ADD)
    assert response.status_code in (302, 403)
