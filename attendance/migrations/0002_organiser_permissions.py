"""Organisers edit the attendance rules per bootcamp (a Wagtail snippet, "Attendance
rules"); nobody else gets these permissions."""

from django.db import migrations

CODENAMES = ["add_attendancepolicy", "change_attendancepolicy", "view_attendancepolicy"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    organisers = Group.objects.filter(name="Organisers").first()
    if organisers is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="attendance",
                                                        model="attendancepolicy")
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        organisers.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    organisers = Group.objects.filter(name="Organisers").first()
    if organisers is not None:
        organisers.permissions.remove(*Permission.objects.filter(
            content_type__app_label="attendance", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
