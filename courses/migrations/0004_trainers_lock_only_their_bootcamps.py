"""Trainers lock and unlock pages only in their own bootcamps.

lms/0002_roles gave the generic Trainers group lock/unlock on the whole site; with it, a
trainer of one bootcamp could lock another bootcamp's pages and stop its trainers from
editing them. Each bootcamp's trainer group (courses.services.TRAINER_PAGE_PERMISSIONS)
already grants both on its own subtree.
"""

from django.db import migrations

REMOVED = ["lock_page", "unlock_page"]


def forwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Trainers", page__depth=1, permission__codename__in=REMOVED
    ).delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    trainers = Group.objects.filter(name="Trainers").first()
    root = Page.objects.filter(depth=1).first()
    if trainers is None or root is None:
        return
    for codename in REMOVED:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(
                group=trainers, page=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_moderation_and_trainer_scope")]

    operations = [migrations.RunPython(forwards, backwards)]
