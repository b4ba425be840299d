"""Teams: invitations by email (single-use, expiring links), membership, the lead role."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import BootcampPage, Enrollment
from courses.services import (
    AlreadyOnAnotherRoster,
    SeatLimitReached,
    add_to_roster,
    remove_from_roster,
)
from lms import roles
from organisations.models import Application, Invitation, Membership, Organisation
from organisations.signals import invitation_created

INVITATION_DAYS = 14


class InvitationError(Exception):
    """The invitation cannot be used (expired, used, for another email, no seat left)."""


def _absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AlreadyInvited(InvitationError):
    """A pending invitation to this address exists: the lead chooses to resend it."""

    def __init__(self, invitation: Invitation):
        self.invitation = invitation
        super().__init__(_("%(email)s has already been invited (the link expires on "
                           "%(date)s). To send a new link, use “Resend” under “Invitations "
                           "waiting”.") % {"email": invitation.email,
                                          "date": date_format(timezone.localtime(
                                              invitation.expires_at), "j F Y")})


def invite_member(*, organisation: Organisation, email: str, invited_by, name: str = "",
                  bootcamp=None, days: int = INVITATION_DAYS, resend: bool = False) -> Invitation:
    """Invite someone by email (single-use link, expires in `days`).

    A second invitation to an address with one still pending raises AlreadyInvited (two
    emails with two links confused people), unless `resend`: then the earlier link is
    revoked and a new one sent.
    """
    email = email.strip().lower()
    if Membership.objects.active().filter(organisation=organisation,
                                          user__email__iexact=email).exists():
        raise InvitationError(_("%(email)s is already in your team.") % {"email": email})
    pending = Invitation.objects.pending().filter(
        organisation=organisation, email__iexact=email).order_by("-pk").first()
    if pending is not None and not resend:
        raise AlreadyInvited(pending)
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


def resend_invitation(*, invitation: Invitation, invited_by) -> Invitation:
    """A new link for a pending invitation (the old one stops working)."""
    if not Invitation.objects.pending().filter(pk=invitation.pk).exists():
        raise InvitationError(_("This invitation is no longer waiting."))
    return invite_member(organisation=invitation.organisation, email=invitation.email,
                         name=invitation.name, invited_by=invited_by, resend=True)


def cancel_invitation(*, invitation: Invitation) -> bool:
    """Revoke a pending invitation: its link stops working. False if it was not pending."""
    return bool(Invitation.objects.pending().filter(pk=invitation.pk).update(
        revoked_at=timezone.now()))


def bootcamp_of_team(organisation: Organisation):
    """The bootcamp a team invitation is about when the inviter did not say: the latest one
    the organisation is enrolled in, else the latest it applied to (None if neither)."""

    enrolled = Enrollment.objects.filter(
        organisation=organisation, status=Enrollment.Status.ACTIVE
    ).order_by("-pk").values("bootcamp_id")[:1]
    applied = Application.objects.filter(organisation=organisation).exclude(
        status=Application.Status.DRAFT).order_by("-pk").values("bootcamp_id")[:1]
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


def remove_member(*, membership: Membership) -> None:
    """End a member's access at once: membership and every roster place of the organisation."""

    if membership.is_lead:
        raise InvitationError(_("Transfer the lead role before removing the lead."))
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk, removed_at=None).update(
            removed_at=timezone.now())
        for enrollment in Enrollment.objects.filter(organisation_id=membership.organisation_id):
            remove_from_roster(enrollment=enrollment, user=membership.user)


def transfer_lead(*, organisation: Organisation, to_membership: Membership) -> None:
    """Make another active member the lead; the current lead(s) become members."""
    with transaction.atomic():
        target = Membership.objects.active().select_for_update().get(
            pk=to_membership.pk, organisation=organisation)
        Membership.objects.active().filter(
            organisation=organisation, role=Membership.Role.LEAD).exclude(pk=target.pk).update(
            role=Membership.Role.MEMBER)
        target.role = Membership.Role.LEAD
        target.save(update_fields=["role"])


