"""The organisation page shows, per bootcamp, the team's progress: constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import ModulePage, StagePage
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def detail_url(enrollment):
    return reverse("organisations:detail", args=[enrollment.organisation_id])


def modules(bootcamp):
    return list(ModulePage.objects.descendant_of(bootcamp).order_by("path"))


def test_page_shows_each_participants_progress(client):
    bootcamp = build_bootcamp(modules_per_stage=4)
    enrollment, (lead, member, third) = enrol(bootcamp, participants=3)
    first, second, *_ = modules(bootcamp)
    services.complete_module(user=member, module=first)
    services.complete_module(user=member, module=second)
    services.complete_module(user=lead, module=first)
    client.force_login(member)
    html = client.get(detail_url(enrollment)).content.decode()
    assert "Progress in Chat for Impact" in html
    assert "3 of 12 required modules done by the team" in html
    assert f"<td>{member.display_name}</td><td>2 / 4 (50%)</td>" in html
    assert f"<td>{lead.display_name}</td><td>1 / 4 (25%)</td>" in html
    assert f"<td>{third.display_name}</td><td>0 / 4 (0%)</td>" in html


def test_other_organisations_progress_is_not_shown(client):
    bootcamp = build_bootcamp(modules_per_stage=1)
    enrollment, (lead, *_rest) = enrol(bootcamp, participants=2)
    _other, (stranger, *_others) = enrol(bootcamp, participants=2)
    client.force_login(lead)
    html = client.get(detail_url(enrollment)).content.decode()
    assert stranger.display_name not in html
    client.force_login(stranger)
    assert client.get(detail_url(enrollment)).status_code == 404


def grow(bootcamp, enrollment, *, modules_each: int, people: int) -> None:
    for stage in StagePage.objects.child_of(bootcamp):
        for n in range(modules_each):
            slug = f"extra-{ModulePage.objects.count()}-{n}"
            stage.add_child(instance=ModulePage(title=f"Extra {n}", slug=slug))
    _enrollment, users = enrol(bootcamp, enrollment.organisation, participants=people,
                               lead=UserFactory())
    for user in users:
        for module in modules(bootcamp)[:3]:
            services.complete_module(user=user, module=module)


def test_query_count_stays_constant_as_team_and_course_grow(client):
    bootcamp = build_bootcamp(modules_per_stage=1)
    enrollment, (lead, *_rest) = enrol(bootcamp, participants=1)
    client.force_login(lead)
    url = detail_url(enrollment)

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    small = count()
    grow(bootcamp, enrollment, modules_each=5, people=4)
    assert count() == small
    grow(bootcamp, enrollment, modules_each=10, people=4)
    assert count() == small
