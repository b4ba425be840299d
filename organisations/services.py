"""Writes of the organisations app: applications, selection up to capacity, teams, perks.

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

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.services import (
    AlreadyOnAnotherRoster,
    SeatLimitReached,
    add_to_roster,
    enrol_organisation,
    remove_from_roster,
    withdraw_enrollment,
)
from lms import roles
from organisations.models import (
    Application,
    ApplicationEvent,
    ApplicationScore,
    BootcampSelectionSettings,
    Invitation,
    Membership,
    Organisation,
    Perk,
    ReviewNote,
    SelectionCriterion,
)
from organisations.selectors import registration_window
from organisations.signals import (
    application_status_changed,
    application_submitted,
    invitation_created,
)

INVITATION_DAYS = 14
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


class InvitationError(Exception):
    """The invitation cannot be used (expired, used, for another email, no seat left)."""


def _absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


# --- applications -------------------------------------------------------------------------


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
            invite_member(organisation=organisation, email=email, name=person.get("name", ""),
                          invited_by=actor, bootcamp=bootcamp)
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
        if application.status in (Status.WITHDRAWN, Status.REJECTED):
            raise ApplicationError(_("This application can no longer be withdrawn."))
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


# --- teams --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(*, organisation: Organisation, email: str, invited_by, name: str = "",
                  bootcamp=None, days: int = INVITATION_DAYS) -> Invitation:
    """Invite someone by email (single-use link, expires in `days`); earlier ones are revoked."""
    email = email.strip().lower()
    if Membership.objects.active().filter(organisation=organisation,
                                          user__email__iexact=email).exists():
        raise InvitationError(_("%(email)s is already in your team.") % {"email": email})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).update(
            revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, name=name[:200], token_hash=_token_hash(token),
            invited_by=invited_by if invited_by and invited_by.is_authenticated else None,
            expires_at=timezone.now() + timedelta(days=days),
        )
        invitation_created.send(
            sender=Invitation, invitation=invitation,
            invitation_url=_absolute(reverse("organisations:invitation", args=[token])),
            bootcamp=bootcamp or bootcamp_of_team(organisation),
        )
    invitation.token = token  # only the message and the caller ever see the raw token
    return invitation


def bootcamp_of_team(organisation: Organisation):
    """The bootcamp a team invitation is about when the inviter did not say: the latest one
    the organisation is enrolled in, else the latest it applied to (None if neither)."""
    from courses.models import BootcampPage, Enrollment

    enrolled = Enrollment.objects.filter(
        organisation=organisation, status=Enrollment.Status.ACTIVE
    ).order_by("-pk").values("bootcamp_id")[:1]
    applied = Application.objects.filter(organisation=organisation).exclude(
        status=Status.DRAFT).order_by("-pk").values("bootcamp_id")[:1]
    return (BootcampPage.objects.filter(pk__in=enrolled).first()
            or BootcampPage.objects.filter(pk__in=applied).first())


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(
        token_hash=_token_hash(token)).first()


def check_invitation(invitation: Invitation, user) -> None:
    """Raise InvitationError with a message if this user cannot use this invitation now."""
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation was withdrawn. Ask your lead for a new one."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired. Ask your lead for a new one."))
    if user is not None and not user.emailaddress_set.filter(
        email__iexact=invitation.email, verified=True
    ).exists():
        raise InvitationError(
            _("This invitation was sent to %(email)s, but you are signed in as %(current)s. "
              "Sign out and sign in (or sign up) with %(email)s.")
            % {"email": invitation.email, "current": user.email}
        )


def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Join the organisation and the roster of each of its active enrollments, or nothing.

    A full roster (or a place with another organisation) raises InvitationError and leaves
    the invitation unused.
    """
    from courses.models import Enrollment

    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).select_related(
            "organisation").get(pk=invitation.pk)
        check_invitation(invitation, user)
        membership = Membership.objects.active().filter(
            organisation=invitation.organisation, user=user).first()
        if membership is None:
            membership = Membership.objects.create(
                organisation=invitation.organisation, user=user, role=Membership.Role.MEMBER)
        for enrollment in Enrollment.objects.filter(
            organisation=invitation.organisation, status=Enrollment.Status.ACTIVE
        ):
            try:
                add_to_roster(enrollment=enrollment, user=user)
            except (SeatLimitReached, AlreadyOnAnotherRoster) as error:
                raise InvitationError(str(error)) from error
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        user.groups.add(Group.objects.get(name=roles.PARTICIPANTS))
    return membership


def remove_member(*, membership: Membership, actor) -> None:
    """End a member's access at once: membership and every roster place of the organisation."""
    from courses.models import Enrollment

    if membership.is_lead:
        raise InvitationError(_("Transfer the lead role before removing the lead."))
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk, removed_at=None).update(
            removed_at=timezone.now())
        for enrollment in Enrollment.objects.filter(organisation_id=membership.organisation_id):
            remove_from_roster(enrollment=enrollment, user=membership.user)


def transfer_lead(*, organisation: Organisation, to_membership: Membership, actor) -> None:
    """Make another active member the lead; the current lead(s) become members."""
    with transaction.atomic():
        target = Membership.objects.active().select_for_update().get(
            pk=to_membership.pk, organisation=organisation)
        Membership.objects.active().filter(
            organisation=organisation, role=Membership.Role.LEAD).exclude(pk=target.pk).update(
            role=Membership.Role.MEMBER)
        target.role = Membership.Role.LEAD
        target.save(update_fields=["role"])



# --- perks --------------------------------------------------------------------------------


def import_credits_used(*, bootcamp, rows: list[dict]) -> int:
    """Set messaging credits used from rows {registration_number, credits_used}: all or nothing.

    Raises ApplicationError listing every bad row; returns how many perks were updated.
    """
    perks = {
        perk.organisation.registration_number.upper(): perk
        for perk in Perk.objects.filter(bootcamp=bootcamp).select_related("organisation")
    }
    updates, problems = [], []
    for line, row in enumerate(rows, start=2):
        number = (row.get("registration_number") or "").strip().upper()
        raw = (row.get("credits_used") or "").strip().replace(",", "")
        perk = perks.get(number)
        if perk is None:
            problems.append(_("Line %(line)d: no selected organisation with registration number "
                              "%(number)s.") % {"line": line, "number": number or "—"})
        elif not raw.isdigit():
            problems.append(_("Line %(line)d: credits used must be a whole number.")
                            % {"line": line})
        else:
            perk.credits_used, perk.updated_at = int(raw), timezone.now()
            updates.append(perk)
    if problems:
        raise ApplicationError(" ".join(problems[:20]))
    with transaction.atomic():
        Perk.objects.bulk_update(updates, ["credits_used", "updated_at"])
    return len(updates)
