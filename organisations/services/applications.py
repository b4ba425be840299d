"""Applications and selection up to capacity, the waitlist, scores and review notes.

Every status change goes through here (views, admin actions and bulk actions alike) so the
capacity rule, the audit trail and the emails cannot be bypassed. Selection serialises on
the bootcamp's BootcampSelectionSettings row (select_for_update), so two organisers clicking
"select" for the last seat at the same moment cannot both succeed.

Waitlist promotion: when a selected organisation withdraws, the first waitlisted application
(in the order it was waitlisted) is selected automatically and told so — organisers have
already decided it deserves a seat, and an "offer" step would only delay the team.

Messages: this app does not send any. It sends the signals in `organisations.signals`
(submitted, status changed, invitation created) with the people concerned, and the
notifications app turns them into emails / WhatsApp messages.
"""

from datetime import datetime

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.services import (
    AlreadyOnAnotherRoster,
    SeatLimitReached,
    add_to_roster,
    enrol_organisation,
    withdraw_enrollment,
)
from lms import roles
from organisations.models import (
    Application,
    ApplicationEvent,
    ApplicationScore,
    BootcampSelectionSettings,
    Membership,
    Organisation,
    Perk,
    ReviewNote,
    SelectionCriterion,
)
from organisations.selectors import registration_window
from organisations.services.teams import invite_member
from organisations.signals import application_status_changed, application_submitted

# The answers an applicant may write; anything else in a POST (status, organisation, …) is
# never copied onto the application.
ANSWER_FIELDS = (
    "organisation_name", "registration_number", "city", "state", "website", "focus_areas",
    "staff_count", "volunteer_count", "current_channels", "plans", "team", "consent",
)
Status = Application.Status
# Organisers' decisions; withdrawal is the applicant's (withdraw_application).
TRANSITIONS = {
    Status.SUBMITTED: {Status.SHORTLISTED, Status.REJECTED},
    Status.SHORTLISTED: {Status.SELECTED, Status.WAITLISTED, Status.REJECTED},
    Status.WAITLISTED: {Status.SELECTED, Status.REJECTED},
    Status.REJECTED: {Status.SHORTLISTED},
}


class ApplicationError(Exception):
    """A rule stopped the change; the message is for people."""


class RegistrationClosed(ApplicationError):
    pass


class CapacityReached(ApplicationError):
    pass


def _record(application: Application, *, actor, action: str, from_status: str = "",
            detail: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application, actor=actor if actor and actor.is_authenticated else None,
        action=action, from_status=from_status, to_status=application.status, detail=detail,
    )


def existing_application(*, bootcamp, user, registration_number: str = "") -> Application | None:
    """The active application this user should continue instead of starting another.

    Theirs for this bootcamp, else one under the same registration number made by their
    own organisation (another organisation's answers are never shown to them).
    """
    mine = Application.objects.active().filter(bootcamp=bootcamp, applicant=user).first()
    if mine is not None or not registration_number:
        return mine
    return Application.objects.active().filter(
        bootcamp=bootcamp, registration_number__iexact=registration_number,
        organisation__memberships__user=user, organisation__memberships__removed_at=None,
    ).first()


def _link_organisation(application: Application, applicant) -> Organisation:
    """Find the organisation by registration number (or create it); the applicant leads it."""
    organisation = (
        Organisation.objects.select_for_update()
        .filter(registration_number__iexact=application.registration_number).first()
    )
    if organisation is None:
        organisation = Organisation.objects.create(
            name=application.organisation_name,
            registration_number=application.registration_number,
            city=application.city, state=application.state, website=application.website,
            focus_areas=application.focus_areas, contact_email=applicant.email,
        )
    members = Membership.objects.active().filter(organisation=organisation)
    if not members.exists():
        Membership.objects.create(
            organisation=organisation, user=applicant, role=Membership.Role.LEAD
        )
    elif not members.filter(user=applicant).exists():
        raise ApplicationError(
            _("An organisation with this registration number is already registered. Ask its "
              "lead to invite you to the team.")
        )
    applicant.groups.add(Group.objects.get(name=roles.PARTICIPANTS))
    return organisation


