"""Navigation on the public site: the home page, landing after sign-in, links from the
dashboard to everything it names, assignments on stage pages, previous / next, profile,
compression."""

import gzip
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import BootcampPage, ModulePage, StagePage
from tests.assignments.factories import add_assignment
from tests.courses.factories import IST, build_bootcamp, enrol
from tests.factories import organiser, participant, trainer

pytestmark = pytest.mark.django_db


def test_home_lists_open_bootcamps_first_with_apply_and_deadline(client, bootcamp):
    now = timezone.now()
    # "Today" is the bootcamp's own (IST) day, which is tomorrow in UTC after 18:30 UTC.
    today = timezone.localdate(now, IST)
    open_one = build_bootcamp(title="Open Edition", modules_per_stage=0,
                              registration_opens_at=now - timedelta(days=1),
                              registration_closes_at=now + timedelta(days=9))
    past = build_bootcamp(title="Old Edition", modules_per_stage=0,
                          day_one=today - timedelta(days=60))
    StagePage.objects.descendant_of(past).update(end_date=today - timedelta(40))
    running = build_bootcamp(title="Running Edition", modules_per_stage=0,
                             day_one=today - timedelta(days=1))
    body = client.get("/").content.decode()
    assert body.index("Open for applications") < body.index("Taking place now") < body.index(
        "Past bootcamps")
    assert f'href="/bootcamps/{open_one.slug}/apply/"' in body
    assert "Deadline" in body
    running_part = body[body.index("Taking place now"):body.index("Past bootcamps")]
    assert running.title in running_part and past.title not in running_part
    assert past.title in body[body.index("Past bootcamps"):]
    assert "<title>Bootcamp LMS</title>" in body  # not "Bootcamp LMS · Bootcamp LMS"


def test_home_gives_a_signed_in_participant_their_next_module(client, bootcamp, team):
    client.force_login(team[1][1])
    body = client.get("/").content.decode()
    first = ModulePage.objects.descendant_of(bootcamp).order_by("path").first()
    assert "Your next step" in body and first.url in body


@pytest.mark.parametrize("who, lands", [
    (participant, "/dashboard/"), (trainer, "/review/"), (organiser, "/cms/dashboards/")])
def test_sign_in_lands_on_each_roles_page(client, db, who, lands):
    user = who(email="someone@example.org")
    user.set_password("a-long-passphrase-42")
    user.save()
    response = client.post("/accounts/login/", {"login": "someone@example.org",
                                                "password": "a-long-passphrase-42"})
    assert response["Location"] == lands


def test_sign_in_respects_next(client, db):
    user = participant(email="someone@example.org")
    user.set_password("a-long-passphrase-42")
    user.save()
    response = client.post("/accounts/login/?next=/organisations/", {
        "login": "someone@example.org", "password": "a-long-passphrase-42"})
    assert response["Location"] == "/organisations/"


def test_header_links_by_role(client, db):
    client.force_login(participant())
    body = client.get("/dashboard/").content.decode()
    assert 'href="/dashboard/"' in body and 'href="/organisations/"' in body
    assert 'href="/accounts/profile/"' in body
    assert 'href="/review/"' not in body and 'href="/cms/"' not in body
    client.force_login(trainer())
    body = client.get("/dashboard/").content.decode()
    assert 'href="/review/"' in body and 'href="/cms/"' in body


def test_dashboard_links_every_item_it_names(client, bootcamp, team):
    assignment = add_assignment(bootcamp, required_for_certificate=True)
    client.force_login(team[1][1])
    body = client.get("/dashboard/").content.decode()
    assert f'<a href="{assignment.url}">{assignment.title}</a>' in body
    follow_up = bootcamp.get_children().get(slug="follow-up").get_children().first()
    assert f'<a href="{follow_up.url}">' in body  # sessions are links
    module = ModulePage.objects.descendant_of(bootcamp).order_by("path").last()
    assert f'<a href="{module.url}">Module “{module.title}” not completed</a>' in body
    # Sessions still to come are "Upcoming", not "Not recorded".
    attendance = body[body.index("Live sessions"):body.index("Certificate")]
    assert "Upcoming" in attendance and "Not recorded" not in attendance


def test_stage_and_overview_pages_list_assignments_with_status(client, bootcamp, team):
    assignment = add_assignment(bootcamp)
    client.force_login(team[1][1])
    stage = StagePage.objects.child_of(bootcamp).get(slug="pre-event")
    for url in (stage.url, bootcamp.url):
        body = client.get(url).content.decode()
        assert f'<a href="{assignment.url}">{assignment.title}</a>' in body, url
        assert "Not started" in body, url
    assert "Pre-event work · Pre-event work" not in client.get(bootcamp.url).content.decode()


