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

from django.db.models.signals import post_delete, post_save
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
        rows = (Page.objects.live().filter(locale_id=target, translation_key__in=list(sources))
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