def save_application(*, bootcamp, applicant, answers: dict, application: Application | None = None,
                     submit: bool = False, now: datetime | None = None) -> Application:
    """Save a draft (or submit it: final) within the bootcamp's registration window.

    Only ANSWER_FIELDS are written. Raises RegistrationClosed outside the window and
    ApplicationError for duplicates or a submitted (no longer editable) application.
    """
    now = now or timezone.now()
    window = registration_window(bootcamp, now=now)
    if not window.is_open:
        raise RegistrationClosed(
            _("Applications for this bootcamp are closed.") if window.state == "closed"
            else _("Applications for this bootcamp are not open yet.")
        )
    try:
        with transaction.atomic():
            if application is None:
                application = Application(bootcamp=bootcamp, applicant=applicant)
            else:
                application = Application.objects.select_for_update(of=("self",)).get(
                    pk=application.pk)
                if (application.applicant_id, application.bootcamp_id) != (applicant.pk,
                                                                           bootcamp.pk):
                    raise ApplicationError(_("This application is not yours to edit."))
            if not application.is_editable:
                raise ApplicationError(_("This application has been submitted and is final."))
            for field in ANSWER_FIELDS:
                if field in answers:
                    setattr(application, field, answers[field])
            clash = Application.objects.active().filter(
                bootcamp=bootcamp, registration_number__iexact=application.registration_number,
            ).exclude(pk=application.pk)
            if application.registration_number and clash.exists():
                raise ApplicationError(
                    _("An application with this registration number already exists for this "
                      "bootcamp. Ask the person who started it to invite you to the team.")
                )
            previous = application.status
            if submit:
                application.organisation = _link_organisation(application, applicant)
                application.status = Status.SUBMITTED
                application.submitted_at = now
            application.save()
            if submit:
                _record(application, actor=applicant, action="submitted", from_status=previous)
                application_submitted.send(sender=Application, application=application)
            elif previous == Status.DRAFT and not application.events.exists():
                _record(application, actor=applicant, action="draft saved", from_status="")
    except IntegrityError as error:
        raise ApplicationError(
            _("An application for this organisation already exists for this bootcamp.")
        ) from error
    return application


def _lock_selection(bootcamp_id: int) -> BootcampSelectionSettings:
    BootcampSelectionSettings.objects.get_or_create(bootcamp_id=bootcamp_id)
    return BootcampSelectionSettings.objects.select_for_update().get(bootcamp_id=bootcamp_id)


def _select_locked(application: Application, *, actor, settings_row, detail: str = "",
                   promoted: bool = False) -> None:
    """Select under the held lock: capacity check, enrollment, roster, invitations, perks."""
    bootcamp = application.bootcamp
    taken = Application.objects.filter(bootcamp_id=bootcamp.pk, status=Status.SELECTED).count()
    if taken >= bootcamp.capacity:
        raise CapacityReached(
            _("All %(capacity)d places in this bootcamp are taken; waitlist this application "
              "instead.") % {"capacity": bootcamp.capacity}
        )
    previous = application.status
    application.status, application.decided_at = Status.SELECTED, timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    organisation = application.organisation
    enrollment = enrol_organisation(bootcamp=bootcamp, organisation=organisation)
    leads = [m.user for m in Membership.objects.active().filter(
        organisation=organisation, role=Membership.Role.LEAD).select_related("user")]
    for lead in leads:
        add_to_roster(enrollment=enrollment, user=lead)
    Perk.objects.get_or_create(
        organisation=organisation, bootcamp=bootcamp,
        defaults={"credits_granted": settings_row.messaging_credits},
    )
    member_emails = {m.user.email.lower() for m in Membership.objects.active().filter(
        organisation=organisation).select_related("user")}
    for person in application.team:
        email = (person.get("email") or "").strip().lower()
        if email and email not in member_emails:
            # resend: selection's invitation (naming the bootcamp) replaces any earlier one.
            invite_member(organisation=organisation, email=email, name=person.get("name", ""),
                          invited_by=actor, bootcamp=bootcamp, resend=True)
    _record(application, actor=actor, action="selected", from_status=previous, detail=detail)
    _announce_status(application, from_status=previous, promoted=promoted)


def decision_recipient_ids(application: Application) -> list[int]:
    """Who hears about a decision: the applicant and the organisation's active leads."""
    leads = Membership.objects.active().filter(
        organisation_id=application.organisation_id, role=Membership.Role.LEAD
    ).exclude(user_id=application.applicant_id).values_list("user_id", flat=True)
    return [application.applicant_id, *leads]


def _announce_status(application: Application, *, from_status: str,
                     promoted: bool = False) -> None:
    application_status_changed.send(
        sender=Application, application=application, from_status=from_status,
        to_status=application.status, promoted=promoted,
        user_ids=decision_recipient_ids(application),
    )


