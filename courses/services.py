"""Writes for enrolment and rosters (called by organisations' selection and team services)."""

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from courses.models import BootcampPage, Enrollment, ModuleCompletion, ModulePage, RosterMember
from courses.signals import send_progress_changed


class SeatLimitReached(Exception):
    """The organisation already has as many participants as the bootcamp allows."""


class AlreadyOnAnotherRoster(Exception):
    """The person already takes part in this bootcamp with another organisation."""


def enrol_organisation(*, bootcamp: BootcampPage, organisation) -> Enrollment:
    """Enroll an organisation in a bootcamp (idempotent; reactivates a withdrawn enrollment)."""
    with transaction.atomic():
        enrollment, created = Enrollment.objects.select_for_update().get_or_create(
            bootcamp=bootcamp, organisation=organisation
        )
        if not created and enrollment.status != Enrollment.Status.ACTIVE:
            enrollment.status = Enrollment.Status.ACTIVE
            enrollment.save(update_fields=["status"])
    return enrollment


def withdraw_enrollment(*, enrollment: Enrollment) -> Enrollment:
    """Mark an enrollment withdrawn; its records stay (soft state)."""
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    enrollment.refresh_from_db()
    return enrollment


def add_to_roster(*, enrollment: Enrollment, user) -> RosterMember:
    """Put a person on an organisation's roster, within the bootcamp's seats per organisation.

    Idempotent for someone already on this roster. The enrollment row is locked so two
    concurrent additions cannot both take the last seat.
    """
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().select_related("bootcamp").get(
            pk=enrollment.pk
        )
        # placed(), not active(): the database allows one place per bootcamp whatever the
        # enrollment's status, so a place on a withdrawn roster still blocks another.
        existing = RosterMember.objects.placed().filter(
            bootcamp_id=enrollment.bootcamp_id, user=user
        ).first()
        if existing is not None:
            if existing.enrollment_id == enrollment.pk:
                return existing
            raise AlreadyOnAnotherRoster(
                _("%(user)s already takes part in this bootcamp with another organisation.")
                % {"user": user}
            )
        seats = enrollment.bootcamp.seats_per_organisation
        taken = RosterMember.objects.placed().filter(enrollment=enrollment).count()
        if taken >= seats:
            raise SeatLimitReached(
                _("All %(seats)d seats for your organisation in this bootcamp are taken.")
                % {"seats": seats}
            )
        try:
            with transaction.atomic():
                return RosterMember.objects.create(
                    enrollment=enrollment, bootcamp_id=enrollment.bootcamp_id, user=user
                )
        except IntegrityError as error:  # a concurrent add for the same person won
            raise AlreadyOnAnotherRoster(str(error)) from error


def remove_from_roster(*, enrollment: Enrollment, user) -> int:
    """Take a person off a roster (soft: removed_at is set); their access ends at once."""
    return RosterMember.objects.placed().filter(enrollment=enrollment, user=user).update(
        removed_at=timezone.now())


class NotAParticipant(Exception):
    """Only participants on the bootcamp's roster record module completions."""


class CompletionRefused(Exception):
    """Something the module requires is not done yet (e.g. its knowledge check passed)."""


# Apps above courses refuse a completion through this hook without courses importing them:
# fn(*, user, module) -> str | None, the reason shown to the participant (quizzes: the
# knowledge check is not passed yet).
COMPLETION_GATE_HOOK = "courses_module_completion_gate"


def completion_refusal(*, user, module: ModulePage) -> str | None:
    """Why `user` may not complete `module` yet (the first gate's reason), or None."""
    for gate in hooks.get_hooks(COMPLETION_GATE_HOOK):
        reason = gate(user=user, module=module)
        if reason:
            return reason
    return None


def _bootcamp_of(module: ModulePage) -> BootcampPage:
    bootcamp = module.get_bootcamp()
    if bootcamp is None:
        raise BootcampPage.DoesNotExist(f"module {module.pk} is outside any bootcamp")
    return bootcamp


