"""Organisers edit message templates (Wagtail snippets)."""

from django.db import migrations

PERMISSIONS = [
    ("messagetemplate", ["add_messagetemplate", "change_messagetemplate", "delete_messagetemplate",
                         "view_messagetemplate"]),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    organisers = Group.objects.filter(name="Organisers").first()
    if organisers is None:
        return
    for model, codenames in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="notifications", model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            organisers.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    organisers = Group.objects.filter(name="Organisers").first()
    if organisers is not None:
        organisers.permissions.remove(
            *Permission.objects.filter(content_type__app_label="notifications")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
