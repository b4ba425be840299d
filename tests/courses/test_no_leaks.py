"""Restricted course content does not leak through search, a sitemap, an API or previews."""

import pytest

from courses.models import ModulePage
from tests.courses.factories import build_bootcamp
from tests.factories import participant, trainer

pytestmark = pytest.mark.django_db

SECRET = "Escalate threats of self-harm to the district helpline within ten minutes"


@pytest.fixture
def secret_module(bootcamp):
    module = ModulePage.objects.descendant_of(bootcamp).order_by("path").first()
    module.body = [("paragraph", f"<p>{SECRET}</p>")]
    module.save_revision().publish()
    return module


@pytest.mark.parametrize("path", ["/search/?q=helpline", "/sitemap.xml", "/api/v2/pages/",
                                  "/api/v3/pages/", "/api/v2/documents/"])
def test_no_public_search_sitemap_or_api(client, secret_module, path):
    response = client.get(path)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_module_text_is_not_in_the_search_index(secret_module):
    assert not ModulePage.objects.live().search("self-harm")
    assert not ModulePage.objects.live().search("district helpline")


@pytest.mark.parametrize("suffix", ["edit/preview/", "view_draft/", "edit/"])
def test_preview_and_draft_views_need_edit_rights(client, secret_module, member, suffix):
    url = f"/cms/pages/{secret_module.pk}/{suffix}"
    assert client.get(url).status_code == 302  # anonymous: sign in
    client.force_login(member)  # a participant has no admin access
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert SECRET not in response.content.decode()


def test_trainer_of_another_bootcamp_cannot_preview(client, secret_module):
    other = build_bootcamp(title="Other Bootcamp")
    user = trainer()
    other.trainers.add(user)
    other.save_revision().publish()
    client.force_login(user)
    for suffix in ("edit/preview/", "view_draft/"):
        response = client.get(f"/cms/pages/{secret_module.pk}/{suffix}")
        assert response.status_code in (302, 403)
        assert SECRET not in response.content.decode()


def test_admin_api_does_not_serve_module_bodies(client, secret_module):
    client.force_login(participant())  # no admin access at all
    response = client.get(f"/cms/api/main/pages/{secret_module.pk}/")
    assert response.status_code in (302, 403)
    other_trainer = trainer()
    client.force_login(other_trainer)  # admin access, not this bootcamp's trainer
    for url in (f"/cms/api/main/pages/{secret_module.pk}/?fields=*",
                "/cms/api/main/pages/?fields=*&search=helpline"):
        assert SECRET not in client.get(url).content.decode()
