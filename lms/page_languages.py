"""Which language a page is shown in: one URL per page, its content in the reader's language.

Trainers translate pages with wagtail-localize, which keeps each translation as a page of
its own in the language's tree (the same `translation_key`, another `locale`). Participants
never browse those trees: every URL is the source page's (the default language's tree), and
`page_in_language` gives the page to serve for the active language — the *source* page
object (its id, URL, parents, access rule and records: a completion, a check-in or a
submission is always the source page's, so nothing is counted twice), carrying the
translatable fields (title, lesson, agenda, ...) of its published translation. Without a
published translation the source content is shown and `translation_missing` is set, for the
"not yet translated" note.

Kept apart from the routing (lms.routing applies it after finding the page) so that the
routing never depends on who reads. One query per page shown in another language, none in
the default one.
"""

import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.fields import TranslatableField, get_translatable_fields
from wagtail_localize.models import Translation, TranslationSource

# Translatable in wagtail-localize's sense, but part of where a page is, not of what it says.
NOT_SHOWN_FROM_TRANSLATION = frozenset({"slug", "url_path"})

_lock = threading.Lock()
_locale_ids: dict[str, int | None] = {}
_field_names: dict[type, tuple[str, ...]] = {}


def source_language() -> str:
    """The language course content is written in (its tree holds the URLs and records)."""
    return settings.LANGUAGE_CODE


def content_languages() -> dict[str, str]:
    return dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES))


def reader_language(language: str | None = None) -> str:
    """A content language for `language` (default: the active one); the source language
    when content is not translated into it."""
    code = (language or translation.get_language() or source_language()).split("-")[0]
    return code if code in content_languages() else source_language()


def locale_id(language: str) -> int | None:
    """The Locale id of a language, remembered per process (locales change once a year)."""
    if language not in _locale_ids:
        found = Locale.objects.filter(language_code=language).values_list("pk", flat=True)
        with _lock:
            _locale_ids[language] = found.first()
    return _locale_ids[language]


def translated_field_names(model: type) -> tuple[str, ...]:
    """The fields a translation of `model` replaces when shown (its TranslatableFields)."""
    if model not in _field_names:
        names = tuple(
            field.field_name for field in get_translatable_fields(model)
            if isinstance(field, TranslatableField)
            and field.field_name not in NOT_SHOWN_FROM_TRANSLATION
            and hasattr(model, field.field_name)
        )
        with _lock:
            _field_names[model] = names
    return _field_names[model]


def in_source_language(pages):
    """The pages of a queryset that are in the source language: the ones URLs lead to and
    records are keyed on (a translation's id must never become a completion, a check-in or
    a submission)."""
    return pages.filter(locale_id=locale_id(source_language()))


def translations_into(pages, target_locale_id: int):
    """The pages of a queryset that are translations made with wagtail-localize into that
    locale. Not the plain copies it makes of untranslated parents (a module translated
    before its stage copies the stage in English): those are not translations yet."""
    return pages.filter(locale_id=target_locale_id).filter(Exists(Translation.objects.filter(
        source__object_id=OuterRef("translation_key"), target_locale_id=target_locale_id)))


def published_translation(page: Page, language: str) -> Page | None:
    """The live translation of `page` into `language`, if any (one query)."""
    target = locale_id(language)
    if target is None:
        return None
    return translations_into(type(page)._default_manager.filter(
        translation_key=page.translation_key), target).live().first()


def page_in_language(page: Page, language: str | None = None) -> Page:
    """The page to serve to a reader of `language` (default: the active language).

    Always the source page (same object): with its translation's content when a published
    translation exists (`shown_translation` is then that page), else as it is with
    `translation_missing` set. Pages already in that language, and readers of the source
    language, get the page untouched.
    """
    language = reader_language(language)
    page.shown_translation = None
    page.translation_missing = page.translation_out_of_date = False
    if language == source_language() or page.locale_id == locale_id(language):
        return page
    translated = published_translation(page, language)
    if translated is None:
        page.translation_missing = True
        return page
    page.translation_out_of_date = page.pk in out_of_date([(page, translated)])
    for name in translated_field_names(type(page)):
        setattr(page, name, getattr(translated, name))
    page.shown_translation = translated
    return page


def pages_in_language(pages: list[Page], language: str | None = None) -> list[Page]:
    """`page_in_language` for a list of pages of one model (a listing): one query."""
    language = reader_language(language)
    if not pages or language == source_language() or locale_id(language) is None:
        return pages
    model = type(pages[0])
    translations = {
        page.translation_key: page for page in translations_into(
            model._default_manager.live().filter(
                translation_key__in=[page.translation_key for page in pages]),
            locale_id(language))
    }
    for page in pages:
        translated = translations.get(page.translation_key)
        page.shown_translation = translated
        page.translation_missing = translated is None
        if translated is not None:
            for name in translated_field_names(model):
                setattr(page, name, getattr(translated, name))
    return pages


