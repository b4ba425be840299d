"""What is the same for everyone is cached per version of the bootcamp's tree (lessons'
rendered bodies, the pages themselves, privacy settings, rules): a change shows at once, on
every worker, and per-user parts are never shared between people."""

from unittest import mock

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from attendance.models import AttendancePolicy
from attendance.services import session_rules
from courses import tree_cache
from courses.models import BootcampPage, ModuleCompletion, ModulePage, RosterMember
from courses.services import remove_from_roster
from tests.courses.factories import enrol
from tests.factories import organiser

pytestmark = pytest.mark.django_db


def _publish_body(module: ModulePage, text: str) -> None:
    module.body = [("paragraph", f"<p>{text}</p>")]
    module.save_revision().publish()


@pytest.fixture
def participant_client(client, member):
    client.force_login(member)
    return client


def _another_worker_changes(change) -> None:
    """Run `change` as another worker would: this process's cache is not cleared, only the
    version stamp in the database moves (what every worker checks)."""
    with mock.patch.object(tree_cache, "clear"):
        change()


def test_a_published_revision_shows_at_once(participant_client, module):
    _publish_body(module, "First version of the lesson")
    assert "First version" in participant_client.get(module.url).content.decode()
    assert "First version" in participant_client.get(module.url).content.decode()  # cached
    _another_worker_changes(lambda: _publish_body(module, "Second version of the lesson"))
    html = participant_client.get(module.url).content.decode()
    assert "Second version" in html
    assert "First version" not in html


def test_an_unpublished_page_is_gone_at_once(participant_client, module):
    assert participant_client.get(module.url).status_code == 200
    _another_worker_changes(lambda: ModulePage.objects.get(pk=module.pk).unpublish())
    assert participant_client.get(module.url).status_code == 404


def test_a_new_privacy_restriction_applies_at_once(participant_client, module):
    _publish_body(module, "Lesson behind a password")
    assert "Lesson behind a password" in participant_client.get(module.url).content.decode()
    _another_worker_changes(lambda: PageViewRestriction.objects.create(
        page=ModulePage.objects.get(pk=module.pk), restriction_type=PageViewRestriction.PASSWORD,
        password="s3cret-words"))
    html = participant_client.get(module.url).content.decode()
    assert "password" in html.lower()
    assert "Lesson behind a password" not in html


def test_a_restriction_above_the_bootcamp_applies_too(participant_client, module, bootcamp):
    assert participant_client.get(module.url).status_code == 200
    index = bootcamp.get_parent()
    _another_worker_changes(lambda: PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"))
    assert BootcampPage.objects.get(pk=bootcamp.pk).tree_version != bootcamp.tree_version
    assert "password" in participant_client.get(module.url).content.decode().lower()


def test_progress_is_never_shared_between_participants(client, module, team):
    _enrollment, (lead, member, _third) = team
    ModuleCompletion.objects.create(user=lead, module=module)
    client.force_login(lead)
    assert "You completed this module." in client.get(module.url).content.decode()
    client.force_login(member)
    html = client.get(module.url).content.decode()
    assert "You completed this module." not in html
    assert "Mark as complete" in html
    client.force_login(lead)
    assert "You completed this module." in client.get(module.url).content.decode()


def test_a_preview_shows_the_draft_and_participants_keep_the_published_text(
        participant_client, module, bootcamp):
    _publish_body(module, "Published lesson text")
    assert "Published lesson text" in participant_client.get(module.url).content.decode()
    module = ModulePage.objects.get(pk=module.pk)
    module.body = [("paragraph", "<p>Draft lesson text</p>")]
    module.save_revision()  # a draft: not published
    request = RequestFactory().get(module.url)
    request.user = organiser()
    request.session = {}
    preview = module.get_latest_revision_as_object()
    html = preview.serve_preview(request, preview.default_preview_mode)
    html.render()
    assert "Draft lesson text" in html.content.decode()
    participant_html = participant_client.get(module.url).content.decode()
    assert "Published lesson text" in participant_html
    assert "Draft lesson text" not in participant_html


def test_a_removed_participant_is_refused_although_the_page_is_cached(
        participant_client, module, member):
    assert participant_client.get(module.url).status_code == 200
    place = RosterMember.objects.get(user=member, bootcamp=module.get_bootcamp())
    remove_from_roster(enrollment=place.enrollment, user=member)
    assert participant_client.get(module.url).status_code == 403


def test_attendance_rules_follow_a_changed_policy(bootcamp, session):
    assert session_rules(session=session, bootcamp=bootcamp).closes_minutes_after == 30

    def change():
        AttendancePolicy.objects.update_or_create(
            bootcamp=bootcamp, defaults={"closes_minutes_after": 90})

    _another_worker_changes(change)
    bootcamp = BootcampPage.objects.get(pk=bootcamp.pk)
    assert session_rules(session=session, bootcamp=bootcamp).closes_minutes_after == 90


@pytest.mark.parametrize("page", ["module", "session"])
def test_warm_course_pages_cost_the_same_few_queries_whatever_the_bootcamp_size(
        client, bootcamp, member, module, session, page):
    client.force_login(member)
    url = (module if page == "module" else session).url
    counts = []
    for organisations in (1, 5, 20):
        for _ in range(organisations):
            enrol(bootcamp)
        client.get(url)  # warm: the tree cache learns the page
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 7
