"""A trainer of bootcamp A cannot change bootcamp B in /cms/: not edit, publish, add pages
inside it, move pages into it, nor lock its pages."""

import pytest

from courses.models import ModulePage, StagePage
from tests.courses.factories import build_bootcamp
from tests.factories import trainer

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
