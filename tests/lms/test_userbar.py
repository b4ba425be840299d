"""The Wagtail userbar (#24): staff only, on Wagtail pages only (it edits the page), bottom-left
with room kept for it; never on the staff tools, where it covered actions on phones."""

from django.urls import reverse

from courses.models import LiveSessionPage, ModulePage
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import trainer


def test_userbar_on_pages_but_not_on_staff_tools(client, db):
    bootcamp = build_bootcamp()
    staff = trainer()
    bootcamp.trainers.add(staff)
    bootcamp.save()
    _enrollment, (member, *_rest) = enrol(bootcamp)
    module = ModulePage.objects.descendant_of(bootcamp).first()
    session = LiveSessionPage.objects.descendant_of(bootcamp).first()
    client.force_login(staff)
    body = client.get(module.url).content.decode()
    assert "w-userbar--bottom-left" in body and 'class="userbar-room"' in body
    for url in (reverse("attendance:session", args=[session.pk]),
                reverse("attendance:code", args=[session.pk]),
                reverse("assignments:review_queue")):
        body = client.get(url).content.decode()
        assert "wagtail-userbar" not in body, url
    client.force_login(member)
    assert "wagtail-userbar" not in client.get(module.url).content.decode()
