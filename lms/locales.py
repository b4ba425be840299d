"""One Wagtail Locale per content language, so that adding a language is a settings change.

Wagtail creates the default language's Locale in its own migration only; the others
(WAGTAIL_CONTENT_LANGUAGES, e.g. Hindi) are created after every migrate, which is what a
deployment runs anyway. Nothing is ever deleted here: a language taken out of the settings
keeps its translations in the database.
"""

from django.conf import settings
from django.db.models.signals import post_migrate


def ensure_content_locales(**kwargs) -> None:
    from wagtail.models import Locale

    for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES):
        Locale.objects.get_or_create(language_code=code)


def connect() -> None:
    post_migrate.connect(ensure_content_locales, dispatch_uid="lms.locales.ensure")
