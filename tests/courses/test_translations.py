"""Course pages in the participant's language (#19): one URL per page, the published
translation's content on the source page, records on the source page, a note when absent."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses import progress
from courses.models import BootcampPage, ModuleCompletion, ModulePage, StagePage
from tests.courses.factories import build_bootcamp, enrol, translate

HINDI_BODY = [{"type": "paragraph", "value": "<p>यह पाठ हिंदी में है।</p>"}]
ENGLISH_BODY = [{"type": "paragraph", "value": "<p>This lesson is in English.</p>"}]


def in_hindi(client):
    client.cookies["django_language"] = "hi"
    return client


@pytest.fixture
def lesson(module):
    module.body = ENGLISH_BODY
    module.save_revision().publish()
    module.refresh_from_db()
    return module


@pytest.fixture
def translated(lesson):
    return translate(lesson, title="पहला मॉड्यूल", body=HINDI_BODY)


def test_hindi_participant_sees_the_translation_on_the_source_url(client, member, lesson,
                                                                 translated):
    assert translated.pk != lesson.pk and translated.url == lesson.url  # one URL per page
    client.force_login(member)
    response = in_hindi(client).get(lesson.url)
    html = response.content.decode()
    assert "पहला मॉड्यूल" in html and "यह पाठ हिंदी में है।" in html
    assert "This lesson is in English." not in html
    assert "translation-note" not in html
    # The page served is the source page (its id, its records), with translated content.
    assert response.context["page"].pk == lesson.pk


def test_english_participant_sees_the_source(client, member, lesson, translated):
    client.force_login(member)
    html = client.get(lesson.url).content.decode()
    assert "This lesson is in English." in html and "यह पाठ हिंदी में है।" not in html


def test_untranslated_page_falls_back_to_the_source_with_a_note(client, member, lesson):
    client.force_login(member)
    html = in_hindi(client).get(lesson.url).content.decode()
    assert "This lesson is in English." in html
    assert 'class="note translation-note"' in html


def test_a_draft_translation_is_not_shown(client, member, lesson):
    translate(lesson, title="मसौदा", body=HINDI_BODY, publish=False)
    client.force_login(member)
    html = in_hindi(client).get(lesson.url).content.decode()
    assert "मसौदा" not in html and "This lesson is in English." in html
    assert "translation-note" in html


def test_the_footer_switch_keeps_the_reader_on_the_same_page(client, member, lesson,
                                                            translated):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": "hi", "next": lesson.url})
    assert response.status_code == 302 and response["Location"] == lesson.url
    assert "यह पाठ हिंदी में है।" in client.get(lesson.url).content.decode()


def test_completing_the_hindi_version_completes_the_module_once(client, member, lesson,
                                                               translated):
    client.force_login(member)
    in_hindi(client)
    html = client.get(lesson.url).content.decode()
    # The form on the Hindi page posts the source module's id.
    assert reverse("courses:complete_module", args=[lesson.pk]) in html
    client.post(reverse("courses:complete_module", args=[lesson.pk]))
    client.cookies["django_language"] = "en"
    client.post(reverse("courses:complete_module", args=[lesson.pk]))
    assert list(ModuleCompletion.objects.filter(user=member).values_list(
        "module_id", flat=True)) == [lesson.pk]
    bootcamp = lesson.get_bootcamp()
    mine = progress.participant_progress(bootcamp=bootcamp, user_ids=[member.pk])[member.pk]
    assert (mine.done, mine.total) == (1, 2)


def test_a_translations_id_is_not_a_record(client, member, translated):
    """Records are keyed on source pages only: a translation's id is not found."""
    client.force_login(member)
    response = client.post(reverse("courses:complete_module", args=[translated.pk]))
    assert response.status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_dashboard_counts_one_module_and_shows_translated_titles(client, member, lesson,
                                                                translated, bootcamp):
    translate(bootcamp, title="इम्पैक्ट बूटकैंप")
    stage = StagePage.objects.child_of(bootcamp).get(slug="pre-event")
    translate(stage, title="तैयारी")
    ModuleCompletion.objects.create(user=member, module=lesson)
    client.force_login(member)
    response = in_hindi(client).get("/dashboard/")
    html = response.content.decode()
    assert "इम्पैक्ट बूटकैंप" in html and "तैयारी" in html
    dashboard = response.context["dashboards"][0]
    assert (dashboard.progress.done, dashboard.progress.total) == (1, 2)
    assert dashboard.bootcamp.pk == bootcamp.pk
    # The bootcamp's outline names the translated module, linked at its one URL.
    html = client.get(bootcamp.url).content.decode()
    assert f'href="{lesson.url}">पहला मॉड्यूल</a>' in html


