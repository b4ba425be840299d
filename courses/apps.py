from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published

        from courses.admin_scope import PagePolicyWithinReach
        from courses.models import BootcampPage

        # Registered for Page itself, so it takes precedence over Wagtail's own policy (which
        # is registered for AbstractPage): see courses.admin_scope.
        register_permission_policy(Page, PagePolicyWithinReach(Page))

        page_published.connect(
            _sync_trainers, sender=BootcampPage, dispatch_uid="courses_sync_trainers"
        )
        post_save.connect(
            _new_translation, sender=BootcampPage, dispatch_uid="courses_translation_rights")


def _sync_trainers(sender, instance, **kwargs):
    # A bootcamp's trainers reach the database when it is published: grant their edit
    # rights on its subtree at that moment. Imported here: apps.py loads before the models
    # (courses.services imports them), as the imports in ready() do.
    from courses.services import sync_trainer_edit_rights

    sync_trainer_edit_rights(bootcamp=instance)


def _new_translation(sender, instance, created=False, raw=False, **kwargs):
    # A bootcamp's translation (a copy in another language's tree, made when its first page
    # is translated) gets its source's trainer rights at once, before anyone publishes it.
    if created and not raw and instance.original().pk != instance.pk:
        from courses.services import sync_trainer_edit_rights

        sync_trainer_edit_rights(bootcamp=instance)
