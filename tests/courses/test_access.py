import pytest

from courses.models import BootcampPage, Enrollment
from courses.services import remove_from_roster, withdraw_enrollment
from tests.factories import organiser, trainer

pytestmark = pytest.mark.django_db


def test_overview_is_public(client, bootcamp):
    response = client.get(bootcamp.url)
    assert response.status_code == 200
    assert bootcamp.title in response.content.decode()
    assert "Module 1" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, module):
    response = client.get(module.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=" + module.url)


def test_other_organisation_sees_the_selected_organisations_page(client, module, outsider):
    client.force_login(outsider)
    response = client.get(module.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "This bootcamp is for selected organisations" in html
    assert module.title not in html


def test_enrolled_participant_sees_the_module(client, module, member):
    client.force_login(member)
    response = client.get(module.url)
    assert response.status_code == 200
    assert "Mark as complete" in response.content.decode()


def test_bootcamp_trainer_sees_content_without_completing(client, bootcamp, module):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save()  # a ParentalManyToManyField is written when the page is saved
    client.force_login(user)
    response = client.get(module.url)
    assert response.status_code == 200
    assert "Mark as complete" not in response.content.decode()


def test_trainer_of_another_bootcamp_is_refused(client, module):
    client.force_login(trainer())
    assert client.get(module.url).status_code == 403


def test_organiser_sees_everything(client, module, session):
    client.force_login(organiser())
    assert client.get(module.url).status_code == 200
    assert client.get(session.url).status_code == 200
    assert client.get(module.get_parent().url).status_code == 200


def test_removed_participant_loses_access_at_once(client, team, module, member):
    enrollment, _ = team
    remove_from_roster(enrollment=enrollment, user=member)
    client.force_login(member)
    assert client.get(module.url).status_code == 403


def test_withdrawn_enrollment_loses_access(client, team, module, member):
    withdraw_enrollment(enrollment=team[0])
    client.force_login(member)
    assert client.get(module.url).status_code == 403
    assert team[0].status == Enrollment.Status.WITHDRAWN


def test_restricted_pages_are_never_cached_by_shared_caches(client, module, member, outsider):
    assert client.get(module.url)["Cache-Control"] == "private, no-store"
    client.force_login(outsider)
    assert client.get(module.url)["Cache-Control"] == "private, no-store"
    client.force_login(member)
    assert client.get(module.url)["Cache-Control"] == "private, no-store"


def test_every_restricted_page_type_is_guarded(client, module, session, outsider):
    client.force_login(outsider)
    for page in (module.get_parent(), module, session):
        assert client.get(page.url).status_code == 403


def test_visible_to_is_the_one_access_rule(bootcamp, member, outsider):
    assert list(BootcampPage.objects.visible_to(member)) == [bootcamp]
    assert bootcamp not in BootcampPage.objects.visible_to(outsider)
    assert bootcamp.can_view_content(member)
    assert not bootcamp.can_view_content(outsider)


def test_enrolled_participant_sees_stages_on_the_bootcamp_page(client, bootcamp, member):
    client.force_login(member)
    html = client.get(bootcamp.url).content.decode()
    assert "Pre-event work" in html and "Module 1" in html and "Day 1 morning" in html


def test_restricted_text_is_not_in_the_search_index(module):
    from wagtail.search import index

    indexed = {field.field_name for field in module.search_fields
               if isinstance(field, index.SearchField)}
    assert "body" not in indexed
