"""Trainers manage documents in their own bootcamps' collections only.

lms/0002_roles gave the generic Trainers group add/change/choose document on the root
collection, which every collection inherits: any trainer could choose, and so download, every
bootcamp's lesson documents. Each bootcamp now has its own collection, on which its trainers'
group (courses.services.sync_trainer_edit_rights) gets the document and image rights.

- Bootcamps that already have a trainers' group get their collection and those rights here
  (the same as the service does on the next publish), so nobody waits for a republish.
- The Trainers group loses its document rights on the root collection. It keeps the
  model-level document permissions, and its image rights on the root (images are not
  restricted content).
"""

from django.db import migrations

DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
TRAINER_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", DOCUMENT_PERMISSIONS),
    ("wagtailimages", ["add_image", "change_image", "choose_image"]),
]
# Wagtail's Collection is a treebeard materialised-path node (steplen 4, base 36 alphabet);
# historical models have no tree methods, so the child's path is worked out here.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number):
    digits = ""
    while True:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
        if not number:
            return digits.rjust(STEPLEN, "0")


def _add_root_child(Collection, root, name):
    last = (Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
            .order_by("-path").first())
    number = int(last.path[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=root.path + _step(number), depth=root.depth + 1, numchild=0)
    Collection.objects.filter(pk=root.pk).update(
        numchild=Collection.objects.filter(depth=root.depth + 1,
                                           path__startswith=root.path).count())
    return child


def forwards(apps, schema_editor):
    BootcampPage = apps.get_model("courses", "BootcampPage")
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    permissions = [
        permission
        for app_label, codenames in TRAINER_COLLECTION_PERMISSIONS
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames)
    ]
    for bootcamp in BootcampPage.objects.order_by("path"):
        group = Group.objects.filter(name=f"Bootcamp trainers #{bootcamp.pk}").first()
        if group is None:  # never published with trainers: the service does it on publish
            continue
        collection = Collection.objects.filter(pk=bootcamp.documents_collection_id).first()
        if collection is None:
            collection = _add_root_child(Collection, root, bootcamp.title)
            BootcampPage.objects.filter(pk=bootcamp.pk).update(documents_collection=collection)
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission)

    GroupCollectionPermission.objects.filter(
        group__name="Trainers", collection=root,
        permission__content_type__app_label="wagtaildocs",
        permission__codename__in=DOCUMENT_PERMISSIONS,
    ).delete()


def backwards(apps, schema_editor):
    # Give the root rights back; the bootcamps' collections and their rights stay (harmless,
    # and documents may have been filed in them).
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    trainers = Group.objects.filter(name="Trainers").first()
    root = Collection.objects.filter(depth=1).first()
    if trainers is None or root is None:
        return
    for permission in Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=DOCUMENT_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=trainers, collection=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_bootcamppage_documents_collection"),
        ("lms", "0002_roles"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
