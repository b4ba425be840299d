"""Organisers edit certificate rules (Wagtail snippets) and see certificates in the admin."""

from django.db import migrations

PERMISSIONS = [
    ("certificaterule", ["add_certificaterule", "change_certificaterule", "view_certificaterule"]),
    ("certificate", ["view_certificate"]),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    organisers = Group.objects.filter(name="Organisers").first()
    if organisers is None:
        return
    for model, codenames in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="certificates", model=model)
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
            *Permission.objects.filter(content_type__app_label="certificates")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
