"""A bootcamp's pages in the reader's language, where they are listed rather than shown.

A page itself is shown translated by lms.page_languages (after routing). The outline, the
stage pages, the dashboard and the previous/next links list other pages of the bootcamp by
title: those titles come from `translated_titles`, one map per bootcamp and language,
computed once per version of the bootcamp's tree (courses.tree_cache). A translation lives
in another language's tree, so saving or publishing it renews its *source* bootcamp's
version too (the receivers below).

Imports neither courses.models nor courses.progress (both use it).
"""

import copy
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from courses import tree_cache
from lms import page_languages


def translated_titles(*, bootcamp, language: str | None = None) -> dict[int, str]:
    """{source page id: title of its published translation} for the bootcamp and every page
    below it, in `language` (default: the reader's). Empty for the source language.
    Two queries per version of the tree and language, none after that."""
    language = page_languages.reader_language(language)
    if language == page_languages.source_language() or bootcamp is None:
        return {}
    target = page_languages.locale_id(language)
    if target is None:
        return {}

    def build() -> dict[int, str]:
        sources = dict(Page.objects.descendant_of(bootcamp, inclusive=True)
                       .values_list("translation_key", "pk"))
        rows = (page_languages.translations_into(
            Page.objects.live().filter(translation_key__in=list(sources)), target)
            .values_list("translation_key", "title"))
        return {sources[key]: title for key, title in rows}

    return tree_cache.remembered(f"titles:{language}", bootcamp, build)


def titled(page, titles: dict[int, str]):
    """`page`, or a copy of it carrying its translated title (pages in the tree cache are
    shared between requests: never changed in place)."""
    title = titles.get(page.pk)
    if title is None or title == page.title:
        return page
    page = copy.copy(page)
    page.title = title
    return page


def _translation_changed(sender, instance=None, **kwargs) -> None:
    if not isinstance(instance, Page) or not instance.translation_key:
        return
    source_locale = page_languages.locale_id(page_languages.source_language())
    if instance.locale_id == source_locale:
        return  # tree_cache's own receivers renew the source tree
    source = Page.objects.filter(translation_key=instance.translation_key,
                                 locale_id=source_locale).first()
    if source is not None:
        tree_cache.bump(source)


post_save.connect(_translation_changed, dispatch_uid="courses.translations.saved")
post_delete.connect(_translation_changed, dispatch_uid="courses.translations.deleted")
page_published.connect(_translation_changed, dispatch_uid="courses.translations.published")
page_unpublished.connect(_translation_changed, dispatch_uid="courses.translations.unpublished")


@dataclass(frozen=True)
class TranslationState:
    """Where one page stands in one language (the admin's Translations report)."""

    language: str
    status: str  # one of STATUSES
    translation_id: int | None = None


MISSING, DRAFT, OUT_OF_DATE, UP_TO_DATE = "missing", "draft", "out_of_date", "up_to_date"
STATUS_LABELS = {
    MISSING: _("Not translated"),
    DRAFT: _("Draft, not published"),
    OUT_OF_DATE: _("Out of date"),
    UP_TO_DATE: _("Up to date"),
}


def translation_states(*, bootcamp) -> list[tuple[Page, list[TranslationState]]]:
    """Every page of the bootcamp (itself first, in tree order) with its state in each
    other content language: not translated, draft, out of date (lms.page_languages'
    rule) or up to date. One query plus two per language, whatever the number of pages."""
    sources = list(Page.objects.descendant_of(bootcamp, inclusive=True).order_by("path")
                   .only("pk", "title", "depth", "translation_key", "last_published_at",
                         "live", "content_type"))
    source = page_languages.source_language()
    languages = {code: page_languages.locale_id(code)
                 for code in page_languages.content_languages() if code != source}
    languages = {code: pk for code, pk in languages.items() if pk is not None}
    keys = [page.translation_key for page in sources]
    found = {
        (page.translation_key, page.locale_id): page
        for pk in languages.values()
        for page in page_languages.translations_into(
            Page.objects.filter(translation_key__in=keys), pk,
        ).only("pk", "translation_key", "locale_id", "live", "last_published_at")
    }
    stale = {code: page_languages.out_of_date(
        (page, found[(page.translation_key, pk)]) for page in sources
        if (page.translation_key, pk) in found and found[(page.translation_key, pk)].live)
        for code, pk in languages.items()}
    rows = []
    for page in sources:
        states = []
        for code, pk in languages.items():
            translated = found.get((page.translation_key, pk))
            if translated is None:
                status = MISSING
            elif not translated.live:
                status = DRAFT
            elif page.pk in stale[code]:
                status = OUT_OF_DATE
            else:
                status = UP_TO_DATE
            states.append(TranslationState(code, status, translated.pk if translated else None))
        rows.append((page, states))
    return rows
