"""The dashboard's pages run the same number of queries for 1, 10 and 100 organisations."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import tree_cache
from courses.models import Enrollment, RosterMember
from dashboards.scale_data import generate
from lms import routing
from notifications.models import ChatConversation
from tests.factories import organiser

SIZES = (1, 10, 100)


@pytest.fixture
def bootcamps(db):
    bootcamps = {size: generate(organisations=size, participants=2, log=lambda line: None)
                 for size in SIZES}
    # Chat activity grows with the data too (the "Learning by WhatsApp" column).
    ChatConversation.objects.bulk_create(
        ChatConversation(user_id=user_id, bootcamp=bootcamp)
        for bootcamp in bootcamps.values()
        for user_id in RosterMember.objects.filter(bootcamp=bootcamp)
        .values_list("user_id", flat=True)[::2])
    return bootcamps


def _count(client, url) -> tuple[int, bool]:
    """(queries, whether any organisation was listed or exported)."""
    # The bootcamp summary is cached, and each worker remembers sites, routes and the
    # course tree (lms.routing, courses.tree_cache): count the cold request.
    cache.clear()
    routing.clear()
    tree_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content = (b"".join(response.streaming_content) if response.streaming
                   else response.content)
    assert response.status_code == 200, url
    listed = (b'class="title dashboard-name"' in content or response.streaming
              or b"PK" in content[:2])
    return len(queries), listed


@pytest.mark.parametrize("path", [
    "", "?flag=any&ordering=-risk", "?ordering=-last_activity&state=Goa", "?q=Seva",
    "results/?flag=absent_day_one", "export/organisations.csv", "export/participants.csv",
    "export/attendance.xlsx", "export/submissions.csv", "export/checks.csv",
    "?ordering=-check_average", "?ordering=checks_not_passed",
    "?ordering=-learning_by_whatsapp",
])
def test_constant_queries(client, bootcamps, path, django_assert_max_num_queries):
    client.force_login(organiser())
    counts = {size: _count(client, f"/cms/dashboards/bootcamp/{bootcamp.pk}/{path}")
              for size, bootcamp in bootcamps.items()}
    # Pages listing organisations all run the same queries; a page where the filter leaves
    # nobody skips the row queries (fewer, never more).
    listing = {queries for queries, listed in counts.values() if listed}
    assert len(listing) == 1, counts
    assert all(queries <= max(listing) for queries, _listed in counts.values()), counts
    with django_assert_max_num_queries(40):
        client.get(f"/cms/dashboards/bootcamp/{bootcamps[100].pk}/{path}")


def test_participant_page_constant_queries(client, bootcamps):
    """The drill-down with each participant's knowledge check attempts."""
    client.force_login(organiser())
    counts = set()
    for bootcamp in bootcamps.values():
        entry = RosterMember.objects.filter(bootcamp=bootcamp).order_by("pk").first()
        counts.add(_count(client, reverse("dashboards:participant", args=[
            bootcamp.pk, entry.user_id]))[0])
    assert len(counts) == 1, counts


def test_organisation_page_constant_queries(client, bootcamps):
    client.force_login(organiser())
    counts = set()
    for bootcamp in bootcamps.values():
        enrollment = Enrollment.objects.filter(bootcamp=bootcamp).first()
        counts.add(_count(client, reverse("dashboards:organisation", args=[
            bootcamp.pk, enrollment.organisation_id]))[0])
    assert len(counts) == 1, counts
