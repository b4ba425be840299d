from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail import hooks

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
    extra = progress.ProgressSource(
        "extra", lambda *, bootcamp, user_ids: dict.fromkeys(user_ids, "EXTRA-VALUE"),
        dashboard_template="courses/restricted.html")
    with hooks.register_temporarily(progress.DASHBOARD_PROGRESS_HOOK, lambda: extra):
        client.force_login(member)
        html = client.get("/dashboard/").content.decode()
    assert "This bootcamp is for selected organisations" in html  # the included template


@pytest.mark.parametrize("modules", [1, 10, 50])
def test_dashboard_queries_do_not_grow(client, bootcamp, team, member, modules,
                                       django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(progress, "progress_sources", dict)
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


def _cards(html: str) -> str:
    """The attendance and assignment cards of a dashboard page."""
    start = html.index('class="card assignments-progress"')
    return html[start:html.index('class="card certificate-card"')]


def test_participants_of_two_organisations_see_their_own_cards_once_shared(client):
    """The cards are shared HTML (per tree version and state): whoever's page is rendered
    first, the other sees their own progress, statuses, assignment and team."""
    from assignments import services as assignments
    from assignments.models import Submission
    from attendance.models import Source, Status
    from attendance.services import record_attendance
    from tests.assignments.factories import add_assignment
    from tests.attendance.factories import Setup
    from tests.factories import trainer

    setup = Setup()
    plan = add_assignment(setup.bootcamp, title="Helpline plan", submission_type="organisation")
    reviewer = trainer()
    setup.bootcamp.trainers.add(reviewer)
    setup.bootcamp.save()
    setup.move_session(starts_at=timezone.now() - timedelta(hours=3))
    ours, theirs = setup.team[0], setup.other_team[0]
    for user, status in ((ours, Status.PRESENT), (theirs, Status.ABSENT)):
        record_attendance(user_id=user.pk, session=setup.session, bootcamp=setup.bootcamp,
                          status=status, minutes=None, source=Source.TRAINER,
                          changed_by=setup.trainer)
    ModuleCompletion.objects.create(user=ours, module=ModulePage.objects.descendant_of(
        setup.bootcamp).order_by("path").first())
    assignments.submit(assignment=plan, user=ours, text="Our plan")
    assignments.review(submission_id=Submission.objects.get().pk, reviewer=reviewer,
                       decision="accepted")

    pages = {}
    for user in (ours, theirs, ours, theirs):  # the second round is served shared HTML
        client.force_login(user)
        pages.setdefault(user.pk, []).append(client.get("/dashboard/").content.decode())
    for html in pages[ours.pk] + pages[theirs.pk]:
        assert html.count("Helpline plan") >= 1
    for first, again in pages.values():
        assert _cards(first) == _cards(again)
    ours_cards, theirs_cards = _cards(pages[ours.pk][1]), _cards(pages[theirs.pk][1])
    assert "Present" in ours_cards and "Absent" not in ours_cards
    assert "Absent" in theirs_cards and "Present" not in theirs_cards
    assert "1 of 1 required assignments accepted" in ours_cards
    assert "0 of 1 required assignments accepted" in theirs_cards
    assert "1 of 2 required modules done" in pages[ours.pk][1]
    assert "0 of 2 required modules done" in pages[theirs.pk][1]
    assert setup.team[1].get_full_name() in pages[ours.pk][1]
    assert setup.team[1].get_full_name() not in pages[theirs.pk][1]


def test_the_dashboard_shows_a_published_change_at_once(client, bootcamp, member, session):
    client.force_login(member)
    assert session.title in client.get("/dashboard/").content.decode()  # warm
    session.title = "Opening, renamed"
    session.save_revision().publish()
    html = client.get("/dashboard/").content.decode()
    assert "Opening, renamed" in html


def test_each_bootcamp_shows_its_own_team(client, bootcamp, team, member):
    from courses.services import remove_from_roster, withdraw_enrollment
    from tests.courses.factories import build_bootcamp, enrol

    enrollment, (lead, _member, third) = team
    later = build_bootcamp(title="Later Bootcamp", day_one=bootcamp.start_date + timedelta(days=60))
    other_enrollment, others = enrol(later, lead=member)
    withdrawn = build_bootcamp(title="Withdrawn Bootcamp")
    withdraw_enrollment(enrollment=enrol(withdrawn, lead=member)[0])
    remove_from_roster(enrollment=enrollment, user=third)
    client.force_login(member)
    items = client.get("/dashboard/").context["dashboards"]
    assert [item.bootcamp.title for item in items] == ["Chat for Impact", "Later Bootcamp"]
    assert [user for user, _ in items[0].team] == sorted(
        [lead, member], key=lambda u: (u.first_name, u.email))
    assert {user for user, _ in items[1].team} == set(others)


def test_the_shared_team_table_marks_each_readers_own_row_and_follows_renames(client, team):
    import re

    _, (lead, member, third) = team

    def you_row(user) -> str:
        client.force_login(user)
        html = client.get("/dashboard/").content.decode()
        return re.search(r"<tr><td>([^<]*) <span class=\"meta\">\(you\)", html).group(1)

    for _round in range(2):  # the second round is served shared HTML
        assert you_row(lead) == lead.get_full_name()
        assert you_row(member) == member.get_full_name()
    third.first_name = "Renamed"
    third.save()
    client.force_login(lead)
    assert third.get_full_name() in client.get("/dashboard/").content.decode()
