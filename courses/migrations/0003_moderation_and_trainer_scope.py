"""Moderation for the course tree and trainers' edit rights scoped to their own bootcamps.

- Every page (the course tree included) goes through the "Moderators approval" workflow,
  assigned at the root so bootcamps created later inherit it; organisers approve.
- The generic Trainers group kept change/publish rights on the whole site from
  lms/0002_roles. Trainers now keep only "add" there (they can draft new pages, and edit
  the drafts they own); editing and publishing a bootcamp comes from that bootcamp's own
  group (courses.services.sync_trainer_edit_rights, run whenever a bootcamp is published).
"""

from django.db import migrations

REMOVED_TRAINER_PERMISSIONS = ["change_page", "publish_page"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    root = Page.objects.filter(depth=1).first()
    organisers = Group.objects.filter(name="Organisers").first()
    if root is not None and organisers is not None:
        workflow = Workflow.objects.filter(name="Moderators approval").first()
        if workflow is None:
            workflow = Workflow.objects.create(name="Moderators approval", active=True)
        if not WorkflowTask.objects.filter(workflow=workflow).exists():
            content_type, _ = ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )
            task = GroupApprovalTask.objects.create(
                name="Organisers approval", content_type=content_type, active=True
            )
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        for workflow_task in WorkflowTask.objects.filter(workflow=workflow):
            approval = GroupApprovalTask.objects.filter(pk=workflow_task.task_id).first()
            if approval is not None:
                approval.groups.add(organisers)
        if not WorkflowPage.objects.filter(page=root).exists():
            WorkflowPage.objects.create(page=root, workflow=workflow)

    GroupPagePermission.objects.filter(
        group__name="Trainers", permission__codename__in=REMOVED_TRAINER_PERMISSIONS
    ).delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    trainers = Group.objects.filter(name="Trainers").first()
    root = Page.objects.filter(depth=1).first()
    if trainers is None or root is None:
        return
    for codename in REMOVED_TRAINER_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(
                group=trainers, page=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_alter_modulepage_body"),
        ("lms", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
