import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from lms import roles
from tests.factories import organiser, participant, trainer

pytestmark = pytest.mark.django_db


def test_the_three_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Participants", "Trainers", "Organisers",
    }


def test_trainers_edit_and_publish_content_but_do_not_manage_people():
    user = trainer()
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("wagtailimages.add_image")
    assert user.has_perm("wagtaildocs.add_document")
    assert not user.has_perm("lms.change_user")
    page_perms = set(
        GroupPagePermission.objects.filter(group__name="Trainers")
        .values_list("permission__codename", flat=True)
    )
    # Editing and publishing come per bootcamp (courses/migrations/0003, trainer groups).
    assert "add_page" in page_perms
    assert "bulk_delete_page" not in page_perms
    # Images at the root; documents only in their bootcamps' own collections (courses/0006).
    root_rights = set(GroupCollectionPermission.objects.filter(
        group__name="Trainers", collection=Collection.get_first_root_node()
    ).values_list("permission__codename", flat=True))
    assert root_rights == {"add_image", "change_image", "choose_image"}


def test_organisers_also_manage_people_and_settings():
    user = organiser()
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("lms.change_user")
    assert user.has_perm("lms.add_user")
    assert user.has_perm("content.change_sitebranding")


def test_participants_have_no_admin_access(client):
    user = participant()
    assert not user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    response = client.get("/cms/")
    # Wagtail sends people without admin access to its login URL, which shows them a 403 page.
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")
    assert client.get(response["Location"]).status_code == 403
    assert client.get("/cms/pages/").status_code == 302


def test_trainer_reaches_the_wagtail_admin(client):
    client.force_login(trainer())
    assert client.get("/cms/").status_code == 200


def test_role_helpers():
    assert roles.is_trainer(trainer()) and not roles.is_organiser(trainer())
    assert roles.is_organiser(organiser())
    assert not roles.is_trainer(participant())