def complete_module(*, user, module: ModulePage) -> ModuleCompletion:
    """Record that a participant completed a module. Idempotent: a double click, or two
    concurrent requests, leave exactly one completion (the unique constraint decides).
    Refused (CompletionRefused) while a completion gate says something is missing."""
    bootcamp = _bootcamp_of(module)
    if not bootcamp.is_participant(user):
        raise NotAParticipant(_("Only participants of this bootcamp can complete its modules."))
    if not ModuleCompletion.objects.filter(user=user, module=module).exists():
        reason = completion_refusal(user=user, module=module)
        if reason:
            raise CompletionRefused(reason)
    try:
        with transaction.atomic():
            completion, created = ModuleCompletion.objects.get_or_create(user=user, module=module)
    except IntegrityError:  # the other request of a double click inserted it first
        return ModuleCompletion.objects.get(user=user, module=module)
    if created:
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[user.pk])
    return completion


def undo_module_completion(*, user, module: ModulePage) -> bool:
    """Take back a completion; returns whether there was one. Safe to repeat."""
    deleted, _counts = ModuleCompletion.objects.filter(user=user, module=module).delete()
    if deleted:
        send_progress_changed(bootcamp_id=_bootcamp_of(module).pk, user_ids=[user.pk])
    return bool(deleted)


# Trainers of a bootcamp edit its subtree only, through a group per bootcamp.
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# ... and upload, edit and choose documents and images in the bootcamp's own collection only,
# so that they never see (nor download) other bootcamps' lesson documents.
TRAINER_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
)


def trainer_group_name(bootcamp: BootcampPage) -> str:
    return f"Bootcamp trainers #{bootcamp.pk}"


def sync_trainer_edit_rights(*, bootcamp: BootcampPage) -> Group:
    """Give the bootcamp's trainers (BootcampPage.trainers) edit and publish rights on this
    bootcamp's subtree, and document and image rights on its collection, and nothing else;
    people no longer listed lose them.

    Called whenever a bootcamp is published (trainers are saved with the published page).
    The same rights hold on the bootcamp's translations (their own page trees, made with
    wagtail-localize): the source's trainers translate it, nobody else; publishing a
    translation syncs its source's rights.
    """

    bootcamp = bootcamp.original()
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=trainer_group_name(bootcamp))
        trees = list(BootcampPage.objects.filter(translation_key=bootcamp.translation_key))
        for codename in TRAINER_PAGE_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename)
            for page in trees:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission)
        collection = ensure_documents_collection(bootcamp=bootcamp, trainer_group=group)
        # Translations file and choose their documents in the source's collection.
        BootcampPage.objects.filter(pk__in=[page.pk for page in trees]).exclude(
            pk=bootcamp.pk).update(documents_collection=collection)
        for app_label, codenames in TRAINER_COLLECTION_PERMISSIONS:
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
        group.user_set.set(bootcamp.trainers.all())
    return group


def ensure_documents_collection(*, bootcamp: BootcampPage, trainer_group: Group) -> Collection:
    """The bootcamp's own collection (a child of the root collection, named after it),
    created on first use and renamed along with the bootcamp. Call inside a transaction."""
    # Read under a row lock: two concurrent publishes must not create two collections.
    linked_id = BootcampPage.objects.select_for_update().filter(pk=bootcamp.pk).values_list(
        "documents_collection_id", flat=True).get()
    collection_id = linked_id
    if collection_id is None:
        # Saving or publishing a stale copy of the page (one loaded before the collection was
        # made) writes the link back as empty; the trainers' group still holds its rights on
        # the bootcamp's collection, so that one is linked again rather than a second made.
        collection_id = GroupCollectionPermission.objects.filter(
            group=trainer_group, collection__depth__gt=1
        ).values_list("collection_id", flat=True).first()
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=bootcamp.title)
    elif collection.name != bootcamp.title:
        collection.name = bootcamp.title
        collection.save(update_fields=["name"])
    if collection.pk != linked_id:
        # Not a content change: no revision, and the page's other fields stay as they are.
        BootcampPage.objects.filter(pk=bootcamp.pk).update(documents_collection=collection)
    bootcamp.documents_collection = collection
    return collection
