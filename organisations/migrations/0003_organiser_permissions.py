"""Give organisers the model permissions the Wagtail admin needs for this app's snippets."""

from django.db import migrations

ORGANISER_PERMISSIONS = [
    ("perk", ["add_perk", "change_perk", "view_perk"]),
    ("selectioncriterion", ["add_selectioncriterion", "change_selectioncriterion",
                            "delete_selectioncriterion", "view_selectioncriterion"]),
    ("bootcampselectionsettings", ["add_bootcampselectionsettings",
                                   "change_bootcampselectionsettings",
                                   "view_bootcampselectionsettings"]),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    organisers, _ = Group.objects.get_or_create(name="Organisers")
    for model, codenames in ORGANISER_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="organisations", model=model)
        for codename in codenames:
            perm, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            organisers.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_applications_teams_perks"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
