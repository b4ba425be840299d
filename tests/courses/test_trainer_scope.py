"""A trainer of bootcamp A cannot change bootcamp B in /cms/: not edit, publish, add pages
inside it, move or copy pages into it, nor lock its pages; nor see it in the explorer, the
page chooser or the admin search. Organisers keep everything."""

import pytest
from wagtail.models import Page

from courses.models import ModulePage, StagePage
from tests.courses.factories import build_bootcamp
from tests.factories import organiser, trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_of_a(bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save_revision().publish()  # publishing grants the rights
    return user


@pytest.fixture
def bootcamp_b(db):
    other = build_bootcamp(title="Other Bootcamp")
    other.save_revision().publish()
    return other


def stage_of(bootcamp):
    return StagePage.objects.child_of(bootcamp).get(slug="pre-event")


def module_of(bootcamp):
    return ModulePage.objects.descendant_of(bootcamp).order_by("path").first()


def new_module(title="Sneaked in", slug="sneaked-in", **extra):
    return {"title": title, "slug": slug, "estimated_minutes": 10, "body-count": 0, **extra}


def test_cannot_save_or_publish_bootcamp_b(client, trainer_of_a, bootcamp_b):
    module = module_of(bootcamp_b)
    client.force_login(trainer_of_a)
    for action in ({}, {"action-publish": "action-publish"}):
        response = client.post(f"/cms/pages/{module.pk}/edit/",
                               new_module(title="Defaced", slug=module.slug, **action))
        assert response.status_code in (302, 403)
    module.refresh_from_db()
    assert module.title == "Module 1"
    assert module.revisions.count() == 0


def test_cannot_add_a_page_inside_bootcamp_b(client, trainer_of_a, bootcamp_b):
    stage = stage_of(bootcamp_b)
    client.force_login(trainer_of_a)
    url = f"/cms/pages/add/courses/modulepage/{stage.pk}/"
    # Wagtail's admin turns the refusal into a redirect to its dashboard with a message.
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, new_module()).status_code in (302, 403)
    assert not ModulePage.objects.filter(slug="sneaked-in").exists()


def test_still_adds_pages_inside_bootcamp_a(client, bootcamp, trainer_of_a):
    client.force_login(trainer_of_a)
    response = client.get(f"/cms/pages/add/courses/modulepage/{stage_of(bootcamp).pk}/")
    assert response.status_code == 200


def test_cannot_move_a_page_into_bootcamp_b(client, bootcamp, trainer_of_a, bootcamp_b):
    # Their own draft: Wagtail alone lets its owner move it anywhere they may add pages.
    module = stage_of(bootcamp).add_child(instance=ModulePage(
        title="My draft", slug="my-draft", live=False, owner=trainer_of_a))
    destination = stage_of(bootcamp_b)
    assert module.permissions_for_user(trainer_of_a).can_move_to(destination)
    client.force_login(trainer_of_a)
    response = client.post(f"/cms/pages/{module.pk}/move/{destination.pk}/confirm/")
    assert response.status_code in (302, 403)
    module.refresh_from_db()
    assert module.get_parent().pk == stage_of(bootcamp).pk


def test_cannot_lock_bootcamp_b_pages(client, trainer_of_a, bootcamp_b):
    module = module_of(bootcamp_b)
    client.force_login(trainer_of_a)
    client.post(f"/cms/pages/{module.pk}/lock/")
    module.refresh_from_db()
    assert not module.locked


def test_locks_own_bootcamp_pages(client, bootcamp, trainer_of_a):
    module = module_of(bootcamp)
    client.force_login(trainer_of_a)
    client.post(f"/cms/pages/{module.pk}/lock/")
    module.refresh_from_db()
    assert module.locked


# --- Copying (Wagtail's copy view: the copy lands as the trainer's draft wherever it goes) ---

def copy_form(page, destination, **options):
    return {"new_title": "Copied", "new_slug": "copied",
            "new_parent_page": destination.pk, **options}


@pytest.mark.parametrize("options", [
    {},
    {"copy_subpages": "on"},
    {"copy_subpages": "on", "publish_copies": "on"},
    {"alias": "on"},
])
def test_cannot_copy_into_bootcamp_b(client, bootcamp, trainer_of_a, bootcamp_b, options):
    stage = stage_of(bootcamp)
    client.force_login(trainer_of_a)
    for page in (module_of(bootcamp), stage):
        destination = stage_of(bootcamp_b) if page is not stage else bootcamp_b
        response = client.post(f"/cms/pages/{page.pk}/copy/", copy_form(page, destination,
                                                                         **options))
        assert response.status_code in (302, 403)
    assert not Page.objects.filter(slug="copied").exists()
    assert Page.objects.descendant_of(bootcamp_b).count() == Page.objects.descendant_of(
        bootcamp).count()


def test_cannot_copy_a_bootcamp_outside_their_bootcamps(client, bootcamp, trainer_of_a):
    # Wagtail alone allows it: the Trainers group may add pages anywhere.
    client.force_login(trainer_of_a)
    response = client.post(f"/cms/pages/{bootcamp.pk}/copy/",
                           copy_form(bootcamp, bootcamp.get_parent(), copy_subpages="on"))
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(slug="copied").exists()


def test_cannot_copy_bootcamp_b_pages_into_bootcamp_a(client, bootcamp, trainer_of_a,
                                                      bootcamp_b):
    client.force_login(trainer_of_a)
    url = f"/cms/pages/{module_of(bootcamp_b).pk}/copy/"
    assert client.get(url).status_code in (302, 403)
    client.post(url, copy_form(module_of(bootcamp_b), stage_of(bootcamp)))
    assert not Page.objects.filter(slug="copied").exists()


