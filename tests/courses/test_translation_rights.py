"""Trainers translate their own bootcamps only; translations leak through no search, sitemap,
listing or out-of-reach admin view (#19)."""

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from courses.models import BootcampPage, ModulePage
from tests.courses.factories import build_bootcamp, translate
from tests.factories import organiser, trainer

pytestmark = pytest.mark.django_db

SECRET = "गुप्त पाठ केवल प्रतिभागियों के लिए"


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


@pytest.fixture
def trainer_of_b(bootcamp_b):
    user = trainer()
    bootcamp_b.trainers.add(user)
    bootcamp_b.save_revision().publish()
    return user


@pytest.fixture
def hindi_module(bootcamp, trainer_of_a):
    module = ModulePage.objects.descendant_of(bootcamp).order_by("path").first()
    module.body = [{"type": "paragraph", "value": "<p>Only for participants.</p>"}]
    module.save_revision().publish()
    return translate(module, title="हिंदी मॉड्यूल",
                     body=[{"type": "paragraph", "value": f"<p>{SECRET}</p>"}])


def test_the_bootcamps_trainers_may_edit_its_translations(client, trainer_of_a, hindi_module):
    assert hindi_module.permissions_for_user(trainer_of_a).can_edit()
    client.force_login(trainer_of_a)
    assert client.get(f"/cms/pages/{hindi_module.pk}/edit/").status_code == 200


def test_another_bootcamps_trainer_cannot_edit_its_translations(client, trainer_of_b,
                                                                hindi_module):
    assert not hindi_module.permissions_for_user(trainer_of_b).can_edit()
    client.force_login(trainer_of_b)
    response = client.get(f"/cms/pages/{hindi_module.pk}/edit/")
    assert response.status_code in (302, 403)
    assert SECRET not in response.content.decode()
    response = client.post(f"/cms/pages/{hindi_module.pk}/edit/",
                           {"title": "Defaced", "slug": hindi_module.slug, "body-count": 0})
    assert response.status_code in (302, 403)
    hindi_module.refresh_from_db()
    assert hindi_module.title == "हिंदी मॉड्यूल"


def test_another_bootcamps_trainer_cannot_submit_or_sync_its_translations(
        client, trainer_of_b, bootcamp, hindi_module):
    module = ModulePage.objects.get(translation_key=hindi_module.translation_key,
                                    locale__language_code="en")
    client.force_login(trainer_of_b)
    assert trainer_of_b.has_perm("wagtail_localize.submit_translation")
    # Wagtail's admin answers a refusal with a redirect to its dashboard and a message.
    assert client.get(f"/cms/localize/submit/page/{module.pk}/").status_code in (302, 403)
    stage = Page.objects.child_of(bootcamp).last()
    hindi = Locale.objects.get(language_code="hi")
    response = client.post(f"/cms/localize/submit/page/{stage.pk}/", {"locales": [hindi.pk]})
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(translation_key=stage.translation_key,
                                   locale__language_code="hi").exists()
    source = TranslationSource.objects.get_for_instance(module)
    synced_at = source.last_updated_at
    response = client.post(f"/cms/localize/update/{source.pk}/", {})
    assert response.status_code in (302, 403)
    source.refresh_from_db()
    assert source.last_updated_at == synced_at


def test_the_bootcamps_trainer_may_submit_its_pages_for_translation(client, trainer_of_a,
                                                                   bootcamp):
    stage = Page.objects.child_of(bootcamp).first()
    client.force_login(trainer_of_a)
    assert client.get(f"/cms/localize/submit/page/{stage.pk}/").status_code == 200


def test_another_bootcamps_trainer_does_not_see_its_translations_in_the_admin(
        client, trainer_of_b, hindi_module):
    client.force_login(trainer_of_b)
    html = client.get("/cms/pages/search/", {"q": "हिंदी"}).content.decode()
    assert "हिंदी मॉड्यूल" not in html
    hindi_bootcamp = BootcampPage.objects.get(translation_key=hindi_module.get_bootcamp()
                                              .translation_key, locale__language_code="hi")
    response = client.get(f"/cms/pages/{hindi_bootcamp.pk}/")
    assert response.status_code in (302, 403)
    assert "हिंदी मॉड्यूल" not in response.content.decode()


def test_restricted_translations_are_not_in_the_search_index(hindi_module):
    # Lesson bodies are never indexed (ModulePage.search_fields), translations included.
    assert not list(Page.objects.search(SECRET))
    assert not list(ModulePage.objects.search("गुप्त"))


def test_there_is_no_sitemap_to_leak_translations(client, hindi_module):
    assert client.get("/sitemap.xml").status_code == 404


def test_translations_are_managed_by_wagtail_localize(hindi_module):
    translation = Translation.objects.get(target_locale__language_code="hi",
                                          source__object_id=hindi_module.translation_key)
    assert translation.get_target_instance().pk == hindi_module.pk
    assert translation.get_progress() == (2, 2)  # title and the paragraph, both translated


def test_organisers_translate_every_bootcamp(client, bootcamp_b):
    client.force_login(organiser())
    stage = Page.objects.child_of(bootcamp_b).first()
    assert client.get(f"/cms/localize/submit/page/{stage.pk}/").status_code == 200