def change_status(*, application: Application, to_status: str, actor) -> Application:
    """An organiser's decision (shortlist, select, waitlist, reject), capacity-safe."""
    with transaction.atomic():
        settings_row = _lock_selection(application.bootcamp_id)
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "bootcamp", "organisation", "applicant").get(pk=application.pk)
        if to_status not in TRANSITIONS.get(application.status, set()):
            raise ApplicationError(
                _("%(organisation)s: cannot go from %(current)s to %(new)s.") % {
                    "organisation": application.organisation_name,
                    "current": application.get_status_display(),
                    "new": Status(to_status).label,
                }
            )
        if to_status == Status.SELECTED:
            _select_locked(application, actor=actor, settings_row=settings_row)
            return application
        previous = application.status
        application.status = to_status
        application.decided_at = timezone.now()
        if to_status == Status.WAITLISTED:
            application.waitlisted_at = application.decided_at
        application.save(update_fields=["status", "decided_at", "waitlisted_at", "updated_at"])
        _record(application, actor=actor, action=to_status, from_status=previous)
        _announce_status(application, from_status=previous)
    return application


def bulk_change_status(*, applications: QuerySet[Application], to_status: str,
                       actor) -> tuple[int, list[str]]:
    """Apply one decision to many; each is its own transaction. Returns (done, problems)."""
    done, problems = 0, []
    for application in applications.order_by("submitted_at", "pk"):
        try:
            change_status(application=application, to_status=to_status, actor=actor)
            done += 1
        except (ApplicationError, SeatLimitReached, AlreadyOnAnotherRoster) as error:
            problems.append(str(error))
    return done, problems


def withdraw_application(*, application: Application, actor) -> Application | None:
    """The applicant withdraws. A selected one frees its seat: the first waitlisted is selected.

    Returns the promoted application, if any.
    """
    with transaction.atomic():
        settings_row = _lock_selection(application.bootcamp_id)
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "bootcamp", "organisation").get(pk=application.pk)
        # The rule (who may, and not after a selected bootcamp has started) is the model's.
        refusal = application.withdrawal_refusal(actor)
        if refusal is not None:
            raise ApplicationError(refusal)
        previous = application.status
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        _record(application, actor=actor, action="withdrawn", from_status=previous)
        _announce_status(application, from_status=previous)
        promoted = None
        if previous == Status.SELECTED:
            from courses.models import Enrollment

            for enrollment in Enrollment.objects.filter(
                bootcamp_id=application.bootcamp_id, organisation_id=application.organisation_id
            ):
                withdraw_enrollment(enrollment=enrollment)
            waitlist = (
                Application.objects.select_for_update(of=("self",))
                .filter(bootcamp_id=application.bootcamp_id, status=Status.WAITLISTED)
                .select_related("bootcamp", "organisation", "applicant")
                .order_by("waitlisted_at", "submitted_at", "pk")
            )
            for candidate in waitlist:
                try:
                    with transaction.atomic():  # a savepoint: a failed promotion undoes itself
                        _select_locked(candidate, actor=None, settings_row=settings_row,
                                       detail=_("Promoted from the waitlist after a withdrawal."),
                                       promoted=True)
                except (ApplicationError, SeatLimitReached, AlreadyOnAnotherRoster) as error:
                    _record(candidate, actor=None, action="promotion failed", detail=str(error))
                    continue
                promoted = candidate
                break
    return promoted


def score_application(*, application: Application, reviewer, scores: dict[int, int]) -> None:
    """Record a reviewer's scores (criterion id → score), replacing their earlier ones."""
    criteria = {c.pk: c for c in SelectionCriterion.objects.filter(
        bootcamp_id=application.bootcamp_id, pk__in=list(scores))}
    with transaction.atomic():
        for criterion_id, value in scores.items():
            criterion = criteria.get(criterion_id)
            if criterion is None or value is None:
                continue
            if not 0 <= value <= criterion.max_score:
                raise ApplicationError(_("%(criterion)s: scores go from 0 to %(max)d.") % {
                    "criterion": criterion.title, "max": criterion.max_score})
            ApplicationScore.objects.update_or_create(
                application=application, criterion=criterion, reviewer=reviewer,
                defaults={"score": value},
            )
        _record(application, actor=reviewer, action="scored", from_status=application.status)


def add_review_note(*, application: Application, author, text: str) -> ReviewNote:
    return ReviewNote.objects.create(application=application, author=author, text=text.strip())

