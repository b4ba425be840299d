"""The transactional messages: other apps' events (their `signals.py`) turned into `notify()`.

organisations, assignments and certificates must not import this app (it sits on top of
them), so they send signals and these receivers, connected in `NotificationsConfig.ready`,
decide what to say to whom. The signals arrive inside the sender's transaction: the
Notification rows commit or roll back with the event itself, and sending starts on commit.

Each event has a dedupe key, so a repeated signal (a retried task, a double click that got
through) queues nothing new:

| event                         | kind                    | key                            |
| application submitted         | application_received    | application-<id>-received      |
| selected / waitlisted / not   | application_<decision>  | application-<id>-<status>      |
| selected from the waitlist    | waitlist_promoted       | application-<id>-selected      |
| invitation created            | team_invitation         | invitation-<id>                |
| submission version handed in  | submission_received     | submission-version-<id>        |
| review recorded               | review_outcome          | review-<id>                    |
| certificate issued            | certificate_issued      | certificate-<id>-issued        |
"""

import html
import re
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from assignments.signals import review_recorded, submission_submitted
from certificates.signals import certificate_issued
from notifications.models import Kind
from notifications.page_titles import RecipientTitles
from notifications.services import notify, notify_address
from organisations.models import Membership
from organisations.signals import (
    application_status_changed,
    application_submitted,
    invitation_created,
)

DECISION_KINDS = {
    "selected": Kind.APPLICATION_SELECTED,
    "waitlisted": Kind.APPLICATION_WAITLISTED,
    "rejected": Kind.APPLICATION_REJECTED,
}


def connect() -> None:
    for signal, receiver in (
        (application_submitted, on_application_submitted),
        (application_status_changed, on_application_status_changed),
        (invitation_created, on_invitation_created),
        (submission_submitted, on_submission_submitted),
        (review_recorded, on_review_recorded),
        (certificate_issued, on_certificate_issued),
    ):
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")


# --- context helpers ------------------------------------------------------------------------

def _absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{settings.BASE_URL}{path}"


def _page_url(page) -> str:
    return _absolute(page.url or "/") if page is not None else settings.BASE_URL


def _moment(bootcamp, moment: datetime, *, seconds: bool = False) -> str:
    """A moment as people read it: in the bootcamp's zone, with the zone named."""
    pattern = "j F Y, H:i:s" if seconds else "j F Y, H:i"
    return f"{format_date(bootcamp.local(moment), pattern)} ({bootcamp.time_zone})"


def _common(user, bootcamp, titles: RecipientTitles) -> dict:
    return {"name": user.display_name,
            "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user) if bootcamp else "",
            "site_url": settings.BASE_URL}


def _active_users(user_ids):
    return get_user_model().objects.filter(pk__in=list(user_ids), is_active=True).order_by("pk")


