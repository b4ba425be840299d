"""Trainers build a bootcamp's content in /cms/: drafts, publishing, moderation, scheduling,
and edit rights scoped to their own bootcamp."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import LiveSessionPage, ModulePage, StagePage
from courses.services import sync_trainer_edit_rights, trainer_group_name
from tests.courses.factories import build_bootcamp
from tests.factories import trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def bootcamp_trainer(bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save_revision().publish()  # publishing grants the rights
    return user


def stage_of(bootcamp, slug="pre-event"):
    return StagePage.objects.child_of(bootcamp).get(slug=slug)


def module_form(chat_text="", **extra):
    return nested_form_data({
        "title": "Handling abusive messages", "slug": "abusive-messages",
        "estimated_minutes": 12, "required": "on",
        "body": streamfield([
            ("paragraph", {
                "text": rich_text("<p>Stay calm, do not argue, and block if needed.</p>"),
                "chat_text": chat_text}),
            ("key_takeaway", {"text": rich_text("<p>Your volunteers' safety comes first.</p>")}),
            ("checklist", {"title": "Before you block", "items": streamfield([
                ("item", "Save a screenshot")])}),
        ]),
        **extra,
    })


def test_publishing_a_bootcamp_grants_its_trainers_edit_rights(bootcamp, bootcamp_trainer):
    group = Group.objects.get(name=trainer_group_name(bootcamp))
    assert list(group.user_set.all()) == [bootcamp_trainer]
    assert set(GroupPagePermission.objects.filter(group=group).values_list(
        "permission__codename", flat=True)) >= {"add_page", "change_page", "publish_page"}


def test_trainer_edits_their_bootcamp_but_not_another(bootcamp, bootcamp_trainer):
    other = build_bootcamp(title="Other Bootcamp")
    assert bootcamp.permissions_for_user(bootcamp_trainer).can_edit()
    assert stage_of(bootcamp).permissions_for_user(bootcamp_trainer).can_publish()
    assert not other.permissions_for_user(bootcamp_trainer).can_edit()
    assert not stage_of(other).permissions_for_user(bootcamp_trainer).can_edit()
    assert not stage_of(other).permissions_for_user(bootcamp_trainer).can_publish()


def test_trainer_cannot_open_another_bootcamps_editor(client, bootcamp, bootcamp_trainer):
    other = build_bootcamp(title="Other Bootcamp")
    client.force_login(bootcamp_trainer)
    assert client.get(f"/cms/pages/{bootcamp.pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/{other.pk}/edit/").status_code in (302, 403)


def test_removed_trainer_loses_edit_rights(bootcamp, bootcamp_trainer):
    bootcamp.trainers.remove(bootcamp_trainer)
    bootcamp.save_revision().publish()
    assert not bootcamp.permissions_for_user(bootcamp_trainer).can_edit()


def test_sync_is_idempotent(bootcamp, bootcamp_trainer):
    sync_trainer_edit_rights(bootcamp=bootcamp)
    sync_trainer_edit_rights(bootcamp=bootcamp)
    assert GroupPagePermission.objects.filter(
        group__name=trainer_group_name(bootcamp), permission__codename="change_page"
    ).count() == 1


def test_trainer_publishes_a_module_in_the_admin_and_a_participant_sees_it(
        client, bootcamp, bootcamp_trainer, member):
    stage = stage_of(bootcamp)
    client.force_login(bootcamp_trainer)
    response = client.post(f"/cms/pages/add/courses/modulepage/{stage.pk}/",
                           module_form(**{"action-publish": "action-publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    module = ModulePage.objects.get(slug="abusive-messages")
    assert module.live
    client.force_login(member)
    html = client.get(module.url).content.decode()
    assert "Stay calm, do not argue" in html
    assert "Your volunteers" in html and "Save a screenshot" in html


def test_a_draft_stays_hidden_until_published(client, bootcamp, bootcamp_trainer, member):
    stage = stage_of(bootcamp)
    client.force_login(bootcamp_trainer)
    client.post(f"/cms/pages/add/courses/modulepage/{stage.pk}/", module_form())
    module = ModulePage.objects.get(slug="abusive-messages")
    assert not module.live and module.latest_revision is not None
    client.force_login(member)
    assert client.get("/bootcamps/chat-for-impact/pre-event/abusive-messages/").status_code == 404
    module.latest_revision.publish()
    assert client.get("/bootcamps/chat-for-impact/pre-event/abusive-messages/").status_code == 200


def test_preview_is_for_editors_only(client, bootcamp, member):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    client.force_login(member)
    response = client.get(f"/cms/pages/{module.pk}/edit/preview/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 403


def test_moderation_workflow_applies_to_every_course_page(bootcamp):
    workflow = Workflow.objects.get(name="Moderators approval")
    for page in (bootcamp, stage_of(bootcamp), ModulePage.objects.descendant_of(bootcamp).first(),
                 LiveSessionPage.objects.descendant_of(bootcamp).first()):
        assert page.get_workflow() == workflow


def test_trainer_submits_a_module_for_moderation(client, bootcamp, bootcamp_trainer):
    stage = stage_of(bootcamp)
    client.force_login(bootcamp_trainer)
    client.post(f"/cms/pages/add/courses/modulepage/{stage.pk}/",
                module_form(**{"action-submit": "action-submit"}))
    module = ModulePage.objects.get(slug="abusive-messages")
    assert module.workflow_in_progress
    assert not module.live


def test_scheduled_publishing_goes_live_at_the_chosen_time(bootcamp):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    module.save_revision().publish()  # a live version to keep while the change waits
    module = ModulePage.objects.get(pk=module.pk)
    module.title = "Rewritten lesson"
    module.go_live_at = timezone.now() + timedelta(hours=1)
    revision = module.save_revision()
    revision.publish()  # with go_live_at in the future: scheduled, not live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    assert ModulePage.objects.get(pk=module.pk).title == "Module 1"
    # An hour later (moved back rather than waiting):
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert ModulePage.objects.get(pk=module.pk).title == "Rewritten lesson"


def test_page_type_rules_keep_the_tree_valid(bootcamp):
    from content.models import HomePage
    from courses.models import BootcampIndexPage, BootcampPage

    assert BootcampPage.allowed_parent_page_models() == [BootcampIndexPage]
    assert StagePage.allowed_parent_page_models() == [BootcampPage]
    assert set(StagePage.allowed_subpage_models()) >= {ModulePage, LiveSessionPage}
    assert ModulePage.allowed_parent_page_models() == [StagePage]
    assert LiveSessionPage.allowed_subpage_models() == []
    assert not ModulePage.can_create_at(bootcamp)
    assert not StagePage.can_create_at(HomePage.objects.get())
    assert ModulePage.can_create_at(stage_of(bootcamp))
