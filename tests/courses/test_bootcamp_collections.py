"""Each bootcamp has its own document collection: its trainers choose, upload and (through
the admin) download documents there only, never other bootcamps' lesson documents.
Organisers keep every collection."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, Page

from courses.models import BootcampPage, ModulePage
from courses.services import sync_trainer_edit_rights, trainer_group_name
from tests.courses.factories import build_bootcamp
from tests.factories import organiser, trainer

pytestmark = pytest.mark.django_db

TRAINER_CODENAMES = {"add_document", "change_document", "choose_document",
                     "add_image", "change_image", "choose_image"}


@pytest.fixture
def trainer_of_a(bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save_revision().publish()  # publishing grants the rights and the collection
    bootcamp.refresh_from_db()
    return user


@pytest.fixture
def bootcamp_b(db):
    other = build_bootcamp(title="Other Bootcamp")
    other.trainers.add(trainer())
    other.save_revision().publish()
    other.refresh_from_db()
    return other


def module_of(bootcamp):
    return ModulePage.objects.descendant_of(bootcamp).order_by("path").first()


def make_document(title, collection=None):
    collection = collection or Collection.get_first_root_node()
    return get_document_model().objects.create(
        title=title, collection=collection,
        file=ContentFile(b"lesson notes", name=f"{title.lower().replace(' ', '-')}.pdf"))


def use_in(page, document):
    page.body = [("resource", {"document": document, "title": "", "description": ""})]
    page.save_revision().publish()


def download_status(client, user, document):
    client.force_login(user)
    return client.get(document.url).status_code


def test_publishing_gives_the_bootcamp_its_collection(bootcamp, trainer_of_a):
    collection = bootcamp.documents_collection
    assert collection is not None
    assert collection.name == bootcamp.title
    assert collection.get_parent() == Collection.get_first_root_node()


def test_trainer_group_has_collection_rights_only_on_its_bootcamp(bootcamp, trainer_of_a,
                                                                  bootcamp_b):
    rights = GroupCollectionPermission.objects.filter(group__name=trainer_group_name(bootcamp))
    assert {right.collection_id for right in rights} == {bootcamp.documents_collection_id}
    assert {right.permission.codename for right in rights} == TRAINER_CODENAMES
    assert bootcamp.documents_collection_id != bootcamp_b.documents_collection_id


def test_sync_is_idempotent_and_follows_renames(bootcamp, trainer_of_a):
    collection = bootcamp.documents_collection
    bootcamp.title = "Chat for Impact 2026"
    bootcamp.save_revision().publish()
    sync_trainer_edit_rights(bootcamp=bootcamp)
    bootcamp.refresh_from_db()
    assert bootcamp.documents_collection_id == collection.pk
    collection.refresh_from_db()
    assert collection.name == "Chat for Impact 2026"
    assert Collection.objects.filter(depth=2).count() == 1
    assert GroupCollectionPermission.objects.filter(
        group__name=trainer_group_name(bootcamp)).count() == len(TRAINER_CODENAMES)


def test_publishing_an_older_revision_keeps_the_collection(bootcamp, trainer_of_a):
    old_revision = bootcamp.revisions.order_by("created_at").first()  # before the collection
    old_revision.publish()
    bootcamp.refresh_from_db()
    assert bootcamp.documents_collection is not None
    assert Collection.objects.filter(depth=2).count() == 1


def test_a_copied_bootcamp_gets_its_own_collection(client, bootcamp, trainer_of_a):
    client.force_login(organiser())
    response = client.post(f"/cms/pages/{bootcamp.pk}/copy/", {
        "new_title": "Chat for Impact (copy)", "new_slug": "copy",
        "new_parent_page": bootcamp.get_parent().pk, "copy_subpages": "on",
        "publish_copies": "on"})
    assert response.status_code == 302
    copy = BootcampPage.objects.get(slug="copy")
    assert copy.documents_collection_id not in (None, bootcamp.documents_collection_id)


def test_trainer_of_a_cannot_download_bootcamp_b_lesson_documents(
        client, bootcamp, trainer_of_a, bootcamp_b):
    at_root = make_document("B handout")  # e.g. uploaded by an organiser
    in_b = make_document("B worksheet", bootcamp_b.documents_collection)
    in_a = make_document("A worksheet", bootcamp.documents_collection)
    for document in (at_root, in_b):
        use_in(module_of(bootcamp_b), document)
        assert download_status(client, trainer_of_a, document) == 404
        assert download_status(client, organiser(), document) == 200
    use_in(module_of(bootcamp), in_a)
    assert download_status(client, trainer_of_a, in_a) == 200


def test_trainer_downloads_their_own_bootcamp_documents_wherever_they_are_filed(
        client, bootcamp, trainer_of_a):
    document = make_document("A handout")  # root collection
    use_in(module_of(bootcamp), document)
    assert download_status(client, trainer_of_a, document) == 200


def test_unused_documents_open_only_in_collections_the_trainer_manages(
        client, bootcamp, trainer_of_a, bootcamp_b):
    mine = make_document("Draft A", bootcamp.documents_collection)
    theirs = make_document("Draft B", bootcamp_b.documents_collection)
    at_root = make_document("Draft at root")
    assert download_status(client, trainer_of_a, mine) == 200
    assert download_status(client, trainer_of_a, theirs) == 404
    assert download_status(client, trainer_of_a, at_root) == 404
    for document in (mine, theirs, at_root):
        assert download_status(client, organiser(), document) == 200


def test_document_chooser_lists_only_the_trainers_collections(
        client, bootcamp, trainer_of_a, bootcamp_b):
    make_document("Alpha notes", bootcamp.documents_collection)
    make_document("Beta notes", bootcamp_b.documents_collection)
    make_document("Gamma notes")
    client.force_login(trainer_of_a)
    html = client.get("/cms/documents/chooser/").content.decode()
    assert "Alpha notes" in html
    assert "Beta notes" not in html and "Gamma notes" not in html
    listing = client.get("/cms/documents/").content.decode()
    assert "Alpha notes" in listing and "Beta notes" not in listing
    client.force_login(organiser())
    html = client.get("/cms/documents/chooser/").content.decode()
    assert all(title in html for title in ("Alpha notes", "Beta notes", "Gamma notes"))


def test_trainer_uploads_only_into_their_bootcamps_collection(
        client, bootcamp, trainer_of_a, bootcamp_b):
    client.force_login(trainer_of_a)
    # With a single collection to choose from, Wagtail drops the field and files it there.
    response = client.post("/cms/documents/add/", {
        "title": "Sneaked", "collection": bootcamp_b.documents_collection_id,
        "file": ContentFile(b"x", name="sneaked.pdf")})
    assert response.status_code == 302
    assert get_document_model().objects.get(title="Sneaked").collection == (
        bootcamp.documents_collection)
    assert not get_document_model().objects.filter(
        collection=bootcamp_b.documents_collection).exists()


def test_migration_gives_existing_bootcamps_their_collections(bootcamp, trainer_of_a):
    """courses/0006 on a database from before: bootcamps with a trainers' group, no
    collection, and the Trainers group with document rights on the root."""
    from django.contrib.auth.models import Permission

    root = Collection.get_first_root_node()
    old_collection = bootcamp.documents_collection
    BootcampPage.objects.filter(pk=bootcamp.pk).update(documents_collection=None)
    GroupCollectionPermission.objects.filter(collection=old_collection).delete()
    old_collection.delete()
    trainers = Group.objects.get(name="Trainers")
    for permission in Permission.objects.filter(codename__in=["add_document", "choose_document"]):
        GroupCollectionPermission.objects.create(
            group=trainers, collection=root, permission=permission)
    without_trainers = build_bootcamp(title="No Trainers Yet")

    migration = importlib.import_module("courses.migrations.0006_trainer_documents_per_bootcamp")
    migration.forwards(apps, None)

    bootcamp.refresh_from_db()
    collection = bootcamp.documents_collection
    assert collection.name == bootcamp.title and collection.get_parent() == root
    assert set(GroupCollectionPermission.objects.filter(
        group__name=trainer_group_name(bootcamp), collection=collection,
    ).values_list("permission__codename", flat=True)) == TRAINER_CODENAMES
    assert BootcampPage.objects.get(pk=without_trainers.pk).documents_collection is None
    assert not GroupCollectionPermission.objects.filter(
        group=trainers, permission__content_type__app_label="wagtaildocs").exists()
    # A well-formed tree node: Wagtail can add siblings after it.
    assert root.add_child(name="Later").get_parent() == root
    assert Collection.find_problems() == ([], [], [], [], [])
    assert Page.find_problems()[0] == []


def test_publishing_a_stale_copy_of_the_bootcamp_keeps_its_collection(bootcamp, trainer_of_a):
    stale = BootcampPage.objects.get(pk=bootcamp.pk)
    stale.documents_collection = None  # as loaded before the first publish made it
    stale.save_revision().publish()
    stale.refresh_from_db()
    assert stale.documents_collection == bootcamp.documents_collection
    assert Collection.objects.filter(depth=2).count() == 1