def test_still_copies_within_bootcamp_a(client, bootcamp, trainer_of_a, bootcamp_b):
    client.force_login(trainer_of_a)
    module = module_of(bootcamp)
    assert client.get(f"/cms/pages/{module.pk}/copy/").status_code == 200
    response = client.post(f"/cms/pages/{module.pk}/copy/",
                           copy_form(module, stage_of(bootcamp)))
    assert response.status_code == 302
    copy = ModulePage.objects.get(slug="copied")
    assert copy.get_parent().pk == stage_of(bootcamp).pk
    assert not copy.live


def test_organiser_copies_between_bootcamps(client, bootcamp, bootcamp_b):
    client.force_login(organiser())
    module = module_of(bootcamp)
    response = client.post(f"/cms/pages/{module.pk}/copy/",
                           copy_form(module, stage_of(bootcamp_b)))
    assert response.status_code == 302
    assert ModulePage.objects.get(slug="copied").get_parent().pk == stage_of(bootcamp_b).pk


# --- Seeing: explorer, page chooser, search show the home page and their own bootcamps ---

@pytest.fixture
def secret_module(bootcamp_b):
    return stage_of(bootcamp_b).add_child(instance=ModulePage(
        title="Budgeting secrets", slug="budgeting-secrets"))


def admin_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_explorer_shows_only_their_bootcamps(client, bootcamp, trainer_of_a, bootcamp_b):
    index = bootcamp.get_parent()
    client.force_login(trainer_of_a)
    html = admin_html(client, f"/cms/pages/{index.pk}/")
    assert bootcamp.title in html
    assert bootcamp_b.title not in html
    # Home page is still explorable and lists the bootcamps index.
    assert index.title in admin_html(client, f"/cms/pages/{index.get_parent().pk}/")
    client.force_login(organiser())
    assert bootcamp_b.title in admin_html(client, f"/cms/pages/{index.pk}/")


def test_exploring_bootcamp_b_is_refused(client, trainer_of_a, bootcamp_b, secret_module):
    client.force_login(trainer_of_a)
    for url in (f"/cms/pages/{bootcamp_b.pk}/", f"/cms/pages/{stage_of(bootcamp_b).pk}/",
                f"/cms/pages/{stage_of(bootcamp_b).pk}/results/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert secret_module.title not in response.content.decode()
    client.force_login(organiser())
    assert secret_module.title in admin_html(
        client, f"/cms/pages/{stage_of(bootcamp_b).pk}/")


def test_sidebar_explorer_hides_bootcamp_b(client, bootcamp, trainer_of_a, bootcamp_b):
    client.force_login(trainer_of_a)
    index = bootcamp.get_parent()
    response = client.get(f"/cms/api/main/pages/?child_of={index.pk}&for_explorer=1")
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == [bootcamp.title]
    response = client.get(f"/cms/api/main/pages/?child_of={bootcamp_b.pk}&for_explorer=1")
    assert response.status_code in (400, 403)  # Wagtail's API: "parent page doesn't exist"
    assert "Pre-event" not in response.content.decode()


def test_search_hides_bootcamp_b(client, trainer_of_a, bootcamp_b, secret_module):
    client.force_login(trainer_of_a)
    for url in ("/cms/pages/search/?q=Budgeting", "/cms/pages/search/results/?q=Budgeting",
                f"/cms/pages/{bootcamp_b.get_parent().pk}/?q=Budgeting&search_all=1"):
        assert secret_module.title not in admin_html(client, url)
    assert "Other Bootcamp" not in admin_html(client, "/cms/pages/search/?q=Bootcamp")
    client.force_login(organiser())
    assert secret_module.title in admin_html(client, "/cms/pages/search/?q=Budgeting")


def test_page_chooser_hides_bootcamp_b(client, bootcamp, trainer_of_a, bootcamp_b,
                                       secret_module):
    index = bootcamp.get_parent()
    client.force_login(trainer_of_a)
    html = admin_html(client, f"/cms/choose-page/{index.pk}/")
    assert bootcamp.title in html and bootcamp_b.title not in html
    assert secret_module.title not in admin_html(client, "/cms/choose-page/search/?q=Budgeting")
    response = client.get(f"/cms/choose-page/{stage_of(bootcamp_b).pk}/")
    assert secret_module.title not in response.content.decode()
    client.force_login(organiser())
    assert bootcamp_b.title in admin_html(client, f"/cms/choose-page/{index.pk}/")
    assert secret_module.title in admin_html(client, "/cms/choose-page/search/?q=Budgeting")


def test_trainer_still_explores_their_own_bootcamp(client, bootcamp, trainer_of_a):
    client.force_login(trainer_of_a)
    html = admin_html(client, f"/cms/pages/{stage_of(bootcamp).pk}/")
    assert module_of(bootcamp).title in html


def test_reports_name_no_page_of_bootcamp_b(client, trainer_of_a, bootcamp_b, secret_module):
    """Wagtail's page-types report names the last edited page of each type site-wide: it is
    for organisers; the other reports already keep to pages the trainer may explore."""
    secret_module.save_revision(log_action=True).publish()
    client.force_login(trainer_of_a)
    for url in ("/cms/reports/page-types-usage/", "/cms/reports/page-types-usage/results/"):
        response = client.get(url)
        # Wagtail's refusal: back to the admin home with a message.
        assert (response.status_code, response["Location"]) == (302, "/cms/")
    assert "/cms/reports/page-types-usage/" not in admin_html(client, "/cms/")
    for url in ("/cms/reports/site-history/", "/cms/reports/locked/",
                "/cms/reports/aging-pages/"):
        assert secret_module.title not in admin_html(client, url)
    client.force_login(organiser())
    assert secret_module.title in admin_html(client, "/cms/reports/page-types-usage/")
    assert "/cms/reports/page-types-usage/" in admin_html(client, "/cms/")
