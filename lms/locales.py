"""One Wagtail Locale per content language, so that adding a language is a settings change;
and the roles that translate may do so.

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


def grant_translation_rights(sender=None, using="default", **kwargs) -> None:
    """Trainers and organisers may submit pages for translation (wagtail-localize's one
    permission). Which pages is the page permissions' business: a trainer translates their
    own bootcamps only (courses.views.submit_page_translation, courses.services)."""
    if getattr(sender, "label", None) != "wagtail_localize":
        return
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from lms import roles

    # auth creates the permission on this same signal, possibly after this receiver.
    create_permissions(sender, verbosity=0, using=using)
    permission = Permission.objects.get(
        content_type__app_label="wagtail_localize", codename="submit_translation")
    for group in Group.objects.filter(name__in=[roles.TRAINERS, roles.ORGANISERS]):
        group.permissions.add(permission)


def connect() -> None:
    post_migrate.connect(ensure_content_locales, dispatch_uid="lms.locales.ensure")
    post_migrate.connect(grant_translation_rights, dispatch_uid="lms.locales.rights")