def test_outline_titles_follow_a_newly_published_translation(member, lesson, bootcamp):
    english = progress.course_outline(bootcamp=bootcamp, language="hi")
    assert english.modules[0].title == lesson.title
    translate(lesson, title="नया शीर्षक", body=HINDI_BODY)
    bootcamp.refresh_from_db()  # a new tree version, as every request loads it
    outline = progress.course_outline(bootcamp=bootcamp, language="hi")
    assert outline.modules[0].title == "नया शीर्षक"
    assert outline.modules[0].pk == lesson.pk
    assert progress.course_outline(bootcamp=bootcamp, language="en").modules[0].title == (
        lesson.title)


def test_out_of_date_translation_is_flagged_on_the_page(client, member, lesson, translated):
    lesson.body = [*ENGLISH_BODY, {"type": "paragraph", "value": "<p>A new paragraph.</p>"}]
    lesson.save_revision().publish()
    client.force_login(member)
    html = in_hindi(client).get(lesson.url).content.decode()
    assert "यह पाठ हिंदी में है।" in html  # still the translation, with a warning
    assert "translation-note" in html and "यह अनुवाद अंग्रेज़ी संस्करण से पुराना है" in html


def test_home_and_listings_name_each_bootcamp_once(client, bootcamp):
    translate(bootcamp, title="इम्पैक्ट बूटकैंप")
    assert BootcampPage.objects.count() == 2  # the source and its translation
    assert list(BootcampPage.objects.originals()) == [bootcamp]
    html = in_hindi(client).get("/").content.decode()
    assert "इम्पैक्ट बूटकैंप" in html and "Chat for Impact" not in html
    assert html.count(f'href="{bootcamp.url}"') == 1
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Chat for Impact" in html and "इम्पैक्ट बूटकैंप" not in html


def test_outsiders_are_refused_translated_pages_too(client, outsider, translated, lesson):
    client.force_login(outsider)
    response = in_hindi(client).get(lesson.url)
    assert response.status_code == 403
    assert "यह पाठ हिंदी में है।" not in response.content.decode()


@pytest.mark.parametrize("extra", [1, 6])
def test_participant_page_queries_in_hindi_do_not_grow(client, bootcamp, member, lesson,
                                                      translated, extra,
                                                      django_assert_max_num_queries):
    stage = StagePage.objects.child_of(bootcamp).get(slug="pre-event")
    for n in range(extra):
        page = stage.add_child(instance=ModulePage(title=f"Extra {n}", slug=f"extra-{n}"))
        translate(page, title=f"अतिरिक्त {n}")
    client.force_login(member)
    in_hindi(client)
    for url in (lesson.url, bootcamp.url, "/dashboard/"):
        client.get(url)  # warm per-process caches (routes, tree, locales)
    with django_assert_max_num_queries(16):
        assert client.get(lesson.url).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(bootcamp.url).status_code == 200
    with django_assert_max_num_queries(18):
        response = client.get("/dashboard/")
    assert response.context["dashboards"][0].progress.total == 2 + extra


def test_a_hindi_page_costs_at_most_two_queries_more_than_english(client, member, lesson,
                                                                 translated):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)

    def count(language):
        client.cookies["django_language"] = language
        client.get(lesson.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(lesson.url)
        return len(queries)

    assert count("hi") - count("en") <= 2


def test_translations_live_in_their_own_tree_with_the_same_slugs(lesson, translated):
    assert translated.locale.language_code == "hi"
    assert translated.slug == lesson.slug
    hindi_bootcamp = BootcampPage.objects.exclude(pk=lesson.get_bootcamp().pk).get()
    assert Page.objects.ancestor_of(translated).filter(pk=hindi_bootcamp.pk).exists()
    # ...and belong to the source's bootcamp, whose roster and records they share.
    assert translated.get_bootcamp().pk == lesson.get_bootcamp().pk


def test_another_bootcamps_translation_is_not_its_neighbour(client, member, lesson):
    other = build_bootcamp(title="Other Bootcamp")
    enrol(other)
    other_module = ModulePage.objects.descendant_of(other).first()
    translate(other_module, title="दूसरे बूटकैंप का मॉड्यूल")
    client.force_login(member)
    html = in_hindi(client).get(lesson.url).content.decode()
    assert "दूसरे बूटकैंप का मॉड्यूल" not in html