def test_staff_see_assignments_without_a_status_of_their_own(client, bootcamp):
    assignment = add_assignment(bootcamp)
    client.force_login(organiser())
    body = client.get(bootcamp.url).content.decode()
    assert assignment.url in body and "Not started" not in body


def test_module_pages_link_previous_and_next_across_stages(client, db):
    bootcamp = build_bootcamp(modules_per_stage=2)
    day_one = StagePage.objects.child_of(bootcamp).get(slug="day-1")
    day_module = day_one.add_child(instance=ModulePage(title="Day module", slug="day-module"))
    assignment = add_assignment(bootcamp, title="Plan")
    _enrollment, users = enrol(bootcamp)
    client.force_login(users[1])
    first, second = ModulePage.objects.descendant_of(bootcamp).order_by("path")[:2]
    body = client.get(first.url).content.decode()
    assert 'rel="prev"' not in body and f'href="{second.url}" rel="next"' in body
    body = client.get(second.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in body
    assert f'href="{assignment.url}" rel="next"' in body  # the stage's assignment comes next
    body = client.get(day_module.url).content.decode()
    assert f'href="{assignment.url}" rel="prev"' in body and 'rel="next"' not in body


def test_module_page_queries_stay_constant(client, bootcamp, team, module,
                                           django_assert_max_num_queries):
    client.force_login(team[1][1])
    client.get(module.url)
    with django_assert_max_num_queries(25):
        assert client.get(module.url).status_code == 200


def test_profile_edits_the_name_with_the_certificate_note(client, db):
    user = participant(first_name="Arjn", last_name="P")
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    for url in ("/accounts/password/change/", "/accounts/email/", "/accounts/2fa/"):
        assert f'href="{url}"' in page
    response = client.post("/accounts/profile/", {"first_name": " Arjun ", "last_name": "Rao"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Arjun", "Rao")


def test_profile_refuses_an_empty_name_and_keeps_the_input(client, db):
    user = participant(first_name="Arjun")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"first_name": "  ", "last_name": "Rao"})
    assert response.status_code == 400
    assert 'value="Rao"' in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "Arjun"


def test_profile_needs_sign_in(client, db):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_html_is_gzipped_and_the_dashboard_stays_small(client, bootcamp, team):
    add_assignment(bootcamp)
    client.force_login(team[1][1])
    response = client.get("/dashboard/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content)
    assert len(response.content) < 5_000 and len(html) < 30_000
    assert "Content-Encoding" not in client.get("/dashboard/")


def test_home_for_anonymous_is_public_and_small(client, bootcamp):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and len(response.content) < 4_000
    assert f'href="{BootcampPage.objects.get(pk=bootcamp.pk).url}"' in gzip.decompress(
        response.content).decode()


def test_excused_sessions_are_explained_on_the_dashboard(client, bootcamp, team):
    from attendance.models import AttendanceRecord, Source

    member = team[1][1]
    session = bootcamp.get_children().get(slug="day-1").get_children().first().specific
    client.force_login(member)
    assert "does not count as attending" not in client.get("/dashboard/").content.decode()
    AttendanceRecord.objects.create(user=member, session=session, bootcamp=bootcamp,
                                    status="excused", source=Source.TRAINER,
                                    changed_at=session.ends_at)
    body = client.get("/dashboard/").content.decode()
    assert "does not count as attending" in body and "with an override" in body


def test_time_zone_select_offers_india_first(client, db):
    client.force_login(participant())
    body = client.get("/account/notifications/").content.decode()
    select = body[body.index('name="time_zone"'):]
    options = re.findall(r'<option value="([^"]+)"', select)
    assert options[0] == "Asia/Kolkata"
    assert "India (IST)" in select
    assert options.count("Asia/Kolkata") == 1  # not listed twice


def test_perk_credits_are_digit_grouped(client, bootcamp, team):
    from organisations.models import Perk

    Perk.objects.create(organisation=team[0].organisation, bootcamp=bootcamp,
                        credits_granted=100_000, credits_used=12_000)
    client.force_login(team[1][0])
    body = client.get(f"/organisations/{team[0].organisation_id}/").content.decode()
    assert "12,000 used of 100,000" in body


def test_assignment_pages_link_previous_and_next_like_modules(client, db):
    bootcamp = build_bootcamp(modules_per_stage=2)
    day_one = StagePage.objects.child_of(bootcamp).get(slug="day-1")
    day_module = day_one.add_child(instance=ModulePage(title="Day module", slug="day-module"))
    assignment = add_assignment(bootcamp, title="Plan")
    _enrollment, users = enrol(bootcamp)
    client.force_login(users[1])
    _first, second = ModulePage.objects.descendant_of(bootcamp).order_by("path")[:2]
    body = client.get(assignment.url).content.decode()
    assert f'href="{second.url}" rel="prev"' in body
    assert f'href="{day_module.url}" rel="next"' in body
