"""The organiser dashboard's "Learning by WhatsApp" column (contributed by notifications
through dashboards.columns.PARTICIPANT_COUNT_HOOK): the roster's participants whose lesson
chat of this bootcamp was used in the last 14 days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import ChatConversation
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser

pytestmark = pytest.mark.django_db


def test_the_column_counts_recent_chats_on_this_bootcamp_only(client):
    bootcamp = build_bootcamp()
    other = build_bootcamp(title="Other Bootcamp")
    _, (lead, member, third) = enrol(bootcamp)
    ChatConversation.objects.create(user=member, bootcamp=bootcamp)  # counted
    old = ChatConversation.objects.create(user=lead, bootcamp=bootcamp)
    ChatConversation.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=15))  # too long ago
    ChatConversation.objects.create(user=third, bootcamp=other)  # another bootcamp
    assert list(ChatConversation.objects.learning_by_whatsapp(
        bootcamp=bootcamp, now=timezone.now()).values_list("user", flat=True)) == [member.pk]
    client.force_login(organiser())
    response = client.get(f"/cms/dashboards/bootcamp/{bootcamp.pk}/")
    html = response.content.decode()
    assert "Learning by WhatsApp" in html
    assert "wrote in a lesson chat of this bootcamp in the last 14 days" in html
    row = next(r for r in response.context["object_list"])
    assert row.counts == (1,)
    assert "<td>1 / 3</td>" in html
    ordered = client.get(f"/cms/dashboards/bootcamp/{bootcamp.pk}/",
                         {"ordering": "-learning_by_whatsapp"})
    assert ordered.status_code == 200


def test_the_organisations_export_has_the_column(client):
    import csv
    import io

    from django.urls import reverse

    bootcamp = build_bootcamp()
    enrollment, (lead, member, _third) = enrol(bootcamp)
    ChatConversation.objects.create(user=member, bootcamp=bootcamp)
    client.force_login(organiser())
    response = client.get(reverse("dashboards:export", args=[bootcamp.pk, "organisations", "csv"]))
    rows = list(csv.reader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, line = rows[0], rows[1]
    assert line[header.index("learning_by_whatsapp")] == "1"
    assert line[0] == enrollment.organisation.name
