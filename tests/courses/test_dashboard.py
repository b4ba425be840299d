from datetime import timedelta

import pytest
from django.utils import timezone

from courses import progress
from courses.models import LiveSessionPage, ModuleCompletion, ModulePage, StagePage

pytestmark = pytest.mark.django_db


def test_dashboard_requires_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_shows_progress_next_module_and_team(client, bootcamp, team, module):
    _, (lead, member, third) = team
    ModuleCompletion.objects.create(user=member, module=module)
    ModuleCompletion.objects.create(user=lead, module=module)
    client.force_login(member)
    response = client.get("/dashboard/")
    assert response["Cache-Control"] == "private, no-store"
    item = response.context["dashboards"][0]
    assert item.bootcamp == bootcamp
    assert (item.progress.done, item.progress.total) == (1, 2)
    assert item.progress.next_module.title == "Module 2"
    assert {user.pk: p.done for user, p in item.team} == {lead.pk: 1, member.pk: 1, third.pk: 0}
    html = response.content.decode()
    assert "1 of 2 required modules done" in html
    assert "Module 2" in html
    assert third.get_full_name() in html


def test_dashboard_shows_next_session_in_the_bootcamps_zone(client, bootcamp, member):
    client.force_login(member)
    item = client.get("/dashboard/").context["dashboards"][0]
    first = LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at").first()
    assert item.next_session == first
    assert not item.join_link_open
    html = client.get("/dashboard/").content.decode()
    assert first.starts_at.astimezone(bootcamp.tz).strftime("%H:%M IST") in html
    assert "Asia/Kolkata" in html


def test_dashboard_offers_the_join_link_when_open(client, bootcamp, member):
    first = LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at").first()
    first.starts_at = timezone.now() + timedelta(minutes=10)
    first.ends_at = first.starts_at + timedelta(hours=1)
    first.save()
    client.force_login(member)
    html = client.get("/dashboard/").content.decode()
    assert first.join_url in html and "Join now" in html


def test_dashboard_hides_bootcamps_after_removal(client, team, member):
    from courses.services import remove_from_roster

    remove_from_roster(enrollment=team[0], user=member)
    client.force_login(member)
    assert client.get("/dashboard/").context["dashboards"] == []


def test_dashboard_includes_registered_sources(client, bootcamp, member, monkeypatch):
    monkeypatch.setattr(progress, "_sources", {
        "extra": lambda *, bootcamp, user_ids: dict.fromkeys(user_ids, "EXTRA-VALUE")})
    monkeypatch.setattr(progress, "_dashboard_templates", {"extra": "courses/restricted.html"})
    client.force_login(member)
    html = client.get("/dashboard/").content.decode()
    assert "This bootcamp is for selected organisations" in html  # the included template


@pytest.mark.parametrize("modules", [1, 10, 50])
def test_dashboard_queries_do_not_grow(client, bootcamp, team, member, modules,
                                       django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(progress, "_sources", {})
    stage = StagePage.objects.child_of(bootcamp).get(slug="day-1")
    extra = [stage.add_child(instance=ModulePage(title=f"Extra {n}", slug=f"extra-{n}"))
             for n in range(modules)]
    for user in team[1]:
        ModuleCompletion.objects.bulk_create(
            [ModuleCompletion(user=user, module=m) for m in extra[: modules // 2 + 1]])
    client.force_login(member)
    client.get("/dashboard/")  # warm per-process caches (site root, content types)
    # +2 since journeys: the user's applications in progress, and the page URLs the
    # dashboard links (one query each, whatever the number of pages).
    with django_assert_max_num_queries(16):
        response = client.get("/dashboard/")
    assert response.context["dashboards"][0].progress.total == modules + 2


def test_bootcamp_page_ticks_completed_modules(client, bootcamp, member, module):
    ModuleCompletion.objects.create(user=member, module=module)
    client.force_login(member)
    html = client.get(bootcamp.url).content.decode()
    assert html.count('class="done"') == 1
    assert "1 of 2 required modules done" in html