def out_of_date(pairs: Iterable[tuple[Page, Page]]) -> set[int]:
    """Ids of the source pages of (source, its translation) pairs whose translation is out
    of date. One query, whatever the number of pairs.

    The one home of the rule: the source was published after wagtail-localize last took its
    content for translation (its "Sync translated pages" not done since), or the translation
    was not published since that sync. Republishing a source without changing it counts
    too, until it is synced. A translation made by hand, outside wagtail-localize, is out of
    date when the source was published after it.
    """
    pairs = list(pairs)
    if not pairs:
        return set()
    synced = dict(TranslationSource.objects.filter(
        object_id__in=[source.translation_key for source, _translated in pairs],
        locale_id=locale_id(source_language()),
    ).values_list("object_id", "last_updated_at"))
    stale = set()
    for source, translated in pairs:
        taken_at = synced.get(source.translation_key) or translated.last_published_at
        source_changed = bool(
            source.last_published_at and taken_at and source.last_published_at > taken_at)
        not_republished = bool(
            translated.last_published_at and taken_at and translated.last_published_at < taken_at)
        if source_changed or not_republished:
            stale.add(source.pk)
    return stale


def forget_locales() -> None:
    with _lock:
        _locale_ids.clear()


def _locales_changed(sender, **kwargs) -> None:
    forget_locales()


post_save.connect(_locales_changed, sender=Locale, dispatch_uid="lms.page_languages.saved")
post_delete.connect(_locales_changed, sender=Locale, dispatch_uid="lms.page_languages.deleted")


def save_translation(source: Page, translated: Page, *, language: str, user=None,
                     publish: bool = True) -> Page:
    """Translate `source` into `language` through wagtail-localize, from `translated`: an
    unsaved instance of the same model whose translatable fields hold the translation,
    segment for segment in the source's structure (demo data, tests; trainers use the
    admin's translation editor). Creates or updates the translation (and, as the admin
    does, plain copies of parents not translated yet) and saves it, published unless
    `publish` is False. Returns the translated page.
    """
    from wagtail_localize.models import StringTranslation
    from wagtail_localize.operations import TranslationCreator
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    locale = Locale.objects.get(language_code=language)
    source = source.specific
    with transaction.atomic():
        TranslationCreator(user, [locale]).create_translations(
            source, include_related_objects=False)
        record = TranslationSource.objects.get_for_instance(source)
        if record.last_updated_at < (source.last_published_at or record.last_updated_at):
            record.update_from_db()
        ours = list(record.stringsegment_set.select_related("string", "context")
                    .order_by("order"))
        for field in translated._meta.get_fields():
            if isinstance(field, StreamField):
                # Gives every block an id, as saving would: segments are found by block id.
                field.get_prep_value(getattr(translated, field.name))
        theirs = [segment for segment in extract_segments(translated)
                  if isinstance(segment, StringSegmentValue)]
        if len(ours) != len(theirs):
            raise ValueError(f"{source}: {len(theirs)} translated segments for {len(ours)}")
        for segment, value in zip(ours, theirs, strict=True):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string, locale=locale, context=segment.context,
                defaults={"data": value.string.data, "last_translated_by": user,
                          "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL})
        Translation.objects.get(source=record, target_locale=locale).save_target(
            user=user, publish=False)
        page = source.get_translation(locale).specific
        if publish:
            # Here, not in wagtail-localize's on_commit: the caller may be inside a
            # transaction (load_demo, tests) and reads the published page at once.
            page.get_latest_revision().publish(user=user)
            page.refresh_from_db()
    return page


def sync_translations(source: Page, *, user=None) -> list[Page]:
    """Sync `source`'s translations with its published content, as the admin's "Sync
    translated pages" does, and publish them: segments not translated yet show the source
    text (wagtail-localize's fallback) until a translator translates them. For content
    added by code after the page was translated (demo data). Returns the translated pages.
    """
    source = source.specific
    record = TranslationSource.objects.get_for_instance_or_none(source)
    if record is None:
        return []
    pages = []
    with transaction.atomic():
        record.update_from_db()
        for target in Translation.objects.filter(source=record, enabled=True):
            target.save_target(user=user, publish=False)
            page = source.get_translation(target.target_locale).specific
            # Published here, not in wagtail-localize's on_commit: see save_translation.
            page.get_latest_revision().publish(user=user)
            page.refresh_from_db()
            pages.append(page)
    return pages