def _plain_text(sanitised_html: str) -> str:
    """Reviewer feedback (stored as sanitised HTML) as text with its paragraphs: placeholder
    values are text, escaped again in the HTML email."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", sanitised_html)
    text = re.sub(r"(?i)</(p|li|h\d|blockquote|pre)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- organisations ---------------------------------------------------------------------------

def on_application_submitted(sender, *, application, **kwargs) -> None:
    bootcamp = application.bootcamp
    user = application.applicant
    notify(
        user=user, kind=Kind.APPLICATION_RECEIVED, bootcamp=bootcamp,
        dedupe_key=f"application-{application.pk}-received",
        context={
            **_common(user, bootcamp, RecipientTitles()),
            "organisation": application.organisation_name,
            "application_number": str(application.pk),
            # Seconds matter on a receipt near the deadline.
            "submitted_at": _moment(bootcamp, application.submitted_at, seconds=True),
            "application_url": _absolute(reverse("organisations:application",
                                                 args=[application.pk])),
        },
    )


def on_application_status_changed(sender, *, application, to_status: str, user_ids,
                                  promoted: bool = False, **kwargs) -> None:
    """Selected, waitlisted, not selected, or selected from the waitlist; shortlisting and
    withdrawals are not messages (the first is internal, the second the applicant's own)."""
    kind = Kind.WAITLIST_PROMOTED if promoted else DECISION_KINDS.get(to_status)
    if kind is None:
        return
    bootcamp = application.bootcamp
    context = {
        "organisation": application.organisation_name,
        "organisation_url": _absolute(reverse("organisations:detail",
                                              args=[application.organisation_id])),
        "bootcamp_url": _page_url(bootcamp),
        "application_url": _absolute(reverse("organisations:application",
                                             args=[application.pk])),
    }
    titles = RecipientTitles()
    for user in _active_users(user_ids):
        notify(user=user, kind=kind, bootcamp=bootcamp,
               dedupe_key=f"application-{application.pk}-{to_status}",
               context={**_common(user, bootcamp, titles), **context})


def on_invitation_created(sender, *, invitation, invitation_url: str, bootcamp=None,
                          **kwargs) -> None:
    """To the account with that email address if there is one (so WhatsApp too, if chosen);
    else to the bare address — the colleague has no account yet, and the invitation is how
    they get one — as an email-only record with the same log, retries and dedupe."""
    inviter = invitation.invited_by
    context = {
        "bootcamp": bootcamp.title if bootcamp else _("the bootcamp"),
        "site_url": settings.BASE_URL,
        "organisation": invitation.organisation.name,
        "invited_by": inviter.display_name if inviter else "",
        "invitation_url": invitation_url,
        "expires_on": format_date(
            bootcamp.local(invitation.expires_at) if bootcamp else invitation.expires_at,
            "j F Y"),
    }
    key = f"invitation-{invitation.pk}"
    user = get_user_model().objects.filter(email__iexact=invitation.email,
                                           is_active=True).first()
    if user is not None:
        notify(user=user, kind=Kind.TEAM_INVITATION, bootcamp=bootcamp, dedupe_key=key,
               context={**context, **(_common(user, bootcamp, RecipientTitles())
                                      if bootcamp else {}), "name": user.display_name})
    else:
        notify_address(email=invitation.email, kind=Kind.TEAM_INVITATION, bootcamp=bootcamp,
                       dedupe_key=key, context={**context,
                                                "name": invitation.name or invitation.email})


# --- assignments -----------------------------------------------------------------------------

def on_submission_submitted(sender, *, version, user_ids, **kwargs) -> None:
    submission = version.submission
    assignment, bootcamp = submission.assignment, submission.bootcamp
    submitter = version.submitted_by
    context = {
        "version": str(version.number),
        "submitted_at": _moment(bootcamp, version.submitted_at),
        "submitted_by": submitter.display_name if submitter else "",
        "submission_url": _page_url(assignment),
    }
    titles = RecipientTitles()
    for user in _active_users(user_ids):
        notify(user=user, kind=Kind.SUBMISSION_RECEIVED, bootcamp=bootcamp,
               dedupe_key=f"submission-version-{version.pk}",
               context={**_common(user, bootcamp, titles), **context,
                        "assignment": titles.title(assignment, bootcamp=bootcamp, user=user)})


def on_review_recorded(sender, *, review, user_ids, **kwargs) -> None:
    submission = review.submission
    assignment, bootcamp = submission.assignment, submission.bootcamp
    accepted = review.decision == "accepted"
    context = {
        "feedback": _plain_text(review.feedback),
        "submission_url": _page_url(assignment),
    }
    titles = RecipientTitles()
    for user in _active_users(user_ids):
        # In the participant's language, not the reviewing trainer's (the active one).
        with translation.override(user.message_language):
            wording = {
                "decision": _("Accepted") if accepted else _("Please revise"),
                "outcome": _("has been accepted") if accepted else _("needs a revision"),
                "points": (_("Points: %(points)s") % {"points": review.total_points}
                           if review.total_points is not None else ""),
            }
        notify(user=user, kind=Kind.REVIEW_OUTCOME, bootcamp=bootcamp,
               dedupe_key=f"review-{review.pk}",
               context={**_common(user, bootcamp, titles), **context, **wording,
                        "assignment": titles.title(assignment, bootcamp=bootcamp, user=user)})


# --- certificates ----------------------------------------------------------------------------

def on_certificate_issued(sender, *, certificate, **kwargs) -> None:
    """To the participant; an organisation's certificate to its active members (who can all
    download it)."""

    if certificate.user_id:
        user_ids = [certificate.user_id]
    else:
        user_ids = Membership.objects.active().filter(
            organisation_id=certificate.organisation_id).values_list("user_id", flat=True)
    bootcamp = certificate.bootcamp
    context = {
        "recipient_name": certificate.recipient_name, "code": certificate.code,
        "certificate_url": _absolute(reverse("certificates:pdf", args=[certificate.pk])),
        "verify_url": _absolute(reverse("certificates:verify", args=[certificate.code])),
    }
    titles = RecipientTitles()
    for user in _active_users(user_ids):
        notify(user=user, kind=Kind.CERTIFICATE_ISSUED, bootcamp=bootcamp,
               dedupe_key=f"certificate-{certificate.pk}-issued",
               context={**_common(user, bootcamp, titles), **context,
                        # The certificate's own title (a snapshot) unless translated.
                        "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user,
                                                 fallback=certificate.bootcamp_title)})
