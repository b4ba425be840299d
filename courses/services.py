"""Writes for enrolment and rosters (called by organisations' selection and team services)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import BootcampPage, Enrollment, RosterMember


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
        existing = RosterMember.objects.filter(
            bootcamp_id=enrollment.bootcamp_id, user=user, removed_at__isnull=True
        ).first()
        if existing is not None:
            if existing.enrollment_id == enrollment.pk:
                return existing
            raise AlreadyOnAnotherRoster(
                _("%(user)s already takes part in this bootcamp with another organisation.")
                % {"user": user}
            )
        seats = enrollment.bootcamp.seats_per_organisation
        taken = RosterMember.objects.filter(enrollment=enrollment, removed_at__isnull=True).count()
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
    return RosterMember.objects.filter(
        enrollment=enrollment, user=user, removed_at__isnull=True
    ).update(removed_at=timezone.now())
