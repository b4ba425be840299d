"""Organisers edit the feedback settings per bootcamp and per session (Wagtail snippets,
"Feedback settings"); nobody else gets these permissions."""

from django.db import migrations

MODELS = {
    "feedbackpolicy": ["add_feedbackpolicy", "change_feedbackpolicy", "view_feedbackpolicy"],
    "sessionfeedbacksettings": ["add_sessionfeedbacksettings",
                                "change_sessionfeedbacksettings",
                                "delete_sessionfeedbacksettings",
                                "view_sessionfeedbacksettings"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    organisers = Group.objects.filter(name="Organisers").first()
    if organisers is None:
        return
    for model, codenames in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model=model)
        for codename in codenames:
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
            content_type__app_label="feedback",
            codename__in=[c for codes in MODELS.values() for c in codes]))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
