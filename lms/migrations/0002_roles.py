"""Create the three roles of DESIGN.md as groups with their Wagtail admin permissions.

Trainers write and publish content (pages, images, documents). Organisers do that too and
also manage people (users, groups) and site settings; later apps add their own permissions
(applications, certificates) to these groups in their migrations.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Trainers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Organisers": [
        "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
ORGANISER_MODEL_PERMISSIONS = [
    ("lms", "user", ["add_user", "change_user", "view_user"]),
    ("auth", "group", ["view_group"]),
    ("content", "sitebranding", ["change_sitebranding"]),
]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return perm


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    Group.objects.get_or_create(name="Participants")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin")

    for name in ("Trainers", "Organisers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=permission(apps, "wagtailcore", "page", codename),
                )
        for app_label, model, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                perm = permission(apps, app_label, model, codename)
                group.permissions.add(perm)
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )

    organisers = Group.objects.get(name="Organisers")
    for app_label, model, codenames in ORGANISER_MODEL_PERMISSIONS:
        for codename in codenames:
            organisers.permissions.add(permission(apps, app_label, model, codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Participants", "Trainers", "Organisers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
